/* SPDX-License-Identifier: ISC */
/* The importers' hash maps: every key found back after growing, strings copied. */
#include "config.h"

#include "unit.h"

#include "hashmap.h"

static void
test_intmap(void **state)
{
	struct intmap *m = intmap_new();
	uint64_t key, seen = 0;
	uint32_t *v, value;
	size_t pos = 0, n = 0;
	int added, i;

	(void)state;
	for (i = 0; i < 100000; i++) {
		v = intmap_put(m, (uint64_t)i << 24 | 0x10203, &added);
		assert_true(added);
		*v = (uint32_t)i;
	}
	assert_int_equal(intmap_count(m), 100000);
	for (i = 0; i < 100000; i += 997) {
		v = intmap_put(m, (uint64_t)i << 24 | 0x10203, &added);
		assert_false(added);
		assert_int_equal(*v, i);
		/* Found without adding; a key beside it is not there. */
		v = intmap_get(m, (uint64_t)i << 24 | 0x10203);
		assert_non_null(v);
		assert_int_equal(*v, i);
		assert_null(intmap_get(m, (uint64_t)i << 24 | 0x10204));
	}
	assert_null(intmap_get(m, UINT64_MAX));
	assert_int_equal(intmap_count(m), 100000);
	while (intmap_next(m, &pos, &key, &value)) {
		assert_int_equal(key >> 24, value);
		seen += value;
		n++;
	}
	assert_int_equal(n, 100000);
	assert_int_equal(seen, (uint64_t)99999 * 100000 / 2);
	intmap_free(m);
}

static void
test_strmap(void **state)
{
	struct strmap *m = strmap_new();
	char key[32];
	uint32_t *v;
	int added, i;

	(void)state;
	for (i = 0; i < 5000; i++) {
		snprintf(key, sizeof key, "34009%08d", i);
		v = strmap_put(m, key, &added);
		assert_true(added);
		*v = (uint32_t)i;
	}
	snprintf(key, sizeof key, "34009%08d", 4321);
	v = strmap_put(m, key, &added);
	assert_false(added);
	assert_int_equal(*v, 4321);
	key[0] = 'X';		/* the map keeps its own copy */
	assert_null(strmap_get(m, key));
	assert_non_null(strmap_get(m, "3400900004321"));
	assert_null(strmap_get(m, ""));
	assert_int_equal(strmap_count(m), 5000);
	strmap_free(m);
}

/* Keys longer than a block of the map's pool, among short ones, stay whole. */
static void
test_strmap_long_keys(void **state)
{
	struct strmap *m = strmap_new();
	char *key = malloc(10001);
	uint32_t *v;
	int added, n;

	(void)state;
	assert_non_null(key);
	for (n = 1; n <= 10000; n += 999) {
		memset(key, 'a' + n % 26, (size_t)n);
		key[n] = '\0';
		v = strmap_put(m, key, &added);
		assert_true(added);
		*v = (uint32_t)n;
		v = strmap_put(m, "short", &added);
		*v += 1;
	}
	for (n = 1; n <= 10000; n += 999) {
		memset(key, 'a' + n % 26, (size_t)n);
		key[n] = '\0';
		assert_non_null(v = strmap_get(m, key));
		assert_int_equal(*v, n);
	}
	key[5000] = '\0';	/* a prefix of the last key is not a key */
	assert_null(strmap_get(m, key));
	assert_int_equal(*strmap_get(m, "short"), 11);
	assert_int_equal(strmap_count(m), 12);
	free(key);
	strmap_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_intmap),
		cmocka_unit_test(test_strmap),
		cmocka_unit_test(test_strmap_long_keys),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
