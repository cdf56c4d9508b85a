/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hospital_text.h"
#include "i18n.h"
#include "texttable.h"
#include "xmalloc.h"

/* Where the lines go: the caller's function and its section. */
struct hospital_text_out {
	hospital_field_fn	 fn;
	void			*arg;
	enum hospital_section	 section;
};

const char *
hospital_not_declared(void)
{
	/*
	 * TRANSLATORS: a figure the source left empty (not declared, which is
	 * not 0), in narrow table cells.
	 */
	return _("n/a");
}

const char *
hospital_section_title(enum hospital_section s)
{
	return s == HOSPITAL_SECTION_IDENTITY ? _("Identity") : _("Address");
}

/* One label and value; lines without a value are left out. */
static void
hospital_text_add(struct hospital_text_out *o, const char *label,
    const char *value)
{
	if (value != NULL && *value != '\0')
		o->fn(o->arg, o->section, label, value);
}

/* Adds "CODE label", or whichever of the two is there. */
static void
hospital_text_add_coded(struct hospital_text_out *o, const char *label,
    const char *code, const char *text)
{
	char *value;

	if (code == NULL || *code == '\0') {
		hospital_text_add(o, label, text);
		return;
	}
	value = xasprintf("%s %s", code, text != NULL ? text : "");
	hospital_text_add(o, label, value);
	free(value);
}

/* Adds "name (code)" for a place of the reference geography. */
static void
hospital_text_add_place(struct hospital_text_out *o, const char *label,
    const char *name, const char *code)
{
	char *value;

	if (name == NULL) {
		hospital_text_add(o, label, code);
		return;
	}
	value = xasprintf("%s (%s)", name, code);
	hospital_text_add(o, label, value);
	free(value);
}

/* A French phone number as people write it: "04 74 45 46 47". */
static void
hospital_text_add_phone(struct hospital_text_out *o, const char *label,
    const char *phone)
{
	char spaced[16];
	int i, n = 0;

	if (phone == NULL || strlen(phone) != 10 ||
	    strspn(phone, "0123456789") != 10) {
		hospital_text_add(o, label, phone);
		return;
	}
	for (i = 0; i < 10; i++) {
		if (i > 0 && i % 2 == 0)
			spaced[n++] = ' ';
		spaced[n++] = phone[i];
	}
	spaced[n] = '\0';
	hospital_text_add(o, label, spaced);
}

static void
hospital_text_identity(struct hospital_text_out *o,
    const struct hospital_detail *d)
{
	o->section = HOSPITAL_SECTION_IDENTITY;
	hospital_text_add(o, "FINESS", d->row.finess);
	hospital_text_add(o, _("Legal entity FINESS"), d->finess_ej);
	hospital_text_add(o, _("Long name"), d->long_name);
	hospital_text_add(o, _("Additional name"), d->name_extra);
	hospital_text_add_coded(o, _("Category"), d->row.category_code,
	    d->row.category);
	hospital_text_add_coded(o, _("Group"), d->row.category_group_code,
	    d->category_group);
	hospital_text_add_coded(o, _("Status"), d->sph_code, d->sph_label);
	hospital_text_add_coded(o, _("Pricing"), d->mft_code, d->mft_label);
	hospital_text_add(o, "SIRET", d->siret);
	hospital_text_add(o, _("APE code"), d->ape);
	hospital_text_add(o, _("Opened"), d->opened);
	hospital_text_add(o, _("Authorised"), d->authorised);
	hospital_text_add(o, _("Updated"), d->updated);
}

static void
hospital_text_address(struct hospital_text_out *o,
    const struct hospital_detail *d)
{
	char *line, *coord, x[48], y[48];

	o->section = HOSPITAL_SECTION_ADDRESS;
	hospital_text_add(o, _("Street"), d->address);
	hospital_text_add(o, d->address != NULL ? "" : _("Street"),
	    d->address_extra);
	line = xasprintf("%s%s%s", d->row.postal_code != NULL ?
	    d->row.postal_code : "", d->row.postal_code != NULL ? " " : "",
	    d->row.city != NULL ? d->row.city : "");
	hospital_text_add(o, _("City"), line);
	free(line);
	hospital_text_add_place(o, _("Commune"), d->commune_name,
	    d->row.commune_code);
	hospital_text_add_place(o, _("Département"), d->row.departement_name,
	    d->row.departement);
	hospital_text_add_place(o, _("Region"), d->row.region_name,
	    d->row.region);
	hospital_text_add_phone(o, _("Phone"), d->phone);
	hospital_text_add_phone(o, _("Fax"), d->fax);
	if (d->has_coordinates) {
		texttable_coordinate(d->coord_x, 1, x);
		texttable_coordinate(d->coord_y, 1, y);
		/* TRANSLATORS: metres; French separates them with " ; ". */
		coord = d->coord_epsg != 0 ? xasprintf(_("x %s, y %s (EPSG:%d)"),
		    x, y, d->coord_epsg) : xasprintf(_("x %s, y %s"), x, y);
		hospital_text_add(o, _("Coordinates"), coord);
		free(coord);
	}
}

void
hospital_detail_fields(const struct hospital_detail *d, hospital_field_fn fn,
    void *arg)
{
	struct hospital_text_out o = { fn, arg, HOSPITAL_SECTION_IDENTITY };

	hospital_text_identity(&o, d);
	hospital_text_address(&o, d);
}

const char *
hospital_figure_text(const struct hospital_year *y,
    const struct hospital_figure *f, char buf[32])
{
	int64_t v = hospital_year_value(y, f);

	if (v == HOSPITAL_UNKNOWN)
		return HOSPITAL_NOT_DECLARED;
	if (f->yes_no)
		return v ? _("yes") : _("no");
	return texttable_int(v, buf);
}
