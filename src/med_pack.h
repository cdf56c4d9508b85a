/* SPDX-License-Identifier: ISC */
/*
 * Packed Open Medic cells: the cells of one code (four dimensions, a row
 * count and three measures each) in one BLOB of varints, so that a year's
 * finest cells take some fifteen bytes each instead of a row of fifty.
 * med_pack() packs them in SQL (an aggregate), med_unpack() reads them back
 * as rows (a table-valued function); the import packs and the queries read
 * through the same two functions in C.
 */
#ifndef MEDIFLUX_MED_PACK_H
#define MEDIFLUX_MED_PACK_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

/* The dimensions in their order, as med_total names them. */
#define MED_PACK_NDIMS 4
#define MED_PACK_NVALUES 3

struct med_pack_cell {
	int64_t	 dim[MED_PACK_NDIMS];	/* region, age, sex, prescriber */
	int64_t	 rows;
	int64_t	 value[MED_PACK_NVALUES];	/* boxes, reimbursed, base cents */
	int	 has;			/* bit i: value[i] is not NULL */
};

struct med_pack_buf {
	uint8_t	*v;
	size_t	 n, size;
};

/* Appends one cell to buf (which grows; free its v). */
void	med_pack_append(struct med_pack_buf *buf, const struct med_pack_cell *);

/*
 * Reads the cell at *p (before end) and moves *p past it: 1, or 0 at the
 * end, or -1 when the bytes are not cells (a hostile file's BLOB).
 */
int	med_pack_next(const uint8_t **p, const uint8_t *end, struct med_pack_cell *);

/* Makes med_pack() and med_unpack() known to db; -1 with *cause. */
int	med_pack_register(sqlite3 *db, char **cause);

#endif
