/* SPDX-License-Identifier: ISC */
/*
 * An establishment's detail as people read it: the Identity and Address
 * sections as label and value pairs, and the SAE figures as text, shared by
 * `mediflux hospital` and the Hôpitaux pane so that both say the same thing.
 */
#ifndef MEDIFLUX_HOSPITAL_TEXT_H
#define MEDIFLUX_HOSPITAL_TEXT_H

#include "query_hospital.h"

/*
 * What a figure the source left empty shows: not declared, which is not 0
 * ("n/a", in the language of the messages).
 */
const char	*hospital_not_declared(void);
#define HOSPITAL_NOT_DECLARED	hospital_not_declared()

enum hospital_section {
	HOSPITAL_SECTION_IDENTITY,
	HOSPITAL_SECTION_ADDRESS,
};

/* Receives one line of a section; value is never NULL nor empty. */
typedef void (*hospital_field_fn)(void *arg, enum hospital_section,
    const char *label, const char *value);

/* The section's title, translated: "Identity", "Address". */
const char	*hospital_section_title(enum hospital_section);

/*
 * Calls fn for each line of the Identity then the Address section, in the
 * order shown, leaving out what the source left empty; labels are
 * translated. A second line of the address has the label "".
 */
void		 hospital_detail_fields(const struct hospital_detail *,
		     hospital_field_fn fn, void *arg);

/* A figure of a year: a count with spaced thousands, yes/no, or n/a. */
const char	*hospital_figure_text(const struct hospital_year *,
		     const struct hospital_figure *, char buf[32]);

#endif
