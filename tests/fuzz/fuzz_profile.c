/* SPDX-License-Identifier: ISC */
/*
 * `mediflux profile import`: a JSON document checked, its location resolved
 * against the geography, stored in a user database and read back; what was
 * stored must read back equal, and every key must format.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "db.h"
#include "fuzz.h"
#include "profile.h"
#include "userdb.h"
#include "xmalloc.h"

static sqlite3 *fuzz_refdb, *fuzz_udb;
static char fuzz_dir[] = "/tmp/mediflux-fuzz-profile-XXXXXX";

/* Removes the per-process user database and its directory. */
static void
fuzz_profile_cleanup(void)
{
	static const char *const files[] = { "user.db", "user.db-wal",
	    "user.db-shm", NULL };
	char *path;
	int i;

	sqlite3_close(fuzz_udb);
	for (i = 0; files[i] != NULL; i++) {
		path = xasprintf("%s/%s", fuzz_dir, files[i]);
		unlink(path);
		free(path);
	}
	rmdir(fuzz_dir);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char *path, *cause = NULL;

	(void)argc;
	fuzz_refdb = fuzz_geography_open((*argv)[0]);
	if (mkdtemp(fuzz_dir) == NULL) {
		perror(fuzz_dir);
		exit(1);
	}
	path = xasprintf("%s/user.db", fuzz_dir);
	if (userdb_open(path, 0, &fuzz_udb, &cause) != 0 ||
	    db_exec(fuzz_udb, "PRAGMA synchronous = OFF", &cause) != 0) {
		fprintf(stderr, "%s\n", cause);
		exit(1);
	}
	free(path);
	atexit(fuzz_profile_cleanup);
	return 0;
}

/* Aborts on a failure that a checked document must never meet. */
static void
fuzz_profile_must(int rc, const char *what, char *cause)
{
	if (rc != 0) {
		fprintf(stderr, "%s: %s\n", what, cause != NULL ? cause : "(none)");
		abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *const *k;
	json_error_t jerr;
	json_t *doc, *back = NULL;
	char *cause = NULL, *text;
	int rc;

	doc = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &jerr);
	if (doc == NULL)
		return 0;
	rc = profile_validate(doc, NULL, &cause);
	if (rc == 0 && json_object_get(doc, "location") != NULL)
		rc = profile_validate(doc, fuzz_refdb, &cause);
	if (rc != 0) {
		if (cause == NULL || strstr(cause, ": ") == NULL)
			fuzz_profile_must(-1, "a refusal that names no field", cause);
		free(cause);
		json_decref(doc);
		return 0;
	}
	fuzz_profile_must(profile_save(fuzz_udb, doc, &cause), "save", cause);
	fuzz_profile_must(profile_load(fuzz_udb, &back, &cause), "load", cause);
	if (!json_equal(doc, back))
		fuzz_profile_must(-1, "stored and read back differ", NULL);
	for (k = profile_keys; *k != NULL; k++) {
		text = profile_format(back, *k);
		free(text);
	}
	(void)profile_preference(back, "history_days");
	(void)profile_preference(back, "history_max");
	fuzz_profile_must(db_exec(fuzz_udb, "DELETE FROM profile", &cause),
	    "delete", cause);
	json_decref(back);
	json_decref(doc);
	return 0;
}
