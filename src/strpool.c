/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "strpool.h"
#include "xmalloc.h"

/* A block's bytes; a string longer than that gets a block of its own. */
#define STRPOOL_BLOCK	4000

struct strpool_block {
	struct strpool_block	*next;
	size_t			 size;
	char			 bytes[];
};

char *
strpool_add(struct strpool *p, const char *s)
{
	struct strpool_block *b = p->blocks;
	size_t n = strlen(s) + 1;
	char *copy;

	if (b == NULL || b->size - p->used < n) {
		b = xmalloc(sizeof *b + (n > STRPOOL_BLOCK ? n : STRPOOL_BLOCK));
		b->size = n > STRPOOL_BLOCK ? n : STRPOOL_BLOCK;
		b->next = p->blocks;
		p->blocks = b;
		p->used = 0;
	}
	copy = b->bytes + p->used;
	memcpy(copy, s, n);
	p->used += n;
	return copy;
}

void
strpool_clear(struct strpool *p)
{
	struct strpool_block *b, *next;

	for (b = p->blocks; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	p->blocks = NULL;
	p->used = 0;
}
