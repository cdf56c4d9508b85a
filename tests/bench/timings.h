/* SPDX-License-Identifier: ISC */
/* What the in-process benchmarks share: samples of milliseconds and their percentiles. */
#ifndef MEDIFLUX_BENCH_TIMINGS_H
#define MEDIFLUX_BENCH_TIMINGS_H

#include <stdlib.h>

#include "xmalloc.h"

struct timings {
	double	*ms;
	size_t	 n, size;
};

static inline void
timings_add(struct timings *t, double ms)
{
	if (t->n == t->size) {
		t->size = t->size * 2 + 256;
		t->ms = xreallocarray(t->ms, t->size, sizeof *t->ms);
	}
	t->ms[t->n++] = ms;
}

static inline int
timings_compare(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The p-th percentile (the samples end sorted). */
static inline double
timings_percentile(struct timings *t, double p)
{
	qsort(t->ms, t->n, sizeof *t->ms, timings_compare);
	return t->ms[(size_t)(p / 100.0 * (double)(t->n - 1) + 0.5)];
}

#endif
