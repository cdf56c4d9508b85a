/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "import_digest.h"
#include "source.h"
#include "xmalloc.h"

struct import_digest {
	char		 sha256[65];
	int64_t		 size;
	char		*cause;
	int		 rc;
	int		 done;
};

struct import_digests {
	pthread_t		 thread;
	int			 started;
	pthread_mutex_t		 lock;
	pthread_cond_t		 taken;		/* a file's digest is done */
	int			 stop;
	char		       **paths;
	const int		*order;
	int			 n;
	struct import_digest	*files;		/* by file index */
};

/* Reads one file whole for its digest and size. */
static void
import_digest_take(const char *path, struct import_digest *d)
{
	struct source *src;

	if ((src = source_open_file(path, &d->cause)) == NULL) {
		d->rc = -1;
		return;
	}
	if (source_sha256_hex(src, d->sha256, &d->cause) != 0)
		d->rc = -1;
	else
		d->size = (int64_t)source_bytes(src);
	source_free(src);
}

static void *
import_digests_main(void *arg)
{
	struct import_digests *ds = arg;
	struct import_digest *d;
	int k, stop;

	for (k = 0; k < ds->n; k++) {
		pthread_mutex_lock(&ds->lock);
		stop = ds->stop;
		pthread_mutex_unlock(&ds->lock);
		if (stop)
			break;
		d = &ds->files[ds->order[k]];
		import_digest_take(ds->paths[ds->order[k]], d);
		pthread_mutex_lock(&ds->lock);
		d->done = 1;
		pthread_cond_broadcast(&ds->taken);
		pthread_mutex_unlock(&ds->lock);
	}
	return NULL;
}

struct import_digests *
import_digests_start(char **paths, const int *order, int n)
{
	struct import_digests *ds = xcalloc(1, sizeof *ds);

	ds->paths = paths;
	ds->order = order;
	ds->n = n;
	ds->files = xcalloc(n > 0 ? (size_t)n : 1, sizeof *ds->files);
	pthread_mutex_init(&ds->lock, NULL);
	pthread_cond_init(&ds->taken, NULL);
	ds->started = pthread_create(&ds->thread, NULL, import_digests_main,
	    ds) == 0;
	return ds;
}

int
import_digests_take(struct import_digests *ds, int i, char sha256[65],
    int64_t *size, char **cause)
{
	struct import_digest *d = &ds->files[i];

	if (!ds->started) {
		/* No thread: taken here, as the import reaches the file. */
		if (!d->done)
			import_digest_take(ds->paths[i], d);
		d->done = 1;
	} else {
		pthread_mutex_lock(&ds->lock);
		while (!d->done)
			pthread_cond_wait(&ds->taken, &ds->lock);
		pthread_mutex_unlock(&ds->lock);
	}
	if (d->rc != 0) {
		if (cause != NULL) {
			*cause = d->cause;
			d->cause = NULL;
		}
		return -1;
	}
	memcpy(sha256, d->sha256, 65);
	*size = d->size;
	return 0;
}

void
import_digests_free(struct import_digests *ds)
{
	int i;

	if (ds == NULL)
		return;
	if (ds->started) {
		pthread_mutex_lock(&ds->lock);
		ds->stop = 1;
		pthread_mutex_unlock(&ds->lock);
		pthread_join(ds->thread, NULL);
	}
	for (i = 0; i < ds->n; i++)
		free(ds->files[i].cause);
	free(ds->files);
	pthread_mutex_destroy(&ds->lock);
	pthread_cond_destroy(&ds->taken);
	free(ds);
}
