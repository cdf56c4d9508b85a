/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "hashmap.h"
#include "strpool.h"
#include "xmalloc.h"

#define HASHMAP_INITIAL 1024

/*
 * A slot's key (in two halves) and value side by side, 12 bytes rather than
 * a padded 16, for the million cells of an Open Medic year: a probe reads
 * one cache line, where keys and values in arrays of their own took two.
 * Which slots are used is a bitmap apart, a bit a slot, small enough to
 * stay in the cache.
 */
struct intmap_slot {
	uint32_t	key_low;
	uint32_t	key_high;
	uint32_t	value;
};

struct intmap {
	struct intmap_slot	*slot;
	uint64_t		*used;	/* a bit per slot */
	size_t			 size;	/* a power of two, at least 64 */
	size_t			 count;
};

#define INTMAP_USED(m, i)	((m)->used[(i) / 64] >> ((i) % 64) & 1)
#define INTMAP_SET_USED(m, i)	((m)->used[(i) / 64] |= UINT64_C(1) << ((i) % 64))
#define INTMAP_KEY(s)		((uint64_t)(s)->key_high << 32 | (s)->key_low)

struct strmap_slot {
	char		*key;
	uint64_t	 hash;
	uint32_t	 value;
};

struct strmap {
	struct strmap_slot	*slot;
	size_t			 size;
	size_t			 count;
	struct strpool		 keys;	/* the slots' copies */
};

/* A 64-bit mixer (the finaliser of splitmix64): keys here are packed codes, far from random. */
static uint64_t
hashmap_mix(uint64_t x)
{
	x ^= x >> 30;
	x *= UINT64_C(0xbf58476d1ce4e5b9);
	x ^= x >> 27;
	x *= UINT64_C(0x94d049bb133111eb);
	x ^= x >> 31;
	return x;
}

/* FNV-1a, then mixed. */
static uint64_t
hashmap_hash_string(const char *s)
{
	uint64_t h = UINT64_C(0xcbf29ce484222325);

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= UINT64_C(0x100000001b3);
	}
	return hashmap_mix(h);
}

static void
intmap_alloc(struct intmap *m, size_t size)
{
	m->size = size;
	m->slot = xreallocarray(NULL, size, sizeof *m->slot);
	m->used = xcalloc(size / 64, sizeof *m->used);
}

struct intmap *
intmap_new(void)
{
	struct intmap *m = xcalloc(1, sizeof *m);

	intmap_alloc(m, HASHMAP_INITIAL);
	return m;
}

void
intmap_free(struct intmap *m)
{
	if (m == NULL)
		return;
	free(m->slot);
	free(m->used);
	free(m);
}

static void
intmap_grow(struct intmap *m)
{
	struct intmap old = *m;
	size_t i, j;

	intmap_alloc(m, old.size * 2);
	for (i = 0; i < old.size; i++) {
		if (!INTMAP_USED(&old, i))
			continue;
		j = hashmap_mix(INTMAP_KEY(&old.slot[i])) & (m->size - 1);
		while (INTMAP_USED(m, j))
			j = (j + 1) & (m->size - 1);
		INTMAP_SET_USED(m, j);
		m->slot[j] = old.slot[i];
	}
	free(old.slot);
	free(old.used);
}

uint32_t *
intmap_put(struct intmap *m, uint64_t key, int *added)
{
	struct intmap_slot *s;
	uint32_t low = (uint32_t)key, high = (uint32_t)(key >> 32);
	size_t i;

	if ((m->count + 1) * 4 > m->size * 3)
		intmap_grow(m);
	i = hashmap_mix(key) & (m->size - 1);
	while (INTMAP_USED(m, i)) {
		s = &m->slot[i];
		if (s->key_low == low && s->key_high == high) {
			*added = 0;
			return &s->value;
		}
		i = (i + 1) & (m->size - 1);
	}
	INTMAP_SET_USED(m, i);
	s = &m->slot[i];
	s->key_low = low;
	s->key_high = high;
	s->value = 0;
	m->count++;
	*added = 1;
	return &s->value;
}

uint32_t *
intmap_get(const struct intmap *m, uint64_t key)
{
	struct intmap_slot *s;
	uint32_t low = (uint32_t)key, high = (uint32_t)(key >> 32);
	size_t i;

	for (i = hashmap_mix(key) & (m->size - 1); INTMAP_USED(m, i);
	    i = (i + 1) & (m->size - 1)) {
		s = &m->slot[i];
		if (s->key_low == low && s->key_high == high)
			return &s->value;
	}
	return NULL;
}

void
intmap_prefetch(const struct intmap *m, uint64_t key)
{
	size_t i = hashmap_mix(key) & (m->size - 1);

	__builtin_prefetch(&m->slot[i]);
	__builtin_prefetch(&m->used[i / 64]);
}

size_t
intmap_count(const struct intmap *m)
{
	return m->count;
}

int
intmap_next(const struct intmap *m, size_t *pos, uint64_t *key, uint32_t *value)
{
	while (*pos < m->size) {
		if (INTMAP_USED(m, *pos)) {
			*key = INTMAP_KEY(&m->slot[*pos]);
			*value = m->slot[*pos].value;
			(*pos)++;
			return 1;
		}
		(*pos)++;
	}
	return 0;
}

struct strmap *
strmap_new(void)
{
	struct strmap *m = xcalloc(1, sizeof *m);

	/* Small: a search makes one for a few hundred FINESS numbers at most. */
	m->size = 64;
	m->slot = xcalloc(m->size, sizeof *m->slot);
	return m;
}

void
strmap_free(struct strmap *m)
{
	if (m == NULL)
		return;
	strpool_clear(&m->keys);
	free(m->slot);
	free(m);
}

static void
strmap_grow(struct strmap *m)
{
	struct strmap_slot *old = m->slot;
	size_t oldsize = m->size, i, j;

	m->size *= 2;
	m->slot = xcalloc(m->size, sizeof *m->slot);
	for (i = 0; i < oldsize; i++) {
		if (old[i].key == NULL)
			continue;
		j = old[i].hash & (m->size - 1);
		while (m->slot[j].key != NULL)
			j = (j + 1) & (m->size - 1);
		m->slot[j] = old[i];
	}
	free(old);
}

/* The slot holding key, or the empty one where it would go. */
static struct strmap_slot *
strmap_find(const struct strmap *m, const char *key, uint64_t h)
{
	size_t i = h & (m->size - 1);

	while (m->slot[i].key != NULL) {
		if (m->slot[i].hash == h && strcmp(m->slot[i].key, key) == 0)
			break;
		i = (i + 1) & (m->size - 1);
	}
	return &m->slot[i];
}

uint32_t *
strmap_put(struct strmap *m, const char *key, int *added)
{
	struct strmap_slot *s;
	uint64_t h = hashmap_hash_string(key);

	if ((m->count + 1) * 4 > m->size * 3)
		strmap_grow(m);
	s = strmap_find(m, key, h);
	*added = s->key == NULL;
	if (*added) {
		s->key = strpool_add(&m->keys, key);
		s->hash = h;
		s->value = 0;
		m->count++;
	}
	return &s->value;
}

uint32_t *
strmap_get(const struct strmap *m, const char *key)
{
	struct strmap_slot *s = strmap_find(m, key, hashmap_hash_string(key));

	return s->key != NULL ? &s->value : NULL;
}

size_t
strmap_count(const struct strmap *m)
{
	return m->count;
}
