/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csv.h"
#include "utf8.h"
#include "xmalloc.h"

#define CSV_BUFSIZE 65536

#define CSV_MALFORMED_WHY "malformed UTF-8 (overlong, surrogate or past " \
	"U+10FFFF) beside valid UTF-8: neither UTF-8 nor CP1252"

/* Unicode for CP1252 bytes 0x80-0x9F; 0 where CP1252 leaves a byte undefined. */
static const uint16_t csv_cp1252_high[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

enum csv_encoding { CSV_PLAIN, CSV_UTF8, CSV_CP1252, CSV_MALFORMED };

struct csv_reader {
	char		*name;
	csv_read_fn	 read;
	void		*arg;

	char		*buf;		/* input not yet parsed */
	size_t		 buflen;
	size_t		 bufpos;
	int		 eof;
	int		 started;	/* BOM checked */
	int		 first_done;	/* the first record has been read */
	int		 split_first;	/* csv_reader_split_quoted_header() */
	int		 pending[4];	/* bytes given back, last first */
	int		 npending;

	char		 sep;
	size_t		 max_record;
	unsigned long	 line;		/* current physical line */
	unsigned long	 record_line;

	char		*raw;		/* raw bytes of the record's fields */
	size_t		 rawlen, rawsize;
	size_t		*start;		/* field i is raw[start[i]] .. raw[start[i + 1]] */
	size_t		 nfields, fieldsize;

	char		*text;		/* decoded fields, NUL-separated */
	size_t		 textsize;
	const char     **field;		/* decoded fields, NULL until asked for */
	enum csv_encoding encoding;
	int		 cp1252;
	size_t		 malformed;	/* offset of the bad sequence (CSV_MALFORMED) */

	char	       **header;
	size_t		 nheader;
};

static void	csv_init_cp1252(void);
static const char *csv_decode_field(struct csv_reader *, size_t);

struct csv_reader *
csv_reader_new(const char *name, csv_read_fn read, void *arg)
{
	struct csv_reader *r;

	r = xcalloc(1, sizeof *r);
	r->name = xstrdup(name);
	r->read = read;
	r->arg = arg;
	r->buf = xmalloc(CSV_BUFSIZE);
	r->max_record = CSV_MAX_RECORD_DEFAULT;
	r->line = 1;
	r->rawsize = 4096;
	r->raw = xmalloc(r->rawsize);
	r->fieldsize = 64;
	csv_init_cp1252();
	r->start = xreallocarray(NULL, r->fieldsize + 1, sizeof *r->start);
	r->field = xreallocarray(NULL, r->fieldsize, sizeof *r->field);
	return r;
}

void
csv_reader_free(struct csv_reader *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nheader; i++)
		free(r->header[i]);
	free(r->header);
	free(r->name);
	free(r->buf);
	free(r->raw);
	free(r->start);
	free(r->text);
	free(r->field);
	free(r);
}

void
csv_reader_set_separator(struct csv_reader *r, char sep)
{
	r->sep = sep;
}

void
csv_reader_split_quoted_header(struct csv_reader *r)
{
	r->split_first = 1;
}

void
csv_reader_set_max_record(struct csv_reader *r, size_t max)
{
	r->max_record = max;
}

const char *
csv_reader_name(const struct csv_reader *r)
{
	return r->name;
}

char
csv_reader_separator(const struct csv_reader *r)
{
	return r->sep;
}

size_t
csv_reader_nfields(const struct csv_reader *r)
{
	return r->nfields;
}

const char *
csv_reader_field(const struct csv_reader *r, size_t i)
{
	if (i >= r->nfields)
		return NULL;
	if (r->field[i] == NULL)	/* decoding is a cache: the record is unchanged */
		return csv_decode_field((struct csv_reader *)(uintptr_t)r, i);
	return r->field[i];
}

unsigned long
csv_reader_line(const struct csv_reader *r)
{
	return r->record_line;
}

int
csv_reader_was_cp1252(const struct csv_reader *r)
{
	return r->cp1252;
}

/* Refills the input buffer; returns -1 on a read error. */
static int
csv_fill(struct csv_reader *r, char **cause)
{
	ssize_t n;
	char *why = NULL;

	if (r->eof)
		return 0;
	n = r->read(r->arg, r->buf, CSV_BUFSIZE, &why);
	if (n < 0) {
		error_set(cause, "%s: line %lu: %s", r->name, r->line,
		    why != NULL ? why : "read error");
		free(why);
		return -1;
	}
	r->buflen = n;
	r->bufpos = 0;
	if (n == 0)
		r->eof = 1;
	return 0;
}

/* Returns the next input byte, -1 at the end, -2 on a read error. */
static int
csv_getc(struct csv_reader *r, char **cause)
{
	if (r->npending > 0)
		return r->pending[--r->npending];
	if (r->bufpos == r->buflen) {
		if (csv_fill(r, cause) != 0)
			return -2;
		if (r->eof)
			return -1;
	}
	return (unsigned char)r->buf[r->bufpos++];
}

static void
csv_ungetc(struct csv_reader *r, int c)
{
	r->pending[r->npending++] = c;
}

/* Looks at the next input byte without taking it. */
static int
csv_peek(struct csv_reader *r, char **cause)
{
	int c;

	if ((c = csv_getc(r, cause)) >= 0)
		csv_ungetc(r, c);
	return c;
}

/* Drops a UTF-8 byte order mark at the start of the input, whatever the read sizes. */
static int
csv_skip_bom(struct csv_reader *r, char **cause)
{
	const unsigned char *bom = (const unsigned char *)UTF8_BOM;
	int c[UTF8_BOM_LEN], i, n;

	for (n = 0; n < UTF8_BOM_LEN; n++) {
		if ((c[n] = csv_getc(r, cause)) == -2)
			return -1;
		if (c[n] != bom[n]) {
			n += c[n] >= 0;
			break;
		}
	}
	if (n == UTF8_BOM_LEN && c[n - 1] == bom[n - 1])
		return 0;
	for (i = n - 1; i >= 0; i--)
		csv_ungetc(r, c[i]);
	return 0;
}

static int
csv_put(struct csv_reader *r, int c, char **cause)
{
	if (r->rawlen >= r->max_record)
		return error_set(cause, "%s: line %lu: record longer than %zu bytes",
		    r->name, r->record_line, r->max_record);
	if (r->rawlen == r->rawsize) {
		r->rawsize *= 2;
		r->raw = xreallocarray(r->raw, r->rawsize, 1);
	}
	r->raw[r->rawlen++] = c;
	return 0;
}

/*
 * Copies the rest of an unquoted field straight from the input buffer: the
 * common case, kept out of the byte-at-a-time loop.
 */
static int
csv_put_run(struct csv_reader *r, char **cause)
{
	const char *p, *start, *end;
	size_t n;

	if (r->npending > 0)
		return 0;
	start = p = r->buf + r->bufpos;
	end = r->buf + r->buflen;
	while (p < end && *p != r->sep && *p != '\n' && *p != '\r' && *p != '"' &&
	    *p != '\0')
		p++;
	n = (size_t)(p - start);
	if (n == 0)
		return 0;
	if (r->rawlen + n > r->max_record)
		return error_set(cause, "%s: line %lu: record longer than %zu bytes",
		    r->name, r->record_line, r->max_record);
	while (r->rawlen + n > r->rawsize) {
		r->rawsize *= 2;
		r->raw = xreallocarray(r->raw, r->rawsize, 1);
	}
	memcpy(r->raw + r->rawlen, start, n);
	r->rawlen += n;
	r->bufpos += n;
	return 0;
}

/*
 * Ends a field. Separators count towards the record's length: a line of
 * nothing but separators would otherwise grow the field index without bound.
 */
static int
csv_end_field(struct csv_reader *r, char **cause)
{
	if (r->rawlen + r->nfields >= r->max_record)
		return error_set(cause, "%s: line %lu: record longer than %zu bytes",
		    r->name, r->record_line, r->max_record);
	if (r->nfields == r->fieldsize) {
		r->fieldsize *= 2;
		r->start = xreallocarray(r->start, r->fieldsize + 1, sizeof *r->start);
		r->field = xreallocarray(r->field, r->fieldsize, sizeof *r->field);
	}
	r->nfields++;
	r->start[r->nfields] = r->rawlen;
	return 0;
}

/*
 * Guesses the separator from the first record: a tab outside quotes makes it
 * a tab-separated file (the BDPM's, whose lines start with a code and may
 * hold more commas than tabs, and no published ';' or ',' table has a tab
 * between its first line's fields); otherwise whichever of ';' and ',' is
 * more frequent outside quotes.
 */
static void
csv_guess_separator(struct csv_reader *r)
{
	size_t i, k, semi = 0, comma = 0;
	int quoted = 0, c;

	/* The bytes the BOM check gave back come first (last pushed, first read). */
	for (k = 0, i = r->bufpos;; k++) {
		if (k < (size_t)r->npending)
			c = r->pending[(size_t)r->npending - 1 - k];
		else if (i < r->buflen)
			c = (unsigned char)r->buf[i++];
		else
			break;
		if (c == '\n')
			break;
		if (!quoted && c == '\t') {
			r->sep = '\t';
			return;
		}
		if (c == '"')
			quoted = !quoted;
		else if (!quoted && c == ';')
			semi++;
		else if (!quoted && c == ',')
			comma++;
	}
	r->sep = comma > semi ? ',' : ';';
}

/* Splits the next raw record into fields; returns 1, 0 at the end, or -1. */
static int
csv_split(struct csv_reader *r, char **cause)
{
	int c, quoted, in_quotes, any = 0;

	r->rawlen = 0;
	r->nfields = 0;
	r->start[0] = 0;
	r->record_line = r->line;
	quoted = in_quotes = 0;
	for (;;) {
		if ((c = csv_getc(r, cause)) == -2)
			return -1;
		if (c == -1) {
			if (in_quotes)
				return error_set(cause, "%s: line %lu: quoted field "
				    "never closed", r->name, r->record_line);
			if (!any)
				return 0;
			return csv_end_field(r, cause) != 0 ? -1 : 1;
		}
		any = 1;
		if (c == '\0')
			return error_set(cause, "%s: line %lu: a NUL byte: binary "
			    "data, not a CSV file", r->name, r->line);
		if (in_quotes) {
			if (c == '"') {
				if ((c = csv_peek(r, cause)) == -2)
					return -1;
				if (c == '"') {
					csv_getc(r, cause);
					if (csv_put(r, '"', cause) != 0)
						return -1;
				} else
					in_quotes = 0;
				continue;
			}
			if (c == '\n')
				r->line++;
			if (csv_put(r, c, cause) != 0)
				return -1;
			continue;
		}
		if (c != '"' && c != r->sep && c != '\r' && c != '\n' && c != '\0') {
			if (csv_put(r, c, cause) != 0 || csv_put_run(r, cause) != 0)
				return -1;
			continue;
		}
		/* Tab-separated files quote nothing: a '"' is text there. */
		if (c == '"' && !quoted && r->sep != '\t' &&
		    r->rawlen == r->start[r->nfields]) {
			quoted = in_quotes = 1;
			continue;
		}
		if (c == r->sep) {
			if (csv_end_field(r, cause) != 0)
				return -1;
			quoted = 0;
			continue;
		}
		if (c == '\r' || c == '\n') {
			if (c == '\r') {
				if ((c = csv_peek(r, cause)) == -2)
					return -1;
				if (c == '\n')
					csv_getc(r, cause);
			}
			r->line++;
			return csv_end_field(r, cause) != 0 ? -1 : 1;
		}
		if (csv_put(r, c, cause) != 0)
			return -1;
	}
}

/*
 * UTF-8 for each CP1252 byte, as length then bytes; length 0 for what is
 * dropped (C0 and C1 controls, and the five bytes CP1252 leaves undefined,
 * which are C1 controls in Latin-1). Tab and newline become a space.
 */
static unsigned char csv_cp1252_utf8[256][4];

static void
csv_init_cp1252(void)
{
	uint32_t cp;
	int b;

	if (csv_cp1252_utf8['A'][0] != 0)
		return;
	for (b = 0; b < 256; b++) {
		cp = (uint32_t)b;
		if (b >= 0x80 && b < 0xA0 && csv_cp1252_high[b - 0x80] != 0)
			cp = csv_cp1252_high[b - 0x80];
		if (utf8_is_separator(cp))
			cp = ' ';
		else if (utf8_is_invisible(cp))
			continue;
		csv_cp1252_utf8[b][0] = (unsigned char)utf8_encode(cp,
		    (char *)&csv_cp1252_utf8[b][1]);
	}
}

/*
 * The length of the sequence at p if it has the shape of UTF-8 (a lead byte
 * and as many continuation bytes as it announces), else 0: overlong forms,
 * surrogates and code points past U+10FFFF have that shape without being
 * UTF-8, whereas CP1252 text almost never puts such bytes together.
 */
static size_t
csv_utf8_shaped(const unsigned char *p, size_t len)
{
	size_t n, i;

	if (p[0] >= 0xC0 && p[0] <= 0xDF)
		n = 2;
	else if (p[0] >= 0xE0 && p[0] <= 0xEF)
		n = 3;
	else if (p[0] >= 0xF0 && p[0] <= 0xF7)
		n = 4;
	else
		return 0;
	if (n > len)
		return 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
	}
	return n;
}

/*
 * Whether a record that is not valid UTF-8 holds both valid multi-byte UTF-8
 * and UTF-8-shaped sequences that UTF-8 forbids (see csv.h); *bad receives
 * the offset of the first forbidden one. Scanning starts at from.
 */
static int
csv_find_malformed(const char *raw, size_t len, size_t from, size_t *bad)
{
	const unsigned char *p = (const unsigned char *)raw;
	size_t i = from, n;
	int valid = 0, found = 0;
	uint32_t cp;
	int k;

	while (i < len) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		if ((k = utf8_decode(raw + i, len - i, &cp)) > 1) {
			valid = 1;
			i += (size_t)k;
		} else if ((n = csv_utf8_shaped(p + i, len - i)) != 0) {
			if (!found)
				*bad = i;
			found = 1;
			i += n;
		} else
			i++;
		if (valid && found)
			return 1;
	}
	return 0;
}

/*
 * How a record is decoded: printable ASCII is copied as it is; otherwise valid
 * UTF-8 stays, anything else is CP1252, unless it is malformed UTF-8 (*bad
 * set). Eight bytes at a time while plain.
 */
static enum csv_encoding
csv_classify(const char *raw, size_t len, size_t *bad)
{
	const uint64_t high = UINT64_C(0x8080808080808080);
	const uint64_t ones = UINT64_C(0x0101010101010101);
	const unsigned char *p = (const unsigned char *)raw;
	uint64_t w;
	size_t i = 0;

	for (; i + 8 <= len; i += 8) {
		memcpy(&w, p + i, 8);
		/* Any byte >= 0x80, < 0x20, or 0x7F stops the fast path. */
		if ((w & high) != 0 || ((w - 0x20 * ones) & ~w & high) != 0 ||
		    (((w ^ (0x7F * ones)) - ones) & ~(w ^ (0x7F * ones)) & high) != 0)
			break;
	}
	for (; i < len; i++) {
		if (p[i] < 0x20 || p[i] >= 0x7F)
			break;
	}
	if (i == len)
		return CSV_PLAIN;
	if (utf8_valid(raw + i, len - i))
		return CSV_UTF8;
	return csv_find_malformed(raw, len, i, bad) ? CSV_MALFORMED : CSV_CP1252;
}

/* Decodes field i of the current record into its own part of r->text. */
static const char *
csv_decode_field(struct csv_reader *r, size_t i)
{
	size_t o, end = r->start[i + 1];
	const char *p = r->raw + r->start[i];
	char *out;
	uint32_t cp;
	int n;

	/* Each field may triple (CP1252 to UTF-8): this region is its alone. */
	o = 3 * r->start[i] + i;
	out = r->text + o;
	if (r->encoding == CSV_PLAIN) {
		memcpy(r->text + o, p, end - r->start[i]);
		o += end - r->start[i];
	} else if (r->encoding == CSV_CP1252) {
		for (; p < r->raw + end; p++) {
			const unsigned char *u = csv_cp1252_utf8[(unsigned char)*p];

			memcpy(r->text + o, u + 1, 3);
			o += u[0];
		}
	} else {
		for (; p < r->raw + end; p += n) {
			n = utf8_decode(p, r->raw + end - p, &cp);
			/* What utf8_sanitize does, without a copy a field. */
			if (utf8_is_separator(cp))
				cp = ' ';
			else if (utf8_is_invisible(cp))
				continue;
			o += utf8_encode(cp, r->text + o);
		}
	}
	r->text[o] = '\0';
	r->field[i] = out;
	return out;
}

/*
 * Prepares the record for decoding: fields are decoded when first asked for,
 * since importers read a few columns of wide records. Refuses malformed UTF-8.
 */
static int
csv_decode(struct csv_reader *r, char **cause)
{
	size_t need, i;

	r->encoding = csv_classify(r->raw, r->rawlen, &r->malformed);
	if (r->encoding == CSV_MALFORMED) {
		for (i = 0; i + 1 < r->nfields && r->start[i + 1] <= r->malformed; i++)
			continue;
		if (i < r->nheader)
			return error_set(cause, "%s: line %lu: field '%s': "
			    CSV_MALFORMED_WHY, r->name, r->record_line,
			    r->header[i]);
		return error_set(cause, "%s: line %lu: field %zu: "
		    CSV_MALFORMED_WHY, r->name, r->record_line, i + 1);
	}
	/*
	 * Fields are stored without their separators: a sequence valid across
	 * two of them ("\xc3" ";" "\xa9") is no UTF-8 text, and decoding it
	 * field by field would fail.
	 */
	for (i = 0; r->encoding == CSV_UTF8 && i < r->nfields; i++) {
		if (!utf8_valid(r->raw + r->start[i], r->start[i + 1] - r->start[i]))
			r->encoding = CSV_CP1252;
	}
	r->cp1252 = r->encoding == CSV_CP1252;
	need = 3 * r->rawlen + r->nfields + 4;
	if (need > r->textsize) {
		r->textsize = need;
		free(r->text);
		r->text = xmalloc(need);
	}
	memset(r->field, 0, r->nfields * sizeof *r->field);
	return 0;
}

/*
 * Splits a first record quoted whole ("BOR;AN;FI" in one pair of quotes, as
 * some exports write a header) at its separators: unquoted, one field cannot
 * hold the separator, so such a record is always a line quoted whole.
 */
static int
csv_split_quoted_line(struct csv_reader *r, char **cause)
{
	size_t i, len = r->rawlen, out = 0;

	if (r->nfields != 1 || memchr(r->raw, r->sep, len) == NULL)
		return 0;
	r->nfields = 0;
	for (i = 0; i < len; i++) {
		if (r->raw[i] == r->sep) {
			r->rawlen = out;
			if (csv_end_field(r, cause) != 0)
				return -1;
			continue;
		}
		r->raw[out++] = r->raw[i];
	}
	r->rawlen = out;
	return csv_end_field(r, cause);
}

int
csv_reader_next(struct csv_reader *r, char **cause)
{
	int rc;

	if (!r->started) {
		r->started = 1;
		if (csv_skip_bom(r, cause) != 0)
			return -1;
		if (r->sep == 0)
			csv_guess_separator(r);
	}
	do {
		if ((rc = csv_split(r, cause)) != 1)
			return rc;
	} while (r->nfields == 1 && r->rawlen == 0);	/* blank line */
	if (!r->first_done) {
		r->first_done = 1;
		if (r->split_first && csv_split_quoted_line(r, cause) != 0)
			return -1;
	}
	if (csv_decode(r, cause) != 0)
		return -1;
	return 1;
}

void
csv_reader_take_header(struct csv_reader *r)
{
	size_t i;

	for (i = 0; i < r->nheader; i++)
		free(r->header[i]);
	free(r->header);
	r->nheader = r->nfields;
	r->header = xreallocarray(NULL, r->nfields, sizeof *r->header);
	for (i = 0; i < r->nfields; i++)
		r->header[i] = xstrdup(csv_reader_field(r, i));
}

const char *
csv_reader_header(const struct csv_reader *r, size_t i)
{
	return i < r->nheader ? r->header[i] : NULL;
}

size_t
csv_reader_nfields_header(const struct csv_reader *r)
{
	return r->nheader;
}

int
csv_reader_column(const struct csv_reader *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->nheader; i++) {
		if (strcasecmp(r->header[i], name) == 0)
			return (int)i;
	}
	return -1;
}

int
csv_parse_int64(const char *s, int64_t *out)
{
	char *end;
	long long v;

	while (*s == ' ')
		s++;
	if (*s == '\0')
		return 1;
	errno = 0;
	v = strtoll(s, &end, 10);
	while (*end == ' ')
		end++;
	if (errno != 0 || *end != '\0' || end == s)
		return -1;
	*out = v;
	return 0;
}

int
csv_write_record(FILE *f, const char *const *fields, size_t n, char sep)
{
	const char *p;
	size_t i;

	for (i = 0; sep == '\t' && i < n; i++) {
		if (fields[i] != NULL && strpbrk(fields[i], "\t\r\n") != NULL) {
			errno = EINVAL;
			return -1;
		}
	}
	for (i = 0; i < n; i++) {
		p = fields[i] != NULL ? fields[i] : "";
		if (i > 0 && fputc(sep, f) == EOF)
			return -1;
		if (sep == '\t' ||
		    (strchr(p, sep) == NULL && strpbrk(p, "\"\r\n") == NULL)) {
			if (fputs(p, f) == EOF)
				return -1;
			continue;
		}
		if (fputc('"', f) == EOF)
			return -1;
		for (; *p != '\0'; p++) {
			if ((*p == '"' && fputc('"', f) == EOF) ||
			    fputc(*p, f) == EOF)
				return -1;
		}
		if (fputc('"', f) == EOF)
			return -1;
	}
	return fputs("\r\n", f) == EOF ? -1 : 0;
}
