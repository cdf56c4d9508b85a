/* SPDX-License-Identifier: ISC */
/*
 * A prescription's text made a prescription (src/ordonnance.c): its lines
 * sorted, OCR's confusions undone, instructions counted in units and
 * boxes, and OCR-like lines matched against a small BDPM of six
 * specialities, with the costs of the matches.
 */
#include "config.h"

#include "unit.h"

#include <sqlite3.h>

#include "ocr.h"
#include "ordonnance.h"
#include "query.h"
#include "refdb.h"
#include "xmalloc.h"

static void
test_line_kinds(void **state)
{
	(void)state;
	assert_int_equal(ord_line_kind("Dr Jean MARTIN"), ORD_KIND_HEADER);
	assert_int_equal(ord_line_kind("Médecin généraliste - RPPS 10101234567"),
	    ORD_KIND_HEADER);
	assert_int_equal(ord_line_kind("12 rue des Lilas 86000 Poitiers"),
	    ORD_KIND_HEADER);
	assert_int_equal(ord_line_kind("Poitiers, le 7 décembre 2026"),
	    ORD_KIND_HEADER);
	assert_int_equal(ord_line_kind("ORDONNANCE"), ORD_KIND_HEADER);
	assert_int_equal(ord_line_kind("Poitiers, 07/12/2026"), ORD_KIND_HEADER);
	assert_int_equal(ord_line_kind("Cabinet : 05 49 12 34 56"),
	    ORD_KIND_HEADER);
	assert_int_equal(ord_line_kind("Tél. 05.49.12.34.56"), ORD_KIND_HEADER);
	assert_int_equal(ord_line_kind("Poitiers 05 49 12 34 56"),
	    ORD_KIND_HEADER);
	assert_int_equal(ord_line_kind("Mme Claire DUPONT"), ORD_KIND_HEADER);
	assert_int_equal(ord_line_kind("1 cp le soir pendant 14 jours"),
	    ORD_KIND_INSTRUCTIONS);
	assert_int_equal(ord_line_kind("_1cple soir pendant 14 jours"),
	    ORD_KIND_INSTRUCTIONS);
	assert_int_equal(ord_line_kind("QSP 1 mois"), ORD_KIND_INSTRUCTIONS);
	assert_int_equal(ord_line_kind("2 gélules par jour pendant 5 jours"),
	    ORD_KIND_INSTRUCTIONS);
	assert_int_equal(ord_line_kind("EUPANTOL 40 mg, comprimé"),
	    ORD_KIND_OTHER);
	assert_int_equal(ord_line_kind("COLECALCIFEROL 100 000 UI"),
	    ORD_KIND_OTHER);
	assert_int_equal(ord_line_kind("| _ -"), ORD_KIND_NOISE);
	assert_int_equal(ord_line_kind("oo |"), ORD_KIND_NOISE);
}

static void
check_normal(const char *read, const char *expected)
{
	char *n = ord_normalise(read);

	assert_string_equal(n, expected);
	free(n);
}

static void
test_normalise(void **state)
{
	(void)state;
	check_normal("AMOXICI11INE 5OO mg", "amoxicilline 500 mg");
	check_normal("EUPANTOL 40mg, comprimé", "eupantol 40 mg comprime");
	check_normal("Lévothyroxine ALMUS 75 µg", "levothyroxine almus 75 µg");
	check_normal("LEV0THYR0XINE", "levothyroxine");
	check_normal("5ANDOZ", "sandoz");
	check_normal("VITAMINE D3", "vitamine d3");
	check_normal("1cp le soir", "1 cp le soir");
	check_normal("_1cple soir", "1 cp le soir");
	check_normal("2gélules", "2 gelules");
	check_normal("4O mg", "40 mg");
	check_normal("  ", "");
}

static void
check_posology(const char *text, double per_take, const char *unit,
    int takes, int days, long units)
{
	struct ord_posology p;

	ord_posology_parse(text, &p);
	assert_true(p.per_take == per_take);
	assert_string_equal(p.unit, unit);
	assert_int_equal(p.takes_per_day, takes);
	assert_int_equal(p.days, days);
	assert_int_equal(p.units, units);
}

static void
test_posology(void **state)
{
	(void)state;
	check_posology("1 cp matin et soir pendant 10 jours", 1, "comprime", 2,
	    10, 20);
	check_posology("2 gélules par jour pendant 5 jours", 2, "gelule", 1, 5,
	    10);
	check_posology("1 cp le matin QSP 1 mois", 1, "comprime", 1, 30, 30);
	check_posology("1 sachet 3 fois par jour pendant 1 semaine", 1,
	    "sachet", 3, 7, 21);
	check_posology("1/2 cp le soir pendant 10 jours", 0.5, "comprime", 1,
	    10, 5);
	check_posology("2 gel matin, midi et soir pendant 6 j", 2, "gelule", 3,
	    6, 36);
	/* OCR's "1cple": the number stuck to the unit and the article. */
	check_posology("_1cple soir pendant 14 jours", 1, "comprime", 1, 14,
	    14);
	/* Not simple: what is known is kept, no count. */
	check_posology("1 cp si douleur", 1, "comprime", 0, 0, 0);
	check_posology("QSP 3 mois", 0, "", 0, 90, 0);
	check_posology("appliquer matin et soir", 0, "", 2, 0, 0);
}

static void
test_units_per_box(void **state)
{
	char unit[16];

	(void)state;
	assert_int_equal(ord_units_per_box("plaquette(s) aluminium de 14 "
	    "comprimé(s)", unit), 14);
	assert_string_equal(unit, "comprime");
	assert_int_equal(ord_units_per_box("flacon(s) polyéthylène haute "
	    "densité (PEHD) de 12 gélule(s)", unit), 12);
	assert_string_equal(unit, "gelule");
	assert_int_equal(ord_units_per_box("50 plaquette(s) prédécoupée(s) "
	    "unitaire(s) PVC aluminium de 1 comprimé(s)", unit), 50);
	assert_int_equal(ord_units_per_box("1 tube(s) aluminium de 30 g", unit),
	    0);
	assert_string_equal(unit, "");
	assert_int_equal(ord_units_per_box("1 inhalateur(s) de 60 doses", unit),
	    60);
	assert_string_equal(unit, "dose");
}

static void
test_score(void **state)
{
	(void)state;
	/* The whole name, dosage and form: certain. */
	assert_int_equal(ord_score("amoxicilline sandoz 500 mg gelule",
	    "amoxicilline sandoz 500 mg gelule", "gelule"), 100);
	/* OCR's errors undone, a word split: still certain. */
	assert_int_equal(ord_score("amoxi cilline sandoz 500 mg gelule",
	    "amoxicilline sandoz 500 mg gelule", "gelule"), 100);
	assert_int_equal(ord_score("arnoxicilline sandoz 500 mg gelule",
	    "amoxicilline sandoz 500 mg gelule", "gelule"), 100);
	/* Another laboratory's: the substance, dosage and form. */
	assert_int_equal(ord_score("amoxicilline sandoz 500 mg gelule",
	    "amoxicilline biogaran 500 mg gelule", "gelule"), 75);
	/* Another dosage. */
	assert_int_equal(ord_score("eupantol 40 mg comprime",
	    "eupantol 20 mg comprime", "comprime"), 70);
	/* The substance alone, as a DCI prescription says it. */
	assert_int_equal(ord_score("amoxicilline 500 mg gelule",
	    "amoxicilline sandoz 500 mg gelule", "gelule"), 85);
	/* Not the same first word: nothing. */
	assert_int_equal(ord_score("levothyroxine almus 75 microgrammes",
	    "levothyrox 75 microgrammes comprime", "comprime"), 0);
	assert_int_equal(ord_score("the quick brown fox",
	    "eupantol 40 mg comprime", "comprime"), 0);
	/* The combination asks for both substances: a hint, not a match. */
	assert_int_equal(ord_score("amoxicilline 500 mg gelule",
	    "amoxicilline acide clavulanique krka 500 mg 62 5 mg comprime",
	    "comprime"), 41);
}

/* A reference database with six specialities and their presentations. */
static char *
fixture_db(void)
{
	static const char rows[] =
	    "INSERT INTO dataset (id, kind, source, file_name, file_size,"
	    " sha256, rows_read, rows_kept, rows_rejected, imported_at)"
	    " VALUES (1, 'bdpm_cis', 'test', 'CIS_bdpm.txt', 0, '', 6, 6, 0,"
	    " '2026-12-01');"
	    "INSERT INTO bdpm_cis (cis, name, name_key, form, dataset_id) VALUES"
	    " ('60252341', 'EUPANTOL 40 mg, comprimé',"
	    "  'eupantol 40 mg comprime', 'comprimé', 1),"
	    " ('62188587', 'EUPANTOL 20 mg, comprimé',"
	    "  'eupantol 20 mg comprime', 'comprimé', 1),"
	    " ('64584138', 'AMOXICILLINE SANDOZ 500 mg, gélule',"
	    "  'amoxicilline sandoz 500 mg gelule', 'gélule', 1),"
	    " ('65705057', 'AMOXICILLINE BIOGARAN 500 mg, gélule',"
	    "  'amoxicilline biogaran 500 mg gelule', 'gélule', 1),"
	    " ('66492637', 'LEVOTHYROXINE ALMUS 75 microgrammes, comprimé',"
	    "  'levothyroxine almus 75 microgrammes comprime', 'comprimé', 1),"
	    " ('61166487', 'LEVOTHYROX 75 microgrammes, comprimé',"
	    "  'levothyrox 75 microgrammes comprime', 'comprimé', 1);"
	    "INSERT INTO bdpm_cip (cip13, cis, label, rate_pct, price_fee_cents,"
	    " dataset_id) VALUES"
	    " ('3400907973242', '60252341',"
	    "  'plaquette(s) aluminium de 14 comprimé(s)', 65, 861, 1),"
	    " ('3400917107071', '62188587',"
	    "  'plaquette(s) PVC aluminium de 14 comprimé(s)', 65, 664, 1),"
	    " ('3400905544673', '64584138',"
	    "  'flacon(s) PEHD de 12 gélule(s)', 65, 355, 1),"
	    " ('3400975479981', '65705057',"
	    "  'plaquette(s) PVC PVDC aluminium de 12 gélule(s)', 65, 358, 1),"
	    " ('3400907032147', '66492637',"
	    "  'flacon(s) PEHD de 30 comprimé(s)', 65, 437, 1),"
	    " ('3400998008441', '66492637',"
	    "  '50 plaquette(s) unitaire(s) de 1 comprimé(s)', NULL, NULL, 1),"
	    " ('3400978351543', '61166487',"
	    "  'plaquette(s) PVC aluminium de 30 comprimé(s)', 65, 699, 1);";
	char *dir = unit_tmpdir(), *path, *cause = NULL;
	sqlite3 *db;

	path = xasprintf("%s/ref.db", dir);
	free(dir);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	if (refdb_create_schema(db, &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(sqlite3_exec(db, rows, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	return path;
}

/* The text OCR would give for a page, line by line. */
static struct ocr_text *
page_of(const char *const *lines)
{
	struct ocr_text *t = xcalloc(1, sizeof *t);

	for (; *lines != NULL; lines++) {
		t->lines = xreallocarray(t->lines, t->nlines + 1,
		    sizeof *t->lines);
		t->lines[t->nlines].text = xstrdup(*lines);
		t->lines[t->nlines].confidence = 90;
		t->lines[t->nlines++].page = 1;
	}
	return t;
}

/* The prescription a page of text makes against the fixture database, costed on 2026-12-07. */
static struct ordonnance *
build_page(const char *const *page)
{
	struct query_db *q;
	struct ordonnance *o;
	struct ocr_text *t = page_of(page);
	char *path = fixture_db(), *cause = NULL, *rules;

	if ((q = query_db_open(path, &cause)) == NULL)
		fail_msg("%s", cause);
	rules = xasprintf("%s/medicines.csv", RULESDIR);
	if (ordonnance_build(q, NULL, t, rules, "2026-12-07", &o, &cause) != 0)
		fail_msg("%s", cause);
	ocr_text_free(t);
	query_db_free(q);
	free(rules);
	unlink(path);
	free(path);
	return o;
}

static void
test_match_ocr_lines(void **state)
{
	static const char *const page[] = {
		"Dr Jean MARTIN",
		"RPPS 10101234567",
		"ORDONNANCE",
		"EUPANT0L 40mg cp",
		"_1cple soir pendant 14 jours",
		"AMOXICI11INE SAND0Z 5OO mg, gélule",
		"2 gélules matin et soir pendant 6 jours",
		"Levothyroxine Almus 75 µg : 1 cp le matin QSP 1 mois",
		"Kinésithérapie 10 séances",
		NULL
	};
	struct ordonnance *o;

	(void)state;
	o = build_page(page);
	assert_int_equal(o->nlines, 4);
	assert_int_equal(o->matched, 3);

	assert_int_equal(o->lines[0].status, ORD_MATCHED);
	assert_string_equal(o->lines[0].candidates[0].cip13, "3400907973242");
	assert_string_equal(o->lines[0].instructions,
	    "_1cple soir pendant 14 jours");
	assert_int_equal(o->lines[0].boxes, 1);
	assert_true(o->lines[0].boxes_derived);
	/* The runner-up: the other dosage. */
	assert_int_equal(o->lines[0].ncandidates, 2);
	assert_string_equal(o->lines[0].candidates[1].cip13, "3400917107071");

	assert_string_equal(o->lines[1].candidates[0].cip13, "3400905544673");
	assert_int_equal(o->lines[1].candidates[0].score, 100);
	assert_int_equal(o->lines[1].posology.units, 24);
	assert_int_equal(o->lines[1].boxes, 2);
	assert_string_equal(o->lines[1].candidates[1].cip13, "3400975479981");

	/* Medicine and instructions on one line; the priced box of 30. */
	assert_string_equal(o->lines[2].candidates[0].cip13, "3400907032147");
	assert_int_equal(o->lines[2].boxes, 1);
	assert_null(o->lines[2].instructions);

	assert_int_equal(o->lines[3].status, ORD_UNMATCHED);
	assert_string_equal(o->lines[3].text, "Kinésithérapie 10 séances");

	/*
	 * Without a mutuelle: 8.61 - 5.60 + 1.00, twice 3.55 - 2.31 + 1.00,
	 * 4.37 - 2.84 + 1.00 (65 %, franchise 1 EUR a box).
	 */
	assert_int_equal(o->coverage_pct, -1);
	assert_int_equal(o->lines[0].left_cents, 401);
	assert_int_equal(o->lines[1].left_cents, 448);
	assert_int_equal(o->lines[2].left_cents, 253);
	assert_int_equal(o->left_cents, 1102);
	assert_int_equal(o->franchise_cents, 400);
	ordonnance_free(o);
}

static void
test_read_day(void **state)
{
	static const struct {
		const char	*text, *latest, *day;	/* day NULL: none read */
	} cases[] = {
		{ "Poitiers, le 7 décembre 2026", NULL, "2026-12-07" },
		{ "POITIERS, LE 7 DECEMBRE 2026", NULL, "2026-12-07" },
		{ "Le 1er mars 2024", NULL, "2024-03-01" },
		{ "Le ler mars 2024", NULL, "2024-03-01" },
		{ "Poitiers, 07/12/2026", NULL, "2026-12-07" },
		{ "Date : 7.12.26", NULL, "2026-12-07" },
		{ "le 2026-12-07 à 10h30", NULL, "2026-12-07" },
		{ "Fait le 29/02/2024", NULL, "2024-02-29" },
		/* Not on the calendar. */
		{ "le 29/02/2026", NULL, NULL },
		{ "le 31 avril 2026", NULL, NULL },
		{ "le 07/13/2026", NULL, NULL },
		{ "le 7 décembre 1850", NULL, NULL },
		/* A birth, a telephone, a postcode, an RPPS number. */
		{ "Mme Claire DUPONT née le 12/03/1950", NULL, NULL },
		{ "Date de naissance : 12/03/1950", NULL, NULL },
		{ "Tél. 05 49 12 34 56", NULL, NULL },
		{ "12 rue des Lilas 86000 Poitiers", NULL, NULL },
		{ "RPPS 10101234567", NULL, NULL },
		/* After the day the costs are for: a misreading, not taken. */
		{ "le 8 décembre 2026", "2026-12-07", NULL },
		{ "le 7 décembre 2026", "2026-12-07", "2026-12-07" },
	};
	char day[11];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		if (cases[i].day == NULL) {
			if (ord_read_day(cases[i].text, cases[i].latest, day))
				fail_msg("\"%s\": read %s", cases[i].text, day);
			continue;
		}
		if (!ord_read_day(cases[i].text, cases[i].latest, day))
			fail_msg("\"%s\": no day read", cases[i].text);
		assert_string_equal(day, cases[i].day);
	}
}

static void
test_page_day(void **state)
{
	static const char *const page[] = {
		"Dr Jean MARTIN",
		"Mme Claire DUPONT, née le 12/03/1950",
		"Poitiers, le 5 décembre 2026",
		"Renouvelable jusqu'au 05/03/2027",
		"EUPANT0L 40mg cp",
		NULL
	};
	static const char *const undated[] = {
		"Dr Jean MARTIN",
		"EUPANT0L 40mg cp",
		NULL
	};
	struct ordonnance *o;

	(void)state;
	o = build_page(page);
	assert_string_equal(o->prescribed_on, "2026-12-05");
	assert_int_equal(o->matched, 1);
	ordonnance_free(o);
	o = build_page(undated);
	assert_string_equal(o->prescribed_on, "");
	ordonnance_free(o);
}

static void
test_find(void **state)
{
	static const char *const page[] = {
		"EUPANTOL 40 mg, comprimé",
		"Kinésithérapie 10 séances",
		"1 cp le matin QSP 1 mois",
		NULL
	};
	struct query_db *q;
	struct ordonnance *o;
	struct ord_line *f;
	char *path = fixture_db(), *cause = NULL, *rules;

	(void)state;
	o = build_page(page);
	assert_int_equal(o->nlines, 2);
	assert_int_equal(o->lines[1].status, ORD_UNMATCHED);
	if ((q = query_db_open(path, &cause)) == NULL)
		fail_msg("%s", cause);
	/* Words: the brand first, the instructions of the line kept for the boxes. */
	if (ordonnance_find(q, o, 1, "levothyrox 75", &f, &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(f->number, 2);
	assert_true(f->ncandidates >= 1);
	assert_string_equal(f->candidates[0].cip13, "3400978351543");
	assert_string_equal(f->text, "levothyrox 75");
	assert_string_equal(f->instructions, "1 cp le matin QSP 1 mois");
	/* Picked, the line is matched and costed: its instructions, 30 units, one box. */
	rules = xasprintf("%s/medicines.csv", RULESDIR);
	assert_int_equal(ordonnance_pick(q, NULL, o, 1, f->candidates[0].cip13,
	    rules, &cause), 1);
	assert_int_equal(o->lines[1].status, ORD_MATCHED);
	assert_int_equal(o->lines[1].boxes, 1);
	assert_true(o->lines[1].has_cost);
	assert_int_equal(o->matched, 2);
	ordonnance_found_free(f);
	/* A CIP13: that presentation alone; words naming nothing: none. */
	if (ordonnance_find(q, o, 0, "3400978351543", &f, &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(f->ncandidates, 1);
	assert_string_equal(f->candidates[0].name,
	    "LEVOTHYROX 75 microgrammes, comprimé");
	ordonnance_found_free(f);
	if (ordonnance_find(q, o, 0, "zzzqqq 12", &f, &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(f->ncandidates, 0);
	ordonnance_found_free(f);
	if (ordonnance_find(q, o, 0, "3400000000000", &f, &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(f->ncandidates, 0);
	ordonnance_found_free(f);
	free(rules);
	query_db_free(q);
	unlink(path);
	free(path);
	ordonnance_free(o);
}

static void
test_no_medicine(void **state)
{
	static const char *const page[] = {
		"The quick brown fox jumps over the lazy dog.",
		"Please remember to buy milk and bread tomorrow.",
		NULL
	};
	struct ordonnance *o;

	(void)state;
	o = build_page(page);
	assert_int_equal(o->nlines, 2);
	assert_int_equal(o->matched, 0);
	assert_int_equal(o->lines[0].ncandidates, 0);
	ordonnance_free(o);
}

static void
test_sniff(void **state)
{
	static const unsigned char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR"
	    "\0\0\x4e\x20\0\0\x4e\x20\x08\0\0\0\0";
	unsigned long w, h;

	(void)state;
	assert_int_equal(ocr_sniff(png, sizeof png - 1), OCR_KIND_PNG);
	assert_int_equal(ocr_sniff((const unsigned char *)"\xff\xd8\xff\xe0", 4),
	    OCR_KIND_JPEG);
	assert_int_equal(ocr_sniff((const unsigned char *)"II*\0", 4),
	    OCR_KIND_TIFF);
	assert_int_equal(ocr_sniff((const unsigned char *)"MM\0*", 4),
	    OCR_KIND_TIFF);
	assert_int_equal(ocr_sniff((const unsigned char *)"%PDF-1.4", 8),
	    OCR_KIND_PDF);
	assert_int_equal(ocr_sniff((const unsigned char *)"Dr Jean", 7),
	    OCR_KIND_NONE);
	assert_int_equal(ocr_sniff((const unsigned char *)"\x89PN", 4),
	    OCR_KIND_NONE);
	/* The size a header claims, 20 000 x 20 000, read without decoding. */
	assert_int_equal(ocr_png_size(png, sizeof png - 1, &w, &h), 0);
	assert_int_equal(w, 20000);
	assert_int_equal(h, 20000);
	assert_int_equal(ocr_png_size(png, 20, &w, &h), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_line_kinds),
		cmocka_unit_test(test_normalise),
		cmocka_unit_test(test_posology),
		cmocka_unit_test(test_units_per_box),
		cmocka_unit_test(test_score),
		cmocka_unit_test(test_match_ocr_lines),
		cmocka_unit_test(test_no_medicine),
		cmocka_unit_test(test_read_day),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_page_day),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
