/* SPDX-License-Identifier: ISC */
/*
 * Sums of packed cells (med_pack.h) by level, added up on a second thread
 * while the caller reads the BLOBs that hold them: an import checking what
 * it stored reads some three million cells back, and decoding them was two
 * thirds of the check.
 */
#ifndef MEDIFLUX_MED_PACK_SUMMER_H
#define MEDIFLUX_MED_PACK_SUMMER_H

#include <stddef.h>

#include "med_cube.h"

struct med_pack_summer;

struct med_pack_cell;

/* The sums of one packed cell: its rows and its declared measures. */
void		 med_pack_cell_sum(const struct med_pack_cell *,
		    struct med_sum *);

/*
 * Adds up the packed cells of one BLOB into sum, here: 0, or -1 at bytes
 * that are not packed cells (sum then holds those before them).
 */
int		 med_pack_sum(struct med_sum *sum, const void *blob, size_t n);

/*
 * Adds into sums[0] to sums[nlevels - 1], which must not be read before
 * med_pack_summer_free. Without a second thread, the sums are made as the
 * BLOBs are handed over.
 */
struct med_pack_summer *med_pack_summer_new(struct med_sum *sums,
		    int nlevels);

/* Hands over a BLOB of packed cells of one level (0 to nlevels - 1), copied. */
void		 med_pack_summer_add(struct med_pack_summer *, int level,
		    const void *blob, size_t n);

/*
 * Waits for every BLOB to be summed and frees the summer: 0, or -1 if some
 * BLOB held bytes that are not packed cells (the sums are then incomplete).
 */
int		 med_pack_summer_free(struct med_pack_summer *);

#endif
