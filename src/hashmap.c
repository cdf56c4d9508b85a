/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "hashmap.h"
#include "xmalloc.h"

#define HASHMAP_INITIAL 1024

struct intmap_slot {
	uint64_t	key;
	uint32_t	value;
	uint32_t	used;
};

struct intmap {
	struct intmap_slot	*slot;
	size_t			 size;	/* a power of two */
	size_t			 count;
};

struct strmap_slot {
	char		*key;
	uint64_t	 hash;
	uint32_t	 value;
};

struct strmap {
	struct strmap_slot	*slot;
	size_t			 size;
	size_t			 count;
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

struct intmap *
intmap_new(void)
{
	struct intmap *m = xcalloc(1, sizeof *m);

	m->size = HASHMAP_INITIAL;
	m->slot = xcalloc(m->size, sizeof *m->slot);
	return m;
}

void
intmap_free(struct intmap *m)
{
	if (m == NULL)
		return;
	free(m->slot);
	free(m);
}

static void
intmap_grow(struct intmap *m)
{
	struct intmap_slot *old = m->slot;
	size_t oldsize = m->size, i, j;

	m->size *= 2;
	m->slot = xcalloc(m->size, sizeof *m->slot);
	for (i = 0; i < oldsize; i++) {
		if (!old[i].used)
			continue;
		j = hashmap_mix(old[i].key) & (m->size - 1);
		while (m->slot[j].used)
			j = (j + 1) & (m->size - 1);
		m->slot[j] = old[i];
	}
	free(old);
}

uint32_t *
intmap_put(struct intmap *m, uint64_t key, int *added)
{
	size_t i;

	if ((m->count + 1) * 4 > m->size * 3)
		intmap_grow(m);
	i = hashmap_mix(key) & (m->size - 1);
	while (m->slot[i].used) {
		if (m->slot[i].key == key) {
			*added = 0;
			return &m->slot[i].value;
		}
		i = (i + 1) & (m->size - 1);
	}
	m->slot[i].used = 1;
	m->slot[i].key = key;
	m->slot[i].value = 0;
	m->count++;
	*added = 1;
	return &m->slot[i].value;
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
		if (m->slot[*pos].used) {
			*key = m->slot[*pos].key;
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

	m->size = HASHMAP_INITIAL;
	m->slot = xcalloc(m->size, sizeof *m->slot);
	return m;
}

void
strmap_free(struct strmap *m)
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->size; i++)
		free(m->slot[i].key);
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
		s->key = xstrdup(key);
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
