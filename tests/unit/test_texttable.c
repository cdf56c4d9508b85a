/* SPDX-License-Identifier: ISC */
/*
 * Plain tables: columns aligned by display width, so that translated
 * headings with accents ("Catégorie", "Évolution", "Boîtes") or wide
 * characters line up with their cells as ASCII ones do.
 */
#include "config.h"

#include <locale.h>

#include "unit.h"

#include "texttable.h"

/* What texttable_print writes for t, indent spaces first on each row. */
static char *
print_table(const struct texttable *t, int indent)
{
	char *text = NULL;
	size_t size = 0;
	FILE *f;

	assert_non_null(f = open_memstream(&text, &size));
	texttable_print(t, f, indent);
	assert_int_equal(fclose(f), 0);
	return text;
}

static void
test_accented_headings_align(void **state)
{
	static const char *const head[] = { "Nom", "Catégorie", "Évolution" };
	static const char *const row[] = { "CH DE LYON", "C.H.", "12" };
	struct texttable *t;
	char *text;

	(void)state;
	t = texttable_new(3);
	texttable_align_right(t, 2);
	texttable_add(t, head);
	texttable_add(t, row);
	text = print_table(t, 0);
	/* "Catégorie" and "Évolution" are nine columns each, not ten bytes. */
	assert_string_equal(text,
	    "Nom         Catégorie  Évolution\n"
	    "CH DE LYON  C.H.              12\n");
	free(text);
	texttable_free(t);
}

static void
test_accented_cells_widen_columns(void **state)
{
	static const char *const head[] = { "Code", "Name", "Boxes" };
	static const char *const rows[][3] = {
		{ "A", "Système digestif", "445" },
		{ "B", "Sang", "2 000" },
	};
	struct texttable *t;
	char *text;

	(void)state;
	t = texttable_new(3);
	texttable_align_right(t, 2);
	texttable_add(t, head);
	texttable_add(t, rows[0]);
	texttable_add(t, rows[1]);
	text = print_table(t, 2);
	assert_string_equal(text,
	    "  Code  Name              Boxes\n"
	    "  A     Système digestif    445\n"
	    "  B     Sang              2 000\n");
	free(text);
	texttable_free(t);
}

static void
test_wide_and_combining_characters(void **state)
{
	/* A wide ideogram takes two columns; a combining accent none. */
	static const char *const head[] = { "E\xcc\x81tat", "x" };
	static const char *const row[] = { "\xe5\x8c\xbb", "y" };
	struct texttable *t;
	char *text;

	(void)state;
	t = texttable_new(2);
	texttable_add(t, head);
	texttable_add(t, row);
	text = print_table(t, 0);
	assert_string_equal(text,
	    "E\xcc\x81tat  x\n"
	    "\xe5\x8c\xbb    y\n");
	free(text);
	texttable_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accented_headings_align),
		cmocka_unit_test(test_accented_cells_widen_columns),
		cmocka_unit_test(test_wide_and_combining_characters),
	};

	/* Widths must not depend on the locale: the C one knows no accents. */
	setlocale(LC_ALL, "C");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
