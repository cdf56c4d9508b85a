#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "db.h"
#include "refdb.h"
#include "xmalloc.h"

/*
 * Version 1. Codes stay text (leading zeros, 2A/2B, 971). Populations are the
 * INSEE "population municipale"; NULL where INSEE gives none, never 0.
 */
static const char refdb_schema_v1[] =
	"CREATE TABLE region ("
	" code TEXT PRIMARY KEY,"
	" name TEXT NOT NULL,"
	" name_key TEXT NOT NULL,"
	" chef_lieu TEXT,"
	" zone TEXT NOT NULL,"
	" population INTEGER"
	");"
	"CREATE TABLE departement ("
	" code TEXT PRIMARY KEY,"
	" name TEXT NOT NULL,"
	" name_key TEXT NOT NULL,"
	" region_code TEXT NOT NULL REFERENCES region(code),"
	" chef_lieu TEXT,"
	" zone TEXT NOT NULL,"
	" population INTEGER"
	");"
	"CREATE INDEX departement_region ON departement(region_code);"
	"CREATE TABLE commune ("
	" code TEXT PRIMARY KEY,"
	" name TEXT NOT NULL,"
	" name_key TEXT NOT NULL,"
	" departement_code TEXT NOT NULL REFERENCES departement(code),"
	" region_code TEXT NOT NULL REFERENCES region(code),"
	" population INTEGER"
	");"
	"CREATE INDEX commune_name_key ON commune(name_key);"
	"CREATE INDEX commune_departement ON commune(departement_code);"
	"CREATE INDEX commune_region ON commune(region_code);"
	/* Paris, Lyon and Marseille districts: FINESS and SAE codes point at them. */
	"CREATE TABLE arrondissement ("
	" code TEXT PRIMARY KEY,"
	" name TEXT NOT NULL,"
	" name_key TEXT NOT NULL,"
	" commune_code TEXT NOT NULL REFERENCES commune(code),"
	" departement_code TEXT NOT NULL REFERENCES departement(code),"
	" region_code TEXT NOT NULL REFERENCES region(code),"
	" population INTEGER"
	");"
	"CREATE INDEX arrondissement_commune ON arrondissement(commune_code);"
	/* Postcodes of communes and of arrondissements (place_code is either). */
	"CREATE TABLE postcode ("
	" postal_code TEXT NOT NULL,"
	" place_code TEXT NOT NULL,"
	" PRIMARY KEY (postal_code, place_code)"
	") WITHOUT ROWID;"
	"CREATE INDEX postcode_place ON postcode(place_code);"
	/* Provenance of everything loaded (DESIGN §3). */
	"CREATE TABLE dataset ("
	" id INTEGER PRIMARY KEY,"
	" kind TEXT NOT NULL,"
	" year INTEGER,"
	" source TEXT NOT NULL,"
	" file_name TEXT NOT NULL,"
	" file_size INTEGER NOT NULL,"
	" sha256 TEXT NOT NULL,"
	" rows_read INTEGER NOT NULL,"
	" rows_kept INTEGER NOT NULL,"
	" rows_rejected INTEGER NOT NULL,"
	" control_totals TEXT,"
	" imported_at TEXT NOT NULL,"
	" sample INTEGER NOT NULL DEFAULT 0"
	");";

int
refdb_create_schema(sqlite3 *db, char **cause)
{
	char *sql;
	int rc;

	if (db_exec(db, refdb_schema_v1, cause) != 0)
		return -1;
	sql = xasprintf("PRAGMA application_id = %d; PRAGMA user_version = %d;",
	    DB_APPID_REFERENCE, REFDB_SCHEMA_VERSION);
	rc = db_exec(db, sql, cause);
	free(sql);
	return rc;
}

int
refdb_open(const char *path, sqlite3 **out, char **cause)
{
	struct db_identity id;

	if (db_identify(path, &id, cause) != 0)
		return -1;
	if (id.kind != DB_KIND_REFERENCE)
		return error_set(cause, "%s: a mediflux %s database, not a "
		    "reference database", path, db_kind_name(id.kind));
	if (id.version < REFDB_SCHEMA_VERSION)
		return error_set(cause, "%s: reference database of schema version "
		    "%d, older than this mediflux reads (%d): rebuild it",
		    path, id.version, REFDB_SCHEMA_VERSION);
	return db_open_readonly(path, out, cause);
}
