/* SPDX-License-Identifier: ISC */
/* FINESS numbers and dates as extracts publish them, and what is refused. */
#include "config.h"

#include <string.h>

#include "unit.h"

#include "finess.h"

static void
test_number_valid(void **state)
{
	static const struct {
		const char	*text;
		int		 valid;
	} cases[] = {
		{ "010000024", 1 }, { "970100400", 1 }, { "2A0000018", 1 },
		{ "2B0003382", 1 }, { "980600027", 1 },
		{ "01000002", 0 }, { "0100000245", 0 }, { "01000002X", 0 },
		{ "2C0000024", 0 }, { "2a0000024", 0 }, { " 10000024", 0 },
		{ "01000002 ", 0 }, { "", 0 }, { "A10000024", 0 },
		{ "2AA000024", 0 }, { "01000\xc3\xa9""24", 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		if (finess_number_valid(cases[i].text) != cases[i].valid)
			fail_msg("'%s': %d", cases[i].text, !cases[i].valid);
	}
}

static void
test_date_parse(void **state)
{
	static const struct {
		const char	*text;
		const char	*iso;		/* NULL: refused */
	} cases[] = {
		{ "1979-02-13", "1979-02-13" }, { "13/02/1979", "1979-02-13" },
		{ "2024-02-29", "2024-02-29" }, { "2000-02-29", "2000-02-29" },
		{ "1800-01-01", "1800-01-01" }, { "2199-12-31", "2199-12-31" },
		{ "2023-02-29", NULL }, { "1900-02-29", NULL },
		{ "2026-13-45", NULL }, { "2026-00-10", NULL },
		{ "2026-04-31", NULL }, { "2026-01-00", NULL },
		{ "0000-01-01", NULL }, { "0000-00-00", NULL },
		{ "1799-12-31", NULL }, { "2200-01-01", NULL },
		{ "1951-1-01", NULL }, { "1979-02-13 ", NULL },
		{ "1979/02/13", NULL }, { "", NULL }, { "2026-1a-01", NULL },
		{ "31/04/2020", NULL }, { "-979-02-13", NULL },
	};
	char out[11];
	size_t i;
	int rc;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		memset(out, 'x', sizeof out);
		rc = finess_date_parse(cases[i].text, out);
		if (cases[i].iso == NULL) {
			if (rc != -1)
				fail_msg("'%s' accepted as %s", cases[i].text, out);
		} else if (rc != 0 || strcmp(out, cases[i].iso) != 0)
			fail_msg("'%s': rc %d", cases[i].text, rc);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_number_valid),
		cmocka_unit_test(test_date_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
