/* SPDX-License-Identifier: ISC */
/*
 * The CSV reader with decoding, fed in pieces of every size. The first byte
 * chooses the separator (low two bits: guessed, ';', ','), whether the
 * record bound is small (bit 2) and the header is kept (bit 3); the second
 * byte the read size (0: whole buffer) and the small bound.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "fuzz.h"

/* Column names the importers look up, so that csv_reader_column runs on them. */
static const char *const fuzz_csv_names[] = {
	"AN", "FI", "ATC1", "BEN_REG", "effectif_2024", "", "\xc3\xa9", NULL
};

/*
 * Writes the current record with csv_write_record and reads it back: what the
 * reader decoded must survive the writer unchanged (aborts otherwise).
 */
static void
fuzz_csv_round_trip(const struct csv_reader *r)
{
	struct fuzz_mem m;
	struct csv_reader *back;
	const char **fields;
	char *text = NULL, *cause = NULL;
	size_t i, n = csv_reader_nfields(r), len = 0;
	FILE *f;

	fields = calloc(n, sizeof *fields);
	for (i = 0; i < n; i++)
		fields[i] = csv_reader_field(r, i);
	/* A lone empty field is a blank line, and a leading BOM is dropped: both by design. */
	if ((n == 1 && *fields[0] == '\0') ||
	    strncmp(fields[0], "\xef\xbb\xbf", 3) == 0) {
		free(fields);
		return;
	}
	if ((f = open_memstream(&text, &len)) == NULL ||
	    csv_write_record(f, fields, n, csv_reader_separator(r)) != 0 ||
	    fclose(f) != 0)
		abort();
	memset(&m, 0, sizeof m);
	m.data = (const uint8_t *)text;
	m.size = len;
	back = csv_reader_new("back.csv", fuzz_mem_read, &m);
	csv_reader_set_separator(back, csv_reader_separator(r));
	if (csv_reader_next(back, &cause) != 1 || csv_reader_nfields(back) != n)
		abort();
	for (i = 0; i < n; i++) {
		if (strcmp(csv_reader_field(back, i), fields[i]) != 0)
			abort();
	}
	if (csv_reader_next(back, &cause) != 0)
		abort();
	csv_reader_free(back);
	free(text);
	free(fields);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char seps[4] = { 0, ';', ',', 0 };
	struct fuzz_mem m;
	struct csv_reader *r;
	char *cause = NULL;
	size_t i, n, total = 0;
	int64_t v;
	uint8_t opt, arg;
	int rc, records = 0;

	if (size < 2)
		return 0;
	opt = data[0];
	arg = data[1];
	memset(&m, 0, sizeof m);
	m.data = data + 2;
	m.size = size - 2;
	m.chunk = arg & 0x3f;
	r = csv_reader_new("fuzz.csv", fuzz_mem_read, &m);
	csv_reader_set_separator(r, seps[opt & 3]);
	if (opt & 4)
		csv_reader_set_max_record(r, 1 + (size_t)(arg >> 2));
	while ((rc = csv_reader_next(r, &cause)) == 1) {
		n = csv_reader_nfields(r);
		for (i = 0; i < n; i++) {
			total += strlen(csv_reader_field(r, i));
			if (csv_parse_int64(csv_reader_field(r, i), &v) == 0)
				total += (size_t)v;
		}
		if (csv_reader_field(r, n) != NULL)
			abort();
		total += csv_reader_line(r) + (size_t)csv_reader_was_cp1252(r) +
		    (size_t)csv_reader_separator(r);
		if (records++ == 0 && (opt & 8)) {
			csv_reader_take_header(r);
			if (csv_reader_nfields_header(r) != n)
				abort();
			for (i = 0; i <= n; i++) {
				if ((csv_reader_header(r, i) == NULL) != (i == n))
					abort();
			}
		}
		if (records <= 8)
			fuzz_csv_round_trip(r);
		for (i = 0; fuzz_csv_names[i] != NULL; i++)
			total += (size_t)csv_reader_column(r, fuzz_csv_names[i]);
	}
	if (rc < 0) {
		if (cause == NULL || strncmp(cause, "fuzz.csv: line ", 15) != 0)
			abort();
		free(cause);
	}
	csv_reader_free(r);
	return total == (size_t)-1;
}
