/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "bulk_insert.h"
#include "db.h"
#include "xmalloc.h"

#define BULK_BATCH_ROWS 8192
#define BULK_QUEUE 4		/* batches in flight: bounds memory */

struct bulk_batch {
	int64_t		*values;
	uint32_t	*nulls;
	size_t		 n;
};

struct bulk_insert {
	sqlite3_stmt		*st;
	int			 ncolumns;
	pthread_t		 thread;
	pthread_mutex_t		 lock;
	pthread_cond_t		 changed;

	struct bulk_batch	 batch[BULK_QUEUE];
	size_t			 head, count;	/* the queue of full batches */
	struct bulk_batch	*filling;	/* owned by the producer */
	size_t			 filling_index;
	int			 done;
	char			*error;		/* set by the writer */
};

/* Inserts one batch; returns an error message or NULL. */
static char *
bulk_insert_batch(struct bulk_insert *b, const struct bulk_batch *batch)
{
	sqlite3_stmt *st = b->st;
	const int64_t *v;
	char *error;
	size_t i;
	int c, rc;

	for (i = 0; i < batch->n; i++) {
		v = batch->values + i * b->ncolumns;
		for (c = 0; c < b->ncolumns; c++) {
			if (batch->nulls[i] & (1u << c))
				sqlite3_bind_null(st, c + 1);
			else
				sqlite3_bind_int64(st, c + 1, v[c]);
		}
		rc = db_step(st, &error);
		sqlite3_reset(st);
		if (rc == -1)
			return error;
		if (rc == DB_ROW)
			return xstrdup("bulk insert: a statement returned rows");
	}
	return NULL;
}

static void *
bulk_insert_main(void *arg)
{
	struct bulk_insert *b = arg;
	struct bulk_batch *batch;
	char *error;

	pthread_mutex_lock(&b->lock);
	for (;;) {
		while (b->count == 0 && !b->done)
			pthread_cond_wait(&b->changed, &b->lock);
		if (b->count == 0 && b->done)
			break;
		batch = &b->batch[b->head];
		pthread_mutex_unlock(&b->lock);
		error = b->error == NULL ? bulk_insert_batch(b, batch) : NULL;
		pthread_mutex_lock(&b->lock);
		if (error != NULL && b->error == NULL)
			b->error = error;
		else
			free(error);
		batch->n = 0;
		b->head = (b->head + 1) % BULK_QUEUE;
		b->count--;
		pthread_cond_broadcast(&b->changed);
	}
	pthread_mutex_unlock(&b->lock);
	return NULL;
}

struct bulk_insert *
bulk_insert_start(sqlite3_stmt *st, int ncolumns)
{
	struct bulk_insert *b;
	int i;

	if (ncolumns < 1 || ncolumns > BULK_INSERT_MAX_COLUMNS)
		fatalx("bulk_insert_start: %d columns", ncolumns);
	b = xcalloc(1, sizeof *b);
	b->st = st;
	b->ncolumns = ncolumns;
	for (i = 0; i < BULK_QUEUE; i++) {
		b->batch[i].values = xreallocarray(NULL, (size_t)BULK_BATCH_ROWS *
		    ncolumns, sizeof *b->batch[i].values);
		b->batch[i].nulls = xreallocarray(NULL, BULK_BATCH_ROWS,
		    sizeof *b->batch[i].nulls);
	}
	b->filling = &b->batch[0];
	b->filling_index = 0;
	pthread_mutex_init(&b->lock, NULL);
	pthread_cond_init(&b->changed, NULL);
	if (pthread_create(&b->thread, NULL, bulk_insert_main, b) != 0)
		fatal("pthread_create");
	return b;
}

/* Queues the batch being filled and waits for a free one. */
static void
bulk_insert_push(struct bulk_insert *b)
{
	pthread_mutex_lock(&b->lock);
	b->count++;
	pthread_cond_broadcast(&b->changed);
	while (b->count == BULK_QUEUE)
		pthread_cond_wait(&b->changed, &b->lock);
	b->filling_index = (b->head + b->count) % BULK_QUEUE;
	b->filling = &b->batch[b->filling_index];
	pthread_mutex_unlock(&b->lock);
}

int64_t *
bulk_insert_row(struct bulk_insert *b, uint32_t **nulls)
{
	struct bulk_batch *f = b->filling;
	int failed;

	if (f->n == BULK_BATCH_ROWS) {
		pthread_mutex_lock(&b->lock);
		failed = b->error != NULL;
		pthread_mutex_unlock(&b->lock);
		if (failed)
			return NULL;
		bulk_insert_push(b);
		f = b->filling;
	}
	*nulls = &f->nulls[f->n];
	**nulls = 0;
	return f->values + (f->n++) * b->ncolumns;
}

int
bulk_insert_finish(struct bulk_insert *b, char **cause)
{
	int i, rc = 0;

	if (b->filling->n > 0) {
		pthread_mutex_lock(&b->lock);
		b->count++;
		pthread_mutex_unlock(&b->lock);
	}
	pthread_mutex_lock(&b->lock);
	b->done = 1;
	pthread_cond_broadcast(&b->changed);
	pthread_mutex_unlock(&b->lock);
	pthread_join(b->thread, NULL);
	if (b->error != NULL)
		rc = error_set(cause, "%s", b->error);
	free(b->error);
	pthread_mutex_destroy(&b->lock);
	pthread_cond_destroy(&b->changed);
	for (i = 0; i < BULK_QUEUE; i++) {
		free(b->batch[i].values);
		free(b->batch[i].nulls);
	}
	free(b);
	return rc;
}
