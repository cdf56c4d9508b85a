/* SPDX-License-Identifier: ISC */
/*
 * Strings copied into blocks that are freed together: for the many short
 * keys a hash map or a search holds only as long as itself, one allocation
 * per block rather than one per string.
 */
#ifndef MEDIFLUX_STRPOOL_H
#define MEDIFLUX_STRPOOL_H

#include <stddef.h>

struct strpool_block;

struct strpool {
	struct strpool_block	*blocks;	/* the newest first */
	size_t			 used;		/* of the newest block */
};

#define STRPOOL_INIT	{ NULL, 0 }

/* A copy of s, which lives until strpool_clear; never NULL. */
char	*strpool_add(struct strpool *, const char *s);
/* Frees every copy; the pool can be used again. */
void	 strpool_clear(struct strpool *);

#endif
