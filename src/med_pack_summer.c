/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "med_pack.h"
#include "med_pack_summer.h"
#include "xmalloc.h"

/* Bytes of BLOBs a chunk gathers before the thread sums it. */
#define SUMMER_CHUNK	(256 * 1024)

/* Each BLOB in a chunk: its level and length, then its bytes. */
struct summer_record {
	int32_t		level;
	uint32_t	n;
};

struct summer_chunk {
	uint8_t		*v;
	size_t		 n, size;
	int		 full;		/* handed to the thread, not yet summed */
};

/*
 * Two chunks: the caller fills one while the thread sums the other, so that
 * the memory held stays a few hundred kilobytes whatever the year.
 */
struct med_pack_summer {
	pthread_t		 thread;
	int			 started;
	pthread_mutex_t		 lock;
	pthread_cond_t		 changed;
	struct summer_chunk	 chunks[2];
	int			 filling;	/* the chunk the caller fills */
	int			 done;		/* no chunk will come after the full ones */
	int			 bad;		/* some BLOB was not packed cells */
	struct med_sum		*sums;
	int			 nlevels;
};

void
med_pack_cell_sum(const struct med_pack_cell *cell, struct med_sum *v)
{
	memset(v, 0, sizeof *v);
	v->rows = (uint32_t)cell->rows;
	v->has = cell->has;
	v->boxes = cell->value[0];
	v->rem = cell->value[1];
	v->bse = cell->value[2];
}

int
med_pack_sum(struct med_sum *sum, const void *blob, size_t n)
{
	struct med_pack_cell cell;
	struct med_sum v;
	const uint8_t *p = blob, *end = p + n;
	int next;

	while ((next = med_pack_next(&p, end, &cell)) == 1) {
		med_pack_cell_sum(&cell, &v);
		med_sum_add(sum, &v);
	}
	return next < 0 ? -1 : 0;
}

/* Adds up the cells of every BLOB of a chunk; -1 at bytes that are not cells. */
static int
summer_sum_chunk(struct med_sum *sums, const struct summer_chunk *c)
{
	struct summer_record r;
	const uint8_t *p = c->v, *stop = c->v + c->n;

	while (p < stop) {
		memcpy(&r, p, sizeof r);
		p += sizeof r;
		if (med_pack_sum(&sums[r.level], p, r.n) != 0)
			return -1;
		p += r.n;
	}
	return 0;
}

static void *
summer_main(void *arg)
{
	struct med_pack_summer *s = arg;
	struct summer_chunk *c;
	int i = 0, bad;

	for (;;) {
		c = &s->chunks[i];
		pthread_mutex_lock(&s->lock);
		while (!c->full && !s->done)
			pthread_cond_wait(&s->changed, &s->lock);
		if (!c->full) {
			pthread_mutex_unlock(&s->lock);
			return NULL;
		}
		pthread_mutex_unlock(&s->lock);
		bad = summer_sum_chunk(s->sums, c);
		pthread_mutex_lock(&s->lock);
		s->bad |= bad != 0;
		c->full = 0;
		c->n = 0;
		pthread_cond_signal(&s->changed);
		pthread_mutex_unlock(&s->lock);
		i ^= 1;
	}
}

struct med_pack_summer *
med_pack_summer_new(struct med_sum *sums, int nlevels)
{
	struct med_pack_summer *s = xcalloc(1, sizeof *s);

	s->sums = sums;
	s->nlevels = nlevels;
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->changed, NULL);
	s->started = pthread_create(&s->thread, NULL, summer_main, s) == 0;
	return s;
}

/* Passes the chunk being filled to the thread (or sums it here without one). */
static void
summer_hand_over(struct med_pack_summer *s)
{
	struct summer_chunk *c = &s->chunks[s->filling];

	if (c->n == 0)
		return;
	if (!s->started) {
		s->bad |= summer_sum_chunk(s->sums, c) != 0;
		c->n = 0;
		return;
	}
	pthread_mutex_lock(&s->lock);
	c->full = 1;
	pthread_cond_signal(&s->changed);
	/* The other chunk, once the thread has summed it. */
	s->filling ^= 1;
	while (s->chunks[s->filling].full)
		pthread_cond_wait(&s->changed, &s->lock);
	pthread_mutex_unlock(&s->lock);
}

void
med_pack_summer_add(struct med_pack_summer *s, int level, const void *blob,
    size_t n)
{
	struct summer_chunk *c = &s->chunks[s->filling];
	struct summer_record r;

	if (level < 0 || level >= s->nlevels || n > UINT32_MAX)
		fatalx("med_pack_summer_add: level %d, %zu bytes", level, n);
	if (c->n + sizeof r + n > c->size) {
		c->size = c->n + sizeof r + n > SUMMER_CHUNK ?
		    c->n + sizeof r + n : SUMMER_CHUNK;
		c->v = xreallocarray(c->v, c->size, 1);
	}
	r.level = level;
	r.n = (uint32_t)n;
	memcpy(c->v + c->n, &r, sizeof r);
	if (n > 0)
		memcpy(c->v + c->n + sizeof r, blob, n);
	c->n += sizeof r + n;
	if (c->n >= SUMMER_CHUNK)
		summer_hand_over(s);
}

int
med_pack_summer_free(struct med_pack_summer *s)
{
	int bad;

	summer_hand_over(s);
	if (s->started) {
		pthread_mutex_lock(&s->lock);
		s->done = 1;
		pthread_cond_signal(&s->changed);
		pthread_mutex_unlock(&s->lock);
		pthread_join(s->thread, NULL);
	}
	bad = s->bad;
	pthread_mutex_destroy(&s->lock);
	pthread_cond_destroy(&s->changed);
	free(s->chunks[0].v);
	free(s->chunks[1].v);
	free(s);
	return bad ? -1 : 0;
}
