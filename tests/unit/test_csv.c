/* SPDX-License-Identifier: ISC */
/* The one CSV reader: separators, quotes, line ends, BOM, encodings, bounds. */
#include "config.h"

#include <errno.h>
#include <pthread.h>

#include "unit.h"

#include "csv.h"
#include "source.h"

/* A byte source over a string, fed in chunks of a few bytes to cross buffer edges. */
struct string_source {
	const char	*data;
	size_t		 len, pos, chunk;
	size_t		 fail_at;	/* a read at or past this offset fails; 0: never */
};

static ssize_t
string_read(void *arg, char *buf, size_t size, char **cause)
{
	struct string_source *s = arg;
	size_t n = s->len - s->pos;

	if (s->fail_at != 0 && s->pos >= s->fail_at) {
		*cause = strdup("the disk went away");
		return -1;
	}
	if (n > size)
		n = size;
	if (s->chunk != 0 && n > s->chunk)
		n = s->chunk;
	memcpy(buf, s->data + s->pos, n);
	s->pos += n;
	return (ssize_t)n;
}

static struct csv_reader *
reader_for(struct string_source *s, const char *data, size_t len, size_t chunk)
{
	s->data = data;
	s->len = len;
	s->pos = 0;
	s->chunk = chunk;
	s->fail_at = 0;
	return csv_reader_new("test.csv", string_read, s);
}

static void
test_quotes_crlf_bom(void **state)
{
	static const char data[] =
	    "\xEF\xBB\xBF" "A;B;C\r\n"
	    "1;\"dit \"\"bonjour\"\"\";x\r\n"
	    "\r\n"
	    "2;\"a;b\nsuite\";\r\n"
	    "3;;\n"
	    "4;fin;sans fin de ligne";
	struct string_source s;
	struct csv_reader *r;
	size_t chunk;

	(void)state;
	for (chunk = 0; chunk <= 3; chunk++) {
		r = reader_for(&s, data, sizeof data - 1, chunk);
		assert_int_equal(csv_reader_next(r, NULL), 1);
		csv_reader_take_header(r);
		assert_int_equal(csv_reader_separator(r), ';');
		assert_int_equal(csv_reader_column(r, "a"), 0);
		assert_int_equal(csv_reader_column(r, "c"), 2);
		assert_int_equal(csv_reader_column(r, "d"), -1);

		assert_int_equal(csv_reader_next(r, NULL), 1);
		assert_string_equal(csv_reader_field(r, 1), "dit \"bonjour\"");
		assert_int_equal(csv_reader_line(r), 2);

		/* The blank line is skipped; a quoted newline becomes a space. */
		assert_int_equal(csv_reader_next(r, NULL), 1);
		assert_int_equal(csv_reader_nfields(r), 3);
		assert_string_equal(csv_reader_field(r, 1), "a;b suite");
		assert_string_equal(csv_reader_field(r, 2), "");
		assert_int_equal(csv_reader_line(r), 4);

		assert_int_equal(csv_reader_next(r, NULL), 1);
		assert_int_equal(csv_reader_nfields(r), 3);
		assert_string_equal(csv_reader_field(r, 0), "3");
		assert_null(csv_reader_field(r, 3));
		assert_int_equal(csv_reader_line(r), 6);

		assert_int_equal(csv_reader_next(r, NULL), 1);
		assert_string_equal(csv_reader_field(r, 2), "sans fin de ligne");
		assert_int_equal(csv_reader_next(r, NULL), 0);
		csv_reader_free(r);
	}
}

static void
test_encodings_per_record(void **state)
{
	struct source *src;
	struct csv_reader *r;
	char *cause = NULL, hex[65];

	(void)state;
	src = source_open_file(FIXTURES "/csv/cp1252-mixed.csv", &cause);
	assert_non_null(src);
	r = csv_reader_new("cp1252-mixed.csv", source_read, src);
	assert_int_equal(csv_reader_next(r, &cause), 1);
	assert_int_equal(csv_reader_next(r, &cause), 1);
	assert_string_equal(csv_reader_field(r, 1), "Café crème");
	assert_true(csv_reader_was_cp1252(r));
	assert_int_equal(csv_reader_next(r, &cause), 1);
	assert_string_equal(csv_reader_field(r, 1), "Café déjà UTF-8");
	assert_false(csv_reader_was_cp1252(r));
	assert_int_equal(csv_reader_next(r, &cause), 1);
	assert_string_equal(csv_reader_field(r, 1), "€uro œuvre");
	assert_string_equal(csv_reader_field(r, 2), "-3");
	assert_int_equal(csv_reader_next(r, &cause), 0);
	assert_int_equal(source_sha256_hex(src, hex, &cause), 0);
	assert_int_equal(source_bytes(src), 77);
	csv_reader_free(r);
	source_free(src);
}

static void
test_controls_stripped(void **state)
{
	static const char data[] = "a,b\nx\x1b[2J\x07y,\x01z\n";
	struct string_source s;
	struct csv_reader *r;

	(void)state;
	r = reader_for(&s, data, sizeof data - 1, 0);
	assert_int_equal(csv_reader_next(r, NULL), 1);
	assert_int_equal(csv_reader_separator(r), ',');
	assert_int_equal(csv_reader_next(r, NULL), 1);
	assert_string_equal(csv_reader_field(r, 0), "x[2Jy");
	assert_string_equal(csv_reader_field(r, 1), "z");
	csv_reader_free(r);
}

static void
test_errors_name_file_and_line(void **state)
{
	static const char unclosed[] = "a;b\n1;\"jamais fermé\n2;3\n";
	char *big, *cause = NULL;
	struct string_source s;
	struct csv_reader *r;

	(void)state;
	r = reader_for(&s, unclosed, sizeof unclosed - 1, 0);
	assert_int_equal(csv_reader_next(r, &cause), 1);
	assert_int_equal(csv_reader_next(r, &cause), -1);
	assert_string_equal(cause, "test.csv: line 2: quoted field never closed");
	free(cause);
	csv_reader_free(r);

	big = malloc(5000);
	memset(big, 'x', 5000);
	memcpy(big, "a;b\n", 4);
	r = reader_for(&s, big, 5000, 0);
	csv_reader_set_max_record(r, 1000);
	assert_int_equal(csv_reader_next(r, &cause), 1);
	assert_int_equal(csv_reader_next(r, &cause), -1);
	assert_string_equal(cause, "test.csv: line 2: record longer than 1000 bytes");
	free(cause);
	csv_reader_free(r);
	free(big);
}

/*
 * Everything a reader gives, record by record (line, fields, CP1252), then
 * how it ended: what read-ahead must give exactly as reading in line does.
 * With stop_after, the reader is freed that many records in.
 */
static char *
read_everything(struct csv_reader *r, int take_header, size_t stop_after)
{
	char *log = NULL, *cause = NULL;
	size_t len = 0, i, n = 0;
	FILE *f = open_memstream(&log, &len);
	int rc;

	while ((rc = csv_reader_next(r, &cause)) == 1) {
		if (take_header && n == 0)
			csv_reader_take_header(r);
		fprintf(f, "%lu %zu %d", csv_reader_line(r), csv_reader_nfields(r),
		    csv_reader_was_cp1252(r));
		for (i = 0; i < csv_reader_nfields(r); i++)
			fprintf(f, "|%s", csv_reader_field(r, i));
		fputc('\n', f);
		if (++n == stop_after)
			break;
	}
	fprintf(f, "end %d %s sep %c\n", rc, cause != NULL ? cause : "-",
	    csv_reader_separator(r));
	free(cause);
	csv_reader_free(r);
	fclose(f);
	return log;
}

/* Some 60 000 records over many batches: quotes, line breaks, CP1252, blank lines. */
static char *
many_records(size_t *len)
{
	char *data = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&data, &size);
	int i;

	fputs("\xef\xbb\xbf" "CODE;Libell\xc3\xa9;N\r\n", f);
	for (i = 0; i < 60000; i++) {
		switch (i % 7) {
		case 0:
			fprintf(f, "%d;\"dit \"\"%d\"\" ; deux\nlignes\";%d,5\n", i, i, -i);
			break;
		case 1:
			fprintf(f, "%d;Pr\xe9" "fecture \x9c%d;%d\r\n", i, i, i * 3);
			break;
		case 2:
			fprintf(f, "\n%d;Pr\xc3\xa9" "fecture;\n", i);
			break;
		case 3:
			fprintf(f, "%d;;;trop;de;champs\n", i);
			break;
		default:
			fprintf(f, "%d;ligne ordinaire num\xe9ro %d;%d\n", i, i, i % 100);
			break;
		}
	}
	fputs("fin;sans saut de ligne;0", f);
	fclose(f);
	*len = size;
	return data;
}

/*
 * Records whole in the buffer take csv_split's one-pass path, records fed a
 * byte at a time the byte loop: both give the same fields, lines and errors,
 * with LF, CRLF and lone CR line ends, and at the record length bound.
 */
static void
test_fast_path_same_records(void **state)
{
	static const char ends[] =
	    "A;B;C\r\n1;un;x\r2;deux;y\r\r\n3;\"tr\rois\";z\n\r\n4;quatre\r\n"
	    ";;\r\n5;cinq;\"\"\r\n6;six;fin\r";
	struct string_source s;
	struct csv_reader *r;
	char *data, *fast, *slow, *record;
	size_t len, bound;

	(void)state;
	data = many_records(&len);
	fast = read_everything(reader_for(&s, data, len, 0), 1, 0);
	slow = read_everything(reader_for(&s, data, len, 1), 1, 0);
	assert_string_equal(fast, slow);
	assert_non_null(strstr(fast, "\n77145 3 0|59999|Pr\xc3\xa9" "fecture|\n"
	    "77146 3 0|fin|sans saut de ligne|0\nend 0 - sep ;\n"));
	free(fast);
	free(slow);
	free(data);

	fast = read_everything(reader_for(&s, ends, sizeof ends - 1, 0), 1, 0);
	slow = read_everything(reader_for(&s, ends, sizeof ends - 1, 1), 1, 0);
	assert_string_equal(fast, slow);
	assert_string_equal(fast, "1 3 0|A|B|C\n2 3 0|1|un|x\n3 3 0|2|deux|y\n"
	    "5 3 0|3|trois|z\n7 2 0|4|quatre\n8 3 0|||\n9 3 0|5|cinq|\n"
	    "10 3 0|6|six|fin\nend 0 - sep ;\n");
	free(fast);
	free(slow);

	/* 8 bytes and 3 fields: within a bound of 11, not of 10. */
	record = "abc;de;fgh\nnext;1\n";
	for (bound = 10; bound <= 11; bound++) {
		r = reader_for(&s, record, strlen(record), 0);
		csv_reader_set_max_record(r, bound);
		fast = read_everything(r, 0, 0);
		r = reader_for(&s, record, strlen(record), 1);
		csv_reader_set_max_record(r, bound);
		slow = read_everything(r, 0, 0);
		assert_string_equal(fast, slow);
		assert_string_equal(fast, bound == 10 ? "end -1 test.csv: line 1: "
		    "record longer than 10 bytes sep ;\n" : "1 3 0|abc|de|fgh\n"
		    "2 2 0|next|1\nend 0 - sep ;\n");
		free(fast);
		free(slow);
	}
}

/*
 * Records whose separators and line ends fall at every offset of the
 * split's 16-byte blocks (fields of 0 to 40 bytes; LF, CRLF, a CR whose LF
 * starts the next block, lone CRs, quotes, CP1252): read whole, a byte at a
 * time and ahead, the same fields, lines and encodings.
 */
static void
test_split_block_offsets(void **state)
{
	struct string_source a, b, c;
	struct csv_reader *r;
	char *data = NULL, *whole, *bytes, *ahead, *last;
	size_t size = 0, n = 0, f, nf, len, i;
	FILE *out = open_memstream(&data, &size);

	(void)state;
	for (i = 0; i < 3000; i++) {
		nf = 1 + i % 8;
		for (f = 0; f < nf; f++) {
			/* No blank line: a record of one field has a byte. */
			len = (i * 7 + f * 13) % 41 + (nf == 1);
			if (f > 0)
				fputc(';', out);
			if (i % 11 == 5 && f == nf / 2)
				fprintf(out, "\"q;%zu\"", len);
			else if (i % 17 == 3 && f == 0)
				fprintf(out, "\xe9t\xe9");
			else
				fprintf(out, "%.*s", (int)len,
				    "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH" + f);
		}
		fputs(i % 13 == 7 ? "\r" : i % 3 == 0 ? "\r\n" : "\n", out);
		n++;
	}
	fclose(out);
	whole = read_everything(reader_for(&a, data, size, 0), 0, 0);
	bytes = read_everything(reader_for(&b, data, size, 1), 0, 0);
	r = reader_for(&c, data, size, 0);
	csv_reader_read_ahead(r);
	ahead = read_everything(r, 0, 0);
	assert_string_equal(whole, bytes);
	assert_string_equal(whole, ahead);
	/* Every record read, the last one on its own line. */
	last = strstr(whole, "\nend 0 - sep ;\n");
	assert_non_null(last);
	while (last > whole && last[-1] != '\n')
		last--;
	assert_int_equal(strtoul(last, NULL, 10), n);
	assert_non_null(strstr(whole, "|\xc3\xa9t\xc3\xa9|"));
	assert_non_null(strstr(whole, "|q;"));
	free(whole);
	free(bytes);
	free(ahead);
	free(data);
}

static void
test_read_ahead_same_records(void **state)
{
	struct string_source a, b;
	struct csv_reader *r;
	char *data, *in_line, *ahead;
	size_t len;

	(void)state;
	data = many_records(&len);
	assert_true(len > 8 * 128 * 1024);
	in_line = read_everything(reader_for(&a, data, len, 0), 1, 0);
	r = reader_for(&b, data, len, 777);
	csv_reader_read_ahead(r);
	ahead = read_everything(r, 1, 0);
	assert_int_equal(strlen(ahead), strlen(in_line));
	assert_string_equal(ahead, in_line);
	assert_non_null(strstr(in_line, " 3 1|29999|ligne ordinaire num\xc3\xa9ro 29999|99\n"));
	assert_non_null(strstr(in_line, " 3 0|fin|sans saut de ligne|0\nend 0 - sep ;\n"));
	free(ahead);

	/* Freed a few records in, while the thread is still reading. */
	r = reader_for(&b, data, len, 0);
	csv_reader_read_ahead(r);
	ahead = read_everything(r, 1, 3);
	assert_int_equal(strncmp(ahead, in_line, strlen(ahead) - strlen("end 1 - sep ;\n")), 0);
	assert_string_equal(ahead + strlen(ahead) - strlen("end 1 - sep ;\n"), "end 1 - sep ;\n");
	free(ahead);
	free(in_line);
	free(data);
}

/*
 * Records over 64 KiB, whose starts a batch keeps on 32 bits, among short
 * ones on 16: read ahead, every field is where it is read in line.
 */
static void
test_read_ahead_long_records(void **state)
{
	struct string_source a, b;
	struct csv_reader *r;
	char *data = NULL, *in_line, *ahead;
	size_t size = 0, i, f, len;
	FILE *out = open_memstream(&data, &size);

	(void)state;
	for (i = 0; i < 40; i++) {
		for (f = 0; f < 4; f++) {
			/* Fields of 30 000 bytes: the third starts past 65 535. */
			len = i % 3 == 1 ? 30000 + i : 5 + i + f;
			if (f > 0)
				fputc(';', out);
			for (size_t k = 0; k < len; k++)
				fputc("abcdefghij"[(i + f + k) % 10], out);
			fprintf(out, "<%zu.%zu>", i, f);
		}
		fputc('\n', out);
	}
	fclose(out);
	in_line = read_everything(reader_for(&a, data, size, 0), 0, 0);
	r = reader_for(&b, data, size, 0);
	csv_reader_read_ahead(r);
	ahead = read_everything(r, 0, 0);
	assert_string_equal(ahead, in_line);
	/* Record 37's fields are long: its fourth starts past 90 000. */
	assert_non_null(strstr(in_line, "<37.2>|abcdefghij"));
	assert_non_null(strstr(in_line, "<39.3>\nend 0 - sep ;\n"));
	free(in_line);
	free(ahead);
	free(data);
}

static void
test_read_ahead_same_errors(void **state)
{
	static const char malformed[] = "a;b\n1;2\n3;\xc3\xa9 \xc0\xaf\n4;5\n";
	struct string_source a, b;
	struct csv_reader *r;
	char *data, *in_line, *ahead, *big;
	size_t len;

	(void)state;
	/* A read that fails mid-file: every record before it, then its cause. */
	data = many_records(&len);
	r = reader_for(&a, data, len, 0);
	a.fail_at = len / 2;
	in_line = read_everything(r, 1, 0);
	r = reader_for(&b, data, len, 0);
	b.fail_at = len / 2;
	csv_reader_read_ahead(r);
	ahead = read_everything(r, 1, 0);
	assert_string_equal(ahead, in_line);
	assert_non_null(strstr(in_line, ": the disk went away sep ;\n"));
	free(ahead);
	free(in_line);
	free(data);

	/* Malformed UTF-8 is found when the record is taken, naming its column. */
	in_line = read_everything(reader_for(&a, malformed, sizeof malformed - 1, 0), 1, 0);
	r = reader_for(&b, malformed, sizeof malformed - 1, 0);
	csv_reader_read_ahead(r);
	ahead = read_everything(r, 1, 0);
	assert_string_equal(ahead, in_line);
	assert_non_null(strstr(in_line, "end -1 test.csv: line 3: field 'b': malformed UTF-8"));
	free(ahead);
	free(in_line);

	/* A record too long, found by the thread. */
	big = malloc(500000);
	memset(big, 'x', 500000);
	memcpy(big, "a;b\n", 4);
	r = reader_for(&b, big, 500000, 0);
	csv_reader_set_max_record(r, 100000);
	csv_reader_read_ahead(r);
	ahead = read_everything(r, 0, 0);
	assert_string_equal(ahead, "1 2 0|a|b\nend -1 test.csv: line 2: record longer than 100000 bytes sep ;\n");
	free(ahead);
	free(big);
}

/* What prepare_record writes for a record: its fields as split. */
struct prepared {
	uint32_t	 tag;		/* the argument's, as set */
	int		 ahead;		/* worked out on the read-ahead thread */
	size_t		 nfields;
	int		 printable;	/* every byte 0x20 to 0x7E */
	uint64_t	 hash;		/* of the fields' bytes and their ends */
};

/* FNV-1a of bytes, then of a field's end. */
static uint64_t
fields_hash(uint64_t h, const char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)p[i]) * UINT64_C(0x100000001b3);
	return (h ^ 0x100) * UINT64_C(0x100000001b3);
}

/* The thread that reads the records. */
static pthread_t caller;

/* A prepare function: runs on either thread, with its own copy of arg. */
static void
prepare_record(const void *arg, const struct csv_record *rec, void *out)
{
	struct prepared *p = out;
	size_t i, k;

	p->tag = *(const uint32_t *)arg;
	p->ahead = !pthread_equal(pthread_self(), caller);
	p->nfields = rec->nfields;
	p->printable = 1;
	p->hash = UINT64_C(0xcbf29ce484222325);
	for (i = 0; i < rec->nfields; i++) {
		p->hash = fields_hash(p->hash, rec->bytes + rec->start[i],
		    rec->start[i + 1] - rec->start[i]);
		for (k = rec->start[i]; k < rec->start[i + 1]; k++) {
			if (rec->bytes[k] < 0x20 || rec->bytes[k] > 0x7E)
				p->printable = 0;
		}
	}
}

/*
 * Reads r to its end with prepare_record set after the first record, a
 * consumer slow for every 200th record (the thread, ahead, prepares): each
 * record's results are its own (the same fields where they decode as they
 * are, aligned for any type), worked out ahead or then. Returns how many
 * were worked out ahead.
 */
static size_t
read_prepared(struct csv_reader *r, size_t *records)
{
	const struct prepared *p;
	uint32_t tag = 0x5eed;
	uint64_t h;
	size_t i, n = 0, ahead = 0;
	char *cause = NULL;
	int rc;

	caller = pthread_self();
	while ((rc = csv_reader_next(r, &cause)) == 1) {
		if (n++ == 0) {
			assert_null(csv_reader_prepared(r));
			csv_reader_set_prepare(r, prepare_record, &tag,
			    sizeof tag, sizeof *p);
			/* The reader took a copy: this one may change. */
			tag = 0;
			continue;
		}
		if (n % 200 == 0)
			usleep(2000);
		p = csv_reader_prepared(r);
		assert_non_null(p);
		/* Asked again, the same results, not worked out again. */
		assert_ptr_equal(csv_reader_prepared(r), p);
		ahead += p->ahead;
		assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
		assert_int_equal(p->tag, 0x5eed);
		assert_int_equal(p->nfields, csv_reader_nfields(r));
		if (!p->printable)
			continue;
		h = UINT64_C(0xcbf29ce484222325);
		for (i = 0; i < csv_reader_nfields(r); i++)
			h = fields_hash(h, csv_reader_field(r, i),
			    strlen(csv_reader_field(r, i)));
		assert_true(h == p->hash);
	}
	assert_int_equal(rc, 0);
	csv_reader_free(r);
	*records = n;
	return ahead;
}

/*
 * The prepare function: run ahead on records far enough in a file read
 * ahead while the caller is behind (the thread would wait for it), each
 * result beside its own record, and on the caller's thread for the others;
 * never ahead without read-ahead, nor in a file that the thread split whole
 * before it was set; freed with the reader while the thread still runs it.
 */
static void
test_read_ahead_prepare(void **state)
{
	static const char small[] = "a;b\n1;2\n3;4\n";
	struct string_source a;
	struct csv_reader *r;
	uint32_t tag = 1;
	char *data, *cause = NULL;
	size_t len, records;

	(void)state;
	data = many_records(&len);
	r = reader_for(&a, data, len, 0);
	csv_reader_read_ahead(r);
	/* Slow as the consumer is, the thread prepares most records. */
	assert_true(read_prepared(r, &records) > 30000);
	/* The header, 60 000 records and the last one. */
	assert_int_equal(records, 60002);

	assert_int_equal(read_prepared(reader_for(&a, data, len, 0), &records), 0);
	assert_int_equal(records, 60002);

	r = reader_for(&a, small, sizeof small - 1, 0);
	csv_reader_read_ahead(r);
	assert_int_equal(read_prepared(r, &records), 0);
	assert_int_equal(records, 3);

	/* Set before the first record, freed a few records in. */
	r = reader_for(&a, data, len, 0);
	csv_reader_read_ahead(r);
	csv_reader_set_prepare(r, prepare_record, &tag, sizeof tag,
	    sizeof(struct prepared));
	assert_int_equal(csv_reader_next(r, &cause), 1);
	assert_int_equal(csv_reader_next(r, &cause), 1);
	csv_reader_free(r);
	free(data);
}

/* The real published FINESS lines: meta line, 32 fields, doubled quotes. */
static void
test_real_finess_lines(void **state)
{
	struct source *src;
	struct csv_reader *r;
	char *cause = NULL;
	int records = 0, rc;

	(void)state;
	src = source_open_file(FIXTURES "/finess/etalab-cs1100502-excerpt.csv",
	    &cause);
	assert_non_null(src);
	r = csv_reader_new("etalab-cs1100502-excerpt.csv", source_read, src);
	assert_int_equal(csv_reader_next(r, &cause), 1);
	assert_string_equal(csv_reader_field(r, 0), "finess");
	assert_string_equal(csv_reader_field(r, 3), "2026-05-12");
	while ((rc = csv_reader_next(r, &cause)) == 1) {
		records++;
		assert_string_equal(csv_reader_field(r, 0), "structureet");
		/* The record type, 30 fields and an empty numuai after the last ';'. */
		assert_int_equal(csv_reader_nfields(r), 32);
		assert_string_equal(csv_reader_field(r, 31), "");
		if (strcmp(csv_reader_field(r, 1), "980501506") == 0) {
			assert_string_equal(csv_reader_field(r, 3),
			    "LIEU DE VIE \"MAVOUNA MEMA 1\"");
			assert_string_equal(csv_reader_field(r, 4),
			    "LIEU DE VIE ET D'ACCUEIL \"MAVOUNA MEMA 1\"");
		}
		if (strcmp(csv_reader_field(r, 1), "010000024") == 0)
			assert_string_equal(csv_reader_field(r, 25),
			    "ARS établissements Publics de santé dotation globale");
	}
	assert_int_equal(rc, 0);
	assert_int_equal(records, 14);
	csv_reader_free(r);
	source_free(src);
}

/*
 * Malformed UTF-8 (overlong, surrogate, past U+10FFFF) is never read as UTF-8:
 * alone in a record it is CP1252, beside valid UTF-8 the record is refused
 * with its field; stray Latin-1 bytes beside valid UTF-8 stay CP1252.
 */
/* A headerless record whose second field is malformed beside valid UTF-8. */
static void
expect_field_2_malformed(const char *data)
{
	struct string_source s;
	struct csv_reader *r;
	char *cause = NULL;

	r = reader_for(&s, data, strlen(data), 0);
	assert_int_equal(csv_reader_next(r, &cause), -1);
	assert_string_equal(cause, "test.csv: line 1: field 2: malformed "
	    "UTF-8 (overlong, surrogate or past U+10FFFF) beside valid "
	    "UTF-8: neither UTF-8 nor CP1252");
	free(cause);
	csv_reader_free(r);
}

static void
test_malformed_utf8(void **state)
{
	static const struct {
		const char	*bad;		/* bytes UTF-8 forbids */
		const char	*cp1252;	/* the same record without valid UTF-8, decoded */
	} cases[] = {
		{ "\xC0\xAF", "x\xC3\x80\xC2\xAFy" },				/* "/" overlong in 2 bytes */
		{ "\xE0\x80\xAF", "x\xC3\xA0\xE2\x82\xAC\xC2\xAFy" },		/* in 3 bytes */
		{ "\xF0\x80\x80\xAF", "x\xC3\xB0\xE2\x82\xAC\xE2\x82\xAC\xC2\xAFy" },	/* in 4 bytes */
		{ "\xED\xA0\x80", "x\xC3\xAD\xC2\xA0\xE2\x82\xACy" },		/* surrogate U+D800 */
		{ "\xF4\x90\x80\x80", "x\xC3\xB4\xE2\x82\xAC\xE2\x82\xACy" },	/* U+110000; 90 undefined */
	};
	struct string_source s;
	struct csv_reader *r;
	char data[256], *cause;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		/* Alone: CP1252, byte for byte (C1 controls dropped). */
		snprintf(data, sizeof data, "a;b\n1;x%sy\n", cases[i].bad);
		r = reader_for(&s, data, strlen(data), 1);
		assert_int_equal(csv_reader_next(r, NULL), 1);
		csv_reader_take_header(r);
		assert_int_equal(csv_reader_next(r, NULL), 1);
		assert_true(csv_reader_was_cp1252(r));
		assert_string_equal(csv_reader_field(r, 1), cases[i].cp1252);
		csv_reader_free(r);

		/* Beside a valid "é" (C3 A9) in another field: refused, with the field. */
		snprintf(data, sizeof data, "a;b\ncaf\xC3\xA9;x%sy\n", cases[i].bad);
		r = reader_for(&s, data, strlen(data), 1);
		assert_int_equal(csv_reader_next(r, NULL), 1);
		csv_reader_take_header(r);
		cause = NULL;
		assert_int_equal(csv_reader_next(r, &cause), -1);
		assert_string_equal(cause, "test.csv: line 2: field 'b': malformed "
		    "UTF-8 (overlong, surrogate or past U+10FFFF) beside valid "
		    "UTF-8: neither UTF-8 nor CP1252");
		free(cause);
		csv_reader_free(r);

		/* Without a header, the field's number. */
		snprintf(data, sizeof data, "1;x%sy;caf\xC3\xA9\n", cases[i].bad);
		expect_field_2_malformed(data);

		/* Far apart, across ASCII runs longer than the eight-byte skips. */
		snprintf(data, sizeof data, "1;x%sy one two three four five;"
		    "six seven eight nine ten caf\xC3\xA9 eleven twelve\n",
		    cases[i].bad);
		expect_field_2_malformed(data);
	}

	/* Valid UTF-8 beside a lone Latin-1 "é" (E9 then ASCII): CP1252, as before. */
	r = reader_for(&s, "caf\xC3\xA9;d\xE9j\xE0\n", 11, 0);
	assert_int_equal(csv_reader_next(r, NULL), 1);
	assert_true(csv_reader_was_cp1252(r));
	assert_string_equal(csv_reader_field(r, 0), "caf\xC3\x83\xC2\xA9");
	assert_string_equal(csv_reader_field(r, 1), "d\xC3\xA9j\xC3\xA0");
	csv_reader_free(r);
}

/* A record of nothing but separators is bounded too (it used to grow without end). */
static void
test_separators_count(void **state)
{
	struct string_source s;
	struct csv_reader *r;
	char *data, *cause = NULL;

	(void)state;
	data = malloc(5001);
	memset(data, ';', 5000);
	data[5000] = '\n';
	r = reader_for(&s, data, 5001, 0);
	csv_reader_set_max_record(r, 1000);
	assert_int_equal(csv_reader_next(r, &cause), -1);
	assert_string_equal(cause, "test.csv: line 1: record longer than 1000 bytes");
	free(cause);
	csv_reader_free(r);

	/* 999 separators: 1000 empty fields, within the bound. */
	r = reader_for(&s, data + 4001, 1000, 0);
	csv_reader_set_max_record(r, 1000);
	assert_int_equal(csv_reader_next(r, NULL), 1);
	assert_int_equal(csv_reader_nfields(r), 1000);
	csv_reader_free(r);
	free(data);
}

/*
 * A tab in the first line makes a tab-separated file (the BDPM's): quotes
 * are text there, commas and ';' are not separators, and blank lines skip.
 */
static void
test_tab_separated(void **state)
{
	static const char data[] =
	    "60002283\tr\xe9serv\xe9 \xe0 l'usage \"hospitalier\", liste I\r\n"
	    "\r\n"
	    "60002504\t\"30%;65%\"\t31,59\t\n";
	struct string_source s;
	struct csv_reader *r;
	size_t chunk;

	(void)state;
	/* The guess reads the first buffer: from a whole first line up. */
	for (chunk = 48; chunk <= sizeof data; chunk += 7) {
		r = reader_for(&s, data, sizeof data - 1, chunk);
		assert_int_equal(csv_reader_next(r, NULL), 1);
		assert_int_equal(csv_reader_separator(r), '\t');
		assert_int_equal(csv_reader_nfields(r), 2);
		assert_string_equal(csv_reader_field(r, 1),
		    "r\xc3\xa9serv\xc3\xa9 \xc3\xa0 l'usage \"hospitalier\", "
		    "liste I");
		assert_int_equal(csv_reader_next(r, NULL), 1);
		assert_int_equal(csv_reader_line(r), 3);
		assert_int_equal(csv_reader_nfields(r), 4);
		assert_string_equal(csv_reader_field(r, 1), "\"30%;65%\"");
		assert_string_equal(csv_reader_field(r, 2), "31,59");
		assert_string_equal(csv_reader_field(r, 3), "");
		assert_int_equal(csv_reader_next(r, NULL), 0);
		csv_reader_free(r);
	}
}

/*
 * A tab inside quotes (a space once read) leaves a ";" file read as ";" (fuzz_csv),
 * and the writer gives back what a tab-separated file held: quotes as
 * they are, a field it cannot hold refused.
 */
static void
test_tab_quoted_and_written(void **state)
{
	static const char data[] =
	    "\"an\";\"a\tb\";\"c\"\r\n"
	    "1;2;3\r\n";
	static const char tabbed[] = "60002283\t\"hospitalier\", liste I\r\n";
	const char *fields[2], *bad[2] = { "a", "b\tc" };
	struct string_source s;
	struct csv_reader *r;
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	r = reader_for(&s, data, sizeof data - 1, 0);
	assert_int_equal(csv_reader_next(r, NULL), 1);
	assert_int_equal(csv_reader_separator(r), ';');
	assert_int_equal(csv_reader_nfields(r), 3);
	assert_string_equal(csv_reader_field(r, 1), "a b");
	csv_reader_free(r);

	r = reader_for(&s, tabbed, sizeof tabbed - 1, 0);
	assert_int_equal(csv_reader_next(r, NULL), 1);
	assert_int_equal(csv_reader_separator(r), '\t');
	fields[0] = csv_reader_field(r, 0);
	fields[1] = csv_reader_field(r, 1);
	assert_non_null(f = open_memstream(&text, &len));
	assert_int_equal(csv_write_record(f, fields, 2, '\t'), 0);
	errno = 0;
	assert_int_equal(csv_write_record(f, bad, 2, '\t'), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(fclose(f), 0);
	csv_reader_free(r);
	assert_string_equal(text, tabbed);
	free(text);
}

/* A header quoted as one whole line (SAE exports) splits only when asked, and only line 1. */
static void
test_quoted_header_line(void **state)
{
	static const char data[] =
	    "\"BOR;AN;FI\"\r\n"
	    "\"SYGEN;2021\";010000024\r\n"
	    "\"x;y\"\r\n";
	struct string_source s;
	struct csv_reader *r;
	size_t chunk;

	(void)state;
	for (chunk = 0; chunk <= 2; chunk++) {
		r = reader_for(&s, data, sizeof data - 1, chunk);
		csv_reader_split_quoted_header(r);
		assert_int_equal(csv_reader_next(r, NULL), 1);
		assert_int_equal(csv_reader_nfields(r), 3);
		csv_reader_take_header(r);
		assert_int_equal(csv_reader_column(r, "fi"), 2);
		assert_string_equal(csv_reader_header(r, 1), "AN");
		assert_int_equal(csv_reader_next(r, NULL), 1);
		assert_int_equal(csv_reader_nfields(r), 2);
		assert_string_equal(csv_reader_field(r, 0), "SYGEN;2021");
		assert_int_equal(csv_reader_next(r, NULL), 1);
		assert_int_equal(csv_reader_nfields(r), 1);
		assert_string_equal(csv_reader_field(r, 0), "x;y");
		csv_reader_free(r);
	}
	/* Without the request, one quoted field stays one field. */
	r = reader_for(&s, data, sizeof data - 1, 0);
	assert_int_equal(csv_reader_next(r, NULL), 1);
	assert_int_equal(csv_reader_nfields(r), 1);
	assert_string_equal(csv_reader_field(r, 0), "BOR;AN;FI");
	csv_reader_free(r);
}

static void
test_parse_int64(void **state)
{
	int64_t v;

	(void)state;
	assert_int_equal(csv_parse_int64("2103778", &v), 0);
	assert_int_equal(v, 2103778);
	assert_int_equal(csv_parse_int64("-51", &v), 0);
	assert_int_equal(v, -51);
	assert_int_equal(csv_parse_int64("", &v), 1);
	assert_int_equal(csv_parse_int64("  ", &v), 1);
	assert_int_equal(csv_parse_int64("12a", &v), -1);
	assert_int_equal(csv_parse_int64("99999999999999999999", &v), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quotes_crlf_bom),
		cmocka_unit_test(test_encodings_per_record),
		cmocka_unit_test(test_controls_stripped),
		cmocka_unit_test(test_errors_name_file_and_line),
		cmocka_unit_test(test_real_finess_lines),
		cmocka_unit_test(test_malformed_utf8),
		cmocka_unit_test(test_separators_count),
		cmocka_unit_test(test_tab_separated),
		cmocka_unit_test(test_tab_quoted_and_written),
		cmocka_unit_test(test_quoted_header_line),
		cmocka_unit_test(test_parse_int64),
		cmocka_unit_test(test_fast_path_same_records),
		cmocka_unit_test(test_split_block_offsets),
		cmocka_unit_test(test_read_ahead_same_records),
		cmocka_unit_test(test_read_ahead_long_records),
		cmocka_unit_test(test_read_ahead_same_errors),
		cmocka_unit_test(test_read_ahead_prepare),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
