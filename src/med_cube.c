/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "med_cells.h"
#include "med_cube.h"
#include "number.h"
#include "refdb.h"
#include "xmalloc.h"

/* A dimension packs into 9 bits as value + 2: MED_ALL 0, not declared 1. */
#define CUBE_DIM_BITS	9
#define CUBE_DIM_MASK	((1u << CUBE_DIM_BITS) - 1)
#define CUBE_DIMS_BITS	(4 * CUBE_DIM_BITS)

struct med_cube {
	struct med_cells *build;	/* the finest cells; NULL once finished */
	uint64_t	*keys;		/* once finished: sort keys, rank then dimensions */
	struct med_sum	*sums;
	size_t		 n, size;
	uint32_t	*codes;		/* once finished: the code of each rank */
	const char *const *names;
};

void
med_sum_add(struct med_sum *s, const struct med_sum *v)
{
	if (v->rows > UINT32_MAX - s->rows ||
	    number_add(&s->boxes, v->boxes) != 0 ||
	    number_add(&s->rem, v->rem) != 0 ||
	    number_add(&s->bse, v->bse) != 0)
		fatalx("med_sum_add: a sum out of range past the import's bound");
	s->rows += v->rows;
	s->has |= v->has;
}

int
med_sum_equal(const struct med_sum *a, const struct med_sum *b)
{
	return a->rows == b->rows && a->has == b->has &&
	    (!(a->has & MED_HAS_BOXES) || a->boxes == b->boxes) &&
	    (!(a->has & MED_HAS_REM) || a->rem == b->rem) &&
	    (!(a->has & MED_HAS_BSE) || a->bse == b->bse);
}

struct med_cube *
med_cube_new(void)
{
	struct med_cube *c = xcalloc(1, sizeof *c);

	c->build = med_cells_new(CUBE_DIMS_BITS);
	return c;
}

void
med_cube_free(struct med_cube *c)
{
	if (c == NULL)
		return;
	med_cells_free(c->build);
	free(c->keys);
	free(c->sums);
	free(c->codes);
	free(c);
}

void
med_cube_adopt(struct med_cube *c, uint64_t *keys, struct med_sum *sums,
    size_t n, size_t size)
{
	if (c->build == NULL || med_cells_count(c->build) != 0)
		fatalx("med_cube_adopt: not a new cube");
	if (n > size)
		fatalx("med_cube_adopt: more cells than room");
	med_cells_attach(c->build, keys, sums, n, size);
}

uint64_t
med_cube_key(uint32_t code, int region, int age, int sex, int prescriber)
{
	if (region < -1 || region > 510 || age < -1 || age > 510 ||
	    sex < -1 || sex > 510 || prescriber < -1 || prescriber > 510)
		fatalx("med_cube_key: dimension out of range");
	return (uint64_t)code << CUBE_DIMS_BITS |
	    (uint64_t)(region + 2) << (3 * CUBE_DIM_BITS) |
	    (uint64_t)(age + 2) << (2 * CUBE_DIM_BITS) |
	    (uint64_t)(sex + 2) << CUBE_DIM_BITS | (uint64_t)(prescriber + 2);
}

static int
cube_dim(uint64_t key, int which)
{
	return (int)((key >> ((3 - which) * CUBE_DIM_BITS)) & CUBE_DIM_MASK) - 2;
}

void
med_cube_add(struct med_cube *c, uint32_t code, int region, int age, int sex,
    int prescriber, const struct med_sum *v)
{
	if (c->build == NULL)
		fatalx("med_cube_add: cube already finished");
	med_sum_add(med_cells_get(c->build, med_cube_key(code, region, age,
	    sex, prescriber)), v);
}

/* Orders code numbers by name, through an array of names qsort_r can read. */
static int
cube_name_compare(const void *a, const void *b, void *arg)
{
	const char *const *names = arg;

	return strcmp(names[*(const uint32_t *)a], names[*(const uint32_t *)b]);
}

/* Bits of a sort key that hold the code's rank by name, below the dimensions. */
#define CUBE_RANK_BITS	28
#define CUBE_RANK_MASK	((UINT64_C(1) << CUBE_RANK_BITS) - 1)

static void
cube_swap(struct med_cube *c, size_t a, size_t b)
{
	uint64_t key = c->keys[a];
	struct med_sum sum = c->sums[a];

	c->keys[a] = c->keys[b];
	c->sums[a] = c->sums[b];
	c->keys[b] = key;
	c->sums[b] = sum;
}

/*
 * Moves cell i of the heap of n cells starting at base down until its
 * children are smaller.
 */
static void
cube_sift_down(struct med_cube *c, size_t base, size_t i, size_t n)
{
	size_t child;

	while ((child = 2 * i + 1) < n) {
		if (child + 1 < n && c->keys[base + child + 1] >
		    c->keys[base + child])
			child++;
		if (c->keys[base + i] >= c->keys[base + child])
			return;
		cube_swap(c, base + i, base + child);
		i = child;
	}
}

/* Heapsort of the cells from lo to hi (excluded): introsort's fallback. */
static void
cube_heapsort(struct med_cube *c, size_t lo, size_t hi)
{
	size_t i, n = hi - lo;

	for (i = n / 2; i-- > 0;)
		cube_sift_down(c, lo, i, n);
	for (i = n - 1; i > 0; i--) {
		cube_swap(c, lo, lo + i);
		cube_sift_down(c, lo, 0, i);
	}
}

/* Insertion sort of the cells from lo to hi (excluded), for short runs. */
static void
cube_insertion_sort(struct med_cube *c, size_t lo, size_t hi)
{
	size_t i, j;

	for (i = lo + 1; i < hi; i++)
		for (j = i; j > lo && c->keys[j - 1] > c->keys[j]; j--)
			cube_swap(c, j - 1, j);
}

/* Runs this short or shorter are left to insertion sort. */
#define CUBE_SORT_SHORT	16

/*
 * Orders the cells by key where they are, as an introsort: quicksort with
 * a median of three, which reads the arrays in order (the products' heapsort
 * alone was a tenth of an import, jumping through tens of megabytes), and
 * heapsort for a range that quicksort has split too many times, so that no
 * order of the rows makes it quadratic. No second array: the cells of a
 * national year's products are tens of megabytes. The keys are distinct.
 */
static void
cube_sort_range(struct med_cube *c, size_t lo, size_t hi, int depth)
{
	size_t mid, i, j;
	uint64_t pivot;

	while (hi - lo > CUBE_SORT_SHORT) {
		if (depth-- == 0) {
			cube_heapsort(c, lo, hi);
			return;
		}
		/* The median of the first, middle and last cells moves to lo. */
		mid = lo + (hi - lo) / 2;
		if (c->keys[mid] < c->keys[lo])
			cube_swap(c, mid, lo);
		if (c->keys[hi - 1] < c->keys[lo])
			cube_swap(c, hi - 1, lo);
		if (c->keys[hi - 1] < c->keys[mid])
			cube_swap(c, hi - 1, mid);
		cube_swap(c, lo, mid);
		pivot = c->keys[lo];
		/* Hoare's partition: lo+1..i-1 below the pivot, j+1..hi-1 above. */
		i = lo + 1;
		j = hi - 1;
		for (;;) {
			while (i <= j && c->keys[i] < pivot)
				i++;
			while (c->keys[j] > pivot)
				j--;
			if (i >= j)
				break;
			cube_swap(c, i++, j--);
		}
		cube_swap(c, lo, j);
		/* The shorter side first, by recursion: the stack stays logarithmic. */
		if (j - lo < hi - (j + 1)) {
			cube_sort_range(c, lo, j, depth);
			lo = j + 1;
		} else {
			cube_sort_range(c, j + 1, hi, depth);
			hi = j;
		}
	}
	cube_insertion_sort(c, lo, hi);
}

static void
cube_sort(struct med_cube *c)
{
	size_t n;
	int depth = 0;

	for (n = c->n; n > 1; n >>= 1)
		depth += 2;
	if (c->n > 1)
		cube_sort_range(c, 0, c->n, depth);
}

size_t
med_cube_finish(struct med_cube *c, const char *const *names, size_t nnames)
{
	struct med_sum v;
	uint64_t key, code;
	uint32_t *rank;
	struct med_cells *ups;
	size_t i, ncodes = 0, finest;
	uint8_t *seen;
	int d;

	if (c->build == NULL)
		fatalx("med_cube_finish: cube already finished");
	med_cells_take(c->build, &c->keys, &c->sums, &c->n, &c->size);
	med_cells_free(c->build);
	c->build = NULL;
	/*
	 * The roll-ups go after the finest cells, found among themselves
	 * only: no finest cell has a summed dimension. The finest cells come
	 * a code at a time, so the roll-ups of the code at hand stay in the
	 * processor's caches.
	 */
	finest = c->n;
	ups = med_cells_new(CUBE_DIMS_BITS);
	med_cells_attach(ups, c->keys, c->sums, c->n, c->size);
	for (i = 0; i < finest; i++) {
		/* The arrays may move as roll-ups are added. */
		v = *med_cells_sum(ups, i);
		key = med_cells_key(ups, i);
		code = key >> CUBE_DIMS_BITS;
		med_sum_add(med_cells_get(ups, code << CUBE_DIMS_BITS), &v);
		for (d = 0; d < 4; d++)
			med_sum_add(med_cells_get(ups, code << CUBE_DIMS_BITS |
			    (key & (uint64_t)CUBE_DIM_MASK << ((3 - d) *
			    CUBE_DIM_BITS))), &v);
	}
	med_cells_take(ups, &c->keys, &c->sums, &c->n, &c->size);
	med_cells_free(ups);

	/* Rank the codes by name once, so that cells sort as integers. */
	seen = xcalloc(nnames + 1, 1);
	c->codes = xreallocarray(NULL, nnames + 1, sizeof *c->codes);
	rank = xcalloc(nnames + 1, sizeof *rank);
	for (i = 0; i < c->n; i++) {
		code = c->keys[i] >> CUBE_DIMS_BITS;
		if (code >= nnames || names[code] == NULL)
			fatalx("med_cube_finish: code %llu has no name",
			    (unsigned long long)code);
		if (!seen[code]) {
			seen[code] = 1;
			c->codes[ncodes++] = (uint32_t)code;
		}
	}
	if (ncodes > CUBE_RANK_MASK)
		fatalx("med_cube_finish: %zu codes", ncodes);
	qsort_r(c->codes, ncodes, sizeof *c->codes, cube_name_compare,
	    (void *)names);
	for (i = 0; i < ncodes; i++)
		rank[c->codes[i]] = (uint32_t)i;
	/* Each key becomes its sort key: the code's rank, then dimensions. */
	for (i = 0; i < c->n; i++) {
		key = c->keys[i];
		c->keys[i] = (uint64_t)rank[key >> CUBE_DIMS_BITS] <<
		    CUBE_DIMS_BITS | (key & ((UINT64_C(1) << CUBE_DIMS_BITS) - 1));
	}
	cube_sort(c);
	c->names = names;
	free(rank);
	free(seen);
	return c->n;
}

void
med_cube_cell(const struct med_cube *c, size_t i, struct med_cell *cell)
{
	uint64_t key = c->keys[i] & ((UINT64_C(1) << CUBE_DIMS_BITS) - 1);

	cell->code = c->codes[c->keys[i] >> CUBE_DIMS_BITS];
	cell->name = c->names[cell->code];
	cell->region = cube_dim(key, 0);
	cell->age = cube_dim(key, 1);
	cell->sex = cube_dim(key, 2);
	cell->prescriber = cube_dim(key, 3);
	cell->sum = &c->sums[i];
}

void
med_cube_forget_bytes(void *base, size_t len)
{
#ifdef MADV_DONTNEED
	/* Read each time: both importing threads take cubes out at once. */
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE), start, end;

	start = ((uintptr_t)base + page - 1) & ~(page - 1);
	end = ((uintptr_t)base + len) & ~(page - 1);
	/* Advice only: where it is refused, the memory is kept until freed. */
	if (end > start)
		(void)madvise((void *)start, end - start, MADV_DONTNEED);
#else
	(void)base;
	(void)len;
#endif
}

void
med_cube_forget_before(struct med_cube *c, size_t i)
{
	if (c->build != NULL || i > c->n)
		fatalx("med_cube_forget_before: not a finished cube's cell");
	med_cube_forget_bytes(c->keys, i * sizeof *c->keys);
	med_cube_forget_bytes(c->sums, i * sizeof *c->sums);
}
