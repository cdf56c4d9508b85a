/* SPDX-License-Identifier: ISC */
/*
 * The Open Medic totals browsing reads (med_total), built in memory: the
 * finest cells of one ATC level or of the products, then their roll-ups, in
 * the table's primary-key order.
 */
#ifndef MEDIFLUX_MED_CUBE_H
#define MEDIFLUX_MED_CUBE_H

#include <stddef.h>
#include <stdint.h>

#define MED_HAS_BOXES	0x1
#define MED_HAS_REM	0x2
#define MED_HAS_BSE	0x4

/*
 * Sums of published rows; has tells which measures some row declared. The
 * rows of one file at most (an import refuses a file of more), so that the
 * millions of cells of a national year take 32 bytes each.
 */
struct med_sum {
	int64_t		boxes, rem, bse;
	uint32_t	rows;
	int		has;		/* MED_HAS_* */
};

/*
 * Adds v to s. Every sum is bounded before it is made (the importer refuses a
 * file whose figures' magnitude leaves int64_t), so an overflow here is a bug.
 */
void	med_sum_add(struct med_sum *, const struct med_sum *);
int	med_sum_equal(const struct med_sum *, const struct med_sum *);

/* The dimensions of a cell, as stored: a code, -1 not declared, MED_ALL summed. */
struct med_cell {
	uint32_t		 code;		/* the caller's code number */
	const char		*name;		/* names[code] */
	int			 region, age, sex, prescriber;
	const struct med_sum	*sum;
};

struct med_cube;

struct med_cube	*med_cube_new(void);
void		 med_cube_free(struct med_cube *);

/* Adds v to a finest cell (codes from 0 to 510, or -1 for not declared). */
void		 med_cube_add(struct med_cube *, uint32_t code, int region,
		     int age, int sex, int prescriber, const struct med_sum *v);

/*
 * Takes n finest cells at once, as arrays the cube then owns and frees
 * (allocated for size cells): the cube of the products is the import's own
 * cells, not a copy of them. keys[i] is med_cube_key of the cell; the keys
 * are distinct. Only on a new cube, before any med_cube_add.
 */
void		 med_cube_adopt(struct med_cube *, uint64_t *keys,
		     struct med_sum *sums, size_t n, size_t size);
uint64_t	 med_cube_key(uint32_t code, int region, int age, int sex,
		     int prescriber);

/*
 * Adds the roll-ups of every finest cell (all four dimensions summed, and all
 * but one), then orders every cell by code name (names[code], for codes below
 * nnames, fewer than 2^28; names must outlive the cube), then dimensions, so
 * that each code's cells come together, as med_cell packs them. Returns the
 * number of cells; nothing can be added after.
 */
size_t		 med_cube_finish(struct med_cube *, const char *const *names,
		     size_t nnames);

/* The i-th cell in key order, once finished. */
void		 med_cube_cell(const struct med_cube *, size_t i, struct med_cell *);
/*
 * Gives the memory of the finished cube's cells before i back to the system,
 * for a caller that reads them in order and no more (its peak then holds
 * the cube or what it made of it, not both): they must not be read again.
 */
void		 med_cube_forget_before(struct med_cube *, size_t i);

/*
 * Drops the whole pages of [base, base + len) from memory, where reading
 * them would then give zeros: for arrays read once, in order.
 */
void		 med_cube_forget_bytes(void *base, size_t len);

#endif
