/* SPDX-License-Identifier: ISC */
/*
 * med_cells: rows whose products come together, come back, or come one row
 * each, give the same cells with the same sums as a sum made by hand here
 * (sort and add), each cell once and in the order first seen.
 */
#include "config.h"

#include "unit.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "med_cells.h"

struct row {
	uint64_t	key;
	int64_t		boxes;
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

static uint64_t
row_key(uint32_t product, uint32_t dims)
{
	return (uint64_t)product << 32 | dims;
}

/* Dimensions as the importer packs them: region, age, sex, prescriber group. */
static uint32_t
random_dims(uint64_t *seed, int spread)
{
	return (uint32_t)(next_random(seed) % (uint64_t)spread) << 24 |
	    (uint32_t)(next_random(seed) % 5) << 16 |
	    (uint32_t)(next_random(seed) % 4) << 8 |
	    (uint32_t)(next_random(seed) % 8);
}

static int
key_compare(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * Sums rows through med_cells and checks each cell against the rows of its
 * key, that no key is given twice and that cells are in first-seen order.
 */
static void
check_rows(const struct row *rows, size_t n, int want_indexed)
{
	struct med_cells *c = med_cells_new(32);
	struct med_sum *s, *sums;
	uint64_t *keys, *sorted;
	size_t i, j, ncells, size, distinct;
	int64_t want;
	unsigned char *first;

	for (i = 0; i < n; i++) {
		struct med_sum v = { rows[i].boxes, 0, 0, 1, MED_HAS_BOXES };

		med_cells_prefetch(c, rows[i].key);
		s = med_cells_get(c, rows[i].key);
		med_sum_add(s, &v);
	}
	assert_int_equal(med_cells_indexed(c), want_indexed);
	med_cells_take(c, &keys, &sums, &ncells, &size);
	assert_int_equal(med_cells_count(c), 0);
	med_cells_free(c);
	assert_true(ncells <= size);

	sorted = malloc((n + 1) * sizeof *sorted);
	assert_non_null(sorted);
	for (i = 0; i < n; i++)
		sorted[i] = rows[i].key;
	qsort(sorted, n, sizeof *sorted, key_compare);
	for (i = 0, distinct = 0; i < n; i++)
		distinct += i == 0 || sorted[i] != sorted[i - 1];
	assert_int_equal(ncells, distinct);

	/* First-seen order: cell j's key is the j-th new key of the rows. */
	first = calloc(n + 1, 1);
	assert_non_null(first);
	for (i = 0, j = 0; i < n; i++) {
		size_t k;
		int seen = 0;

		for (k = 0; k < j && !seen; k++)
			seen = keys[k] == rows[i].key;
		if (!seen) {
			assert_true(j < ncells);
			assert_true(keys[j] == rows[i].key);
			j++;
		}
	}
	for (j = 0; j < ncells; j++) {
		uint32_t count = 0;

		want = 0;
		for (i = 0; i < n; i++) {
			if (rows[i].key == keys[j]) {
				want += rows[i].boxes;
				count++;
			}
		}
		assert_true(sums[j].boxes == want);
		assert_int_equal(sums[j].rows, count);
		assert_int_equal(sums[j].has, MED_HAS_BOXES);
	}
	free(first);
	free(sorted);
	free(keys);
	free(sums);
}

/* Each product's rows together, as published: never through the index. */
static void
test_products_together(void **state)
{
	struct row *rows = calloc(6000, sizeof *rows);
	uint64_t seed = 0x9e3779b97f4a7c15;
	size_t i, n = 0;
	uint32_t p;

	(void)state;
	assert_non_null(rows);
	for (p = 0; p < 40; p++) {
		size_t k = 1 + next_random(&seed) % 200;

		for (i = 0; i < k; i++, n++) {
			rows[n].key = row_key(p * 3 + 1, random_dims(&seed, 14));
			rows[n].boxes = (int64_t)(next_random(&seed) % 2000) - 50;
		}
	}
	check_rows(rows, n, 0);
	free(rows);
}

/*
 * One product with more cells than the product table first holds: the table
 * grows with the product's cells kept, and the next product starts afresh.
 */
static void
test_product_wider_than_table(void **state)
{
	struct row *rows = calloc(12000, sizeof *rows);
	uint64_t seed = 12345;
	size_t i, n = 0;

	(void)state;
	assert_non_null(rows);
	for (i = 0; i < 10000; i++, n++) {
		rows[n].key = row_key(7, (uint32_t)i * 2654435761u);
		rows[n].boxes = (int64_t)i;
	}
	for (i = 0; i < 2000; i++, n++) {
		rows[n].key = row_key(8, random_dims(&seed, 3));
		rows[n].boxes = 1;
	}
	check_rows(rows, n, 0);
	free(rows);
}

/* A product whose rows come back after another's: the index takes over. */
static void
test_product_comes_back(void **state)
{
	struct row *rows = calloc(3000, sizeof *rows);
	uint64_t seed = 77;
	size_t i, n = 0;

	(void)state;
	assert_non_null(rows);
	for (i = 0; i < 1000; i++, n++) {
		rows[n].key = row_key(1, random_dims(&seed, 14));
		rows[n].boxes = 3;
	}
	for (i = 0; i < 1000; i++, n++) {
		rows[n].key = row_key(2, random_dims(&seed, 14));
		rows[n].boxes = 5;
	}
	for (i = 0; i < 1000; i++, n++) {
		rows[n].key = row_key(i % 2 ? 1 : 3, random_dims(&seed, 14));
		rows[n].boxes = -2;
	}
	check_rows(rows, n, 1);
	free(rows);
}

/* Products in no order at all, and keys of 0 and of every bit set. */
static void
test_shuffled(void **state)
{
	struct row *rows = calloc(5002, sizeof *rows);
	uint64_t seed = 4242;
	size_t i, n;

	(void)state;
	assert_non_null(rows);
	for (n = 0; n < 5000; n++) {
		rows[n].key = row_key((uint32_t)(next_random(&seed) % 300),
		    random_dims(&seed, 4));
		rows[n].boxes = (int64_t)(next_random(&seed) % 100);
	}
	rows[n++].key = 0;
	rows[n++].key = UINT64_MAX;
	for (i = 0; i < n; i++)
		if (rows[i].boxes == 0)
			rows[i].boxes = 1;
	check_rows(rows, n, 1);
	free(rows);
}

/*
 * Products emptied one after another, as the import finishes each: every
 * product's cells start again at index 0, its sums its own rows' alone, and
 * the products seen stay known.
 */
static void
test_emptied(void **state)
{
	struct med_cells *c = med_cells_new(32);
	struct med_sum v, *sum;
	uint64_t seed = 99, key;
	uint32_t product;
	int64_t boxes;
	size_t i;
	int dims;

	(void)state;
	memset(&v, 0, sizeof v);
	v.rows = 1;
	v.has = MED_HAS_BOXES;
	for (product = 1; product <= 40; product++) {
		assert_false(med_cells_seen(c, product));
		boxes = 0;
		/* A product wider than the table at first, one with a cell. */
		dims = product % 2 ? 3 : 5000;
		for (i = 0; i < 10000; i++) {
			v.boxes = (int64_t)(next_random(&seed) % 7);
			boxes += v.boxes;
			med_sum_add(med_cells_get(c, row_key(product,
			    (uint32_t)(next_random(&seed) % (uint64_t)dims))), &v);
		}
		assert_true(med_cells_seen(c, product));
		assert_true(med_cells_count(c) <= (size_t)dims);
		for (i = 0; i < med_cells_count(c); i++) {
			key = med_cells_key(c, i);
			assert_int_equal(key >> 32, product);
			sum = med_cells_sum(c, i);
			boxes -= sum->boxes;
		}
		assert_int_equal(boxes, 0);
		med_cells_empty(c);
		assert_int_equal(med_cells_count(c), 0);
	}
	assert_true(med_cells_seen(c, 1));
	assert_false(med_cells_seen(c, 41));
	assert_false(med_cells_indexed(c));
	med_cells_free(c);
}

/* No row: nothing taken, and arrays the caller can still free. */
static void
test_empty(void **state)
{
	struct med_cells *c = med_cells_new(32);
	struct med_sum *sums;
	uint64_t *keys;
	size_t n = 9, size = 9;

	(void)state;
	med_cells_take(c, &keys, &sums, &n, &size);
	assert_int_equal(n, 0);
	assert_int_equal(size, 0);
	assert_non_null(keys);
	assert_non_null(sums);
	free(keys);
	free(sums);
	med_cells_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_products_together),
		cmocka_unit_test(test_product_wider_than_table),
		cmocka_unit_test(test_product_comes_back),
		cmocka_unit_test(test_shuffled),
		cmocka_unit_test(test_emptied),
		cmocka_unit_test(test_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
