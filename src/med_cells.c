/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hashmap.h"
#include "med_cells.h"
#include "xmalloc.h"

/*
 * A slot of the product table: the dimensions, the cell, and the product
 * (by generation) it was filled for, so that moving to the next product
 * empties the table without touching it.
 */
struct med_cells_slot {
	uint64_t	dims;
	uint32_t	cell;
	uint32_t	gen;		/* 0: never used */
};

/* The cells last used, in front of the index of every cell. */
#define MED_CELLS_CACHE		1024
#define MED_CELLS_TABLE_BITS	12	/* 4096 slots, 64 KiB, at first */

struct med_cells_cached {
	uint64_t	key;
	uint32_t	cell;		/* index + 1; 0: empty */
};

struct med_cells {
	uint64_t		*keys;
	struct med_sum		*sums;
	size_t			 n, size;
	size_t			 base;		/* cells before it were attached */
	unsigned		 shift;		/* key >> shift: the group */

	/* The group at hand and its table. */
	struct med_cells_slot	*slot;
	unsigned		 bits;		/* the table has 1 << bits slots */
	size_t			 used;		/* slots of this generation */
	uint32_t		 gen;
	uint64_t		 product;
	int			 has_product;
	struct intmap		*done;		/* products whose rows have come */

	/* Once a product came back: every cell, and the cells last used. */
	struct intmap		*index;
	struct med_cells_cached	*cache;
};

struct med_cells *
med_cells_new(unsigned shift)
{
	struct med_cells *c = xcalloc(1, sizeof *c);

	if (shift == 0 || shift > 63)
		fatalx("med_cells_new: shift %u", shift);
	c->shift = shift;
	c->bits = MED_CELLS_TABLE_BITS;
	c->slot = xcalloc((size_t)1 << c->bits, sizeof *c->slot);
	c->done = intmap_new();
	return c;
}

static void
med_cells_clear(struct med_cells *c)
{
	free(c->keys);
	free(c->sums);
	free(c->slot);
	intmap_free(c->done);
	intmap_free(c->index);
	free(c->cache);
	c->keys = NULL;
	c->sums = NULL;
	c->slot = NULL;
	c->done = NULL;
	c->index = NULL;
	c->cache = NULL;
	c->n = c->size = c->used = c->base = 0;
	c->has_product = 0;
}

void
med_cells_free(struct med_cells *c)
{
	if (c == NULL)
		return;
	med_cells_clear(c);
	free(c);
}

/* A new cell of key, zeroed, at the end of the arrays. */
static uint32_t
med_cells_append(struct med_cells *c, uint64_t key)
{
	if (c->n == UINT32_MAX)
		fatalx("med_cells_append: more cells than a year's rows");
	if (c->n == c->size) {
		c->size = c->size * 2 + 4096;
		if (c->size > UINT32_MAX)
			c->size = UINT32_MAX;
		c->keys = xreallocarray(c->keys, c->size, sizeof *c->keys);
		c->sums = xreallocarray(c->sums, c->size, sizeof *c->sums);
	}
	c->keys[c->n] = key;
	memset(&c->sums[c->n], 0, sizeof c->sums[c->n]);
	return (uint32_t)c->n++;
}

static struct med_cells_cached *
med_cells_cache_of(const struct med_cells *c, uint64_t key)
{
	return &c->cache[(key * UINT64_C(0x9e3779b97f4a7c15)) >> 54];
}

/* Through the index of every cell, behind the cells last used. */
static struct med_sum *
med_cells_get_indexed(struct med_cells *c, uint64_t key)
{
	struct med_cells_cached *k = med_cells_cache_of(c, key);
	uint32_t *value;
	int added;

	if (k->cell != 0 && k->key == key)
		return &c->sums[k->cell - 1];
	value = intmap_put(c->index, key, &added);
	if (added)
		*value = med_cells_append(c, key);
	k->key = key;
	k->cell = *value + 1;
	return &c->sums[*value];
}

/*
 * Leaves the product tables for the index of every cell, for good: a
 * product's rows came back after another's, so its cells may be anywhere.
 */
static void
med_cells_index_all(struct med_cells *c)
{
	uint32_t *value;
	size_t i;
	int added;

	c->index = intmap_new();
	for (i = c->base; i < c->n; i++) {
		value = intmap_put(c->index, c->keys[i], &added);
		*value = (uint32_t)i;
	}
	c->cache = xcalloc(MED_CELLS_CACHE, sizeof *c->cache);
	free(c->slot);
	intmap_free(c->done);
	c->slot = NULL;
	c->done = NULL;
}

static size_t
med_cells_start(unsigned bits, uint64_t dims)
{
	dims ^= dims >> 29;
	return (size_t)((dims * UINT64_C(0x9e3779b97f4a7c15)) >> (64 - bits));
}

/* Doubles the product table, keeping the product at hand's slots. */
static void
med_cells_grow_table(struct med_cells *c)
{
	struct med_cells_slot *old = c->slot;
	size_t i, j, oldsize = (size_t)1 << c->bits, mask;

	c->bits++;
	mask = ((size_t)1 << c->bits) - 1;
	c->slot = xcalloc(mask + 1, sizeof *c->slot);
	for (i = 0; i < oldsize; i++) {
		if (old[i].gen != c->gen)
			continue;
		j = med_cells_start(c->bits, old[i].dims);
		while (c->slot[j].gen != 0)
			j = (j + 1) & mask;
		c->slot[j] = old[i];
	}
	free(old);
}

/* Moves to another product; 0 when its rows have not come before. */
static int
med_cells_next_product(struct med_cells *c, uint64_t product)
{
	int added;

	(void)intmap_put(c->done, product, &added);
	if (!added)
		return -1;
	c->product = product;
	c->has_product = 1;
	c->used = 0;
	if (++c->gen == 0) {
		/* Four billion products later: every slot is stale anyway. */
		memset(c->slot, 0, ((size_t)1 << c->bits) * sizeof *c->slot);
		c->gen = 1;
	}
	return 0;
}

struct med_sum *
med_cells_get(struct med_cells *c, uint64_t key)
{
	uint64_t product = key >> c->shift;
	uint64_t dims = key & ((UINT64_C(1) << c->shift) - 1);
	struct med_cells_slot *s;
	size_t i, mask;

	if (c->index != NULL)
		return med_cells_get_indexed(c, key);
	if ((!c->has_product || product != c->product) &&
	    med_cells_next_product(c, product) != 0) {
		med_cells_index_all(c);
		return med_cells_get_indexed(c, key);
	}
	mask = ((size_t)1 << c->bits) - 1;
	for (i = med_cells_start(c->bits, dims); c->slot[i].gen == c->gen;
	    i = (i + 1) & mask) {
		if (c->slot[i].dims == dims)
			return &c->sums[c->slot[i].cell];
	}
	/* At most half full, so that probes stay short. */
	if ((c->used + 1) * 2 > mask + 1) {
		med_cells_grow_table(c);
		mask = ((size_t)1 << c->bits) - 1;
		for (i = med_cells_start(c->bits, dims);
		    c->slot[i].gen == c->gen; i = (i + 1) & mask)
			continue;
	}
	s = &c->slot[i];
	s->dims = dims;
	s->gen = c->gen;
	s->cell = med_cells_append(c, key);
	c->used++;
	return &c->sums[s->cell];
}

void
med_cells_prefetch(const struct med_cells *c, uint64_t key)
{
	const struct med_cells_cached *k;

	if (c->index == NULL)
		return;
	k = med_cells_cache_of(c, key);
	if (k->cell == 0 || k->key != key)
		intmap_prefetch(c->index, key);
}

size_t
med_cells_count(const struct med_cells *c)
{
	return c->n;
}

int
med_cells_indexed(const struct med_cells *c)
{
	return c->index != NULL;
}

int
med_cells_seen(const struct med_cells *c, uint64_t group)
{
	if (c->index != NULL)
		fatalx("med_cells_seen: the groups are no longer kept");
	return intmap_get(c->done, group) != NULL;
}

void
med_cells_empty(struct med_cells *c)
{
	if (c->index != NULL)
		fatalx("med_cells_empty: a group came back");
	c->n = c->base = 0;
	c->used = 0;
	c->has_product = 0;
	/* The group at hand's slots: stale from now on. */
	if (++c->gen == 0) {
		memset(c->slot, 0, ((size_t)1 << c->bits) * sizeof *c->slot);
		c->gen = 1;
	}
}

void
med_cells_attach(struct med_cells *c, uint64_t *keys, struct med_sum *sums,
    size_t n, size_t size)
{
	if (c->n != 0 || c->keys != NULL || c->index != NULL)
		fatalx("med_cells_attach: not a new set");
	if (n > size || size > UINT32_MAX)
		fatalx("med_cells_attach: %zu cells, room for %zu", n, size);
	c->keys = keys;
	c->sums = sums;
	c->n = c->base = n;
	c->size = size;
}

uint64_t
med_cells_key(const struct med_cells *c, size_t i)
{
	return c->keys[i];
}

struct med_sum *
med_cells_sum(const struct med_cells *c, size_t i)
{
	return &c->sums[i];
}

void
med_cells_take(struct med_cells *c, uint64_t **keys, struct med_sum **sums,
    size_t *n, size_t *size)
{
	if (c->keys == NULL) {
		c->keys = xreallocarray(NULL, 1, sizeof *c->keys);
		c->sums = xreallocarray(NULL, 1, sizeof *c->sums);
	}
	*keys = c->keys;
	*sums = c->sums;
	*n = c->n;
	*size = c->size;
	c->keys = NULL;
	c->sums = NULL;
	med_cells_clear(c);
}
