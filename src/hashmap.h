/* SPDX-License-Identifier: ISC */
/*
 * Open-addressing hash maps for the importers' dictionaries and aggregates:
 * 64-bit keys, or strings (copied), to a 32-bit value chosen by the caller
 * (usually an index into the caller's own array).
 */
#ifndef MEDIFLUX_HASHMAP_H
#define MEDIFLUX_HASHMAP_H

#include <stddef.h>
#include <stdint.h>

struct intmap;
struct strmap;

struct intmap	*intmap_new(void);
void		 intmap_free(struct intmap *);
/* Returns the value slot for key, adding it with *added = 1 (value 0) if absent. */
uint32_t	*intmap_put(struct intmap *, uint64_t key, int *added);
/* The value slot for key, or NULL if absent. */
uint32_t	*intmap_get(const struct intmap *, uint64_t key);
/* Starts bringing key's place into the cache, for an intmap_put a little later. */
void		 intmap_prefetch(const struct intmap *, uint64_t key);
size_t		 intmap_count(const struct intmap *);
/* Iterates: *pos starts at 0; returns 0 when done. */
int		 intmap_next(const struct intmap *, size_t *pos, uint64_t *key,
		     uint32_t *value);

struct strmap	*strmap_new(void);
void		 strmap_free(struct strmap *);
uint32_t	*strmap_put(struct strmap *, const char *key, int *added);
uint32_t	*strmap_get(const struct strmap *, const char *key);
size_t		 strmap_count(const struct strmap *);

#endif
