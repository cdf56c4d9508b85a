/* SPDX-License-Identifier: ISC */
/*
 * Cells summed as they come: a key (a group, such as an Open Medic product
 * or an ATC code, above a shift, then the dimensions) and a med_sum each, in
 * the order first seen. A published file lists each product's rows together,
 * so the cells of the group at hand are found in a table small enough to
 * stay in the processor's cache; where a group comes back after others, the
 * cells are found through an index of every cell instead, with the same
 * result.
 */
#ifndef MEDIFLUX_MED_CELLS_H
#define MEDIFLUX_MED_CELLS_H

#include <stddef.h>
#include <stdint.h>

#include "med_cube.h"

struct med_cells;

/* Keys whose bits above shift are equal belong to one group. */
struct med_cells	*med_cells_new(unsigned shift);
void			 med_cells_free(struct med_cells *);

/* The running sums of the cell of key, zeroed on first sight. */
struct med_sum		*med_cells_get(struct med_cells *, uint64_t key);

/*
 * Starts bringing key's place into the cache for a med_cells_get a little
 * later, where that place is in the index of every cell.
 */
void			 med_cells_prefetch(const struct med_cells *,
			     uint64_t key);

size_t			 med_cells_count(const struct med_cells *);

/* Whether a product came back after another's rows: summed through the index. */
int			 med_cells_indexed(const struct med_cells *);

/*
 * Goes on after n cells already in these arrays (room for size), which the
 * set now holds: cells are then added after them, and never found among
 * them. Only on a new set.
 */
void			 med_cells_attach(struct med_cells *, uint64_t *keys,
			     struct med_sum *sums, size_t n, size_t size);

/* Whether a group's keys have come before (a product's rows, once). */
int			 med_cells_seen(const struct med_cells *, uint64_t group);
/*
 * Forgets every cell, keeping the memory and the groups seen, between two
 * groups: a caller that has finished with a group's cells starts the next
 * one's at index 0. Not once a group came back (med_cells_indexed).
 */
void			 med_cells_empty(struct med_cells *);
/* Cell i's key and sums, until the next med_cells_get (arrays may move). */
uint64_t		 med_cells_key(const struct med_cells *, size_t i);
struct med_sum		*med_cells_sum(const struct med_cells *, size_t i);

/*
 * Hands the cells over: keys[i] is sums[i]'s key, both arrays with room
 * for *size cells (as med_cube_adopt takes them), the caller's to free.
 * The set is then only to be freed.
 */
void			 med_cells_take(struct med_cells *, uint64_t **keys,
			     struct med_sum **sums, size_t *n, size_t *size);

#endif
