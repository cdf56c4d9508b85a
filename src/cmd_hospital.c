#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "clock.h"
#include "cmd.h"
#include "query_hospital.h"
#include "texttable.h"
#include "utf8.h"
#include "xmalloc.h"

/* What a figure the source left empty shows: not declared, which is not 0. */
#define HOSPITAL_NOT_DECLARED "n.d."

/* One label and value of a section; rows without a value are left out. */
static void
hospital_add(struct texttable *t, const char *label, const char *value)
{
	const char *cells[2] = { label, value };

	if (value != NULL && *value != '\0')
		texttable_add(t, cells);
}

/* Adds "CODE label", or whichever of the two is there. */
static void
hospital_add_coded(struct texttable *t, const char *label, const char *code,
    const char *text)
{
	char *value;

	if (code == NULL || *code == '\0') {
		hospital_add(t, label, text);
		return;
	}
	value = xasprintf("%s %s", code, text != NULL ? text : "");
	hospital_add(t, label, value);
	free(value);
}

/* Adds "name (code)" for a place of the reference geography. */
static void
hospital_add_place(struct texttable *t, const char *label, const char *name,
    const char *code)
{
	char *value;

	if (name == NULL) {
		hospital_add(t, label, code);
		return;
	}
	value = xasprintf("%s (%s)", name, code);
	hospital_add(t, label, value);
	free(value);
}

/* A French phone number as people write it: "04 74 45 46 47". */
static void
hospital_add_phone(struct texttable *t, const char *label, const char *phone)
{
	char spaced[16];
	int i, o = 0;

	if (phone == NULL || strlen(phone) != 10 ||
	    strspn(phone, "0123456789") != 10) {
		hospital_add(t, label, phone);
		return;
	}
	for (i = 0; i < 10; i++) {
		if (i > 0 && i % 2 == 0)
			spaced[o++] = ' ';
		spaced[o++] = phone[i];
	}
	spaced[o] = '\0';
	hospital_add(t, label, spaced);
}

/* Prints a section: its title, then its rows indented. */
static void
hospital_print_section(const char *title, struct texttable *t)
{
	printf("\n%s\n", title);
	texttable_print(t, stdout, 2);
	texttable_free(t);
}

static void
hospital_print_identity(const struct hospital_detail *d)
{
	struct texttable *t = texttable_new(2);

	hospital_add(t, "FINESS", d->row.finess);
	hospital_add(t, "FINESS juridique", d->finess_ej);
	hospital_add(t, "Nom long", d->long_name);
	hospital_add(t, "Complément", d->name_extra);
	hospital_add_coded(t, "Catégorie", d->row.category_code,
	    d->row.category);
	hospital_add_coded(t, "Groupe", d->row.category_group_code,
	    d->category_group);
	hospital_add_coded(t, "Statut", d->sph_code, d->sph_label);
	hospital_add_coded(t, "Tarification", d->mft_code, d->mft_label);
	hospital_add(t, "SIRET", d->siret);
	hospital_add(t, "Code APE", d->ape);
	hospital_add(t, "Ouverture", d->opened);
	hospital_add(t, "Autorisation", d->authorised);
	hospital_add(t, "Mise à jour", d->updated);
	hospital_print_section("Identité", t);
}

static void
hospital_print_address(const struct hospital_detail *d)
{
	struct texttable *t = texttable_new(2);
	char *line, *coord;

	hospital_add(t, "Voie", d->address);
	hospital_add(t, d->address != NULL ? "" : "Voie", d->address_extra);
	line = xasprintf("%s%s%s", d->row.postal_code != NULL ?
	    d->row.postal_code : "", d->row.postal_code != NULL ? " " : "",
	    d->row.city != NULL ? d->row.city : "");
	hospital_add(t, "Ville", line);
	free(line);
	hospital_add_place(t, "Commune", d->commune_name, d->row.commune_code);
	hospital_add_place(t, "Département", d->row.departement_name,
	    d->row.departement);
	hospital_add_place(t, "Région", d->row.region_name, d->row.region);
	hospital_add_phone(t, "Téléphone", d->phone);
	hospital_add_phone(t, "Fax", d->fax);
	if (d->has_coordinates) {
		coord = d->coord_epsg != 0 ?
		    xasprintf("x %.1f, y %.1f (EPSG:%d)", d->coord_x, d->coord_y,
		    d->coord_epsg) :
		    xasprintf("x %.1f, y %.1f", d->coord_x, d->coord_y);
		hospital_add(t, "Coordonnées", coord);
		free(coord);
	}
	hospital_print_section("Adresse", t);
}

/* A figure of the SAE table: a count with spaced thousands, oui/non, or not declared. */
static const char *
hospital_figure_text(const struct hospital_year *y,
    const struct hospital_figure *f, char buf[32])
{
	int64_t v = hospital_year_value(y, f);

	if (v == HOSPITAL_UNKNOWN)
		return HOSPITAL_NOT_DECLARED;
	if (f->yes_no)
		return v ? "oui" : "non";
	return texttable_int(v, buf);
}

/* The SAE figures, one column a year so that years compare side by side. */
static void
hospital_print_years(const struct hospital_detail *d)
{
	struct texttable *t;
	const char **cells;
	char (*buf)[32];
	size_t i, n = d->nyears;
	int f;

	if (n == 0) {
		printf("\nActivité (SAE)\n  no SAE figures for this site\n");
		return;
	}
	t = texttable_new((int)n + 1);
	cells = xcalloc(n + 1, sizeof *cells);
	buf = xcalloc(n, sizeof *buf);
	for (i = 1; i <= n; i++)
		texttable_align_right(t, (int)i);
	cells[0] = "";
	for (i = 0; i < n; i++) {
		snprintf(buf[i], sizeof buf[i], "%d", d->years[i].year);
		cells[i + 1] = buf[i];
	}
	texttable_add(t, cells);
	for (f = 0; f < HOSPITAL_NFIGURES; f++) {
		cells[0] = hospital_figures[f].label;
		for (i = 0; i < n; i++)
			cells[i + 1] = hospital_figure_text(&d->years[i],
			    &hospital_figures[f], buf[i]);
		texttable_add(t, cells);
	}
	cells[0] = "Source des lits";
	for (i = 0; i < n; i++)
		cells[i + 1] = d->years[i].beds_source != NULL ?
		    d->years[i].beds_source : HOSPITAL_NOT_DECLARED;
	texttable_add(t, cells);
	free(cells);
	free(buf);
	hospital_print_section("Activité (SAE)", t);
}

/* One line of provenance: file, year, import time, sample flag, SHA-256. */
static void
hospital_add_source(struct texttable *t, const char *label,
    const struct hospital_source *s)
{
	char *value;

	if (s->file_name == NULL)
		return;
	value = xasprintf("%s, imported %s%s, sha256 %.16s…", s->file_name,
	    s->imported_at != NULL ? s->imported_at : "?",
	    s->sample ? ", SAMPLE" : "", s->sha256 != NULL ? s->sha256 : "");
	hospital_add(t, label, value);
	free(value);
}

static void
hospital_print_sources(const struct hospital_detail *d)
{
	struct texttable *t = texttable_new(2);
	char label[32];
	size_t i;

	snprintf(label, sizeof label, "FINESS %d", d->source.year);
	hospital_add_source(t, label, &d->source);
	for (i = 0; i < d->nyears; i++) {
		snprintf(label, sizeof label, "SAE %d", d->years[i].year);
		hospital_add_source(t, label, &d->years[i].source);
	}
	hospital_print_section("Sources", t);
}

static void
hospital_print_text(const struct query_db *q, const struct hospital_detail *d)
{
	if (q->sample)
		printf("SAMPLE DATA: generated figures, not real ones\n");
	printf("%s\n", d->row.name);
	hospital_print_identity(d);
	hospital_print_address(d);
	hospital_print_years(d);
	hospital_print_sources(d);
}

static int
hospital_exec(struct cmd_context *ctx, const struct cmd_entry *e, char **args,
    int nargs, int flags)
{
	struct hospital_detail *d;
	struct query_db *q;
	char *finess, *cause = NULL, *msg;
	double t0, ms;
	int rc;

	(void)e;
	(void)nargs;
	if ((finess = hospital_finess_parse(args[0])) == NULL) {
		finess = utf8_sanitize(args[0]);
		msg = xasprintf("'%s' is not a FINESS number (nine characters: "
		    "the département, such as 01, 2A or 97, then digits)",
		    finess);
		rc = cmd_fail(msg);
		free(msg);
		free(finess);
		return rc;
	}
	if ((q = cmd_query_open(ctx)) == NULL) {
		free(finess);
		return 1;
	}
	t0 = clock_now_ms();
	rc = hospital_detail_get(q, finess, &d, &cause);
	ms = clock_now_ms() - t0;
	if (rc != 0) {
		msg = rc > 0 ? xasprintf("no establishment with FINESS number %s "
		    "in %s", finess, q->path) : cause;
		cmd_fail(msg);
		free(msg);
		free(finess);
		query_db_free(q);
		return 1;
	}
	free(finess);
	if (flags & CMD_OPT_JSON)
		cmd_json_print(hospital_detail_to_json(q, d));
	else
		hospital_print_text(q, d);
	cmd_history_record(ctx, "hospitals", "hospital",
	    json_pack("{s:s}", "finess", d->row.finess), 1, ms);
	hospital_detail_free(d);
	query_db_free(q);
	return 0;
}

const struct cmd_entry cmd_hospital_entry = {
	"hospital", "hospital FINESS [--json]",
	"everything known of one establishment",
	"Shows one establishment by its FINESS number (the site's, FINESS ET):\n"
	"identity, legal entity, category, status, address with its commune,\n"
	"département and region, phone, coordinates, and the SAE figures of each\n"
	"year loaded (MCO beds and places, stays, emergency passages), with the\n"
	"file each comes from. A figure the source left empty is shown as n.d.\n"
	"(not declared), never as 0. Exits 1 if the number is not a FINESS number\n"
	"or no establishment has it.",
	CMD_OPT_JSON, 1, 1, hospital_exec, NULL,
};
