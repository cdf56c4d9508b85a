/* SPDX-License-Identifier: ISC */
/*
 * Open Medic: every published row into med_fact_run, packed in runs of one
 * product, with integer-coded dimensions and money in cents, the product and
 * ATC dictionaries, and the aggregates browsing reads (computed in memory
 * while reading, checked against the facts).
 */
#include "config.h"

#include <ctype.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db.h"
#include "hashmap.h"
#include "i18n.h"
#include "import_engine.h"
#include "med_cells.h"
#include "med_cube.h"
#include "med_pack.h"
#include "med_pack_summer.h"
#include "number.h"
#include "progress.h"
#include "refdb.h"
#include "xmalloc.h"

enum om_column {
	OM_ATC1, OM_ATC2, OM_ATC3, OM_ATC4, OM_ATC5,
	OM_L_ATC1, OM_L_ATC2, OM_L_ATC3, OM_L_ATC4, OM_L_ATC5,
	OM_CIP13, OM_L_CIP13, OM_TOP_GEN, OM_GEN_NUM,
	OM_AGE, OM_SEXE, OM_BEN_REG, OM_PSP_SPE,
	OM_BOITES, OM_REM, OM_BSE,
	OM_NCOLUMNS
};

static const char *const om_column_names[OM_NCOLUMNS] = {
	"ATC1", "ATC2", "ATC3", "ATC4", "ATC5",
	"L_ATC1", "L_ATC2", "L_ATC3", "L_ATC4", "L_ATC5",
	"CIP13", "L_CIP13", "TOP_GEN", "GEN_NUM",
	"AGE", "SEXE", "BEN_REG", "PSP_SPE",
	"BOITES", "REM", "BSE",
};

/* Labels are absent from the 2014-2015 layout. */
#define OM_OPTIONAL(c) (((c) >= OM_L_ATC1 && (c) <= OM_L_ATC5) || (c) == OM_L_CIP13)

/* A row's dimension codes and measures, in the order they are read and refused. */
static const enum om_column om_code_columns[4] = {
	OM_AGE, OM_SEXE, OM_BEN_REG, OM_PSP_SPE,
};
static const enum om_column om_measure_columns[3] = {
	OM_BOITES, OM_REM, OM_BSE,
};
static const uint8_t om_measure_has[3] = {
	MED_HAS_BOXES, MED_HAS_REM, MED_HAS_BSE,
};

/* The longest CIP13 om_prepare keeps for om_row_product (a CIP13 has 13 digits). */
#define OM_CIP_MAX 15

/*
 * A row's figures as om_row uses them: read by om_prepare from the row's
 * bytes, ahead on the CSV reader's thread when it has time, or by om_row_read
 * from its decoded fields where om_prepare cannot. The codes are om_code's
 * (code + 1, 0 for none); has holds the MED_HAS_* of the measures declared.
 */
struct om_figures {
	int64_t		 value[3];
	uint8_t		 code[4];
	uint8_t		 has;
	uint8_t		 valid;		/* read whole: else om_row_read reads the row */
	uint8_t		 cip13_len;	/* of the CIP13 as published; 0: not kept */
	char		 cip13[OM_CIP_MAX];
};

/* What om_prepare reads, on either thread: the layout, fixed by the header. */
struct om_layout {
	int		 col[OM_NCOLUMNS];
	size_t		 nfields;
};

#define OM_LEVELS 5

struct om_atc {
	char	*code;
	char	*label;
	int	 level;
	int	 parent;	/* index, -1 for none */
};

struct om_product {
	int64_t	 id;
	char	*cip13;
	int	 atc[OM_LEVELS];	/* indexes, -1 where the row had no code */
	char	*label;
	int64_t	 top_gen, gen_num;
	int	 has_top_gen, has_gen_num;
	int	 seen;			/* in this file: written back */
};

/* A cell with a dimension summed, as med_total stores it. */
struct om_rollup {
	const char	*name;
	int16_t		 region, age, sex, prescriber;
	struct med_sum	 sum;
};

/* One code's finest cells, packed. */
struct om_code_pack {
	const char	*name;
	uint8_t		*cells;
	size_t		 len;
};

/*
 * A finished level ready to be written: the cells with a dimension summed
 * (roll-ups) go to med_total a row each, the finest ones packed to med_cell
 * a BLOB per code. Taken out of the level's cubes, which are freed then,
 * so that the products' cells (the largest by far) are not held beside them.
 */
struct om_level_out {
	int			 level;
	struct om_rollup	*rollups;
	size_t			 nrollups, rollups_size;
	struct om_code_pack	*codes;
	size_t			 ncodes, codes_size;
};

/* The statements writing one year's totals: roll-ups, packed finest cells. */
struct om_totals_out {
	sqlite3_stmt	*total, *cell;
};

struct om_chain_builder;

struct openmedic {
	struct import_job	*job;
	struct csv_reader	*r;
	int			 year;
	int			 col[OM_NCOLUMNS];
	size_t			 nfields;

	struct strmap		*product_index;
	struct om_product	*products;
	size_t			 nproducts, products_size;
	int64_t			 next_product_id;

	struct strmap		*atc_index;
	struct om_atc		*atcs;
	size_t			 natcs, atcs_size;

	struct med_cells	*cell_set;	/* product × region × age × sex × prescriber group */
	struct med_sum		*cells;		/* taken out of cell_set, once read */
	size_t			 ncells, cells_size;
	size_t			 last_product;	/* index + 1 of the last row's; 0: none */

	struct med_sum		 total;
	int64_t			 magnitude[3];	/* of BOITES, REM, BSE: bounds every sum */
	int64_t			 negative_rows, empty_cells, rows;
	int			 regions_seen[256];

	sqlite3_stmt		*insert_run;
	struct med_pack_buf	 run;		/* the facts of the run being read */
	int64_t			 run_product, run_first;

	/*
	 * The runs written (their ids), read back while the reader's thread
	 * is behind (om_idle): those before checked are.
	 */
	sqlite3_stmt		*read_run;
	int64_t			*runs;
	size_t			 nruns, runs_size, checked;
	struct med_sum		 stored;	/* of the runs read back */
	char			*idle_cause;	/* om_idle's first error */

	/*
	 * While each product's rows come together (streaming), a product's
	 * cells are finished when the next product's rows begin: summed by
	 * ATC chain, rolled up and written as the products' level, then
	 * forgotten, so that the cells held are one product's. A product
	 * whose rows come back stops that for the year (om_stop_streaming).
	 */
	int			 streaming;
	size_t			 cells_product;	/* index + 1 of the product adding cells */
	struct om_chain_builder	*chainer;
	struct om_totals_out	 out;
	char			**product_names; /* by index, of the products finished */
	size_t			 nproduct_names;
};

/* The largest run held before it is written, whatever the file. */
#define OM_RUN_MAX (1 << 20)

static int
om_detect(struct csv_reader *r)
{
	static const char *const names[] = { "BOITES", "REM", "BSE", NULL };

	return import_record_has(r, names);
}

/* The year in "OPEN_MEDIC_2024.CSV" (any case), or 0. */
static int
om_year_in_name(const char *name)
{
	const char *p;
	int year;

	for (p = name; *p != '\0'; p++) {
		if (strncasecmp(p, "OPEN_MEDIC_", 11) != 0)
			continue;
		if (isdigit((unsigned char)p[11]) && isdigit((unsigned char)p[12]) &&
		    isdigit((unsigned char)p[13]) && isdigit((unsigned char)p[14]) &&
		    !isdigit((unsigned char)p[15])) {
			year = atoi(p + 11);
			if (year >= 2000 && year <= 2100)
				return year;
		}
	}
	return 0;
}

static void	om_chainer_free(struct om_chain_builder *);
static void	om_chainer_add(const struct openmedic *,
		    struct om_chain_builder *, uint64_t, const struct med_sum *);

static void
om_free(struct openmedic *om)
{
	size_t i;

	sqlite3_finalize(om->insert_run);
	sqlite3_finalize(om->read_run);
	free(om->run.v);
	free(om->runs);
	free(om->idle_cause);
	om_chainer_free(om->chainer);
	sqlite3_finalize(om->out.total);
	sqlite3_finalize(om->out.cell);
	xfree_strings(om->product_names, om->nproduct_names);
	for (i = 0; i < om->nproducts; i++) {
		free(om->products[i].cip13);
		free(om->products[i].label);
	}
	free(om->products);
	strmap_free(om->product_index);
	for (i = 0; i < om->natcs; i++) {
		free(om->atcs[i].code);
		free(om->atcs[i].label);
	}
	free(om->atcs);
	strmap_free(om->atc_index);
	med_cells_free(om->cell_set);
	free(om->cells);
	free(om);
}

/* Loads the products already in the database, so their ids stay stable. */
static int
om_load_products(struct openmedic *om, char **cause)
{
	struct om_product *p;
	sqlite3_stmt *st;
	uint32_t *slot;
	char *why = NULL;
	int added, rc, i;

	if (db_prepare(om->job->db, "SELECT id, cip13 FROM med_product ORDER BY id",
	    &st, cause) != 0)
		return -1;
	while ((rc = db_step(st, &why)) == DB_ROW) {
		if (om->nproducts == om->products_size) {
			om->products_size = om->products_size * 2 + 1024;
			om->products = xreallocarray(om->products,
			    om->products_size, sizeof *om->products);
		}
		p = &om->products[om->nproducts];
		memset(p, 0, sizeof *p);
		p->id = sqlite3_column_int64(st, 0);
		p->cip13 = xstrdup((const char *)sqlite3_column_text(st, 1));
		for (i = 0; i < OM_LEVELS; i++)
			p->atc[i] = -1;
		slot = strmap_put(om->product_index, p->cip13, &added);
		*slot = (uint32_t)om->nproducts++;
		if (p->id >= om->next_product_id)
			om->next_product_id = p->id + 1;
	}
	sqlite3_finalize(st);
	if (rc != DB_DONE) {
		error_set(cause, "med_product: %s", why);
		free(why);
		return -1;
	}
	return 0;
}

/* The field of a column, or "" when the layout has no such column. */
static const char *
om_field(const struct openmedic *om, enum om_column c)
{
	return om->col[c] < 0 ? "" : csv_reader_field(om->r, om->col[c]);
}

/* The index of an ATC code, added on first sight. */
static int
om_atc(struct openmedic *om, int level, const char *code, const char *label,
    int parent)
{
	struct om_atc *a;
	uint32_t *slot;
	int added;

	slot = strmap_put(om->atc_index, code, &added);
	if (added) {
		if (om->natcs == om->atcs_size) {
			om->atcs_size = om->atcs_size * 2 + 256;
			om->atcs = xreallocarray(om->atcs, om->atcs_size,
			    sizeof *om->atcs);
		}
		*slot = (uint32_t)om->natcs;
		a = &om->atcs[om->natcs++];
		a->code = xstrdup(code);
		a->label = NULL;
		a->level = level;
		a->parent = parent;
	}
	a = &om->atcs[*slot];
	if (a->label == NULL && *label != '\0')
		a->label = xstrdup(label);
	return (int)*slot;
}

/*
 * A dimension code (age, sexe, BEN_REG, PSP_SPE) as read by number_parse_int
 * (rc and v), as 0 for "not declared", else code + 1; -1 when it is no code.
 * The rule of the row read here and of the row read ahead.
 */
static int
om_code_value(int rc, int64_t v)
{
	if (rc == 1)
		return 0;
	if (rc != 0 || v < 0 || v > 254)
		return -1;
	return (int)v + 1;
}

/* Boxes are whole; amounts are in euros, kept as cents. */
#define OM_WHOLE(c) ((c) == OM_BOITES)

/* A dimension code (age, sexe, BEN_REG, PSP_SPE) as 0 for "not declared", else code + 1. */
static int
om_code(struct openmedic *om, enum om_column c, int *out, char **cause)
{
	const char *s = om_field(om, c);
	int64_t v = 0;
	int rc;

	rc = number_parse_int(s, &v);
	if ((*out = om_code_value(rc, v)) < 0)
		return import_field_error(cause, om->r, om_column_names[c],
		    _("not a code"), s);
	return 0;
}

/* A measure: 0 with *v set, 1 for an empty cell, -1 with *cause set. */
static int
om_measure(struct openmedic *om, enum om_column c, int64_t *v, char **cause)
{
	const char *s = om_field(om, c);
	int rc;

	rc = OM_WHOLE(c) ? number_parse_int(s, v) : number_parse_cents(s, v);
	if (rc < 0)
		return import_field_error(cause, om->r, om_column_names[c],
		    OM_WHOLE(c) ? _("not a whole number") :
		    _("not an amount"),
		    s);
	return rc;
}

/* The product of the current row, created (with its ATC chain) on first sight. */
static struct om_product *
om_product(struct openmedic *om, char **cause)
{
	const char *cip = om_field(om, OM_CIP13);
	struct om_product *p;
	uint32_t *slot;
	int64_t v;
	int added, i, parent = -1, rc;

	if (om->last_product != 0 &&
	    strcmp(om->products[om->last_product - 1].cip13, cip) == 0)
		return &om->products[om->last_product - 1];
	slot = strmap_put(om->product_index, cip, &added);
	if (added) {
		if (om->nproducts == om->products_size) {
			om->products_size = om->products_size * 2 + 1024;
			om->products = xreallocarray(om->products,
			    om->products_size, sizeof *om->products);
		}
		*slot = (uint32_t)om->nproducts;
		p = &om->products[om->nproducts++];
		memset(p, 0, sizeof *p);
		p->id = om->next_product_id++;
		p->cip13 = xstrdup(cip);
	}
	p = &om->products[*slot];
	if (p->seen) {
		om->last_product = *slot + 1;
		return p;
	}
	p->seen = 1;
	for (i = 0; i < OM_LEVELS; i++) {
		const char *code = om_field(om, OM_ATC1 + i);

		if (*code == '\0') {
			p->atc[i] = -1;
			continue;
		}
		p->atc[i] = parent = om_atc(om, i + 1, code,
		    om_field(om, OM_L_ATC1 + i), parent);
	}
	free(p->label);
	p->label = *om_field(om, OM_L_CIP13) != '\0' ?
	    xstrdup(om_field(om, OM_L_CIP13)) : NULL;
	if ((rc = number_parse_int(om_field(om, OM_TOP_GEN), &v)) < 0) {
		import_field_error(cause, om->r, "TOP_GEN", _("not a code"),
		    om_field(om, OM_TOP_GEN));
		return NULL;
	}
	p->has_top_gen = rc == 0;
	p->top_gen = v;
	if ((rc = number_parse_int(om_field(om, OM_GEN_NUM), &v)) < 0) {
		import_field_error(cause, om->r, "GEN_NUM", _("not a code"),
		    om_field(om, OM_GEN_NUM));
		return NULL;
	}
	p->has_gen_num = rc == 0;
	p->gen_num = v;
	om->last_product = (size_t)(p - om->products) + 1;
	return p;
}

/*
 * The product of the current row: the last row's when the CIP13 om_prepare
 * read is the same, without decoding the field.
 */
static struct om_product *
om_row_product(struct openmedic *om, const struct om_figures *f, char **cause)
{
	const struct om_product *last;

	if (f->cip13_len != 0 && om->last_product != 0) {
		last = &om->products[om->last_product - 1];
		/* strncmp stops at a shorter code's end; no NUL in f->cip13. */
		if (strncmp(last->cip13, f->cip13, f->cip13_len) == 0 &&
		    last->cip13[f->cip13_len] == '\0')
			return &om->products[om->last_product - 1];
	}
	return om_product(om, cause);
}

/*
 * Reads the row's codes and measures from its decoded fields, for a row
 * om_prepare could not read whole: the first field that is wrong is
 * refused, naming its value as decoded.
 */
static int
om_row_read(struct openmedic *om, struct om_figures *f, char **cause)
{
	int i, rc, code;

	memset(f, 0, sizeof *f);
	for (i = 0; i < 4; i++) {
		if (om_code(om, om_code_columns[i], &code, cause) != 0)
			return -1;
		f->code[i] = (uint8_t)code;
	}
	for (i = 0; i < 3; i++) {
		if ((rc = om_measure(om, om_measure_columns[i], &f->value[i],
		    cause)) < 0)
			return -1;
		f->has |= rc == 0 ? om_measure_has[i] : 0;
	}
	return 0;
}

/* The bytes of field col of a record as split, or NULL past its last field. */
static const char *
om_record_field(const struct csv_record *rec, int col, size_t *len)
{
	if (col < 0 || (size_t)col >= rec->nfields)
		return NULL;
	*len = rec->start[col + 1] - rec->start[col];
	return rec->bytes + rec->start[col];
}

/*
 * Reads a row's figures from its bytes as published (csv_reader_set_prepare),
 * on the CSV reader's thread when it has time: digits, signs, marks and
 * spaces are ASCII in CP1252 and UTF-8 alike, and the rules are om_code's and
 * om_measure's, so a row read whole here holds what om_row_read would find
 * in its decoded fields; any field they refuse leaves the row to om_row_read
 * (valid 0), which names it. The CIP13 is kept where printable ASCII, which
 * decodes as it is.
 */
static void
om_prepare(const void *arg, const struct csv_record *rec, void *out)
{
	const struct om_layout *layout = arg;
	struct om_figures *f = out;
	const char *s;
	size_t len, i;
	int64_t v;
	int code, rc;

	if (rec->nfields != layout->nfields)
		return;
	if ((s = om_record_field(rec, layout->col[OM_CIP13], &len)) != NULL &&
	    len > 0 && len <= OM_CIP_MAX) {
		for (i = 0; i < len && s[i] >= 0x20 && s[i] < 0x7F; i++)
			continue;
		if (i == len) {
			memcpy(f->cip13, s, len);
			f->cip13_len = (uint8_t)len;
		}
	}
	for (i = 0; i < 4; i++) {
		if ((s = om_record_field(rec, layout->col[om_code_columns[i]],
		    &len)) == NULL)
			return;
		v = 0;
		rc = number_parse_int_bytes(s, len, &v);
		if ((code = om_code_value(rc, v)) < 0)
			return;
		f->code[i] = (uint8_t)code;
	}
	for (i = 0; i < 3; i++) {
		if ((s = om_record_field(rec, layout->col[om_measure_columns[i]],
		    &len)) == NULL)
			return;
		rc = OM_WHOLE(om_measure_columns[i]) ?
		    number_parse_int_bytes(s, len, &f->value[i]) :
		    number_parse_cents_bytes(s, len, &f->value[i]);
		if (rc < 0)
			return;
		f->has |= rc == 0 ? om_measure_has[i] : 0;
	}
	f->valid = 1;
}

static void
om_bind_measure(sqlite3_stmt *st, int i, int64_t v, int declared)
{
	if (declared)
		sqlite3_bind_int64(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

/*
 * Refuses a row past which the file's figures could no longer be summed: the
 * totals, cells and roll-ups of a measure are sums of its rows, which fit
 * while the magnitude of all of them does.
 */
static int
om_bound(struct openmedic *om, const struct med_sum *v, char **cause)
{
	static const enum om_column columns[3] = { OM_BOITES, OM_REM, OM_BSE };
	const int64_t value[3] = { v->boxes, v->rem, v->bse };
	int i;

	for (i = 0; i < 3; i++) {
		if (number_magnitude_add(&om->magnitude[i], value[i]) != 0)
			return import_field_error(cause, om->r,
			    om_column_names[columns[i]], _("the file's total "
			    "of this column goes out of range (beyond 2^63) "
			    "at"),
			    om_field(om, columns[i]));
	}
	return 0;
}

/* Appends a cell of these codes (-1: not declared) and sums to a packed BLOB. */
static void
om_pack(struct med_pack_buf *b, int64_t region, int64_t age, int64_t sex,
    int64_t prescriber, const struct med_sum *s)
{
	struct med_pack_cell c;

	c.dim[0] = region;
	c.dim[1] = age;
	c.dim[2] = sex;
	c.dim[3] = prescriber;
	c.rows = s->rows;
	c.value[0] = s->boxes;
	c.value[1] = s->rem;
	c.value[2] = s->bse;
	c.has = s->has & 7;
	med_pack_append(b, &c);
}

/* Writes the run of facts read so far, if any, as one med_fact_run row. */
static int
om_write_run(struct openmedic *om, char **cause)
{
	sqlite3_stmt *st = om->insert_run;
	int rc;

	if (om->run.n == 0)
		return 0;
	sqlite3_bind_int64(st, 1, ((int64_t)om->year << 32) | om->run_first);
	sqlite3_bind_int(st, 2, om->year);
	sqlite3_bind_int64(st, 3, om->run_product);
	sqlite3_bind_blob64(st, 4, om->run.v, om->run.n, SQLITE_STATIC);
	rc = import_sql_step(st, "med_fact_run", cause);
	om->run.n = 0;
	if (rc == 0) {
		if (om->nruns == om->runs_size) {
			om->runs_size = om->runs_size * 2 + 256;
			om->runs = xreallocarray(om->runs, om->runs_size,
			    sizeof *om->runs);
		}
		om->runs[om->nruns++] = ((int64_t)om->year << 32) |
		    om->run_first;
	}
	return rc;
}

/*
 * Reads back a run written (by its id) and adds up its facts into
 * om->stored, which om_check_facts compares with what was read.
 */
static int
om_check_run(struct openmedic *om, int64_t id, char **cause)
{
	const void *blob;
	char *why = NULL;
	int rc, bad = 0;

	if (om->read_run == NULL && db_prepare(om->job->db, "SELECT facts FROM"
	    " med_fact_run WHERE id = ?1", &om->read_run, cause) != 0)
		return -1;
	sqlite3_bind_int64(om->read_run, 1, id);
	if ((rc = db_step(om->read_run, &why)) == DB_ROW &&
	    (blob = sqlite3_column_blob(om->read_run, 0)) != NULL)
		bad = med_pack_sum(&om->stored, blob,
		    (size_t)sqlite3_column_bytes(om->read_run, 0)) != 0;
	sqlite3_reset(om->read_run);
	if (rc == DB_ROW && !bad)
		return 0;
	if (rc == DB_DONE)
		return error_set(cause, _("%s: the stored rows do not add up "
		    "to what was read"), om->job->file_name);
	error_set(cause, _("%s: checking the Open Medic totals: %s"),
	    om->job->file_name, bad ? _("bytes that are not packed cells") :
	    why);
	free(why);
	return -1;
}

/*
 * The work the file's reading leaves time for (csv_reader_set_idle): reads
 * back the next run written. Returns 1 when it did and there may be more.
 */
static int
om_idle(void *arg)
{
	struct openmedic *om = arg;

	if (om->idle_cause != NULL || om->checked == om->nruns)
		return 0;
	if (om_check_run(om, om->runs[om->checked], &om->idle_cause) != 0)
		return 0;
	om->checked++;
	return 1;
}

/*
 * A cell's key: the product's index, then the BEN_REG, age, sex and
 * prescriber codes as om_code gives them (code + 1, 0 for none), the
 * prescriber's taken to its group.
 */
static uint64_t
om_cell_key(size_t product, int region, int age, int sex, int presc)
{
	return ((uint64_t)product << 32) | ((uint64_t)region << 24) |
	    ((uint64_t)age << 16) | ((uint64_t)sex << 8) |
	    (uint64_t)(med_prescriber_group_of(presc - 1, presc != 0) + 1);
}

static int	om_next_product(struct openmedic *, size_t, char **);

static int
om_row(struct openmedic *om, char **cause)
{
	const struct om_figures *f;
	struct om_figures own;
	struct om_product *p;
	struct med_sum v, *cell;
	uint64_t key;
	int age, sex, region, presc;

	if (csv_reader_nfields(om->r) != om->nfields)
		return import_record_error(cause, om->r, _("%zu fields where "
		    "the header has %zu"),
		    csv_reader_nfields(om->r), om->nfields);
	f = csv_reader_prepared(om->r);
	if ((p = om_row_product(om, f, cause)) == NULL)
		return -1;
	if (!f->valid) {
		if (om_row_read(om, &own, cause) != 0)
			return -1;
		f = &own;
	}
	age = f->code[0];
	sex = f->code[1];
	region = f->code[2];
	presc = f->code[3];
	key = om_cell_key((size_t)(p - om->products), region, age, sex, presc);
	med_cells_prefetch(om->cell_set, key);
	memset(&v, 0, sizeof v);
	v.rows = 1;
	v.boxes = f->value[0];
	v.rem = f->value[1];
	v.bse = f->value[2];
	v.has = f->has;
	if (om_bound(om, &v, cause) != 0)
		return -1;

	/* A year's fact ids and every sum of its rows hold 32 bits of row number. */
	if (om->rows == UINT32_MAX)
		return import_record_error(cause, om->r, _("more rows than one "
		    "Open Medic year can hold (%u)"), UINT32_MAX);
	om->rows++;
	if (om->run.n > 0 && (om->run_product != p->id ||
	    om->run.n >= OM_RUN_MAX) && om_write_run(om, cause) != 0)
		return -1;
	if (om->run.n == 0) {
		om->run_product = p->id;
		om->run_first = om->rows;
	}
	/* Codes are stored as published: om_code gave them plus one, 0 for none. */
	om_pack(&om->run, region - 1, age - 1, sex - 1, presc - 1, &v);

	if (v.boxes < 0 || v.rem < 0 || v.bse < 0)
		om->negative_rows++;
	if ((v.has & 7) != 7)
		om->empty_cells += !(v.has & MED_HAS_BOXES) + !(v.has & MED_HAS_REM) +
		    !(v.has & MED_HAS_BSE);
	om->regions_seen[region] = 1;
	med_sum_add(&om->total, &v);
	if (om->cells_product != (size_t)(p - om->products) + 1 &&
	    om_next_product(om, (size_t)(p - om->products), cause) != 0)
		return -1;
	cell = med_cells_get(om->cell_set, key);
	med_sum_add(cell, &v);
	import_progress_row(om->job);
	return 0;
}

/* Writes back the products and ATC codes this file used. */
static int
om_write_dictionaries(struct openmedic *om, char **cause)
{
	sqlite3_stmt *st;
	struct om_product *p;
	struct om_atc *a;
	size_t i;
	int j, rc = 0;

	if (db_prepare(om->job->db, "INSERT INTO med_product (id, cip13, label, "
	    "atc1, atc2, atc3, atc4, atc5, generic_status, generic_group) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
	    "ON CONFLICT (cip13) DO UPDATE SET label = coalesce(excluded.label, "
	    "label), atc1 = excluded.atc1, atc2 = excluded.atc2, atc3 = "
	    "excluded.atc3, atc4 = excluded.atc4, atc5 = excluded.atc5, "
	    "generic_status = excluded.generic_status, generic_group = "
	    "excluded.generic_group", &st, cause) != 0)
		return -1;
	for (i = 0; i < om->nproducts && rc == 0; i++) {
		p = &om->products[i];
		if (!p->seen)
			continue;
		sqlite3_bind_int64(st, 1, p->id);
		sqlite3_bind_text(st, 2, p->cip13, -1, SQLITE_STATIC);
		import_bind_text(st, 3, p->label);
		for (j = 0; j < OM_LEVELS; j++)
			import_bind_text(st, 4 + j, p->atc[j] < 0 ? NULL :
			    om->atcs[p->atc[j]].code);
		om_bind_measure(st, 9, p->top_gen, p->has_top_gen);
		om_bind_measure(st, 10, p->gen_num, p->has_gen_num);
		rc = import_sql_step(st, "med_product", cause);
	}
	sqlite3_finalize(st);
	if (rc != 0)
		return -1;
	if (db_prepare(om->job->db, "INSERT INTO atc (code, level, label, parent) "
	    "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (code) DO UPDATE SET "
	    "label = coalesce(excluded.label, label), level = excluded.level, "
	    "parent = excluded.parent", &st, cause) != 0)
		return -1;
	for (i = 0; i < om->natcs && rc == 0; i++) {
		a = &om->atcs[i];
		sqlite3_bind_text(st, 1, a->code, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 2, a->level);
		import_bind_text(st, 3, a->label);
		import_bind_text(st, 4, a->parent < 0 ? NULL : om->atcs[a->parent].code);
		rc = import_sql_step(st, "atc", cause);
	}
	sqlite3_finalize(st);
	return rc;
}

/* A dimension of a cell key (code + 1, 0 for not declared) as med_total stores it. */
static int
om_unpack(uint64_t key, int shift)
{
	return (int)((key >> shift) & 0xff) - 1;
}

/* What med_total calls a product: its deepest ATC code, a space, its CIP13. */
static char *
om_product_code(const struct openmedic *om, const struct om_product *p)
{
	int level;

	for (level = OM_LEVELS - 1; level >= 0; level--)
		if (p->atc[level] >= 0)
			return xasprintf("%s %s", om->atcs[p->atc[level]].code,
			    p->cip13);
	return xasprintf(" %s", p->cip13);
}

/*
 * The code number of a product at an ATC level (index + 1): its code there,
 * else its deepest code above, so that a drill-down under an ATC prefix
 * still finds what has no code at the deeper level; 0 when it has none.
 */
static uint32_t
om_level_code(const struct om_product *p, int level)
{
	int i;

	for (i = level - 1; i >= 0; i--)
		if (p->atc[i] >= 0)
			return (uint32_t)(p->atc[i] + 1);
	return 0;
}

/* How many cells om_level_prepare takes out of a cube between two gives back. */
#define OM_FORGET_CELLS 65536


/*
 * Keeps the cells packed in b as the next code's, in a block of their size
 * (a level's blocks add up to a tenth of its cube: no doubling buffer).
 */
static void
om_level_keep_pack(struct om_level_out *lo, const char *name,
    struct med_pack_buf *b)
{
	struct om_code_pack *cp;

	if (b->n == 0)
		return;
	if (lo->ncodes == lo->codes_size) {
		lo->codes_size = lo->codes_size * 2 + 64;
		lo->codes = xreallocarray(lo->codes, lo->codes_size,
		    sizeof *lo->codes);
	}
	cp = &lo->codes[lo->ncodes++];
	cp->name = name;
	cp->len = b->n;
	cp->cells = xmalloc(b->n);
	memcpy(cp->cells, b->v, b->n);
	b->n = 0;
}

/* Orders roll-ups as med_total's primary key does (the year and level being one). */
static int
om_rollup_compare(const void *a, const void *b)
{
	const struct om_rollup *x = a, *y = b;

	if (x->region != y->region)
		return x->region < y->region ? -1 : 1;
	if (x->age != y->age)
		return x->age < y->age ? -1 : 1;
	if (x->sex != y->sex)
		return x->sex < y->sex ? -1 : 1;
	if (x->prescriber != y->prescriber)
		return x->prescriber < y->prescriber ? -1 : 1;
	return strcmp(x->name, y->name);
}

/*
 * Takes the n cells of a finished cube out for writing, after those lo
 * already holds, and frees the cube.
 */
static void
om_level_take(struct om_level_out *lo, struct med_cube *cube, size_t n)
{
	struct med_pack_buf pack = { NULL, 0, 0 };
	struct om_rollup *r;
	struct med_cell cell;
	const char *name = NULL;
	uint32_t code = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		/* What is taken out grows as the cube gives back what it held. */
		if (i % OM_FORGET_CELLS == 0)
			med_cube_forget_before(cube, i);
		med_cube_cell(cube, i, &cell);
		if (cell.region == MED_ALL || cell.age == MED_ALL ||
		    cell.sex == MED_ALL || cell.prescriber == MED_ALL) {
			if (lo->nrollups == lo->rollups_size) {
				lo->rollups_size = lo->rollups_size * 2 + 1024;
				lo->rollups = xreallocarray(lo->rollups,
				    lo->rollups_size, sizeof *lo->rollups);
			}
			r = &lo->rollups[lo->nrollups++];
			r->name = cell.name;
			r->region = (int16_t)cell.region;
			r->age = (int16_t)cell.age;
			r->sex = (int16_t)cell.sex;
			r->prescriber = (int16_t)cell.prescriber;
			r->sum = *cell.sum;
			continue;
		}
		/* The cube is sorted by code: a code's cells follow each other. */
		if (name != NULL && code != cell.code)
			om_level_keep_pack(lo, name, &pack);
		name = cell.name;
		code = cell.code;
		om_pack(&pack, cell.region, cell.age, cell.sex, cell.prescriber,
		    cell.sum);
	}
	om_level_keep_pack(lo, name, &pack);
	free(pack.v);
	med_cube_free(cube);
}

/* Orders packed codes by name, as med_cell's primary key does. */
static int
om_code_pack_compare(const void *a, const void *b)
{
	return strcmp(((const struct om_code_pack *)a)->name,
	    ((const struct om_code_pack *)b)->name);
}

/*
 * Puts a level's rows in the table's order: each row then goes at the end
 * of the B-tree rather than into a page far from the last one. A level may
 * have none (a file of one bad row), and qsort's array must not be NULL.
 */
static void
om_level_sort(struct om_level_out *lo, int codes)
{
	if (lo->nrollups > 1)
		qsort(lo->rollups, lo->nrollups, sizeof *lo->rollups,
		    om_rollup_compare);
	if (codes && lo->ncodes > 1)
		qsort(lo->codes, lo->ncodes, sizeof *lo->codes,
		    om_code_pack_compare);
}

/* Takes the n cells of a level's finished cube out for writing, and frees the cube. */
static void
om_level_prepare(struct om_level_out *lo, int level, struct med_cube *cube,
    size_t n)
{
	memset(lo, 0, sizeof *lo);
	lo->level = level;
	om_level_take(lo, cube, n);
	/* For the products, this sort is the second thread's. */
	om_level_sort(lo, 0);
}

/* The code of a cell keyed X << 32 | dimensions: X, or X's in map (a chain's). */
static uint32_t
om_run_code(uint64_t key, const uint32_t *map, int level)
{
	if (map == NULL)
		return (uint32_t)(key >> 32);
	return map[(key >> 32) * OM_LEVELS + (size_t)level - 1];
}

/*
 * Prepares a level from cells that come a code at a time: a small cube for
 * each code's cells, sorted in the processor's caches, rather than one cube
 * of them all sorted through tens of megabytes. keys[i] is X << 32 and the
 * dimensions of sums[i]; its code is X, or map[X * OM_LEVELS + level - 1]
 * with a map. With forget, the arrays' pages are given back as they are
 * read. Returns -1 (lo then empty, the arrays whole) when some code's cells
 * are not together (a product came back): the caller builds one cube then.
 */
static int
om_level_prepare_runs(struct om_level_out *lo, int level, uint64_t *keys,
    struct med_sum *sums, size_t n, const uint32_t *map,
    const char *const *names, size_t nnames, int forget)
{
	struct med_cube *cube;
	uint8_t *closed;
	uint32_t code, last = 0;
	size_t i, start, forgotten = 0;

	memset(lo, 0, sizeof *lo);
	lo->level = level;
	closed = xcalloc(nnames + 1, 1);
	for (i = 0; i < n; i++) {
		code = om_run_code(keys[i], map, level);
		if (code > nnames || (i > 0 && code != last && closed[code])) {
			free(closed);
			return -1;
		}
		if (i > 0 && code != last)
			closed[last] = 1;
		last = code;
	}
	free(closed);
	for (start = 0; start < n; start = i) {
		code = om_run_code(keys[start], map, level);
		cube = med_cube_new();
		for (i = start; i < n && om_run_code(keys[i], map, level) == code;
		    i++)
			med_cube_add(cube, code, om_unpack(keys[i], 24),
			    om_unpack(keys[i], 16), om_unpack(keys[i], 8),
			    om_unpack(keys[i], 0), &sums[i]);
		om_level_take(lo, cube, med_cube_finish(cube, names, nnames));
		if (forget && i - forgotten >= OM_FORGET_CELLS) {
			med_cube_forget_bytes(keys, i * sizeof *keys);
			med_cube_forget_bytes(sums, i * sizeof *sums);
			forgotten = i;
		}
	}
	om_level_sort(lo, 1);
	return 0;
}

static void
om_level_free(struct om_level_out *lo)
{
	size_t i;

	free(lo->rollups);
	for (i = 0; i < lo->ncodes; i++)
		free(lo->codes[i].cells);
	free(lo->codes);
	memset(lo, 0, sizeof *lo);
}

/* Writes a prepared level: its roll-ups into med_total, its packed cells into med_cell. */
static int
om_level_write(struct openmedic *om, struct om_totals_out *out,
    const struct om_level_out *lo, char **cause)
{
	sqlite3_stmt *st = out->total;
	const struct om_code_pack *cp;
	const struct om_rollup *r;
	size_t i;
	int rc = 0;

	for (i = 0; i < lo->nrollups && rc == 0; i++) {
		r = &lo->rollups[i];
		sqlite3_bind_int(st, 1, om->year);
		sqlite3_bind_int(st, 2, lo->level);
		sqlite3_bind_int(st, 3, r->region);
		sqlite3_bind_int(st, 4, r->age);
		sqlite3_bind_int(st, 5, r->sex);
		sqlite3_bind_int(st, 6, r->prescriber);
		sqlite3_bind_text(st, 7, r->name, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 8, r->sum.rows);
		om_bind_measure(st, 9, r->sum.boxes, r->sum.has & MED_HAS_BOXES);
		om_bind_measure(st, 10, r->sum.rem, r->sum.has & MED_HAS_REM);
		om_bind_measure(st, 11, r->sum.bse, r->sum.has & MED_HAS_BSE);
		rc = import_sql_step(st, "med_total", cause);
	}
	st = out->cell;
	for (i = 0; i < lo->ncodes && rc == 0; i++) {
		cp = &lo->codes[i];
		sqlite3_bind_int(st, 1, om->year);
		sqlite3_bind_int(st, 2, lo->level);
		sqlite3_bind_text(st, 3, cp->name, -1, SQLITE_STATIC);
		sqlite3_bind_blob64(st, 4, cp->cells, cp->len, SQLITE_STATIC);
		rc = import_sql_step(st, "med_cell", cause);
	}
	return rc;
}

/*
 * The cells of the ATC levels, summed by ATC chain: products with the same
 * code at each of levels 1 to 5 fall in the same cells at every level, so
 * that each level is built from these (a few per ATC code) rather than from
 * every product's cells. codes holds each chain's five code numbers.
 */
struct om_chains {
	uint64_t	*keys;		/* chain << 32 | dimensions, a cell each */
	struct med_sum	*sums;
	size_t		 n, size;
	uint32_t	*codes;		/* OM_LEVELS per chain */
	size_t		 nchains;
};

static void
om_chains_free(struct om_chains *ch)
{
	free(ch->keys);
	free(ch->sums);
	free(ch->codes);
}

/*
 * Sums cells by ATC chain as they are handed over, numbering the chains as
 * their first products come: while the file is read, a product's cells once
 * its rows have all come; else every cell after reading.
 */
struct om_chain_builder {
	struct med_cells	*set;		/* chain << 32 | dimensions */
	struct strmap		*names;		/* "c1,c2,c3,c4,c5," to chain */
	uint32_t		*chain_of;	/* product index to chain + 1 */
	size_t			 nchain_of;
	uint32_t		*codes;		/* OM_LEVELS per chain */
	size_t			 nchains;
};

static struct om_chain_builder *
om_chainer_new(void)
{
	struct om_chain_builder *b = xcalloc(1, sizeof *b);

	b->set = med_cells_new(32);
	b->names = strmap_new();
	return b;
}

static void
om_chainer_free(struct om_chain_builder *b)
{
	if (b == NULL)
		return;
	med_cells_free(b->set);
	strmap_free(b->names);
	free(b->chain_of);
	free(b->codes);
	free(b);
}

/* The chain of the product at index i: its codes at the five levels. */
static uint32_t
om_chainer_chain(const struct openmedic *om, struct om_chain_builder *b,
    size_t i)
{
	size_t n;
	uint32_t *slot;
	char buf[OM_LEVELS * 11 + 1];
	int level, added, len = 0;

	if (i >= b->nchain_of) {
		n = i + 1 > 2 * b->nchain_of ? i + 1 : 2 * b->nchain_of;
		b->chain_of = xreallocarray(b->chain_of, n, sizeof *b->chain_of);
		memset(b->chain_of + b->nchain_of, 0,
		    (n - b->nchain_of) * sizeof *b->chain_of);
		b->nchain_of = n;
	}
	if (b->chain_of[i] != 0)
		return b->chain_of[i] - 1;
	for (level = 1; level <= OM_LEVELS; level++)
		len += snprintf(buf + len, sizeof buf - (size_t)len, "%u,",
		    om_level_code(&om->products[i], level));
	slot = strmap_put(b->names, buf, &added);
	if (added) {
		*slot = (uint32_t)b->nchains++;
		b->codes = xreallocarray(b->codes, b->nchains * OM_LEVELS,
		    sizeof *b->codes);
		for (level = 1; level <= OM_LEVELS; level++)
			b->codes[*slot * OM_LEVELS + (size_t)level - 1] =
			    om_level_code(&om->products[i], level);
	}
	b->chain_of[i] = *slot + 1;
	return *slot;
}

/* Adds a product cell (product index << 32 | dimensions) to its chain's. */
static void
om_chainer_add(const struct openmedic *om, struct om_chain_builder *b,
    uint64_t key, const struct med_sum *sum)
{
	uint64_t chain = om_chainer_chain(om, b, (size_t)(key >> 32));

	/* Products of one ATC code come together, as their rows do. */
	med_sum_add(med_cells_get(b->set, chain << 32 | (key & 0xffffffff)),
	    sum);
}

/* Hands the chains' sums over to ch, and frees b. */
static void
om_chainer_finish(struct om_chain_builder *b, struct om_chains *ch)
{
	memset(ch, 0, sizeof *ch);
	med_cells_take(b->set, &ch->keys, &ch->sums, &ch->n, &ch->size);
	ch->codes = b->codes;
	ch->nchains = b->nchains;
	b->codes = NULL;
	om_chainer_free(b);
}

/* Sums the products' cells (keys[i] is cell i's) by ATC chain. */
static void
om_chains_build(struct openmedic *om, const uint64_t *keys, struct om_chains *ch)
{
	struct om_chain_builder *b = om_chainer_new();
	size_t i;

	for (i = 0; i < om->ncells; i++)
		om_chainer_add(om, b, keys[i], &om->cells[i]);
	om_chainer_finish(b, ch);
}

/*
 * The products' cube, made of the import's own cells: their keys turned into
 * the cube's form where they are, their sums moved rather than copied, so
 * that the cells are never held twice.
 */
static struct med_cube *
om_product_cube(struct openmedic *om, uint64_t *keys)
{
	struct med_cube *cube = med_cube_new();
	size_t i;

	for (i = 0; i < om->ncells; i++)
		keys[i] = med_cube_key((uint32_t)(keys[i] >> 32),
		    om_unpack(keys[i], 24), om_unpack(keys[i], 16),
		    om_unpack(keys[i], 8), om_unpack(keys[i], 0));
	med_cube_adopt(cube, keys, om->cells, om->ncells, om->cells_size);
	om->cells = NULL;
	om->ncells = om->cells_size = 0;
	return cube;
}

/*
 * Once a product came back (a year no longer streamed), on a second
 * thread: the ATC chains' sums, then the products' cube, finished (rolled
 * up and sorted) and prepared for writing, while the
 * importing thread checks the stored facts and builds and writes the ATC
 * levels as soon as the chains are there. The products' cube is the
 * largest by far: on the importing thread it would leave the second core
 * idle after reading.
 */
struct om_finisher {
	pthread_t		 thread;
	int			 started, joined;
	pthread_mutex_t		 lock;
	pthread_cond_t		 changed;
	struct openmedic	*om;
	uint64_t		*keys;
	struct om_chains	 chains;
	int			 chains_ready;
	const char *const	*names;
	size_t			 nnames;
	struct om_level_out	 out;
};

static void *
om_finisher_main(void *arg)
{
	struct om_finisher *f = arg;
	struct med_cube *cube;

	om_chains_build(f->om, f->keys, &f->chains);
	pthread_mutex_lock(&f->lock);
	f->chains_ready = 1;
	pthread_cond_broadcast(&f->changed);
	pthread_mutex_unlock(&f->lock);
	/* The chains hold the sums the levels need: the products' cells can go. */
	if (om_level_prepare_runs(&f->out, MED_LEVEL_PRODUCT, f->keys,
	    f->om->cells, f->om->ncells, NULL, f->names, f->nnames, 1) == 0) {
		free(f->keys);
		free(f->om->cells);
		f->om->cells = NULL;
		f->om->ncells = f->om->cells_size = 0;
		return NULL;
	}
	cube = om_product_cube(f->om, f->keys);
	om_level_prepare(&f->out, MED_LEVEL_PRODUCT, cube,
	    med_cube_finish(cube, f->names, f->nnames));
	return NULL;
}

/*
 * Starts the second thread on the products' cells (keys[i] is cell i's);
 * without a thread, does its work here.
 */
static void
om_finisher_start(struct om_finisher *f, struct openmedic *om, uint64_t *keys,
    const char *const *names, size_t nnames)
{
	memset(f, 0, sizeof *f);
	f->om = om;
	f->keys = keys;
	f->names = names;
	f->nnames = nnames;
	pthread_mutex_init(&f->lock, NULL);
	pthread_cond_init(&f->changed, NULL);
	f->started = pthread_create(&f->thread, NULL, om_finisher_main, f) == 0;
	if (!f->started)
		om_finisher_main(f);
}

/* The ATC chains, once the second thread has summed them. */
static const struct om_chains *
om_finisher_chains(struct om_finisher *f)
{
	pthread_mutex_lock(&f->lock);
	while (!f->chains_ready)
		pthread_cond_wait(&f->changed, &f->lock);
	pthread_mutex_unlock(&f->lock);
	return &f->chains;
}

/* The products' level prepared, once the second thread is done with it. */
static struct om_level_out *
om_finisher_wait(struct om_finisher *f)
{
	if (f->started && !f->joined)
		pthread_join(f->thread, NULL);
	f->joined = 1;
	return &f->out;
}

/* Lets go of the chains; the products' level is the caller's (om_level_free). */
static void
om_finisher_free(struct om_finisher *f)
{
	(void)om_finisher_wait(f);
	om_chains_free(&f->chains);
	pthread_mutex_destroy(&f->lock);
	pthread_cond_destroy(&f->changed);
}

/* Code names of every ATC code (levels 1-5: ATC index + 1, 0 for none). */
static char **
om_atc_names(const struct openmedic *om, size_t nnames)
{
	char **names = xcalloc(nnames, sizeof *names);
	size_t i;

	names[0] = xstrdup("");
	for (i = 0; i < om->natcs; i++)
		names[i + 1] = xstrdup(om->atcs[i].code);
	return names;
}

/* Code names of every product read (level 6: product index). */
static char **
om_products_names(const struct openmedic *om, size_t nnames)
{
	char **names = xcalloc(nnames, sizeof *names);
	size_t i;

	for (i = 0; i < om->nproducts; i++)
		if (om->products[i].seen)
			names[i] = om_product_code(om, &om->products[i]);
	return names;
}

static int	om_check_facts(struct openmedic *, char **);

/* Removes a level of the year's totals written so far. */
static int
om_forget_level(struct openmedic *om, int level, char **cause)
{
	static const char *const sql[] = {
		"DELETE FROM med_total WHERE year = ?1 AND level = ?2",
		"DELETE FROM med_cell WHERE year = ?1 AND level = ?2",
	};
	sqlite3_stmt *st;
	size_t i;
	int rc = 0;

	for (i = 0; i < sizeof sql / sizeof sql[0] && rc == 0; i++) {
		if (db_prepare(om->job->db, sql[i], &st, cause) != 0)
			return -1;
		sqlite3_bind_int(st, 1, om->year);
		sqlite3_bind_int(st, 2, level);
		rc = import_sql_step(st, "replacing the products' totals",
		    cause);
		sqlite3_finalize(st);
	}
	return rc;
}

/* The name of the product at index i in med_total, kept while the year is read. */
static const char *const *
om_product_name(struct openmedic *om, size_t i)
{
	size_t n;

	if (i >= om->nproduct_names) {
		n = i + 1 > 2 * om->nproduct_names ? i + 1 :
		    2 * om->nproduct_names;
		om->product_names = xreallocarray(om->product_names, n,
		    sizeof *om->product_names);
		memset(om->product_names + om->nproduct_names, 0,
		    (n - om->nproduct_names) * sizeof *om->product_names);
		om->nproduct_names = n;
	}
	if (om->product_names[i] == NULL)
		om->product_names[i] = om_product_code(om, &om->products[i]);
	return (const char *const *)&om->product_names[i];
}

/*
 * Finishes the cells of the product whose rows have just ended: sums them
 * by ATC chain, rolls them up and writes them as the products' level (a
 * cube of this one product, its code 0), and forgets them.
 */
static int
om_finish_product(struct openmedic *om, char **cause)
{
	struct om_level_out lo;
	struct med_cube *cube;
	const struct med_sum *sum;
	size_t i, n = med_cells_count(om->cell_set);
	uint64_t key;
	int rc;

	if (n == 0)
		return 0;
	cube = med_cube_new();
	for (i = 0; i < n; i++) {
		key = med_cells_key(om->cell_set, i);
		sum = med_cells_sum(om->cell_set, i);
		om_chainer_add(om, om->chainer, key, sum);
		med_cube_add(cube, 0, om_unpack(key, 24), om_unpack(key, 16),
		    om_unpack(key, 8), om_unpack(key, 0), sum);
	}
	memset(&lo, 0, sizeof lo);
	lo.level = MED_LEVEL_PRODUCT;
	om_level_take(&lo, cube, med_cube_finish(cube,
	    om_product_name(om, om->cells_product - 1), 1));
	om_level_sort(&lo, 0);
	rc = om_level_write(om, &om->out, &lo, cause);
	om_level_free(&lo);
	med_cells_empty(om->cell_set);
	return rc;
}

/*
 * A product's rows came back after another's: the cells of the products
 * finished are gone, and their level written. They are summed again from
 * the facts stored so far (every row before this one), and the year is
 * finished as a whole after reading, as when nothing was finished on the
 * way.
 */
static int
om_stop_streaming(struct openmedic *om, char **cause)
{
	struct med_cells *set;
	struct med_pack_cell c;
	struct intmap *index;
	struct med_sum v;
	sqlite3_stmt *st;
	const uint8_t *p, *end;
	uint32_t *slot;
	char *why = NULL;
	size_t i;
	int rc, next, added;

	om->streaming = 0;
	om_chainer_free(om->chainer);
	om->chainer = NULL;
	if (om_forget_level(om, MED_LEVEL_PRODUCT, cause) != 0)
		return -1;
	if (db_prepare(om->job->db, "SELECT product_id, facts FROM med_fact_run"
	    " WHERE id BETWEEN ?1 << 32 AND (?1 << 32) + 4294967295 ORDER BY id",
	    &st, cause) != 0)
		return -1;
	sqlite3_bind_int(st, 1, om->year);
	index = intmap_new();
	for (i = 0; i < om->nproducts; i++)
		*intmap_put(index, (uint64_t)om->products[i].id, &added) =
		    (uint32_t)i;
	set = med_cells_new(32);
	while ((rc = db_step(st, &why)) == DB_ROW) {
		if ((slot = intmap_get(index, (uint64_t)sqlite3_column_int64(st,
		    0))) == NULL)
			break;
		p = sqlite3_column_blob(st, 1);
		end = p + sqlite3_column_bytes(st, 1);
		while ((next = med_pack_next(&p, end, &c)) == 1) {
			med_pack_cell_sum(&c, &v);
			med_sum_add(med_cells_get(set, om_cell_key(*slot,
			    (int)c.dim[0] + 1, (int)c.dim[1] + 1,
			    (int)c.dim[2] + 1, (int)c.dim[3] + 1)), &v);
		}
		if (next < 0)
			break;
	}
	sqlite3_finalize(st);
	intmap_free(index);
	med_cells_free(om->cell_set);
	om->cell_set = set;
	if (rc == DB_DONE)
		return 0;
	error_set(cause, _("%s: checking the Open Medic totals: %s"),
	    om->job->file_name, rc < 0 ? why :
	    _("bytes that are not packed cells"));
	free(why);
	return -1;
}

/* Moves to the product at index i, finishing the last one's cells. */
static int
om_next_product(struct openmedic *om, size_t i, char **cause)
{
	if (om->streaming) {
		if (om->cells_product != 0 && om_finish_product(om, cause) != 0)
			return -1;
		if (med_cells_seen(om->cell_set, i) &&
		    om_stop_streaming(om, cause) != 0)
			return -1;
	}
	om->cells_product = i + 1;
	return 0;
}

/* Prepares ATC level 1 to 5 from the products' cells summed by chain. */
static void
om_level_prepare_chains(struct om_level_out *lo, int level,
    const struct om_chains *chains, const char *const *names, size_t nnames)
{
	struct med_cube *cube;
	uint64_t key;
	size_t i;

	if (om_level_prepare_runs(lo, level, chains->keys, chains->sums,
	    chains->n, chains->codes, names, nnames, 0) == 0)
		return;
	cube = med_cube_new();
	for (i = 0; i < chains->n; i++) {
		key = chains->keys[i];
		med_cube_add(cube, chains->codes[(key >> 32) * OM_LEVELS +
		    (size_t)level - 1], om_unpack(key, 24), om_unpack(key, 16),
		    om_unpack(key, 8), om_unpack(key, 0), &chains->sums[i]);
	}
	om_level_prepare(lo, level, cube, med_cube_finish(cube, names, nnames));
}

/* Builds and writes ATC levels 1 to 5 from the products' cells summed by chain. */
static int
om_write_levels(struct openmedic *om, struct om_totals_out *out,
    const struct om_chains *chains, const char *const *names, size_t nnames,
    char **cause)
{
	struct om_level_out lo;
	int level, rc = 0;

	for (level = 1; level <= OM_LEVELS && rc == 0; level++) {
		om_level_prepare_chains(&lo, level, chains, names, nnames);
		rc = om_level_write(om, out, &lo, cause);
		om_level_free(&lo);
	}
	return rc;
}

/*
 * ATC levels 1 to OM_LEVELS_SECOND prepared on a second thread, while the
 * importing one checks the last facts and prepares the others.
 */
#define OM_LEVELS_SECOND 4

struct om_levels_job {
	pthread_t		 thread;
	int			 started;
	const struct om_chains	*chains;
	const char *const	*names;
	size_t			 nnames;
	struct om_level_out	 lo[OM_LEVELS];
};

static void *
om_levels_main(void *arg)
{
	struct om_levels_job *j = arg;
	int level;

	for (level = 1; level <= OM_LEVELS_SECOND; level++)
		om_level_prepare_chains(&j->lo[level - 1], level, j->chains,
		    j->names, j->nnames);
	return NULL;
}

/* Starts preparing the levels on a second thread; without one, om_levels_write does. */
static void
om_levels_start(struct om_levels_job *j, const struct om_chains *chains,
    const char *const *names, size_t nnames)
{
	memset(j, 0, sizeof *j);
	j->chains = chains;
	j->names = names;
	j->nnames = nnames;
	j->started = pthread_create(&j->thread, NULL, om_levels_main, j) == 0;
}

/*
 * Prepares the levels the second thread leaves, waits for its own, then
 * writes them all (while rc is 0) and frees them.
 */
static int
om_levels_write(struct openmedic *om, struct om_levels_job *j, int rc,
    char **cause)
{
	int level;

	for (level = OM_LEVELS_SECOND + 1; level <= OM_LEVELS; level++)
		om_level_prepare_chains(&j->lo[level - 1], level, j->chains,
		    j->names, j->nnames);
	if (j->started)
		pthread_join(j->thread, NULL);
	else
		om_levels_main(j);
	for (level = 0; level < OM_LEVELS; level++) {
		if (rc == 0)
			rc = om_level_write(om, &om->out, &j->lo[level], cause);
		om_level_free(&j->lo[level]);
	}
	return rc;
}

/* Prepares the statements writing the year's totals. */
static int
om_totals_prepare(struct openmedic *om, char **cause)
{
	if (db_prepare(om->job->db, "INSERT INTO med_total (year, level, region,"
	    " age, sex, prescriber, code, rows, boxes, reimbursed_cents,"
	    " base_cents) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	    &om->out.total, cause) != 0)
		return -1;
	return db_prepare(om->job->db, "INSERT INTO med_cell (year, level, code,"
	    " cells) VALUES (?1, ?2, ?3, ?4)", &om->out.cell, cause);
}

/*
 * Rolls the cells up to every ATC level (and to the products, unless
 * streaming wrote them), into med_total and med_cell, and checks the stored
 * facts. Streaming, the chains are summed and two threads prepare the ATC
 * levels; else the second thread sums the chains, then builds the products'
 * level while this one checks the facts and writes the ATC levels.
 */
static int
om_write_totals(struct openmedic *om, char **cause)
{
	struct om_finisher products;
	struct om_levels_job levels;
	struct om_chains summed;
	struct om_level_out *product_out;
	char **names, **product_names;
	size_t nnames;
	uint64_t *keys;
	int rc = 0;

	nnames = (om->natcs + 1 > om->nproducts ? om->natcs + 1 : om->nproducts);
	names = om_atc_names(om, nnames);
	if (om->streaming) {
		if (om->cells_product != 0)
			rc = om_finish_product(om, cause);
		om_chainer_finish(om->chainer, &summed);
		om->chainer = NULL;
		om_levels_start(&levels, &summed, (const char *const *)names,
		    nnames);
		if (rc == 0)
			rc = om_check_facts(om, cause);
		rc = om_levels_write(om, &levels, rc, cause);
		om_chains_free(&summed);
		xfree_strings(names, nnames);
		return rc;
	}
	product_names = om_products_names(om, nnames);
	med_cells_take(om->cell_set, &keys, &om->cells, &om->ncells,
	    &om->cells_size);
	om_finisher_start(&products, om, keys,
	    (const char *const *)product_names, nnames);
	/* While the second thread sums the ATC chains. */
	rc = om_check_facts(om, cause);
	if (rc == 0)
		rc = om_write_levels(om, &om->out, om_finisher_chains(&products),
		    (const char *const *)names, nnames, cause);
	product_out = om_finisher_wait(&products);
	if (rc == 0)
		rc = om_level_write(om, &om->out, product_out, cause);
	om_level_free(product_out);
	om_finisher_free(&products);
	xfree_strings(product_names, nnames);
#ifdef __GLIBC__
	/*
	 * What the second thread allocated went back to its own arena when
	 * freed here, where this thread's allocations never find it: given
	 * back, or each year's would add to the import's peak.
	 */
	malloc_trim(0);
#endif
	xfree_strings(names, nnames);
	return rc;
}

/*
 * Adds up the packed cells a query returns (a level, 0 for none, and a BLOB
 * of med_pack cells a row) into sums[level], in C: through med_unpack, SQL
 * would take a row of its own for each of the year's two million. The cells
 * are decoded on a second thread while SQLite reads the next BLOBs.
 */
static int
om_sum_packed(sqlite3 *db, int year, const char *file_name, const char *sql,
    struct med_sum *sums, char **cause)
{
	struct med_pack_summer *summer;
	sqlite3_stmt *st;
	const void *blob;
	char *why = NULL;
	int rc, level = 0, bad;

	if (db_prepare(db, sql, &st, cause) != 0)
		return -1;
	sqlite3_bind_int(st, 1, year);
	summer = med_pack_summer_new(sums, MED_LEVEL_PRODUCT + 1);
	while ((rc = db_step(st, &why)) == DB_ROW) {
		level = sqlite3_column_int(st, 0);
		if (level < 0 || level > MED_LEVEL_PRODUCT)
			break;
		/* NULL for an empty BLOB: no cell. */
		if ((blob = sqlite3_column_blob(st, 1)) != NULL)
			med_pack_summer_add(summer, level, blob,
			    (size_t)sqlite3_column_bytes(st, 1));
	}
	sqlite3_finalize(st);
	bad = med_pack_summer_free(summer) != 0;
	if (rc != DB_DONE || bad) {
		error_set(cause, _("%s: checking the Open Medic totals: %s"),
		    file_name, bad ? _("bytes that are not packed "
		    "cells") : rc == DB_ROW ? _("a level out of range") : why);
		free(why);
		return -1;
	}
	return 0;
}

/*
 * Checks that the stored facts hold exactly what was read: a mismatch would
 * be a bug, and fails the import. Most runs were read back while the file
 * was read (om_idle); the rest are here, and the year must hold no other.
 */
static int
om_check_facts(struct openmedic *om, char **cause)
{
	sqlite3_stmt *st;
	int64_t stored = -1;
	int rc;

	for (; om->checked < om->nruns; om->checked++)
		if (om_check_run(om, om->runs[om->checked], cause) != 0)
			return -1;
	if (db_prepare(om->job->db, "SELECT count(*) FROM med_fact_run WHERE id"
	    " BETWEEN ?1 << 32 AND (?1 << 32) + 4294967295", &st, cause) != 0)
		return -1;
	sqlite3_bind_int(st, 1, om->year);
	if ((rc = db_step(st, cause)) == DB_ROW)
		stored = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc < 0)
		return -1;
	if (stored != (int64_t)om->nruns || !med_sum_equal(&om->stored,
	    &om->total))
		return error_set(cause, _("%s: the stored rows do not add up "
		    "to what was read"), om->job->file_name);
	return 0;
}

/* What om_check_totals needs of a year, kept until the copy is committed. */
struct om_totals_check {
	int		 year;
	struct med_sum	 facts;		/* what was read */
	int64_t		 rows;
	char		*file_name;
};

static void
om_totals_check_free(void *arg)
{
	struct om_totals_check *c = arg;

	free(c->file_name);
	free(c);
}

/*
 * Checks that at every level each kind of med_total cell (finest, all
 * summed, all but one summed) adds up to the facts, which om_check_facts
 * found to be what was read: run on the committed copy, beside quick_check
 * (import_defer_check).
 */
static int
om_check_totals(sqlite3 *db, const void *arg, char **cause)
{
	const struct om_totals_check *c = arg;
	struct med_sum facts = c->facts, sums[MED_LEVEL_PRODUCT + 1][16], v;
	struct med_sum finest[MED_LEVEL_PRODUCT + 1];
	sqlite3_stmt *st;
	char *why = NULL;
	int rc, level, kind, i, kinds = 0;

	if (db_prepare(db, "SELECT level, region, age, sex, prescriber,"
	    " rows, boxes, reimbursed_cents, base_cents FROM med_total WHERE"
	    " year = ?1", &st, cause) != 0)
		return -1;
	sqlite3_bind_int(st, 1, c->year);
	memset(sums, 0, sizeof sums);
	while ((rc = db_step(st, &why)) == DB_ROW) {
		level = sqlite3_column_int(st, 0);
		if (level < 1 || level > MED_LEVEL_PRODUCT)
			break;
		for (kind = 0, i = 0; i < 4; i++)
			kind |= (sqlite3_column_int(st, 1 + i) == MED_ALL) << i;
		memset(&v, 0, sizeof v);
		v.rows = (uint32_t)sqlite3_column_int64(st, 5);
		for (i = 0; i < 3; i++)
			v.has |= (sqlite3_column_type(st, 6 + i) !=
			    SQLITE_NULL) << i;
		v.boxes = sqlite3_column_int64(st, 6);
		v.rem = sqlite3_column_int64(st, 7);
		v.bse = sqlite3_column_int64(st, 8);
		med_sum_add(&sums[level][kind], &v);
	}
	sqlite3_finalize(st);
	if (rc != DB_DONE) {
		error_set(cause, _("%s: checking the Open Medic totals: %s"),
		    c->file_name, rc == DB_ROW ?
		    _("a level out of range") :
		    why);
		free(why);
		return -1;
	}
	/* The finest cells, packed in med_cell (kind 0: no dimension summed). */
	memset(finest, 0, sizeof finest);
	if (om_sum_packed(db, c->year, c->file_name, "SELECT level, cells FROM"
	    " med_cell WHERE year = ?1", finest, cause) != 0)
		return -1;
	for (level = 1; level <= MED_LEVEL_PRODUCT; level++)
		sums[level][0] = finest[level];
	for (level = 1; level <= MED_LEVEL_PRODUCT; level++) {
		for (kind = 0; kind < 16; kind++) {
			if (sums[level][kind].rows == 0 &&
			    sums[level][kind].has == 0)
				continue;
			kinds++;
			if (!med_sum_equal(&facts, &sums[level][kind]))
				return error_set(cause, _("%s: the Open Medic "
				    "totals of level %d, kind %d do not add up "
				    "to the rows"), c->file_name, level,
				    kind);
		}
	}
	if (c->rows > 0 && kinds != MED_LEVEL_PRODUCT * MED_TOTAL_KINDS)
		return error_set(cause, _("%s: %d kinds of Open Medic totals "
		    "where %d were expected"), c->file_name, kinds,
		    MED_LEVEL_PRODUCT * MED_TOTAL_KINDS);
	return 0;
}

/* Has the year's totals checked once the copy is committed. */
static void
om_defer_totals_check(struct openmedic *om)
{
	struct om_totals_check *c = xcalloc(1, sizeof *c);

	c->year = om->year;
	c->facts = om->total;
	c->rows = om->rows;
	c->file_name = xstrdup(om->job->file_name);
	import_defer_check(om->job, om_check_totals, c, om_totals_check_free);
}

static json_t *
om_totals_json(const struct openmedic *om, int layout)
{
	json_t *o = json_object();
	int i, regions = 0;

	for (i = 0; i < 256; i++)
		regions += om->regions_seen[i];
	json_object_set_new(o, "layout_columns", json_integer(layout));
	json_object_set_new(o, "rows", json_integer(om->total.rows));
	json_object_set_new(o, "boxes", json_integer(om->total.boxes));
	json_object_set_new(o, "reimbursed_cents", json_integer(om->total.rem));
	json_object_set_new(o, "base_cents", json_integer(om->total.bse));
	json_object_set_new(o, "negative_rows", json_integer(om->negative_rows));
	json_object_set_new(o, "empty_cells", json_integer(om->empty_cells));
	json_object_set_new(o, "products", json_integer((json_int_t)
	    strmap_count(om->product_index)));
	json_object_set_new(o, "regions", json_integer(regions));
	json_object_set_new(o, "aggregates_match", json_true());
	return o;
}

/* The years a run has read, so that a year given twice is refused, not replaced. */
struct om_run {
	int	 *years;
	char	**names;	/* file and entry of each year */
	size_t	  n;
};

static void
om_run_free(void *state)
{
	struct om_run *run = state;
	size_t i;

	if (run == NULL)
		return;
	for (i = 0; i < run->n; i++)
		free(run->names[i]);
	free(run->names);
	free(run->years);
	free(run);
}

/* Records that this run reads year from r, or says which file already gave it. */
static int
om_run_claim(struct import_job *job, int year, const struct csv_reader *r,
    char **cause)
{
	struct om_run *run = job->state[IMPORT_OPENMEDIC];
	size_t i;

	if (run == NULL)
		run = job->state[IMPORT_OPENMEDIC] = xcalloc(1, sizeof *run);
	for (i = 0; i < run->n; i++) {
		if (run->years[i] == year)
			return error_set(cause, _("%s: Open Medic %d a second "
			    "time in one import (the first is %s): each would "
			    "replace the other, import the year once"),
			    csv_reader_name(r), year,
			    run->names[i]);
	}
	run->years = xreallocarray(run->years, run->n + 1, sizeof *run->years);
	run->names = xreallocarray(run->names, run->n + 1, sizeof *run->names);
	run->years[run->n] = year;
	run->names[run->n++] = xstrdup(csv_reader_name(r));
	return 0;
}

/* Removes the year being imported, so that a re-import replaces it. */
static int
om_forget_year(struct openmedic *om, char **cause)
{
	sqlite3_stmt *st;
	static const char *const sql[] = {
		("DELETE FROM med_fact_run WHERE id BETWEEN ?1 << 32 AND "
		    "(?1 << 32) + 4294967295"),
		"DELETE FROM med_total WHERE year = ?1",
		"DELETE FROM med_cell WHERE year = ?1",
	};
	size_t i;
	int rc = 0;

	for (i = 0; i < sizeof sql / sizeof sql[0] && rc == 0; i++) {
		if (db_prepare(om->job->db, sql[i], &st, cause) != 0)
			return -1;
		sqlite3_bind_int(st, 1, om->year);
		rc = import_sql_step(st, "replacing the year", cause);
		sqlite3_finalize(st);
	}
	return rc;
}

static int
om_read(struct import_job *job, struct csv_reader *r, const char *entry,
    char **cause)
{
	struct openmedic *om;
	struct om_layout layout;
	int64_t dataset;
	int c, rc = -1;

	om = xcalloc(1, sizeof *om);
	om->job = job;
	om->r = r;
	om->next_product_id = 1;
	om->product_index = strmap_new();
	om->atc_index = strmap_new();
	om->cell_set = med_cells_new(32);
	om->year = om_year_in_name(entry);
	if (om->year == 0)
		om->year = om_year_in_name(job->file_name);
	if (om->year == 0)
		om->year = job->options->year;
	if (om->year == 0) {
		error_set(cause, _("%s: an Open Medic file whose name does not "
		    "give the year (OPEN_MEDIC_<YYYY>): give it with --year"),
		    job->path);
		goto out;
	}
	if (om_run_claim(job, om->year, r, cause) != 0 ||
	    import_take_header(r, cause) != 0)
		goto out;
	om->nfields = csv_reader_nfields(r);
	for (c = 0; c < OM_NCOLUMNS; c++) {
		om->col[c] = csv_reader_column(r, om_column_names[c]);
		if (om->col[c] < 0 && !OM_OPTIONAL(c)) {
			import_require_column(r, om_column_names[c], cause);
			goto out;
		}
	}
	/* Each row's figures, read ahead on the reader's thread when it can. */
	memset(&layout, 0, sizeof layout);
	memcpy(layout.col, om->col, sizeof layout.col);
	layout.nfields = om->nfields;
	csv_reader_set_prepare(r, om_prepare, &layout, sizeof layout,
	    sizeof(struct om_figures));
	om->streaming = 1;
	om->chainer = om_chainer_new();
	csv_reader_set_idle(r, om_idle, om);
	if ((dataset = import_dataset_begin(job, "openmedic",
	    "Assurance Maladie, Open Medic", om->year, cause)) < 0 ||
	    om_forget_year(om, cause) != 0 || om_load_products(om, cause) != 0)
		goto out;
	if (db_prepare(job->db, "INSERT INTO med_fact_run (id, year, product_id,"
	    " facts) VALUES (?1, ?2, ?3, ?4)", &om->insert_run, cause) != 0 ||
	    om_totals_prepare(om, cause) != 0)
		goto out;
	while ((rc = csv_reader_next(r, cause)) == 1) {
		if (om_row(om, cause) != 0) {
			rc = -1;
			break;
		}
	}
	if (rc == 0 && om->idle_cause != NULL) {
		if (cause != NULL) {
			*cause = om->idle_cause;
			om->idle_cause = NULL;
		}
		rc = -1;
	}
	if (rc != 0 || om_write_run(om, cause) != 0)
		goto out;
	rc = -1;
	progress_phase(job->progress, _("building and checking the "
	    "totals"));
	if (om_write_dictionaries(om, cause) != 0 ||
	    om_write_totals(om, cause) != 0)
		goto out;
	om_defer_totals_check(om);
	rc = import_dataset_end(job, dataset, om->rows, om->rows, 0,
	    om_totals_json(om, (int)om->nfields), cause);
out:
	om_free(om);
	return rc;
}

const struct import_kind import_openmedic_kind = {
	"openmedic",
	N_("an Open Medic CSV (header with BOITES, REM and BSE)"),
	om_detect, om_read, NULL, om_run_free, NULL,
};
