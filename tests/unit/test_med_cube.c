/* SPDX-License-Identifier: ISC */
/*
 * med_cube: whatever order the finest cells come in (sorted, reversed, organ
 * pipe, a few distinct keys repeated, shuffled), the finished cube holds each
 * finest cell and each roll-up once, with the sums added by hand here, in
 * code-name order then dimensions.
 */
#include "config.h"

#include "unit.h"

#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "med_cube.h"
#include "refdb.h"

#define NCODES	7
#define DIMS	4

/* Names in an order other than the codes': rank by name is not code order. */
static const char *const names[NCODES] = {
	"N02BE01", "A10BA02", "N02", "C09AA05", "B01AC06", "A", "N02BE"
};

struct input {
	uint32_t	code;
	int		dim[DIMS];
	struct med_sum	sum;
};

/* A small deterministic generator (xorshift), so a failure can be replayed. */
static uint64_t
next_random(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* n finest cells, some keys given several times, dimensions -1 (not declared) to 99. */
static struct input *
make_inputs(size_t n, uint64_t seed)
{
	struct input *in = calloc(n, sizeof *in);
	int d;
	size_t i;

	assert_non_null(in);
	for (i = 0; i < n; i++) {
		in[i].code = (uint32_t)(next_random(&seed) % NCODES);
		for (d = 0; d < DIMS; d++)
			in[i].dim[d] = (int)(next_random(&seed) % (d == 2 ? 4 : 12)) - 1;
		in[i].sum.rows = 1 + (uint32_t)(next_random(&seed) % 3);
		in[i].sum.boxes = (int64_t)(next_random(&seed) % 1000);
		in[i].sum.rem = (int64_t)(next_random(&seed) % 200000) - 1000;
		in[i].sum.has = MED_HAS_BOXES | MED_HAS_REM |
		    (i % 5 == 0 ? MED_HAS_BSE : 0);
		in[i].sum.bse = in[i].sum.has & MED_HAS_BSE ? (int64_t)i : 0;
	}
	return in;
}

/* Orders inputs by the key the cube sorts on: code name, then each dimension. */
static int
input_compare(const void *a, const void *b)
{
	const struct input *x = a, *y = b;
	int c = strcmp(names[x->code], names[y->code]), d;

	if (c != 0)
		return c;
	for (d = 0; d < DIMS; d++)
		if (x->dim[d] != y->dim[d])
			return x->dim[d] < y->dim[d] ? -1 : 1;
	return 0;
}

/* Whether a finest cell falls in a cell of the cube (MED_ALL matches anything). */
static int
input_in_cell(const struct input *in, const struct med_cell *cell)
{
	const int want[DIMS] = { cell->region, cell->age, cell->sex,
	    cell->prescriber };
	int d;

	if (in->code != cell->code)
		return 0;
	for (d = 0; d < DIMS; d++)
		if (want[d] != MED_ALL && want[d] != in->dim[d])
			return 0;
	return 1;
}

/* Whether a cell is one the cube must hold: finest, all four summed, or all but one. */
static int
cell_is_expected(const struct med_cell *cell)
{
	int all = (cell->region == MED_ALL) + (cell->age == MED_ALL) +
	    (cell->sex == MED_ALL) + (cell->prescriber == MED_ALL);

	return all == 0 || all == 3 || all == 4;
}

static int
cell_compare_dims(const struct med_cell *a, const struct med_cell *b)
{
	const int x[DIMS] = { a->region, a->age, a->sex, a->prescriber };
	const int y[DIMS] = { b->region, b->age, b->sex, b->prescriber };
	int d;

	for (d = 0; d < DIMS; d++)
		if (x[d] != y[d])
			return x[d] < y[d] ? -1 : 1;
	return 0;
}

/* Feeds the inputs in their order, finishes, and checks every cell by brute force. */
static void
check_cube(const struct input *in, size_t n)
{
	struct med_cube *c = med_cube_new();
	struct med_cell cell, prev;
	struct med_sum want;
	size_t i, j, ncells, nfinest = 0, nrollups = 0;
	int order;

	for (i = 0; i < n; i++)
		med_cube_add(c, in[i].code, in[i].dim[0], in[i].dim[1],
		    in[i].dim[2], in[i].dim[3], &in[i].sum);
	ncells = med_cube_finish(c, names, NCODES);
	for (i = 0; i < ncells; i++) {
		med_cube_cell(c, i, &cell);
		assert_true(cell_is_expected(&cell));
		assert_string_equal(cell.name, names[cell.code]);
		if (i > 0) {
			order = strcmp(prev.name, cell.name);
			assert_true(order < 0 || (order == 0 &&
			    cell_compare_dims(&prev, &cell) < 0));
		}
		memset(&want, 0, sizeof want);
		for (j = 0; j < n; j++)
			if (input_in_cell(&in[j], &cell))
				med_sum_add(&want, &in[j].sum);
		assert_true(want.rows > 0);
		assert_true(med_sum_equal(cell.sum, &want));
		if (cell.region != MED_ALL && cell.age != MED_ALL &&
		    cell.sex != MED_ALL && cell.prescriber != MED_ALL)
			nfinest++;
		else
			nrollups++;
		prev = cell;
	}
	/* Every distinct finest key is there once: as many as the sorted inputs hold. */
	{
		struct input *sorted = malloc(n * sizeof *sorted);
		size_t distinct = 0;

		assert_non_null(sorted);
		memcpy(sorted, in, n * sizeof *sorted);
		qsort(sorted, n, sizeof *sorted, input_compare);
		for (j = 0; j < n; j++)
			if (j == 0 || input_compare(&sorted[j - 1], &sorted[j]) != 0)
				distinct++;
		assert_int_equal(nfinest, distinct);
		free(sorted);
	}
	assert_true(nrollups > 0);
	med_cube_free(c);
}

static void
reverse(struct input *in, size_t n)
{
	struct input t;
	size_t i;

	for (i = 0; i < n / 2; i++) {
		t = in[i];
		in[i] = in[n - 1 - i];
		in[n - 1 - i] = t;
	}
}

static void
test_orders(void **state)
{
	const size_t sizes[] = { 1, 2, 3, 17, 100, 1500 };
	struct input *in, *pipe;
	size_t s, n, i;

	(void)state;
	for (s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
		n = sizes[s];
		in = make_inputs(n, 0x9e3779b97f4a7c15ULL + n);
		check_cube(in, n);			/* shuffled */
		qsort(in, n, sizeof *in, input_compare);
		check_cube(in, n);			/* already in order */
		reverse(in, n);
		check_cube(in, n);			/* reversed */
		/* Organ pipe: rising then falling, quicksort's classic trap. */
		pipe = malloc(n * sizeof *pipe);
		assert_non_null(pipe);
		reverse(in, n);
		for (i = 0; i < n; i++)
			pipe[i % 2 == 0 ? i / 2 : n - 1 - i / 2] = in[i];
		check_cube(pipe, n);
		free(pipe);
		free(in);
	}
}

/* One code and few dimensions: many equal finest keys merge, roll-ups dominate. */
static void
test_few_keys(void **state)
{
	struct input *in;
	size_t i, n = 3000;

	(void)state;
	in = make_inputs(n, 42);
	for (i = 0; i < n; i++) {
		in[i].code = 5;
		in[i].dim[0] = (int)(i % 2);
		in[i].dim[1] = -1;
		in[i].dim[3] = (int)(i % 3);
	}
	check_cube(in, n);
	free(in);
}

/* Resident pages of this process, or 0 where /proc does not tell. */
static long
resident_pages(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	long size, resident = 0;

	if (f == NULL)
		return 0;
	if (fscanf(f, "%ld %ld", &size, &resident) != 2)
		resident = 0;
	fclose(f);
	return resident;
}

/* A cube of n distinct finest cells, cell i's boxes i. */
static struct med_cube *
big_cube(size_t n, size_t *ncells)
{
	struct med_cube *c = med_cube_new();
	struct med_sum v;
	size_t i;

	memset(&v, 0, sizeof v);
	v.rows = 1;
	v.has = MED_HAS_BOXES;
	for (i = 0; i < n; i++) {
		v.boxes = (int64_t)i;
		med_cube_add(c, (uint32_t)(i % NCODES), (int)(i / NCODES % 100),
		    (int)(i / (NCODES * 100) % 100), -1,
		    (int)(i / (NCODES * 10000) % 8), &v);
	}
	*ncells = med_cube_finish(c, names, NCODES);
	return c;
}

/*
 * Cells read in order, each after the ones before it were given back, are
 * the cells of the same cube read whole; and the memory is given back.
 */
static void
test_forget_before(void **state)
{
	struct med_cube *whole, *forgetting;
	struct med_cell a, b;
	size_t n = 150000, na, nb, i;
	long before, after, cube_pages;

	(void)state;
	whole = big_cube(n, &na);
	forgetting = big_cube(n, &nb);
	assert_int_equal(na, nb);
	assert_true(na > n);
	for (i = 0; i < na; i++) {
		if (i % 997 == 0)
			med_cube_forget_before(forgetting, i);
		med_cube_cell(whole, i, &a);
		med_cube_cell(forgetting, i, &b);
		assert_int_equal(a.code, b.code);
		assert_int_equal(a.region, b.region);
		assert_int_equal(a.age, b.age);
		assert_int_equal(a.sex, b.sex);
		assert_int_equal(a.prescriber, b.prescriber);
		assert_true(med_sum_equal(a.sum, b.sum));
		assert_true(b.sum->rows >= 1);
	}
	/* Its cells hold 40 bytes each: most of their pages go. */
	before = resident_pages();
	med_cube_forget_before(whole, na);
	after = resident_pages();
	cube_pages = (long)(na * 40 / (size_t)sysconf(_SC_PAGESIZE));
	if (before > 0)
		assert_true(before - after > cube_pages / 2);
	med_cube_free(whole);
	med_cube_free(forgetting);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_orders),
		cmocka_unit_test(test_few_keys),
		cmocka_unit_test(test_forget_before),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
