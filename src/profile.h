/* SPDX-License-Identifier: ISC */
/*
 * The user's profile: one JSON document in the user database.
 *
 *   {"mutuelle": {"name": str, "coverage": int},
 *    "location": {"commune_code", "name", "postal_code", "departement", "region"},
 *    "pathologies": [canonical names],
 *    "exemptions": [names of the cost rules' exemptions: ald, css, ...],
 *    "preferences": {"history_days": int, "history_max": int}}
 *
 * Every part is optional; a location is whole or absent (postal_code aside,
 * for the few places without one). Coverage is the percentage of the base de
 * remboursement, as mutuelles state it. Errors name the field as a JSON path
 * and never quote what the document holds: the profile is health data.
 */
#ifndef MEDIFLUX_PROFILE_H
#define MEDIFLUX_PROFILE_H

#include <sqlite3.h>
#include <stdint.h>

#include <jansson.h>

/* The keys set and unset take, in the order people are shown them; NULL-terminated. */
extern const char *const profile_keys[];

/* Reads the stored document: a new reference, {} when none was ever saved. */
int		 profile_load(sqlite3 *udb, json_t **doc, char **cause);

/* Checks then stores a whole document in place of the previous one, in one transaction. */
int		 profile_save(sqlite3 *udb, const json_t *doc, char **cause);
/* The same inside the caller's transaction (dbtx_run), with other writes. */
int		 profile_write(sqlite3 *udb, const json_t *doc, char **cause);

/*
 * Checks a whole document ("preferences.history_days: must be a whole number
 * from 1 to 36500"); unknown keys are refused. With a reference database the
 * location must also be one of its communes, as it spells them.
 */
int		 profile_validate(const json_t *doc, sqlite3 *refdb, char **cause);

/*
 * Sets one key of doc from what the user typed: a mutuelle name, a coverage
 * ("200" or "200 %"), a location (see location_find; needs refdb, which may
 * otherwise be NULL), pathologies ("diabète, asthme"), a preference.
 */
int		 profile_set(json_t *doc, const char *key, const char *value,
		     sqlite3 *refdb, char **cause);

/* Removes one key of doc (back to its default); removing what is not set is no error. */
int		 profile_unset(json_t *doc, const char *key, char **cause);

/*
 * Sets (value not NULL) or unsets one key of the stored document, reading and
 * writing it in one transaction so that two sessions changing different keys
 * at once lose neither.
 */
int		 profile_store_key(sqlite3 *udb, const char *key,
		     const char *value, sqlite3 *refdb, char **cause);

/* Checks that key is one of profile_keys; the message lists them. */
int		 profile_key_check(const char *key, char **cause);

/* Tells whether profile_set needs the reference database for key. */
int		 profile_key_needs_refdb(const char *key);

/* A preference ("history_days", "history_max") of doc, else its default. */
int64_t		 profile_preference(const json_t *doc, const char *name);
/* A preference that is text ("language"), or NULL when unset. */
const char	*profile_preference_text(const json_t *doc, const char *name);

/*
 * The profile's location as location_label writes it ("Vienne (38,
 * 38200)"), which location_find reads back; NULL when it has none.
 */
char		*profile_location_label(const json_t *doc);

/* A preference's default value. */
int64_t		 profile_preference_default(const char *name);

/*
 * One key's value for people ("200 %", "365 (default)",
 * "Saint-Étienne (42, 42000), INSEE 42218"), or NULL when it is not set and
 * has no default.
 */
char		*profile_format(const json_t *doc, const char *key);

#endif
