/* SPDX-License-Identifier: ISC */
/*
 * Prescriptions the user confirmed (issue 20), kept in the private user
 * database: when, the day of the costs, the prescription's own date when
 * given, the file's base name, and per line the text read (sanitised), the
 * presentation chosen or none, the boxes and what they cost. Never the
 * image, never where it was. Their JSON document, one for each, is what
 * --json, profile export and profile import carry:
 *
 *   {"id", "kept_at", "date", "prescribed_on", "file", "mutuelle_coverage_pct",
 *    "total": {"base_cents", "assurance_maladie_cents", "mutuelle_cents",
 *              "franchise_cents", "left_to_pay_cents"},
 *    "lines": [{"line", "status", "text", "instructions", "cip13", "name",
 *               "presentation", "confidence", "boxes", "cost": {...} | null}]}
 */
#ifndef MEDIFLUX_ORDONNANCE_KEEP_H
#define MEDIFLUX_ORDONNANCE_KEEP_H

#include <stdint.h>

#include <jansson.h>
#include <sqlite3.h>

struct ordonnance;

/* At most this many kept prescriptions are imported from one file. */
#define ORD_KEEP_IMPORT_MAX	10000

/*
 * Keeps a prescription as it stands (each line's candidates[0] when
 * matched), file reduced to its base name, prescribed (YYYY-MM-DD) or
 * NULL for the day read on the page (prescribed_on, when any); *id
 * receives its number. Records it in the history too.
 */
int		 ordonnance_keep(sqlite3 *udb, const struct ordonnance *,
		     const char *file, const char *prescribed, int64_t *id,
		     char **cause);

/* Every kept prescription's document, newest first: a new array. */
int		 ordonnance_kept_list(sqlite3 *udb, json_t **array,
		     char **cause);

/* One kept prescription's document: 1 found, 0 no such one, -1 error. */
int		 ordonnance_kept_get(sqlite3 *udb, int64_t id, json_t **doc,
		     char **cause);

/*
 * A kept document as a prescription to show (one candidate a matched line,
 * no runner-ups): a new one.
 */
struct ordonnance *ordonnance_from_kept(const json_t *doc);

/*
 * Checks an array of kept documents (profile import) without keeping any:
 * errors name the place ("prescriptions[2].lines[0].boxes") and never quote
 * what the file holds.
 */
int		 ordonnance_kept_check(const json_t *array, char **cause);

/*
 * Keeps the documents of a checked array that are not kept already (same
 * kept_at and file), inside the caller's transaction (dbtx_run), with the
 * profile they came with; *added receives how many were.
 */
int		 ordonnance_kept_add(sqlite3 *udb, const json_t *array,
		     int64_t *added, char **cause);

#endif
