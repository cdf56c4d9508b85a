/* SPDX-License-Identifier: ISC */
/*
 * What an establishment does, year by year: its SAE activity figures
 * (sae_activity.h names each one's table and column) read into its detail,
 * as text and as JSON, for `mediflux hospital` and the Hôpitaux pane alike.
 */
#ifndef MEDIFLUX_HOSPITAL_ACTIVITY_H
#define MEDIFLUX_HOSPITAL_ACTIVITY_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "query_hospital.h"

/* Reads the site's activity figures for each of d's SAE years. */
int		 hospital_activity_read(struct query_db *, const char *finess,
		     struct hospital_detail *, char **cause);

/* A figure of year index y (in d->years): HOSPITAL_UNKNOWN when not declared. */
int64_t		 hospital_activity_value(const struct hospital_detail *, size_t y,
		     size_t measure);
/* Whether a measure has a figure in any year of the detail. */
int		 hospital_activity_shown(const struct hospital_detail *,
		     size_t measure);
/*
 * A figure as shown, translated: "type 3", "yes", "1 875", or "n/a" (not
 * declared).
 */
const char	*hospital_activity_text(const struct hospital_detail *, size_t y,
		     size_t measure, char buf[32]);
/*
 * The change from one year's count to the next one's, "+12 %", "-3 %" or
 * "=", or "" when it cannot be said (a year not declared, or 0 before).
 */
const char	*hospital_trend_text(int64_t before, int64_t after, char buf[16]);
/* The trend of a measure over the detail's last two years, as above. */
const char	*hospital_activity_trend(const struct hospital_detail *,
		     size_t measure, char buf[16]);

/*
 * The figures shown, with their source and years, for hospital --json: the
 * group and label as the screens show them (translated), the rest as is.
 */
json_t		*hospital_activity_json(const struct hospital_detail *);

#endif
