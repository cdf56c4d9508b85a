/* SPDX-License-Identifier: ISC */
/*
 * An establishment in its territory: its share of its département's and
 * region's MCO beds, emergency passages and births in its latest SAE year,
 * for `mediflux hospital` and the Hôpitaux pane alike.
 */
#ifndef MEDIFLUX_HOSPITAL_CONTEXT_H
#define MEDIFLUX_HOSPITAL_CONTEXT_H

#include <stdint.h>

#include <jansson.h>

#include "query_hospital.h"

/* Reads d->context for d's latest SAE year (none when it has no SAE year). */
int		 hospital_context_read(struct query_db *, struct hospital_detail *,
		     char **cause);

/* "28,7 %" of part in whole, or "" when either is unknown or whole is 0. */
const char	*hospital_share_text(int64_t part, int64_t whole, char buf[16]);

json_t		*hospital_context_json(const struct hospital_detail *);

#endif
