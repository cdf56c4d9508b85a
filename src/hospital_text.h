/* SPDX-License-Identifier: ISC */
/*
 * An establishment's detail as people read it: the Identité and Adresse
 * sections as label and value pairs, and the SAE figures as text, shared by
 * `mediflux hospital` and the Hôpitaux pane so that both say the same thing.
 */
#ifndef MEDIFLUX_HOSPITAL_TEXT_H
#define MEDIFLUX_HOSPITAL_TEXT_H

#include "query_hospital.h"

/* What a figure the source left empty shows: not declared, which is not 0. */
#define HOSPITAL_NOT_DECLARED "n.d."

enum hospital_section {
	HOSPITAL_SECTION_IDENTITY,
	HOSPITAL_SECTION_ADDRESS,
};

/* Receives one line of a section; value is never NULL nor empty. */
typedef void (*hospital_field_fn)(void *arg, enum hospital_section,
    const char *label, const char *value);

/* The section's title: "Identité", "Adresse". */
const char	*hospital_section_title(enum hospital_section);

/*
 * Calls fn for each line of the Identité then the Adresse section, in the
 * order shown, leaving out what the source left empty. A second line of the
 * address has the label "".
 */
void		 hospital_detail_fields(const struct hospital_detail *,
		     hospital_field_fn fn, void *arg);

/* A figure of a year: a count with spaced thousands, oui/non, or n.d. */
const char	*hospital_figure_text(const struct hospital_year *,
		     const struct hospital_figure *, char buf[32]);

#endif
