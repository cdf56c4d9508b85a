/* SPDX-License-Identifier: ISC */
/* med_pack: cells packed and read back exactly, in C and in SQL; hostile bytes refused. */
#include "config.h"

#include "unit.h"

#include <stdint.h>

#include "db.h"
#include "med_pack.h"
#include "med_pack_summer.h"

static struct med_pack_cell
cell(int64_t region, int64_t age, int64_t sex, int64_t prescriber,
    int64_t rows, int has, int64_t boxes, int64_t reimbursed, int64_t base)
{
	struct med_pack_cell c = { { region, age, sex, prescriber }, rows,
	    { boxes, reimbursed, base }, has };

	return c;
}

static void
assert_cell_equal(const struct med_pack_cell *a, const struct med_pack_cell *b)
{
	int i;

	for (i = 0; i < MED_PACK_NDIMS; i++)
		assert_true(a->dim[i] == b->dim[i]);
	assert_true(a->rows == b->rows);
	assert_int_equal(a->has, b->has);
	for (i = 0; i < MED_PACK_NVALUES; i++)
		if (a->has & (1 << i))
			assert_true(a->value[i] == b->value[i]);
}

static void
test_round_trip(void **state)
{
	const struct med_pack_cell cells[] = {
		/* As published: BEN_REG 11, 60 ans et +, féminin, généraliste. */
		cell(11, 60, 2, 1, 3, 7, 1250, 980712, 1402215),
		/* Not declared everywhere, no amount, a negative one. */
		cell(-1, -1, -1, -1, 1, 2, 0, -51026067, 0),
		/* Codes Open Medic does not publish: the long form. */
		cell(200, -1, 9, 42, 2, 1, 7, 0, 0),
		cell(-7, 99, 9, 6, 1, 0, 0, 0, 0),
		cell(INT64_MAX, INT64_MIN, 0, 0, INT64_MAX, 7, INT64_MIN,
		    INT64_MAX, -1),
	};
	struct med_pack_buf b = { NULL, 0, 0 };
	struct med_pack_cell got;
	const uint8_t *p, *end;
	size_t i, small;

	(void)state;
	med_pack_append(&b, &cells[0]);
	small = b.n;
	/* The key of a published cell fits the header: a few bytes a cell. */
	assert_true(small <= 14);
	for (i = 1; i < sizeof cells / sizeof cells[0]; i++)
		med_pack_append(&b, &cells[i]);
	p = b.v;
	end = b.v + b.n;
	for (i = 0; i < sizeof cells / sizeof cells[0]; i++) {
		assert_int_equal(med_pack_next(&p, end, &got), 1);
		assert_cell_equal(&got, &cells[i]);
	}
	assert_int_equal(med_pack_next(&p, end, &got), 0);
	free(b.v);
}

static void
test_hostile_bytes(void **state)
{
	struct med_pack_buf b = { NULL, 0, 0 };
	struct med_pack_cell c = cell(11, 60, 2, 1, 3, 7, 1250, 980712, 1402215), got;
	const uint8_t *p;
	/* Eleven continuation bytes: no varint is that long. */
	static const uint8_t overlong[] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	    0xff, 0xff, 0xff, 0xff, 0x01 };
	/* A short key beyond the radix of its dimensions. */
	static const uint8_t too_big[] = { 0x80, 0x80, 0x80, 0x80, 0x01, 0x02 };
	/* The long form with key bits set. */
	static const uint8_t wide_and_small[] = { 0x11, 0, 0, 0, 0, 2 };
	size_t n;

	(void)state;
	med_pack_append(&b, &c);
	for (n = 1; n < b.n; n++) {
		p = b.v;
		assert_int_equal(med_pack_next(&p, b.v + n, &got), -1);
	}
	p = overlong;
	assert_int_equal(med_pack_next(&p, overlong + sizeof overlong, &got), -1);
	p = too_big;
	assert_int_equal(med_pack_next(&p, too_big + sizeof too_big, &got), -1);
	p = wide_and_small;
	assert_int_equal(med_pack_next(&p, wide_and_small +
	    sizeof wide_and_small, &got), -1);
	free(b.v);
}

static void
test_sql(void **state)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	char *cause = NULL;

	(void)state;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	db_harden(db);
	assert_int_equal(med_pack_register(db, &cause), 0);
	assert_int_equal(db_exec(db, "CREATE TABLE t (code TEXT, region INTEGER,"
	    " age INTEGER, sex INTEGER, prescriber INTEGER, rows INTEGER, boxes"
	    " INTEGER, reimbursed_cents INTEGER, base_cents INTEGER);"
	    "INSERT INTO t VALUES ('A', 11, 0, 1, 1, 2, 10, 1000, 1500),"
	    " ('A', 11, 20, 2, 4, 1, NULL, -300, NULL),"
	    " ('A', 93, 60, 9, 6, 5, 7, 70, 80),"
	    " ('B', NULL, 99, 1, 2, 1, 1, 1, 1);"
	    "CREATE TABLE p AS SELECT code, med_pack(region, age, sex,"
	    " prescriber, rows, boxes, reimbursed_cents, base_cents) AS cells"
	    " FROM (SELECT * FROM t ORDER BY rowid) GROUP BY code", &cause), 0);
	/* Every cell back, NULLs as NULLs, in the order packed. */
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT group_concat(quote(u.region)"
	    " || ' ' || u.age || ' ' || u.sex || ' ' || u.prescriber || ' ' ||"
	    " u.rows || ' ' || quote(u.boxes) || ' ' || quote(u.reimbursed_cents)"
	    " || ' ' || quote(u.base_cents), ';') FROM p, med_unpack(p.cells) u"
	    " WHERE p.code = 'A'", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0),
	    "11 0 1 1 2 10 1000 1500;11 20 2 4 1 NULL -300 NULL;"
	    "93 60 9 6 5 7 70 80");
	sqlite3_finalize(st);
	/* Sums by a filter, as a query of several filters reads them. */
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT p.code, sum(u.rows),"
	    " sum(u.reimbursed_cents) FROM p, med_unpack(p.cells) u WHERE"
	    " u.region = -1 OR u.sex = 2 GROUP BY p.code ORDER BY p.code", -1,
	    &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "A");
	assert_int_equal(sqlite3_column_int(st, 1), 1);
	assert_int_equal(sqlite3_column_int(st, 2), -300);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "B");
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	/* A BLOB that is not cells is an error naming the cell, never garbage. */
	assert_int_equal(db_exec(db, "SELECT count(*) FROM med_unpack("
	    "x'0b02ff')", &cause), -1);
	unit_assert_says(cause, "med_unpack: cell 1 is not a packed cell");
	free(cause);
	cause = NULL;
	/* Without its argument it reads nothing: refused. */
	assert_int_equal(db_exec(db, "SELECT count(*) FROM med_unpack", &cause),
	    -1);
	free(cause);
	sqlite3_close(db);
}

/*
 * The summer adds up as a loop over the cells does, whatever the BLOBs'
 * sizes (empty, small, one larger than a chunk, thousands of them), and
 * says when a BLOB held bytes that are not cells.
 */
static void
test_summer(void **state)
{
	struct med_sum got[3], want[3], v;
	struct med_pack_summer *s;
	struct med_pack_buf b = { NULL, 0, 0 };
	struct med_pack_cell c;
	const uint8_t junk[] = { 0xff, 0xff, 0xff };
	int64_t i, k, blobs = 0;
	int level;

	(void)state;
	memset(got, 0, sizeof got);
	memset(want, 0, sizeof want);
	s = med_pack_summer_new(got, 3);
	med_pack_summer_add(s, 1, "", 0);
	for (k = 0; k < 3000; k++) {
		level = (int)(k % 3);
		b.n = 0;
		/* Mostly a few cells; one BLOB of 60 000 cells, larger than a chunk. */
		for (i = 0; i < (k == 1500 ? 60000 : 1 + k % 7); i++) {
			c = cell(k % 20, i % 99, 1 + i % 2, i % 9, 1 + i % 3,
			    (int)(1 + (k + i) % 7), i * 13, -k * 1000 + i, k);
			med_pack_append(&b, &c);
			memset(&v, 0, sizeof v);
			v.rows = (uint32_t)c.rows;
			v.has = c.has;
			/* A measure not declared is not packed: it reads as 0. */
			v.boxes = c.has & 1 ? c.value[0] : 0;
			v.rem = c.has & 2 ? c.value[1] : 0;
			v.bse = c.has & 4 ? c.value[2] : 0;
			med_sum_add(&want[level], &v);
		}
		med_pack_summer_add(s, level, b.v, b.n);
		blobs++;
	}
	assert_int_equal(med_pack_summer_free(s), 0);
	for (level = 0; level < 3; level++)
		assert_true(med_sum_equal(&got[level], &want[level]));
	assert_true(got[0].rows > 60000 || got[1].rows > 60000 ||
	    got[2].rows > 60000);
	assert_int_equal(blobs, 3000);

	/* Bytes that are not cells, among good ones. */
	s = med_pack_summer_new(got, 3);
	med_pack_summer_add(s, 0, b.v, b.n);
	med_pack_summer_add(s, 2, junk, sizeof junk);
	med_pack_summer_add(s, 1, b.v, b.n);
	assert_int_equal(med_pack_summer_free(s), -1);
	free(b.v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_hostile_bytes),
		cmocka_unit_test(test_sql),
		cmocka_unit_test(test_summer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
