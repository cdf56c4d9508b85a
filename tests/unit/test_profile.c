/* SPDX-License-Identifier: ISC */
/* The profile: its schema's exact messages, set and unset, locations found in the reference, pathologies. */
#include "config.h"

#include <sys/wait.h>

#include "unit.h"

#include "db.h"
#include "fold.h"
#include "geo.h"
#include "history.h"
#include "location.h"
#include "pathology.h"
#include "profile.h"
#include "refdb.h"

static const struct geo_info profile_geo_info = { 2026, "test fixtures" };

/* The reference geography of tests/fixtures/profile/geo, in memory. */
static int
setup_refdb(void **state)
{
	sqlite3 *db;

	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(refdb_create_schema(db, NULL), 0);
	assert_int_equal(geo_load_dir(db, FIXTURES "/profile/geo",
	    &profile_geo_info, NULL), 0);
	*state = db;
	return 0;
}

static int
teardown_refdb(void **state)
{
	sqlite3_close(*state);
	return 0;
}

static json_t *
parse(const char *text)
{
	json_error_t err;
	json_t *j = json_loads(text, JSON_DECODE_ANY, &err);

	if (j == NULL)
		fail_msg("bad test JSON: %s", err.text);
	return j;
}

/* Checks that a document is refused with exactly this message. */
static void
expect_invalid(sqlite3 *refdb, const char *text, const char *message)
{
	json_t *doc = parse(text);
	char *cause = NULL;

	assert_int_equal(profile_validate(doc, refdb, &cause), -1);
	assert_string_equal(cause, message);
	free(cause);
	json_decref(doc);
}

static char *
dump(const json_t *doc)
{
	return json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER);
}

#define SAINT_ETIENNE \
	"{\"commune_code\": \"42218\", \"name\": \"Saint-Étienne\"," \
	" \"postal_code\": \"42100\", \"departement\": \"42\", \"region\": \"84\"}"

static void
test_pathology_table(void **state)
{
	const struct pathology *p;
	const char *const *alias;
	char *key, *names;

	(void)state;
	for (p = pathology_table; p->name != NULL; p++) {
		key = fold_key(p->name);
		assert_string_equal(p->key, key);
		free(key);
		for (alias = p->aliases; *alias != NULL; alias++) {
			key = fold_key(*alias);
			assert_string_equal(*alias, key);
			free(key);
		}
		assert_non_null(p->atc[0]);
		assert_ptr_equal(pathology_find(p->name), p);
	}
	assert_string_equal(pathology_find("DIABÈTE")->name, "diabète");
	assert_string_equal(pathology_find("  diabete ")->name, "diabète");
	assert_string_equal(pathology_find("HTA")->name, "hypertension");
	assert_string_equal(pathology_find("Maladie d’Alzheimer")->name,
	    "maladie d'Alzheimer");
	assert_string_equal(pathology_find("reflux gastro-oesophagien")->name,
	    "reflux gastro-œsophagien");
	assert_null(pathology_find("grippe"));
	assert_null(pathology_find(""));

	p = pathology_find("hypertension");
	assert_true(pathology_covers_atc(p, "C09AA05"));
	assert_true(pathology_covers_atc(p, "C03"));
	assert_false(pathology_covers_atc(p, "C10AA01"));
	assert_false(pathology_covers_atc(p, "C0"));
	assert_true(pathology_covers_atc(pathology_find("VIH"), "J05AR03"));

	names = pathology_names();
	assert_true(strncmp(names, "diabète, hypertension, cholestérol, ", 36)
	    == 0);
	free(names);
}

static void
test_validate_messages(void **state)
{
	sqlite3 *refdb = *state;
	json_t *doc;

	expect_invalid(NULL, "[]", "profile: must be a JSON object");
	expect_invalid(NULL, "{\"preferences\": {\"history_days\": 0}}",
	    "preferences.history_days: must be a whole number from 1 to 36500");
	expect_invalid(NULL, "{\"preferences\": {\"history_days\": \"365\"}}",
	    "preferences.history_days: must be a whole number from 1 to 36500");
	expect_invalid(NULL, "{\"preferences\": {\"history_days\": 36501}}",
	    "preferences.history_days: must be a whole number from 1 to 36500");
	expect_invalid(NULL, "{\"preferences\": {\"history_max\": 1.5}}",
	    "preferences.history_max: must be a whole number from 1 to 1000000");
	expect_invalid(NULL, "{\"preferences\": {\"theme\": \"dark\"}}",
	    "preferences.theme: unknown key");
	expect_invalid(NULL, "{\"preferences\": [365]}",
	    "preferences: must be an object");
	expect_invalid(NULL, "{\"mutuelle\": {\"coverage\": 99}}",
	    "mutuelle.coverage: must be a whole number from 100 to 500 "
	    "(percent of the base de remboursement)");
	expect_invalid(NULL, "{\"mutuelle\": {\"coverage\": 501}}",
	    "mutuelle.coverage: must be a whole number from 100 to 500 "
	    "(percent of the base de remboursement)");
	expect_invalid(NULL, "{\"mutuelle\": {\"name\": \"\"}}",
	    "mutuelle.name: must be text of 1 to 100 characters, without "
	    "control or invisible characters");
	expect_invalid(NULL, "{\"mutuelle\": {\"name\": \"a\\u001b[2Jb\"}}",
	    "mutuelle.name: must be text of 1 to 100 characters, without "
	    "control or invisible characters");
	/* A bidi override, a C1 CSI and a zero-width space: invisible. */
	expect_invalid(NULL, "{\"mutuelle\": {\"name\": \"a\\u202eb\"}}",
	    "mutuelle.name: must be text of 1 to 100 characters, without "
	    "control or invisible characters");
	expect_invalid(NULL, "{\"mutuelle\": {\"name\": \"a\\u009b2Jb\"}}",
	    "mutuelle.name: must be text of 1 to 100 characters, without "
	    "control or invisible characters");
	expect_invalid(NULL, "{\"mutuelle\": {\"name\": \"MG\\u200bEN\"}}",
	    "mutuelle.name: must be text of 1 to 100 characters, without "
	    "control or invisible characters");
	expect_invalid(NULL, "{\"mutuelle\": \"MGEN\"}",
	    "mutuelle: must be an object");
	expect_invalid(NULL, "{\"mutuelle\": {\"nom\": \"MGEN\"}}",
	    "mutuelle.nom: unknown key");
	expect_invalid(NULL, "{\"colour\": \"blue\"}", "colour: unknown key");
	expect_invalid(NULL, "{\"mutuelle.name\": \"MGEN\"}",
	    "mutuelle.name: unknown key");
	expect_invalid(NULL, "{\"bad\\u001bkey\": 1}", "badkey: unknown key");
	expect_invalid(NULL, "{\"location\": {\"commune_code\": \"42218\"}}",
	    "location.name: missing");
	expect_invalid(NULL, "{\"location\": {\"commune_code\": \"42218\","
	    " \"name\": \"Saint-Étienne\", \"postal_code\": \"4200\","
	    " \"departement\": \"42\", \"region\": \"84\"}}",
	    "location.postal_code: must be a postcode of 5 digits");
	expect_invalid(NULL, "{\"location\": {\"commune_code\": \"42218\","
	    " \"name\": \"Saint-Étienne\", \"departement\": \"4\","
	    " \"region\": \"84\"}}",
	    "location.departement: must be a département code such as 01, 2A "
	    "or 974");
	expect_invalid(NULL, "{\"pathologies\": \"diabète\"}",
	    "pathologies: must be a list of pathology names");
	expect_invalid(NULL, "{\"pathologies\": [3]}",
	    "pathologies[0]: must be a pathology name");
	expect_invalid(NULL, "{\"pathologies\": [\"diabete\"]}",
	    "pathologies[0]: must be written 'diabète'");
	expect_invalid(NULL, "{\"pathologies\": [\"asthme\", \"asthme\"]}",
	    "pathologies[1]: listed twice");
	expect_invalid(NULL, "{\"exemptions\": [\"ald\", \"ALD\"]}",
	    "exemptions[1]: must be an exemption name (letters and _)");
	expect_invalid(NULL, "{\"exemptions\": [\"css\", \"css\"]}",
	    "exemptions[1]: listed twice");
	expect_invalid(NULL, "{\"exemptions\": \"ald\"}",
	    "exemptions: must be a list of exemption names (letters and _)");

	/* An unknown pathology is named by position, with the known ones. */
	{
		json_t *bad = parse("{\"pathologies\": [\"asthme\", \"grippe\"]}");
		char *cause = NULL;

		assert_int_equal(profile_validate(bad, NULL, &cause), -1);
		unit_assert_says(cause, "pathologies[1]: not a known pathology "
		    "(known: diabète, hypertension,");
		assert_null(strstr(cause, "grippe"));
		free(cause);
		json_decref(bad);
	}

	/* Against the reference: the code, then the spelling, then the postcode. */
	expect_invalid(refdb, "{\"location\": {\"commune_code\": \"42999\","
	    " \"name\": \"Saint-Étienne\", \"departement\": \"42\","
	    " \"region\": \"84\"}}",
	    "location.commune_code: not a commune of the reference geography");
	expect_invalid(refdb, "{\"location\": {\"commune_code\": \"42218\","
	    " \"name\": \"Saint-Etienne\", \"departement\": \"42\","
	    " \"region\": \"84\"}}",
	    "location.name: must be 'Saint-Étienne' for commune 42218");
	expect_invalid(refdb, "{\"location\": {\"commune_code\": \"42218\","
	    " \"name\": \"Saint-Étienne\", \"departement\": \"42\","
	    " \"region\": \"11\"}}",
	    "location.region: must be '84' for commune 42218");
	expect_invalid(refdb, "{\"location\": {\"commune_code\": \"42218\","
	    " \"name\": \"Saint-Étienne\", \"postal_code\": \"42170\","
	    " \"departement\": \"42\", \"region\": \"84\"}}",
	    "location.postal_code: not a postcode of that commune");

	/* A whole document passes, with or without the reference. */
	doc = parse("{\"mutuelle\": {\"name\": \"MGEN\", \"coverage\": 200},"
	    " \"location\": " SAINT_ETIENNE ", \"pathologies\": [\"diabète\","
	    " \"VIH\"], \"preferences\": {\"history_days\": 30,"
	    " \"history_max\": 100}}");
	assert_int_equal(profile_validate(doc, NULL, NULL), 0);
	assert_int_equal(profile_validate(doc, refdb, NULL), 0);
	json_decref(doc);
	doc = parse("{}");
	assert_int_equal(profile_validate(doc, refdb, NULL), 0);
	json_decref(doc);
}

/* Sets key to value in doc and checks the message of the refusal. */
static void
expect_set_refused(json_t *doc, sqlite3 *refdb, const char *key,
    const char *value, const char *message)
{
	char *before = dump(doc), *after, *cause = NULL;

	assert_int_equal(profile_set(doc, key, value, refdb, &cause), -1);
	assert_string_equal(cause, message);
	after = dump(doc);
	assert_string_equal(before, after);
	free(cause);
	free(before);
	free(after);
}

static void
test_set_and_unset(void **state)
{
	json_t *doc = json_object();
	char *text, *cause = NULL;

	(void)state;
	/* Set in any order, written in the schema's. */
	assert_int_equal(profile_set(doc, "preferences.history_max", "500",
	    NULL, NULL), 0);
	assert_int_equal(profile_set(doc, "pathologies", "Asthme, DIABETE,,"
	    " hta, asthme", NULL, NULL), 0);
	assert_int_equal(profile_set(doc, "mutuelle.coverage", " 250 % ", NULL,
	    NULL), 0);
	assert_int_equal(profile_set(doc, "mutuelle.name", "  Harmonie "
	    "Mutuelle ", NULL, NULL), 0);
	assert_int_equal(profile_set(doc, "preferences.history_days", "30",
	    NULL, NULL), 0);
	text = dump(doc);
	assert_string_equal(text, "{\"mutuelle\":{\"name\":\"Harmonie Mutuelle\","
	    "\"coverage\":250},\"pathologies\":[\"asthme\",\"diabète\","
	    "\"hypertension\"],\"preferences\":{\"history_days\":30,"
	    "\"history_max\":500}}");
	free(text);
	assert_int_equal(profile_validate(doc, NULL, NULL), 0);
	assert_int_equal(profile_preference(doc, "history_days"), 30);

	expect_set_refused(doc, NULL, "mutuelle.coverage", "99",
	    "mutuelle.coverage: must be a whole number from 100 to 500 "
	    "(percent of the base de remboursement)");
	expect_set_refused(doc, NULL, "mutuelle.coverage", "deux cents",
	    "mutuelle.coverage: must be a whole number from 100 to 500 "
	    "(percent of the base de remboursement)");
	expect_set_refused(doc, NULL, "preferences.history_days", "-5",
	    "preferences.history_days: must be a whole number from 1 to 36500");
	expect_set_refused(doc, NULL, "preferences.history_days", "1e3",
	    "preferences.history_days: must be a whole number from 1 to 36500");
	expect_set_refused(doc, NULL, "preferences.history_max",
	    "99999999999999999999999",
	    "preferences.history_max: must be a whole number from 1 to 1000000");
	expect_set_refused(doc, NULL, "preferences.history_days", "30 %",
	    "preferences.history_days: must be a whole number from 1 to 36500");
	expect_set_refused(doc, NULL, "mutuelle.name", " ",
	    "mutuelle.name: must be text of 1 to 100 characters, without "
	    "control or invisible characters");
	expect_set_refused(doc, NULL, "mutuelle.name", "bad\xff" "byte",
	    "mutuelle.name: must be text of 1 to 100 characters, without "
	    "control or invisible characters");
	expect_set_refused(doc, NULL, "mutuelle.name", "MGEN\xe2\x81\xa6" "x",
	    "mutuelle.name: must be text of 1 to 100 characters, without "
	    "control or invisible characters");
	expect_set_refused(doc, NULL, "mutuelle.name", "\xef\xbb\xbf" "MGEN",
	    "mutuelle.name: must be text of 1 to 100 characters, without "
	    "control or invisible characters");
	expect_set_refused(doc, NULL, "pathologies", " , ",
	    "pathologies: give one or more of: diabète, hypertension, "
	    "cholestérol, insuffisance cardiaque, asthme, BPCO, dépression, "
	    "anxiété, insomnie, épilepsie, maladie de Parkinson, maladie "
	    "d'Alzheimer, migraine, douleur chronique, hypothyroïdie, "
	    "ostéoporose, goutte, reflux gastro-œsophagien, glaucome, "
	    "psoriasis, VIH");
	assert_int_equal(profile_set(doc, "pathologies", "asthme, grippe",
	    NULL, &cause), -1);
	unit_assert_says(cause, "pathologies: item 2 is not a known pathology "
	    "(known: diabète, ");
	assert_null(strstr(cause, "grippe"));
	free(cause);
	cause = NULL;
	expect_set_refused(doc, NULL, "mutuelle", "MGEN",
	    "unknown profile key 'mutuelle' (keys: mutuelle.name, "
	    "mutuelle.coverage, location, pathologies, exemptions, "
	    "preferences.history_days, preferences.history_max, "
	    "preferences.language)");

	/* Exemptions: names of the cost rules (MEDIFLUX_RULES), each once. */
	assert_int_equal(profile_set(doc, "exemptions", " ald ,css,, ald",
	    NULL, NULL), 0);
	text = dump(json_object_get(doc, "exemptions"));
	assert_string_equal(text, "[\"ald\",\"css\"]");
	free(text);
	assert_int_equal(profile_validate(doc, NULL, NULL), 0);
	expect_set_refused(doc, NULL, "exemptions", "ald, retraite",
	    "exemptions: item 2 is not an exemption the cost rules know "
	    "(known: mineur, cmuc, css, ame, ame_mineur, grossesse, ald)");
	expect_set_refused(doc, NULL, "exemptions", " , ",
	    "exemptions: give one or more of: mineur, cmuc, css, ame, "
	    "ame_mineur, grossesse, ald");
	json_object_del(doc, "exemptions");

	/* SQL is just a name. */
	assert_int_equal(profile_set(doc, "mutuelle.name",
	    "'; DROP TABLE profile; --", NULL, NULL), 0);
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    doc, "mutuelle"), "name")), "'; DROP TABLE profile; --");

	/* Unsetting the last key of an object removes it; unsetting twice is no error. */
	assert_int_equal(profile_unset(doc, "mutuelle.name", NULL), 0);
	assert_non_null(json_object_get(doc, "mutuelle"));
	assert_int_equal(profile_unset(doc, "mutuelle.coverage", NULL), 0);
	assert_null(json_object_get(doc, "mutuelle"));
	assert_int_equal(profile_unset(doc, "mutuelle.coverage", NULL), 0);
	assert_int_equal(profile_unset(doc, "pathologies", NULL), 0);
	assert_int_equal(profile_unset(doc, "preferences.history_days", NULL), 0);
	assert_int_equal(profile_preference(doc, "history_days"), 365);
	assert_int_equal(profile_unset(doc, "preferences.history_max", NULL), 0);
	assert_int_equal(profile_preference(doc, "history_max"), 10000);
	assert_int_equal(json_object_size(doc), 0);
	assert_int_equal(profile_unset(doc, "nothing", &cause), -1);
	unit_assert_says(cause, "unknown profile key 'nothing'");
	free(cause);
	json_decref(doc);
}

/* Sets the location and returns its commune code and postcode as "code postcode". */
static char *
set_location(sqlite3 *refdb, const char *value)
{
	json_t *doc = json_object(), *loc;
	char *cause = NULL, *got;

	if (profile_set(doc, "location", value, refdb, &cause) != 0)
		fail_msg("'%s' refused: %s", value, cause);
	loc = json_object_get(doc, "location");
	assert_true(asprintf(&got, "%s %s", json_string_value(json_object_get(
	    loc, "commune_code")), json_object_get(loc, "postal_code") != NULL ?
	    json_string_value(json_object_get(loc, "postal_code")) : "-") > 0);
	assert_int_equal(profile_validate(doc, refdb, NULL), 0);
	json_decref(doc);
	return got;
}

static void
expect_location(sqlite3 *refdb, const char *value, const char *expected)
{
	char *got = set_location(refdb, value);

	assert_string_equal(got, expected);
	free(got);
}

static void
test_location_found(void **state)
{
	sqlite3 *refdb = *state;
	json_t *doc = json_object();
	char *text;

	/* Names in any case and accentuation; the lowest postcode when none is given. */
	expect_location(refdb, "Saint-Étienne", "42218 42000");
	expect_location(refdb, "SAINT ETIENNE", "42218 42000");
	expect_location(refdb, "st-étienne", "42218 42000");
	expect_location(refdb, "  saint   étienne  ", "42218 42000");
	expect_location(refdb, "Paris", "75056 75001");
	/* Postcodes, alone or with the name before or after. */
	expect_location(refdb, "42100", "42218 42100");
	expect_location(refdb, "01000 Bourg-en-Bresse", "01053 01000");
	expect_location(refdb, "bourg en bresse 01000", "01053 01000");
	expect_location(refdb, "01000 saint denis les bourg", "01344 01000");
	/* An arrondissement says more than its commune. */
	expect_location(refdb, "75016", "75116 75016");
	expect_location(refdb, "75016 Paris", "75056 75016");
	expect_location(refdb, "Lyon 1er Arrondissement", "69381 69001");
	/* The département, as a code or a name, and the candidates' own form. */
	expect_location(refdb, "Saint-Denis (974)", "97411 97400");
	expect_location(refdb, "saint denis (la reunion)", "97411 97400");
	expect_location(refdb, "Saint-Denis (93, 93210)", "93066 93210");
	/* INSEE codes, Corsica's too; a place without a postcode. */
	expect_location(refdb, "42218", "42218 42000");
	expect_location(refdb, "2a004", "2A004 20000");
	expect_location(refdb, "Îles Saint-Paul et Nouvelle-Amsterdam",
	    "98411 -");

	assert_int_equal(profile_set(doc, "location", "Saint-Denis (974)",
	    refdb, NULL), 0);
	text = dump(doc);
	assert_string_equal(text, "{\"location\":{\"commune_code\":\"97411\","
	    "\"name\":\"Saint-Denis\",\"postal_code\":\"97400\","
	    "\"departement\":\"974\",\"region\":\"04\"}}");
	free(text);
	text = profile_format(doc, "location");
	assert_string_equal(text, "Saint-Denis (974, 97400), INSEE 97411");
	free(text);
	json_decref(doc);
}

/* Every place's label reads back to that place: candidates can be copied as shown. */
static void
test_location_labels_read_back(void **state)
{
	struct location_query q;
	struct location_match all, one;
	sqlite3 *refdb = *state;
	char *label;
	size_t i;

	memset(&q, 0, sizeof q);
	q.name = "";
	q.prefix = 1;
	assert_int_equal(location_lookup(refdb, &q, &all, NULL), 0);
	assert_int_equal(all.n, 13);
	for (i = 0; i < all.n; i++) {
		label = location_label(&all.places[i]);
		assert_int_equal(location_find(refdb, label, &one, NULL), 0);
		if (one.n != 1 || one.suggestions)
			fail_msg("'%s' gives %zu places", label, one.n);
		assert_string_equal(one.places[0].code, all.places[i].code);
		location_match_free(&one);
		free(label);
	}
	location_match_free(&all);
}

static void
test_location_refused(void **state)
{
	sqlite3 *refdb = *state;
	json_t *doc = json_object();
	int64_t n;

	expect_set_refused(doc, refdb, "location", "Saint-Denis",
	    "location: 2 places match: Saint-Denis (93, 93200), Saint-Denis "
	    "(974, 97400); write one as shown, e.g. 'Saint-Denis (93, 93200)'");
	expect_set_refused(doc, refdb, "location", "01000",
	    "location: 2 places match: Bourg-en-Bresse (01, 01000), "
	    "Saint-Denis-lès-Bourg (01, 01000); write one as shown, e.g. "
	    "'Bourg-en-Bresse (01, 01000)'");
	/* Unknown names: the communes starting so, most populous first. */
	expect_set_refused(doc, refdb, "location", "Saint",
	    "location: no commune of the reference geography has that name; "
	    "did you mean: Saint-Étienne (42, 42000), Saint-Denis (974, 97400), "
	    "Saint-Denis (93, 93200), Saint-Just-Saint-Rambert (42, 42170), "
	    "Saint-Denis-lès-Bourg (01, 01000)");
	expect_set_refused(doc, refdb, "location", "Saint-Denis (99)",
	    "location: no commune of the reference geography has that name; "
	    "did you mean: Saint-Denis (974, 97400), Saint-Denis (93, 93200), "
	    "Saint-Denis-lès-Bourg (01, 01000)");
	expect_set_refused(doc, refdb, "location", "01000 Lyon",
	    "location: no commune of the reference geography has that name; "
	    "did you mean: Bourg-en-Bresse (01, 01000), Saint-Denis-lès-Bourg "
	    "(01, 01000)");
	expect_set_refused(doc, refdb, "location", "Atlantis",
	    "location: no commune of the reference geography has that name");
	expect_set_refused(doc, refdb, "location", "99999",
	    "location: no commune of the reference geography matches (give a "
	    "commune name, a postcode or an INSEE code)");
	expect_set_refused(doc, refdb, "location", "  ",
	    "location: give a commune name, a postcode or an INSEE code");
	/* Input that looks like SQL is a name like any other. */
	expect_set_refused(doc, refdb, "location", "'; DROP TABLE commune; --",
	    "location: no commune of the reference geography has that name");
	expect_set_refused(doc, refdb, "location", "x' OR '1'='1",
	    "location: no commune of the reference geography has that name");
	assert_int_equal(db_query_int64(refdb, "SELECT count(*) FROM commune",
	    &n, NULL), 0);
	assert_int_equal(n, 11);
	json_decref(doc);
}

static void
test_format(void **state)
{
	json_t *doc = parse("{\"mutuelle\": {\"coverage\": 300},"
	    " \"pathologies\": [\"asthme\", \"BPCO\"],"
	    " \"preferences\": {\"history_max\": 20}}");
	char *s;

	(void)state;
	assert_null(profile_format(doc, "mutuelle.name"));
	assert_null(profile_format(doc, "location"));
	s = profile_format(doc, "mutuelle.coverage");
	assert_string_equal(s, "300%");
	free(s);
	s = profile_format(doc, "pathologies");
	assert_string_equal(s, "asthme, BPCO");
	free(s);
	s = profile_format(doc, "preferences.history_days");
	assert_string_equal(s, "365 (default)");
	free(s);
	s = profile_format(doc, "preferences.history_max");
	assert_string_equal(s, "20");
	free(s);
	json_decref(doc);
}

static void
test_store_and_load(void **state)
{
	char *root = unit_tmpdir(), *path, *cause = NULL, *text;
	sqlite3 *udb, *refdb = *state;
	json_t *doc;

	assert_true(asprintf(&path, "%s/user.db", root) > 0);
	assert_int_equal(history_open(path, 1, &udb, NULL), 0);
	assert_int_equal(profile_load(udb, &doc, NULL), 0);
	assert_int_equal(json_object_size(doc), 0);
	json_decref(doc);

	assert_int_equal(profile_store_key(udb, "location", "42100", refdb,
	    NULL), 0);
	assert_int_equal(profile_store_key(udb, "mutuelle.coverage", "200",
	    NULL, NULL), 0);
	assert_int_equal(profile_store_key(udb, "mutuelle.coverage", "50",
	    NULL, &cause), -1);
	unit_assert_says(cause, "mutuelle.coverage: must be");
	free(cause);
	cause = NULL;
	assert_int_equal(profile_store_key(udb, "location", NULL, NULL, NULL),
	    0);
	assert_int_equal(profile_store_key(udb, "location", "Saint-Denis (93)",
	    refdb, NULL), 0);
	assert_int_equal(profile_load(udb, &doc, NULL), 0);
	text = dump(doc);
	assert_string_equal(text, "{\"mutuelle\":{\"coverage\":200},"
	    "\"location\":{\"commune_code\":\"93066\",\"name\":\"Saint-Denis\","
	    "\"postal_code\":\"93200\",\"departement\":\"93\","
	    "\"region\":\"11\"}}");
	free(text);

	/* A whole document: refused as a whole, or stored as a whole. */
	json_object_set_new(doc, "extra", json_true());
	assert_int_equal(profile_save(udb, doc, &cause), -1);
	assert_string_equal(cause, "extra: unknown key");
	free(cause);
	json_object_del(doc, "extra");
	json_object_set_new(doc, "pathologies", parse("[\"glaucome\"]"));
	assert_int_equal(profile_save(udb, doc, NULL), 0);
	json_decref(doc);
	assert_int_equal(profile_load(udb, &doc, NULL), 0);
	assert_string_equal(json_string_value(json_array_get(json_object_get(
	    doc, "pathologies"), 0)), "glaucome");
	json_decref(doc);

	/* A damaged row is reported, not taken for an empty profile. */
	assert_int_equal(db_exec(udb, "UPDATE profile SET document = 'oops'",
	    NULL), 0);
	assert_int_equal(profile_load(udb, &doc, &cause), -1);
	unit_assert_says(cause, "the stored profile is damaged");
	free(cause);
	sqlite3_close(udb);
	unit_rm_rf(root);
	free(root);
	free(path);
}

/* Two sessions changing different keys at once: neither change is lost. */
static void
test_concurrent_changes(void **state)
{
	static const char *const keys[2] = {
		"preferences.history_days", "preferences.history_max",
	};
	char *root = unit_tmpdir(), *path, value[16];
	pid_t pids[2];
	sqlite3 *udb;
	json_t *doc;
	int i, k, status;

	(void)state;
	assert_true(asprintf(&path, "%s/user.db", root) > 0);
	assert_int_equal(history_open(path, 1, &udb, NULL), 0);
	sqlite3_close(udb);
	for (k = 0; k < 2; k++) {
		if ((pids[k] = fork()) == 0) {
			if (history_open(path, 1, &udb, NULL) != 0)
				_exit(1);
			for (i = 1; i <= 100; i++) {
				snprintf(value, sizeof value, "%d", 1000 * k + i);
				if (profile_store_key(udb, keys[k], value, NULL,
				    NULL) != 0)
					_exit(1);
			}
			sqlite3_close(udb);
			_exit(0);
		}
	}
	for (k = 0; k < 2; k++) {
		assert_int_equal(waitpid(pids[k], &status, 0), pids[k]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	assert_int_equal(history_open(path, 1, &udb, NULL), 0);
	assert_int_equal(profile_load(udb, &doc, NULL), 0);
	assert_int_equal(profile_preference(doc, "history_days"), 100);
	assert_int_equal(profile_preference(doc, "history_max"), 1100);
	json_decref(doc);
	sqlite3_close(udb);
	unit_rm_rf(root);
	free(root);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pathology_table),
		cmocka_unit_test(test_validate_messages),
		cmocka_unit_test(test_set_and_unset),
		cmocka_unit_test(test_location_found),
		cmocka_unit_test(test_location_labels_read_back),
		cmocka_unit_test(test_location_refused),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_store_and_load),
		cmocka_unit_test(test_concurrent_changes),
	};

	return cmocka_run_group_tests(tests, setup_refdb, teardown_refdb);
}
