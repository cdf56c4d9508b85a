/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <jansson.h>

#include "clock.h"
#include "cmd.h"
#include "cmd_user.h"
#include "fold.h"
#include "i18n.h"
#include "out.h"
#include "params_search.h"
#include "profile.h"
#include "query_hospital.h"
#include "texttable.h"
#include "utf8.h"
#include "xmalloc.h"

/* The table's columns; name, category and city are cut when the terminal is narrow. */
enum { COL_FINESS, COL_NAME, COL_CATEGORY, COL_POSTCODE, COL_CITY, COL_DEP,
    COL_KM, NCOLS };

/* The headings, as the Hôpitaux pane names its columns; translated where drawn. */
static const char *const search_head[NCOLS] = {
	"FINESS", N_("Name"), N_("Category"), N_("Postcode"), N_("City"),
	N_("Dept"), "km",
};

/* Narrowest a cut column gets, so that a name stays recognisable. */
#define SEARCH_MIN_WIDTH 8

/* Width of the output in columns: COLUMNS, else the terminal's, else 0 (no limit). */
static int
search_output_width(void)
{
	struct winsize ws;
	const char *env;
	char *end;
	long n;

	if ((env = getenv("COLUMNS")) != NULL && *env != '\0') {
		n = strtol(env, &end, 10);
		if (*end == '\0' && n > 0 && n < 10000)
			return (int)n;
	}
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
	    ws.ws_col > 0)
		return ws.ws_col;
	return 0;
}

/*
 * Shares budget columns between the columns of non-zero weight, in
 * proportion to their weights: a column narrower than its share keeps its
 * width, one whose share is under its heading or SEARCH_MIN_WIDTH gets that,
 * and the others split what is left.
 */
static void
search_share_width(int *width, const int *weight, int budget)
{
	int done[NCOLS] = { 0 }, left = budget, wsum = 0, share, floor, changed;
	int i;

	for (i = 0; i < NCOLS; i++)
		wsum += weight[i];
	do {
		changed = 0;
		for (i = 0; i < NCOLS && wsum > 0; i++) {
			if (weight[i] == 0 || done[i])
				continue;
			share = left * weight[i] / wsum;
			floor = utf8_width(_(search_head[i]));
			if (floor < SEARCH_MIN_WIDTH)
				floor = SEARCH_MIN_WIDTH;
			if (width[i] > share && share >= floor)
				continue;
			if (width[i] > floor)
				width[i] = width[i] <= share ? width[i] : floor;
			done[i] = changed = 1;
			left -= width[i];
			wsum -= weight[i];
		}
	} while (changed);
	for (i = 0; i < NCOLS && wsum > 0; i++) {
		if (weight[i] == 0 || done[i])
			continue;
		width[i] = left * weight[i] / wsum;
		left -= width[i];
		wsum -= weight[i];
	}
}

/* The distance as the list shows it, in tenths of a km. */
static void
search_km_text(const struct hospital_row *row, char *buf, size_t size)
{
	char text[48];

	if (row->distance_km < 0) {
		*buf = '\0';
		return;
	}
	snprintf(buf, size, "%s", texttable_decimal(row->distance_km, 1, text));
}

static void
search_row_cells(const struct hospital_row *row, const char **cells,
    char *km, size_t kmsize)
{
	cells[COL_FINESS] = row->finess;
	cells[COL_NAME] = row->name;
	cells[COL_CATEGORY] = row->category;
	cells[COL_POSTCODE] = row->postal_code;
	cells[COL_CITY] = row->city;
	cells[COL_DEP] = row->departement;
	search_km_text(row, km, kmsize);
	cells[COL_KM] = km;
}

/* Prints the results as a table cut to the output's width. */
static void
search_print_table(const struct hospital_results *r)
{
	/* The name matters most when something must give. */
	static const int cut[NCOLS] = { [COL_NAME] = 2, [COL_CATEGORY] = 1,
	    [COL_CITY] = 1 };
	struct texttable *t;
	const char *cells[NCOLS], *head[NCOLS];
	char *cutcells[NCOLS], km[16];
	int width[NCOLS], total = 0, out, i, w, ncols;
	size_t n;

	/* The distance column only when --near measured one. */
	ncols = r->near != NULL ? NCOLS : COL_KM;
	for (i = 0; i < NCOLS; i++) {
		head[i] = _(search_head[i]);
		width[i] = i < ncols ? utf8_width(head[i]) : 0;
	}
	for (n = 0; n < r->nrows; n++) {
		search_row_cells(&r->rows[n], cells, km, sizeof km);
		for (i = 0; i < ncols; i++) {
			w = cells[i] != NULL ? utf8_width(cells[i]) : 0;
			if (w > width[i])
				width[i] = w;
		}
	}
	for (i = 0; i < ncols; i++)
		total += width[i] + (i > 0 ? 2 : 0);
	if ((out = search_output_width()) > 0 && total > out)
		search_share_width(width, cut, out - (total - width[COL_NAME] -
		    width[COL_CATEGORY] - width[COL_CITY]));
	t = texttable_new(ncols);
	texttable_add(t, head);
	if (ncols == NCOLS)
		texttable_align_right(t, COL_KM);
	for (n = 0; n < r->nrows; n++) {
		search_row_cells(&r->rows[n], cells, km, sizeof km);
		for (i = 0; i < ncols; i++) {
			cutcells[i] = cells[i] != NULL && cut[i] ?
			    utf8_cut(cells[i], width[i], 1) : NULL;
			if (cutcells[i] != NULL)
				cells[i] = cutcells[i];
		}
		texttable_add(t, cells);
		for (i = 0; i < ncols; i++)
			free(cutcells[i]);
	}
	texttable_print(t, stdout, 0);
	texttable_free(t);
}

/* Says what was looked for, as the heading of the list. */
static char *
search_describe(const struct hospital_results *r)
{
	char *label, *t;

	if (r->near != NULL) {
		label = hospital_near_label(r->near);
		t = xasprintf(_("within %d km of %s"), r->near->km, label);
		free(label);
		return t;
	}
	switch (r->kind) {
	case HOSPITAL_QUERY_POSTCODE:
		if (strlen(r->key) == 5)
			return xasprintf(_("with postcode %s"), r->key);
		return xasprintf(_("with a postcode starting %s"), r->key);
	case HOSPITAL_QUERY_DEPARTEMENT:
		return xasprintf(_("in département %s (%s)"), r->key, r->place);
	default:
		return xasprintf(_("in places named \"%s\""), r->key);
	}
}

/* The heading with --with's activities and the year they were read in. */
static char *
search_describe_with(const struct hospital_results *r)
{
	char *where = search_describe(r), *t;

	if (r->with == NULL)
		return where;
	t = xasprintf(_("%s with %s (SAE %d)"), where, r->with, r->with_year);
	free(where);
	return t;
}

/*
 * The heading of the list: how many, of what, where. The count is in the
 * sentence, so that each language makes its noun agree with it.
 */
static void
search_print_heading(const struct hospital_results *r, const char *where)
{
	unsigned long total = (unsigned long)r->total;

	if ((int64_t)r->nrows < r->total)
		out_printf(stdout, r->all ?
		    ngettext("%zu of %lld establishment %s (--limit 0 lists "
		    "them all)\n", "%zu of %lld establishments %s (--limit 0 "
		    "lists them all)\n", total) :
		    ngettext("%zu of %lld hospital or clinic %s (--limit 0 "
		    "lists them all)\n", "%zu of %lld hospitals and clinics %s "
		    "(--limit 0 lists them all)\n", total),
		    r->nrows, (long long)r->total, where);
	else
		out_printf(stdout, r->all ?
		    ngettext("%zu establishment %s\n",
		    "%zu establishments %s\n", r->nrows) :
		    ngettext("%zu hospital or clinic %s\n",
		    "%zu hospitals and clinics %s\n", r->nrows),
		    r->nrows, where);
}

static void
search_print_text(const struct hospital_results *r)
{
	int64_t others = r->total_all - r->total;
	char *where;

	cmd_print_sample(&r->sample);
	where = search_describe_with(r);
	if (r->nrows == 0) {
		out_printf(stdout, r->all ? _("No establishment %s.\n") :
		    _("No hospital or clinic %s.\n"), where);
		if (others > 0)
			printf(ngettext("%lld other establishment there: --all "
			    "lists it.\n", "%lld other establishments there: "
			    "--all lists them.\n", (unsigned long)others),
			    (long long)others);
	} else {
		search_print_heading(r, where);
		search_print_table(r);
	}
	if (r->without_activity > 0)
		out_printf(stdout, ngettext("%lld other there without %s.\n",
		    "%lld others there without %s.\n",
		    (unsigned long)r->without_activity),
		    (long long)r->without_activity, r->with);
	if (r->near != NULL && r->nrows > 0)
		out_printf(stdout, _("Distances as the crow flies from the "
		    "centre of %s (%s).\n"), r->near->name, r->near->code);
	free(where);
}

/*
 * --near without a place: the profile's location, as a label the search
 * (and its replay) reads back. -1 with *cause when the profile has none.
 */
static int
search_from_profile(const struct cmd_context *ctx, struct search_params *sp,
    char **cause)
{
	json_t *doc = NULL;
	char *label;

	if (cmd_user_profile(ctx, &doc, cause) != 0)
		return -1;
	label = profile_location_label(doc);
	json_decref(doc);
	if (label == NULL)
		return error_set(cause, "%s", _("--near without a place needs a "
		    "location in your profile (mediflux profile set location "
		    "\"Vienne\")"));
	free(sp->query);
	sp->query = label;
	return 0;
}

static int
search_exec(struct cmd_context *ctx, const struct cmd_entry *e, char **args,
    int nargs, int flags)
{
	struct search_params sp;
	struct hospital_results *r;
	struct query_db *q;
	char *cause = NULL;
	double t0, ms;
	int rc;

	if (search_params_read_options(args, nargs, ctx->option, &sp,
	    &cause) != 0) {
		rc = cmd_usage_error(e, cause);
		free(cause);
		return rc;
	}
	if (sp.near_km > 0 && fold_is_blank(sp.query) &&
	    search_from_profile(ctx, &sp, &cause) != 0) {
		rc = cmd_fail(cause);
		free(cause);
		search_params_clear(&sp);
		return rc;
	}
	if ((q = cmd_query_open(ctx)) == NULL) {
		search_params_clear(&sp);
		return 1;
	}
	t0 = clock_now_ms();
	if (hospital_search_near(q, sp.query, sp.limit, sp.all, sp.with,
	    sp.nwith, sp.near_km, &r, &cause) != 0) {
		rc = cmd_fail(cause);
		free(cause);
		search_params_clear(&sp);
		query_db_free(q);
		return rc;
	}
	ms = clock_now_ms() - t0;
	if (flags & CMD_OPT_JSON)
		cmd_json_print(hospital_results_to_json(q, r));
	else
		search_print_text(r);
	cmd_history_record(ctx, "hospitals", "search", search_params_to_json(&sp),
	    r->total, ms);
	hospital_results_free(r);
	search_params_clear(&sp);
	query_db_free(q);
	return 0;
}
const struct cmd_entry cmd_search_entry = {
	/* TRANSLATORS: only the placeholders, in capitals. */
	"search", NC_("usage", "search CITY|POSTCODE|DEP [--near [KM]]"),
	N_("find hospitals and clinics by city, postcode or département"),
	N_("Lists the hospitals and clinics (FINESS group 11xx: CHR/CHU, CH,\n"
	"specialised and local hospitals, cancer centres, clinics, private\n"
	"rehabilitation) of a place, the regional and university hospitals first,\n"
	"then the other hospitals, then the rest by name.\n"
	"\n"
	"CITY ignores case, accents, hyphens and apostrophes, understands ST and\n"
	"STE, and takes each word as the start of a word: 'sai eti' finds\n"
	"Saint-Étienne. Places whose whole name the words give come first, then\n"
	"those whose name starts with them, then those where they start a later\n"
	"word. POSTCODE is five digits (an establishment with a CEDEX postcode is\n"
	"found under its commune's) or its first one to four digits. Two or three\n"
	"characters that are a département code (01, 2A, 42, 974) mean that\n"
	"département, not a postcode prefix; 20, 97 and 98 are postcode prefixes.\n"
	"\n"
	"--near lists instead every hospital and clinic within KM kilometres\n"
	"(30 unless given) of the place, nearest first, with its distance as the\n"
	"crow flies from the place's centre: a commune (the most populous when\n"
	"several have the name), a postcode's commune, a département's chef-lieu.\n"
	"Without a place it measures from your profile's location. A number right\n"
	"after --near is the distance: 'search 69 --near' is around Lyon,\n"
	"'search --near 69' 69 km around your location. An establishment whose\n"
	"FINESS line gives no coordinates is never near anything."),
	CMD_OPT_JSON, 0, 64, search_exec, search_params_options,
};
