/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "med_pack.h"
#include "xmalloc.h"

/*
 * A cell is a header varint, then its dimensions when they do not fit the
 * header, its row count, and each measure that is not NULL, as zigzag
 * varints (negative amounts are published). The header's bit 0 says the
 * dimensions follow; bits 1-3 which measures do; the rest, when bit 0 is
 * clear, the four dimensions plus one in a mixed radix (region and age
 * below 128, sex below 16, prescriber group below 8): every code Open
 * Medic publishes, so that a cell's key takes three bytes.
 */
#define MED_PACK_WIDE	0x1
#define MED_PACK_HAS_SHIFT 1
#define MED_PACK_SMALL_SHIFT 4

/* Powers of two: med_pack_next takes the dimensions out by their bits. */
static const int64_t med_pack_radix[MED_PACK_NDIMS] = { 128, 128, 16, 8 };

static void
med_pack_reserve(struct med_pack_buf *b, size_t more)
{
	if (b->n + more <= b->size)
		return;
	b->size = b->size ? 2 * b->size : 256;
	while (b->size < b->n + more)
		b->size *= 2;
	b->v = xreallocarray(b->v, b->size, 1);
}

static void
med_pack_uvarint(struct med_pack_buf *b, uint64_t u)
{
	med_pack_reserve(b, 10);
	while (u >= 0x80) {
		b->v[b->n++] = (uint8_t)(u | 0x80);
		u >>= 7;
	}
	b->v[b->n++] = (uint8_t)u;
}

static void
med_pack_varint(struct med_pack_buf *b, int64_t v)
{
	med_pack_uvarint(b, ((uint64_t)v << 1) ^ (uint64_t)(v >> 63));
}

/* The dimensions in the header's radix, or -1 when one does not fit. */
static int64_t
med_pack_small(const struct med_pack_cell *c)
{
	int64_t small = 0;
	int d;

	for (d = 0; d < MED_PACK_NDIMS; d++) {
		if (c->dim[d] < -1 || c->dim[d] >= med_pack_radix[d] - 1)
			return -1;
		small = small * med_pack_radix[d] + c->dim[d] + 1;
	}
	return small;
}

void
med_pack_append(struct med_pack_buf *b, const struct med_pack_cell *c)
{
	int64_t small = med_pack_small(c);
	uint64_t head = (uint64_t)(c->has & 7) << MED_PACK_HAS_SHIFT;
	int d, i;

	if (small >= 0)
		med_pack_uvarint(b, head | (uint64_t)small << MED_PACK_SMALL_SHIFT);
	else {
		med_pack_uvarint(b, head | MED_PACK_WIDE);
		for (d = 0; d < MED_PACK_NDIMS; d++)
			med_pack_varint(b, c->dim[d]);
	}
	med_pack_varint(b, c->rows);
	for (i = 0; i < MED_PACK_NVALUES; i++)
		if (c->has & (1 << i))
			med_pack_varint(b, c->value[i]);
}

/* Reads a varint of at most 64 bits; -1 when it runs past end or beyond. */
static int
med_pack_read_uvarint_long(const uint8_t **p, const uint8_t *end,
    uint64_t *out)
{
	uint64_t u = 0;
	int shift;

	for (shift = 0; shift < 64 && *p < end; shift += 7) {
		uint8_t byte = *(*p)++;

		/* The tenth byte holds the 64th bit alone. */
		if (shift == 63 && byte > 1)
			return -1;
		u |= (uint64_t)(byte & 0x7f) << shift;
		if (!(byte & 0x80)) {
			*out = u;
			return 0;
		}
	}
	return -1;
}

/* As above, the one-byte varints (most of a cell's) taken without a loop. */
static inline int
med_pack_read_uvarint(const uint8_t **p, const uint8_t *end, uint64_t *out)
{
	if (*p < end && **p < 0x80) {
		*out = *(*p)++;
		return 0;
	}
	return med_pack_read_uvarint_long(p, end, out);
}

static inline int
med_pack_read_varint(const uint8_t **p, const uint8_t *end, int64_t *out)
{
	uint64_t u;

	if (med_pack_read_uvarint(p, end, &u) != 0)
		return -1;
	*out = (int64_t)(u >> 1) ^ -(int64_t)(u & 1);
	return 0;
}

int
med_pack_next(const uint8_t **p, const uint8_t *end, struct med_pack_cell *c)
{
	uint64_t head, small;
	int d, i;

	if (*p >= end)
		return 0;
	if (med_pack_read_uvarint(p, end, &head) != 0)
		return -1;
	c->has = (int)(head >> MED_PACK_HAS_SHIFT) & 7;
	if (head & MED_PACK_WIDE) {
		if (head >> MED_PACK_SMALL_SHIFT != 0)
			return -1;
		for (d = 0; d < MED_PACK_NDIMS; d++)
			if (med_pack_read_varint(p, end, &c->dim[d]) != 0)
				return -1;
	} else {
		/* The radixes are powers of two: the header's bits, in turn. */
		small = head >> MED_PACK_SMALL_SHIFT;
		c->dim[3] = (int64_t)(small & 7) - 1;
		c->dim[2] = (int64_t)(small >> 3 & 15) - 1;
		c->dim[1] = (int64_t)(small >> 7 & 127) - 1;
		c->dim[0] = (int64_t)(small >> 14 & 127) - 1;
		if (small >> 21 != 0)
			return -1;
	}
	if (med_pack_read_varint(p, end, &c->rows) != 0)
		return -1;
	for (i = 0; i < MED_PACK_NVALUES; i++) {
		c->value[i] = 0;
		if ((c->has & (1 << i)) &&
		    med_pack_read_varint(p, end, &c->value[i]) != 0)
			return -1;
	}
	return 1;
}

/* --- med_pack(region, age, sex, prescriber, rows, boxes, reimbursed, base) --- */

static void
med_pack_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct med_pack_buf **bp, *b;
	struct med_pack_cell c;
	int i;

	if (argc != MED_PACK_NDIMS + 1 + MED_PACK_NVALUES)
		return;
	if ((bp = sqlite3_aggregate_context(ctx, sizeof *bp)) == NULL) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	if ((b = *bp) == NULL)
		b = *bp = xcalloc(1, sizeof *b);
	memset(&c, 0, sizeof c);
	for (i = 0; i < MED_PACK_NDIMS; i++)
		c.dim[i] = sqlite3_value_type(argv[i]) == SQLITE_NULL ? -1 :
		    sqlite3_value_int64(argv[i]);
	c.rows = sqlite3_value_int64(argv[MED_PACK_NDIMS]);
	for (i = 0; i < MED_PACK_NVALUES; i++) {
		if (sqlite3_value_type(argv[MED_PACK_NDIMS + 1 + i]) ==
		    SQLITE_NULL)
			continue;
		c.has |= 1 << i;
		c.value[i] = sqlite3_value_int64(argv[MED_PACK_NDIMS + 1 + i]);
	}
	med_pack_append(b, &c);
}

static void
med_pack_final(sqlite3_context *ctx)
{
	struct med_pack_buf **bp, *b;

	bp = sqlite3_aggregate_context(ctx, 0);
	if (bp == NULL || (b = *bp) == NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	sqlite3_result_blob64(ctx, b->v, b->n, free);
	free(b);
}

/* --- med_unpack(cells): one row a cell --- */

enum {
	MED_UNPACK_REGION, MED_UNPACK_AGE, MED_UNPACK_SEX, MED_UNPACK_PRESCRIBER,
	MED_UNPACK_ROWS, MED_UNPACK_BOXES, MED_UNPACK_REIMBURSED,
	MED_UNPACK_BASE, MED_UNPACK_CELLS
};

struct med_unpack_cursor {
	sqlite3_vtab_cursor	 base;
	uint8_t			*cells;
	size_t			 size;
	const uint8_t		*at;
	struct med_pack_cell		 cell;
	sqlite3_int64		 rowid;
	int			 eof;
};

static int
med_unpack_connect(sqlite3 *db, void *aux, int argc, const char *const *argv,
    sqlite3_vtab **out, char **err)
{
	sqlite3_vtab *vt;
	int rc;

	(void)aux;
	(void)argc;
	(void)argv;
	(void)err;
	rc = sqlite3_declare_vtab(db, "CREATE TABLE x (region INTEGER, age "
	    "INTEGER, sex INTEGER, prescriber INTEGER, rows INTEGER, boxes "
	    "INTEGER, reimbursed_cents INTEGER, base_cents INTEGER, cells "
	    "HIDDEN)");
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_vtab_config(db, SQLITE_VTAB_INNOCUOUS);
	vt = xcalloc(1, sizeof *vt);
	*out = vt;
	return SQLITE_OK;
}

static int
med_unpack_disconnect(sqlite3_vtab *vt)
{
	free(vt);
	return SQLITE_OK;
}

/* The BLOB is its argument: an equality on the hidden column, or nothing to read. */
static int
med_unpack_best_index(sqlite3_vtab *vt, sqlite3_index_info *info)
{
	int i;

	(void)vt;
	for (i = 0; i < info->nConstraint; i++) {
		if (info->aConstraint[i].iColumn != MED_UNPACK_CELLS ||
		    info->aConstraint[i].op != SQLITE_INDEX_CONSTRAINT_EQ)
			continue;
		if (!info->aConstraint[i].usable)
			return SQLITE_CONSTRAINT;
		info->aConstraintUsage[i].argvIndex = 1;
		info->aConstraintUsage[i].omit = 1;
		info->estimatedCost = 10;
		info->estimatedRows = 100;
		return SQLITE_OK;
	}
	return SQLITE_CONSTRAINT;
}

static int
med_unpack_open(sqlite3_vtab *vt, sqlite3_vtab_cursor **out)
{
	struct med_unpack_cursor *c;

	(void)vt;
	c = xcalloc(1, sizeof *c);
	c->eof = 1;
	*out = &c->base;
	return SQLITE_OK;
}

static int
med_unpack_close(sqlite3_vtab_cursor *cur)
{
	struct med_unpack_cursor *c = (struct med_unpack_cursor *)cur;

	free(c->cells);
	free(c);
	return SQLITE_OK;
}

static int
med_unpack_next(sqlite3_vtab_cursor *cur)
{
	struct med_unpack_cursor *c = (struct med_unpack_cursor *)cur;
	int rc;

	c->rowid++;
	rc = med_pack_next(&c->at, c->cells + c->size, &c->cell);
	if (rc < 0) {
		sqlite3_free(cur->pVtab->zErrMsg);
		cur->pVtab->zErrMsg = sqlite3_mprintf("med_unpack: cell %lld "
		    "is not a packed cell", (long long)c->rowid + 1);
		return SQLITE_CORRUPT;
	}
	c->eof = rc == 0;
	return SQLITE_OK;
}

static int
med_unpack_filter(sqlite3_vtab_cursor *cur, int idx, const char *idxstr,
    int argc, sqlite3_value **argv)
{
	struct med_unpack_cursor *c = (struct med_unpack_cursor *)cur;
	const void *blob;

	(void)idx;
	(void)idxstr;
	free(c->cells);
	c->cells = NULL;
	c->size = 0;
	c->rowid = 0;
	c->eof = 1;
	if (argc < 1 || sqlite3_value_type(argv[0]) != SQLITE_BLOB)
		return SQLITE_OK;
	/* The argument lives for this call alone. */
	c->size = (size_t)sqlite3_value_bytes(argv[0]);
	blob = sqlite3_value_blob(argv[0]);
	c->cells = xmalloc(c->size > 0 ? c->size : 1);
	if (c->size > 0)
		memcpy(c->cells, blob, c->size);
	c->at = c->cells;
	c->rowid = -1;
	return med_unpack_next(cur);
}

static int
med_unpack_eof(sqlite3_vtab_cursor *cur)
{
	return ((struct med_unpack_cursor *)cur)->eof;
}

static int
med_unpack_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int col)
{
	const struct med_pack_cell *cell = &((struct med_unpack_cursor *)cur)->cell;

	if (col < MED_UNPACK_ROWS)
		sqlite3_result_int64(ctx, cell->dim[col]);
	else if (col == MED_UNPACK_ROWS)
		sqlite3_result_int64(ctx, cell->rows);
	else if (col < MED_UNPACK_CELLS &&
	    (cell->has & (1 << (col - MED_UNPACK_BOXES))))
		sqlite3_result_int64(ctx, cell->value[col - MED_UNPACK_BOXES]);
	else
		sqlite3_result_null(ctx);
	return SQLITE_OK;
}

static int
med_unpack_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *rowid)
{
	*rowid = ((struct med_unpack_cursor *)cur)->rowid;
	return SQLITE_OK;
}

static const sqlite3_module med_unpack_module = {
	.xConnect = med_unpack_connect,
	.xBestIndex = med_unpack_best_index,
	.xDisconnect = med_unpack_disconnect,
	.xOpen = med_unpack_open,
	.xClose = med_unpack_close,
	.xFilter = med_unpack_filter,
	.xNext = med_unpack_next,
	.xEof = med_unpack_eof,
	.xColumn = med_unpack_column,
	.xRowid = med_unpack_rowid,
};

int
med_pack_register(sqlite3 *db, char **cause)
{
	if (sqlite3_create_function_v2(db, "med_pack", MED_PACK_NDIMS + 1 +
	    MED_PACK_NVALUES, SQLITE_UTF8 | SQLITE_INNOCUOUS, NULL, NULL,
	    med_pack_step, med_pack_final, NULL) != SQLITE_OK ||
	    sqlite3_create_module_v2(db, "med_unpack", &med_unpack_module, NULL,
	    NULL) != SQLITE_OK)
		return error_set(cause, "med_pack: %s", sqlite3_errmsg(db));
	return 0;
}
