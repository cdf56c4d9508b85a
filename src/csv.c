/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "csv.h"
#include "i18n.h"
#include "utf8.h"
#include "xmalloc.h"

#define CSV_BUFSIZE 65536


/* Unicode for CP1252 bytes 0x80-0x9F; 0 where CP1252 leaves a byte undefined. */
static const uint16_t csv_cp1252_high[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

enum csv_encoding { CSV_PLAIN, CSV_UTF8, CSV_CP1252, CSV_MALFORMED };

/*
 * Read-ahead (csv_reader_read_ahead): a second thread reads and splits the
 * records into batches, which csv_reader_next takes in order and decodes.
 * A batch holds records of about CSV_BATCH_BYTES; at most CSV_BATCHES wait.
 * Each batch handed over wakes the other thread, dear in a virtual machine:
 * 256 KiB rather than 128 took 4 % off a national Open Medic year.
 */
#define CSV_BATCH_BYTES (256 * 1024)
#define CSV_BATCHES 4

/*
 * A record in a batch: this, then its bytes, then (aligned) its nfields + 1
 * field starts: the bytes are split there straight from the input. Then,
 * in a batch split with a prepare function set, room for its results
 * (csv_reader_set_prepare), aligned for any type, which the thread fills
 * when it has the time (csv_ahead_push). The batch is written on one core
 * and read on the other, its every line a transfer between their caches:
 * what the thread has to spare, so the head is packed and the starts take
 * 16 bits each (32 for a record over 64 KiB), where size_t took 8 bytes.
 */
struct csv_record_head {
	uint64_t	 line;
	uint32_t	 nfields;
	uint32_t	 rawlen;
	uint32_t	 malformed;
	int8_t		 encoding;	/* enum csv_encoding, or CSV_UNCLASSIFIED */
	uint8_t		 prepared;	/* the room after the starts holds results */
	uint8_t		 wide;		/* the starts are uint32_t, not uint16_t */
};

/* A record in a batch not classified yet: csv_ahead_next does it. */
#define CSV_UNCLASSIFIED	(-1)

/* n rounded up to a multiple of a, a power of two. */
#define CSV_ALIGN(n, a)		(((n) + (a) - 1) & ~((size_t)(a) - 1))

/* A record's room in a batch, rounded so that the next one's head is aligned. */
#define CSV_RECORD_ALIGN(n)	CSV_ALIGN(n, _Alignof(struct csv_record_head))

/* The size of a record's starts in a batch. */
#define CSV_STARTS_SIZE(wide)	((wide) ? sizeof(uint32_t) : sizeof(uint16_t))

/* How the prepare function's results are aligned in a batch. */
#define CSV_PREPARED_ALIGN	_Alignof(max_align_t)

/* The prepare function (csv_reader_set_prepare) and its own copy of its argument. */
struct csv_prepare {
	csv_prepare_fn	 fn;
	void		*arg;
	size_t		 size;		/* of a record's results */
};

struct csv_batch {
	char		*data;
	size_t		 len, size;
	size_t		 pos;		/* where the next record to take starts */
	char		 sep;		/* the separator, once guessed */
	int		 end;		/* nothing follows: rc says why */
	int		 rc;		/* 0 at the end of the input, -1 on error */
	char		*cause;
	const struct csv_prepare *prepare;	/* its records have room for results */
	struct csv_batch *next;
};

struct csv_ahead {
	pthread_t		 thread;
	pthread_mutex_t		 lock;
	pthread_cond_t		 changed;
	struct csv_batch	*first, *last;	/* split, waiting */
	int			 waiting;
	struct csv_batch	*spare;		/* taken, for the thread to fill again */
	int			 stop;		/* the reader is being freed */
	struct csv_reader	*parser;	/* the thread's own reader */
	struct csv_batch	*current;	/* the batch being taken */
	const struct csv_prepare *prepare;	/* set under lock, read per batch */
};

struct csv_reader {
	char		*name;
	csv_read_fn	 read;
	void		*arg;

	const char	*buf;		/* input not yet parsed: own_buf, or lent */
	char		*own_buf;
	csv_borrow_fn	 borrow;	/* csv_reader_set_borrow, or NULL */
	size_t		 buflen;
	size_t		 bufpos;
	int		 eof;
	int		 started;	/* BOM checked */
	int		 first_done;	/* the first record has been read */
	int		 split_first;	/* csv_reader_split_quoted_header() */
	int		 pending[4];	/* bytes given back, last first */
	int		 npending;

	char		 sep;
	char		 stops_sep;	/* the separator stops was made for */
	unsigned char	 stops[256];	/* bytes that end a run: csv_split_fast */
	size_t		 max_record;
	unsigned long	 line;		/* current physical line */
	unsigned long	 record_line;

	char		*raw;		/* raw bytes of the record's fields */
	size_t		 rawlen, rawsize;
	int		 split_out;	/* the record's bytes are in csv_split's out */
	size_t		*start;		/* field i is raw[start[i]] .. raw[start[i + 1]] */
	size_t		 nfields, fieldsize;
	/*
	 * The record decoding reads: raw and start as split here, or in place
	 * in the read-ahead's batch, valid until the next record is taken.
	 */
	const char	*rec;
	const size_t	*rec_start;

	char		*text;		/* decoded fields, NUL-separated */
	size_t		 textsize;
	const char     **field;		/* decoded fields, NULL until asked for */
	enum csv_encoding encoding;
	int		 cp1252;
	size_t		 malformed;	/* offset of the bad sequence (CSV_MALFORMED) */

	char	       **header;
	size_t		 nheader;

	int		 read_ahead;	/* csv_reader_read_ahead() */
	struct csv_ahead *ahead;	/* its thread, once started */
	struct csv_prepare *prepare;	/* csv_reader_set_prepare(), or NULL */
	const void	*prepared;	/* the current record's results, or NULL */
	void		*prepared_here;	/* room for results worked out here */
	int		(*idle)(void *);	/* csv_reader_set_idle */
	void		*idle_arg;
};

static void	csv_init_cp1252(void);
static const char *csv_decode_field(struct csv_reader *, size_t);
static void	csv_ahead_free(struct csv_ahead *);

struct csv_reader *
csv_reader_new(const char *name, csv_read_fn read, void *arg)
{
	struct csv_reader *r;

	r = xcalloc(1, sizeof *r);
	r->name = xstrdup(name);
	r->read = read;
	r->arg = arg;
	r->buf = r->own_buf = xmalloc(CSV_BUFSIZE);
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
	csv_ahead_free(r->ahead);
	/* After the thread: it may have been running the prepare function. */
	if (r->prepare != NULL) {
		free(r->prepare->arg);
		free(r->prepare);
	}
	free(r->prepared_here);
	for (i = 0; i < r->nheader; i++)
		free(r->header[i]);
	free(r->header);
	free(r->name);
	free(r->own_buf);
	free(r->raw);
	free(r->start);
	free(r->text);
	free(r->field);
	free(r);
}

void
csv_reader_set_borrow(struct csv_reader *r, csv_borrow_fn borrow)
{
	r->borrow = borrow;
}

void
csv_reader_set_separator(struct csv_reader *r, char sep)
{
	r->sep = sep;
}

void
csv_reader_read_ahead(struct csv_reader *r)
{
	r->read_ahead = 1;
}

void
csv_reader_set_prepare(struct csv_reader *r, csv_prepare_fn fn,
    const void *arg, size_t argsize, size_t size)
{
	struct csv_prepare *p;

	if (r->prepare != NULL)
		fatalx("csv: a second prepare function");
	p = xcalloc(1, sizeof *p);
	p->fn = fn;
	p->arg = xmalloc(argsize > 0 ? argsize : 1);
	memcpy(p->arg, arg, argsize);
	p->size = size;
	r->prepare = p;
	r->prepared_here = xmalloc(size > 0 ? size : 1);
	/* A thread already running takes it from its next batch on. */
	if (r->ahead != NULL) {
		pthread_mutex_lock(&r->ahead->lock);
		r->ahead->prepare = p;
		pthread_mutex_unlock(&r->ahead->lock);
	}
}

void
csv_reader_set_idle(struct csv_reader *r, int (*fn)(void *), void *arg)
{
	r->idle = fn;
	r->idle_arg = arg;
}

const void *
csv_reader_prepared(struct csv_reader *r)
{
	struct csv_record rec;

	if (r->prepared != NULL || r->prepare == NULL)
		return r->prepared;
	rec.bytes = r->rec;
	rec.start = r->rec_start;
	rec.nfields = r->nfields;
	memset(r->prepared_here, 0, r->prepare->size);
	r->prepare->fn(r->prepare->arg, &rec, r->prepared_here);
	r->prepared = r->prepared_here;
	return r->prepared;
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
	if (r->borrow != NULL)
		n = r->borrow(r->arg, &r->buf, CSV_BUFSIZE, &why);
	else
		n = r->read(r->arg, r->own_buf, CSV_BUFSIZE, &why);
	if (n < 0) {
		error_set(cause, _("%s: line %lu: %s"), r->name, r->line,
		    why != NULL ? why : _("read error"));
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
		return error_set(cause, _("%s: line %lu: record longer than "
		    "%zu bytes"), r->name, r->record_line, r->max_record);
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
		return error_set(cause, _("%s: line %lu: record longer than "
		    "%zu bytes"), r->name, r->record_line, r->max_record);
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
		return error_set(cause, _("%s: line %lu: record longer than "
		    "%zu bytes"), r->name, r->record_line, r->max_record);
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

/* A byte repeated in each of a word's eight. */
#define CSV_BYTES(b)	(UINT64_C(0x0101010101010101) * (b))

/* The high bit of each zero byte of x, exact up to the first one. */
static inline uint64_t
csv_word_zeros(uint64_t x)
{
	return (x - CSV_BYTES(1)) & ~x & CSV_BYTES(0x80);
}

/*
 * The bytes of a little-endian word that stop csv_split_fast's runs (the
 * separator, CR, LF, a quote, NUL), marked by their high bit: the lowest
 * mark is the first one (above it, a mark may be false).
 */
static inline uint64_t
csv_word_stops(uint64_t word, uint64_t sep)
{
	return csv_word_zeros(word ^ sep) | csv_word_zeros(word ^ CSV_BYTES('\n')) |
	    csv_word_zeros(word ^ CSV_BYTES('\r')) |
	    csv_word_zeros(word ^ CSV_BYTES('"')) | csv_word_zeros(word);
}

/*
 * What csv_split_fast may write past a record's bytes (its copies go ahead
 * by whole words or vectors): room its output keeps beyond the input's rest.
 */
#define CSV_SPLIT_SLACK 32

/* Makes room for field start nf + 1. */
static inline void
csv_field_room(struct csv_reader *r, size_t nf)
{
	if (nf < r->fieldsize)
		return;
	r->fieldsize *= 2;
	r->start = xreallocarray(r->start, r->fieldsize + 1, sizeof *r->start);
	r->field = xreallocarray(r->field, r->fieldsize, sizeof *r->field);
}

#ifdef __SSE2__
/* The bytes of p[0..15] that stop a run (see csv_word_stops), as a bit each. */
static inline unsigned
csv_block_stops(const unsigned char *p, __m128i sep)
{
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
	__m128i m;

	m = _mm_or_si128(_mm_cmpeq_epi8(v, sep),
	    _mm_cmpeq_epi8(v, _mm_set1_epi8('\n')));
	m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8('\r')));
	m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8('"')));
	m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_setzero_si128()));
	return (unsigned)_mm_movemask_epi8(m);
}

/* Copies n bytes sixteen at a time: up to fifteen more are read and written. */
static inline void
csv_copy_blocks(char *to, const unsigned char *from, size_t n)
{
	size_t i;

	for (i = 0; i < n; i += 16)
		_mm_storeu_si128((__m128i *)(void *)(to + i),
		    _mm_loadu_si128((const __m128i *)(const void *)(from + i)));
}
#endif

/*
 * Splits a record that lies whole in the input buffer and holds no quote, NUL
 * or CR but its line's end, in one pass over its bytes: the common case, which the
 * byte-at-a-time loop of csv_split made the read's slowest part. The bytes go
 * to out, which has room for the buffer's rest and CSV_SPLIT_SLACK. Returns 1
 * when done, 0 when the record needs that loop, which then starts from the
 * same place (nothing is taken).
 */
static int
csv_split_fast(struct csv_reader *r, char *out)
{
	const unsigned char *p, *end;
	uint64_t word, found, sep = CSV_BYTES((unsigned char)r->sep);
	unsigned char c;
	size_t o = 0, nf = 0, k;

	if (r->npending > 0 || r->sep == '\0')
		return 0;
	if (r->stops_sep != r->sep) {
		memset(r->stops, 0, sizeof r->stops);
		r->stops[(unsigned char)r->sep] = 1;
		r->stops['\n'] = r->stops['\r'] = r->stops['"'] = 1;
		r->stops['\0'] = 1;
		r->stops_sep = r->sep;
	}
	p = (const unsigned char *)r->buf + r->bufpos;
	end = (const unsigned char *)r->buf + r->buflen;
#ifdef __SSE2__
	{
		/*
		 * Sixteen bytes at a time, each stop among them taken from the
		 * block's mask in turn: a field shorter than a block costs no
		 * load of its own. Kept 32 bytes from the end, so that the
		 * copies and a CR's look at its LF stay in the buffer.
		 */
		const unsigned char *block = p, *field = p, *q;
		__m128i vsep = _mm_set1_epi8(r->sep);
		unsigned mask;

		for (; end - block >= 32; block += 16) {
			mask = csv_block_stops(block, vsep);
			while (mask != 0) {
				q = block + __builtin_ctz(mask);
				mask &= mask - 1;
				csv_copy_blocks(out + o, field, (size_t)(q - field));
				o += (size_t)(q - field);
				c = *q;
				if (c == '\r' && q[1] == '\n')
					c = *++q;
				if (c != r->sep && c != '\n')
					return 0;
				csv_field_room(r, nf);
				r->start[++nf] = o;
				if (c == '\n') {
					p = q;
					goto done;
				}
				field = q + 1;
			}
		}
		/* The last bytes, as below. */
		p = field;
	}
#endif
	for (;;) {
		/* Eight bytes at a time while none of them stops a run. */
		while (end - p >= 8) {
			memcpy(&word, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
			word = __builtin_bswap64(word);
#endif
			/* Copied ahead: what follows a stop is written over. */
			memcpy(out + o, p, 8);
			if ((found = csv_word_stops(word, sep)) == 0) {
				p += 8;
				o += 8;
				continue;
			}
			k = (size_t)__builtin_ctzll(found) / 8;
			p += k;
			o += k;
			break;
		}
		while (p < end && !r->stops[*p])
			out[o++] = (char)*p++;
		if (p == end)
			break;
		/* CRLF, as Open Medic's files end their lines, or LF. */
		c = *p;
		if (c == '\r' && p + 1 < end && p[1] == '\n')
			c = *++p;
		if (c != r->sep && c != '\n')
			return 0;
		csv_field_room(r, nf);
		r->start[++nf] = o;
		if (c == '\n')
			break;
		p++;
	}
	/* No end of line in the buffer, or too long: the loop says so. */
	if (p == end)
		return 0;
#ifdef __SSE2__
done:
#endif
	if (o + nf > r->max_record)
		return 0;
	r->start[0] = 0;
	r->rawlen = o;
	r->nfields = nf;
	r->record_line = r->line++;
	r->bufpos = (size_t)((const char *)p + 1 - r->buf);
	return 1;
}

/*
 * Splits the next raw record into fields; returns 1, 0 at the end, or -1.
 * The record's bytes go to out when not NULL and the record is of the common
 * kind (r->split_out says so), else to raw; out has room for CSV_BUFSIZE and
 * CSV_SPLIT_SLACK.
 */
static int
csv_split(struct csv_reader *r, char **cause, char *out)
{
	size_t room = r->buflen - r->bufpos + CSV_SPLIT_SLACK;
	int c, quoted, in_quotes, any = 0;

	if (out == NULL && r->rawsize < room) {
		r->rawsize = room;
		r->raw = xreallocarray(r->raw, r->rawsize, 1);
	}
	if (csv_split_fast(r, out != NULL ? out : r->raw)) {
		r->split_out = out != NULL;
		return 1;
	}
	r->split_out = 0;
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
				return error_set(cause, _("%s: line %lu: "
				    "quoted field never closed"), r->name,
				    r->record_line);
			if (!any)
				return 0;
			return csv_end_field(r, cause) != 0 ? -1 : 1;
		}
		any = 1;
		if (c == '\0')
			return error_set(cause, _("%s: line %lu: a NUL byte: "
			    "binary data, not a CSV file"), r->name, r->line);
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
 * the offset of the first forbidden one. Scanning starts at from. Every
 * record of a CP1252 file with accents comes here: ASCII runs are skipped
 * eight bytes at a time.
 */
static int
csv_find_malformed(const char *raw, size_t len, size_t from, size_t *bad)
{
	const uint64_t high = UINT64_C(0x8080808080808080);
	const unsigned char *p = (const unsigned char *)raw;
	size_t i = from, n;
	int valid = 0, found = 0;
	uint64_t w;
	uint32_t cp;
	int k;

	while (i < len) {
		if (p[i] < 0x80) {
			for (i++; i + 8 <= len; i += 8) {
				memcpy(&w, p + i, 8);
				if ((w & high) != 0)
					break;
			}
			while (i < len && p[i] < 0x80)
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

/*
 * How a split record is decoded (csv_classify): on the read-ahead thread
 * when it has time to spare (csv_ahead_push), else on the caller's.
 */
static enum csv_encoding
csv_record_encoding(const char *rec, const size_t *start, size_t nfields,
    size_t len, size_t *malformed)
{
	enum csv_encoding encoding;
	size_t i;

	encoding = csv_classify(rec, len, malformed);
	/*
	 * Fields are stored without their separators: a sequence valid across
	 * two of them ("\xc3" ";" "\xa9") is no UTF-8 text, and decoding it
	 * field by field would fail.
	 */
	for (i = 0; encoding == CSV_UTF8 && i < nfields; i++) {
		if (!utf8_valid(rec + start[i], start[i + 1] - start[i]))
			encoding = CSV_CP1252;
	}
	return encoding;
}

/* Decodes field i of the current record into its own part of r->text. */
static const char *
csv_decode_field(struct csv_reader *r, size_t i)
{
	size_t o, end = r->rec_start[i + 1];
	const char *p = r->rec + r->rec_start[i];
	char *out;
	uint32_t cp;
	int n;

	/* Each field may triple (CP1252 to UTF-8): this region is its alone. */
	o = 3 * r->rec_start[i] + i;
	out = r->text + o;
	if (r->encoding == CSV_PLAIN) {
		memcpy(r->text + o, p, end - r->rec_start[i]);
		o += end - r->rec_start[i];
	} else if (r->encoding == CSV_CP1252) {
		for (; p < r->rec + end; p++) {
			const unsigned char *u = csv_cp1252_utf8[(unsigned char)*p];

			memcpy(r->text + o, u + 1, 3);
			o += u[0];
		}
	} else {
		for (; p < r->rec + end; p += n) {
			n = utf8_decode(p, r->rec + end - p, &cp);
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

	if (r->encoding == CSV_MALFORMED) {
		for (i = 0; i + 1 < r->nfields && r->rec_start[i + 1] <= r->malformed;
		    i++)
			continue;
		if (i < r->nheader)
			return error_set(cause, _("%s: line %lu: field '%s': "
			    "malformed UTF-8 (overlong, surrogate or past "
			    "U+10FFFF) beside valid UTF-8: neither UTF-8 nor "
			    "CP1252"), r->name, r->record_line, r->header[i]);
		return error_set(cause, _("%s: line %lu: field %zu: malformed "
		    "UTF-8 (overlong, surrogate or past U+10FFFF) beside valid "
		    "UTF-8: neither UTF-8 nor CP1252"), r->name, r->record_line,
		    i + 1);
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

/*
 * Reads and splits the next record, not yet decoded: 1, 0 at the end, or -1.
 * Its bytes go to out as csv_split says, but the first record's.
 */
static int
csv_next_split(struct csv_reader *r, char **cause, char *out)
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
		if ((rc = csv_split(r, cause, r->first_done ? out : NULL)) != 1)
			return rc;
	} while (r->nfields == 1 && r->rawlen == 0);	/* blank line */
	if (!r->first_done) {
		r->first_done = 1;
		if (r->split_first && csv_split_quoted_line(r, cause) != 0)
			return -1;
	}
	return 1;
}

/* Makes room for n more bytes in a batch. */
static void
csv_batch_reserve(struct csv_batch *b, size_t n)
{
	if (b->len + n <= b->size)
		return;
	if (b->size == 0)
		b->size = CSV_BATCH_BYTES + CSV_BUFSIZE + 4096;
	while (b->len + n > b->size)
		b->size *= 2;
	b->data = xreallocarray(b->data, b->size, 1);
}

/* Where the parser's next record's bytes go in a batch: room for any. */
static char *
csv_batch_next_bytes(struct csv_batch *b)
{
	csv_batch_reserve(b, sizeof(struct csv_record_head) + CSV_BUFSIZE +
	    CSV_SPLIT_SLACK);
	return b->data + b->len + sizeof(struct csv_record_head);
}

/*
 * Where a record's prepared results start in a batch, after its field
 * starts ending at offset end: aligned for any type, the batch's data being
 * malloc's.
 */
static size_t
csv_batch_prepared_at(size_t end)
{
	return CSV_ALIGN(end, CSV_PREPARED_ALIGN);
}

/*
 * Appends the parser's current record to a batch, whose bytes csv_split put
 * in place (csv_batch_next_bytes) unless it took the slow way, with room for
 * results when the batch has a prepare function.
 */
static void
csv_batch_add(struct csv_batch *b, const struct csv_reader *p)
{
	struct csv_record_head h;
	size_t i, n = p->nfields + 1, bytes, room;
	int wide = p->rawlen > UINT16_MAX;
	char *d;

	if (p->rawlen > UINT32_MAX || p->nfields > UINT32_MAX)
		fatalx("csv: a record of %zu bytes in a batch", p->rawlen);
	bytes = CSV_ALIGN(sizeof h + p->rawlen, CSV_STARTS_SIZE(wide));
	room = CSV_RECORD_ALIGN(bytes + n * CSV_STARTS_SIZE(wide));
	if (b->prepare != NULL)
		room = csv_batch_prepared_at(b->len + room) - b->len +
		    CSV_RECORD_ALIGN(b->prepare->size);
	csv_batch_reserve(b, room);
	d = b->data + b->len;
	memset(&h, 0, sizeof h);
	h.line = p->record_line;
	h.nfields = (uint32_t)p->nfields;
	h.rawlen = (uint32_t)p->rawlen;
	h.encoding = CSV_UNCLASSIFIED;
	h.wide = (uint8_t)wide;
	if (!p->split_out)
		memcpy(d + sizeof h, p->raw, p->rawlen);
	memcpy(d, &h, sizeof h);
	if (wide) {
		uint32_t *st = (uint32_t *)(void *)(d + bytes);

		for (i = 0; i < n; i++)
			st[i] = (uint32_t)p->start[i];
	} else {
		uint16_t *st = (uint16_t *)(void *)(d + bytes);

		for (i = 0; i < n; i++)
			st[i] = (uint16_t)p->start[i];
	}
	b->len += room;
}

/*
 * Finds the record at offset pos of a batch: its head, where its starts and
 * results are; returns where the next record starts.
 */
static size_t
csv_batch_record(const struct csv_batch *b, size_t pos,
    struct csv_record_head *h, size_t *starts_at, size_t *results_at)
{
	size_t size;

	memcpy(h, b->data + pos, sizeof *h);
	size = CSV_STARTS_SIZE(h->wide);
	*starts_at = pos + CSV_ALIGN(sizeof *h + h->rawlen, size);
	pos = CSV_RECORD_ALIGN(*starts_at + ((size_t)h->nfields + 1) * size);
	*results_at = 0;
	if (b->prepare != NULL) {
		*results_at = csv_batch_prepared_at(pos);
		pos = *results_at + CSV_RECORD_ALIGN(b->prepare->size);
	}
	return pos;
}

/* Widens a record's starts in a batch into out, which has room for them. */
static void
csv_batch_starts(const struct csv_batch *b, const struct csv_record_head *h,
    size_t starts_at, size_t *out)
{
	size_t i, n = (size_t)h->nfields + 1;

	if (h->wide) {
		const uint32_t *st = (const uint32_t *)(const void *)
		    (b->data + starts_at);

		for (i = 0; i < n; i++)
			out[i] = st[i];
	} else {
		const uint16_t *st = (const uint16_t *)(const void *)
		    (b->data + starts_at);

		for (i = 0; i < n; i++)
			out[i] = st[i];
	}
}

/*
 * Does what the caller would otherwise do for each record of a batch:
 * classifies it, and runs the prepare function into its room. starts has
 * room for any record's starts: the splitting reader's own.
 */
static void
csv_batch_work(struct csv_batch *b, size_t *starts)
{
	const struct csv_prepare *prep = b->prepare;
	struct csv_record_head h;
	struct csv_record rec;
	size_t pos, next, starts_at, results_at, malformed;

	for (pos = 0; pos < b->len; pos = next) {
		next = csv_batch_record(b, pos, &h, &starts_at, &results_at);
		csv_batch_starts(b, &h, starts_at, starts);
		rec.bytes = b->data + pos + sizeof h;
		rec.start = starts;
		rec.nfields = h.nfields;
		h.encoding = (int8_t)csv_record_encoding(rec.bytes, rec.start,
		    h.nfields, h.rawlen, &malformed);
		h.malformed = (uint32_t)malformed;
		if (prep != NULL) {
			memset(b->data + results_at, 0, prep->size);
			prep->fn(prep->arg, &rec, b->data + results_at);
			h.prepared = 1;
		}
		memcpy(b->data + pos, &h, sizeof h);
	}
}

static void
csv_batch_free(struct csv_batch *b)
{
	if (b == NULL)
		return;
	free(b->data);
	free(b->cause);
	free(b);
}

/* A batch to fill: one the caller has finished with, or a new one. */
static struct csv_batch *
csv_ahead_batch(struct csv_ahead *a)
{
	const struct csv_prepare *prepare;
	struct csv_batch *b;

	pthread_mutex_lock(&a->lock);
	if ((b = a->spare) != NULL)
		a->spare = b->next;
	prepare = a->prepare;
	pthread_mutex_unlock(&a->lock);
	if (b == NULL)
		b = xcalloc(1, sizeof *b);
	b->len = b->pos = 0;
	b->next = NULL;
	b->prepare = prepare;
	return b;
}

/*
 * Hands a batch over; -1 when the reader is being freed (b is then freed).
 * When the caller has all the batches it can wait for, this thread, which
 * would only wait, classifies the batch's records and runs the prepare
 * function on them meanwhile; otherwise it has none of that time to spare
 * (reading ahead is then what the caller waits for) and the caller does
 * both, in csv_ahead_next and csv_reader_prepared.
 */
static int
csv_ahead_push(struct csv_ahead *a, struct csv_batch *b)
{
	pthread_mutex_lock(&a->lock);
	if (a->waiting >= CSV_BATCHES && !a->stop) {
		pthread_mutex_unlock(&a->lock);
		csv_batch_work(b, a->parser->start);
		pthread_mutex_lock(&a->lock);
	}
	while (a->waiting >= CSV_BATCHES && !a->stop)
		pthread_cond_wait(&a->changed, &a->lock);
	if (a->stop) {
		pthread_mutex_unlock(&a->lock);
		csv_batch_free(b);
		return -1;
	}
	if (a->last != NULL)
		a->last->next = b;
	else
		a->first = b;
	a->last = b;
	a->waiting++;
	pthread_cond_broadcast(&a->changed);
	pthread_mutex_unlock(&a->lock);
	return 0;
}

/* The read-ahead thread: splits records into batches until the end, an error or stop. */
static void *
csv_ahead_main(void *arg)
{
	struct csv_ahead *a = arg;
	struct csv_reader *p = a->parser;
	struct csv_batch *b;
	int rc;

	for (;;) {
		b = csv_ahead_batch(a);
		while ((rc = csv_next_split(p, &b->cause,
		    csv_batch_next_bytes(b))) == 1) {
			csv_batch_add(b, p);
			if (b->len >= CSV_BATCH_BYTES)
				break;
		}
		b->sep = p->sep;
		if (rc != 1) {
			b->end = 1;
			b->rc = rc;
		}
		if (csv_ahead_push(a, b) != 0 || rc != 1)
			return NULL;
	}
}

/* Starts the read-ahead thread on a reader of its own with r's settings. */
static void
csv_ahead_start(struct csv_reader *r)
{
	struct csv_ahead *a = xcalloc(1, sizeof *a);
	int rc;

	a->parser = csv_reader_new(r->name, r->read, r->arg);
	a->parser->borrow = r->borrow;
	a->parser->sep = r->sep;
	a->parser->max_record = r->max_record;
	a->parser->split_first = r->split_first;
	a->prepare = r->prepare;
	pthread_mutex_init(&a->lock, NULL);
	pthread_cond_init(&a->changed, NULL);
	if ((rc = pthread_create(&a->thread, NULL, csv_ahead_main, a)) != 0)
		fatalx("csv: starting the read-ahead thread: %s", strerror(rc));
	r->ahead = a;
}

/* Stops the thread (it ends at its next batch) and frees what it left. */
static void
csv_ahead_free(struct csv_ahead *a)
{
	struct csv_batch *b;

	if (a == NULL)
		return;
	pthread_mutex_lock(&a->lock);
	a->stop = 1;
	pthread_cond_broadcast(&a->changed);
	pthread_mutex_unlock(&a->lock);
	pthread_join(a->thread, NULL);
	while ((b = a->first) != NULL) {
		a->first = b->next;
		csv_batch_free(b);
	}
	while ((b = a->spare) != NULL) {
		a->spare = b->next;
		csv_batch_free(b);
	}
	csv_batch_free(a->current);
	csv_reader_free(a->parser);
	pthread_mutex_destroy(&a->lock);
	pthread_cond_destroy(&a->changed);
	free(a);
}

/* Takes the next record the thread split into r: 1, 0 at the end, or -1. */
static int
csv_ahead_next(struct csv_reader *r, char **cause)
{
	struct csv_ahead *a;
	struct csv_batch *b;
	struct csv_record_head h;
	size_t next, starts_at, results_at;
	int idle;

	if (r->ahead == NULL)
		csv_ahead_start(r);
	a = r->ahead;
	for (;;) {
		b = a->current;
		if (b != NULL && b->pos < b->len)
			break;
		if (b != NULL && b->end) {
			if (b->rc < 0 && cause != NULL) {
				*cause = b->cause != NULL ? b->cause :
				    xstrdup("read error");
				b->cause = NULL;
			}
			return b->rc;
		}
		a->current = NULL;
		pthread_mutex_lock(&a->lock);
		if (b != NULL) {
			b->next = a->spare;
			a->spare = b;
		}
		idle = r->idle != NULL;
		while (a->first == NULL) {
			if (!idle) {
				pthread_cond_wait(&a->changed, &a->lock);
				continue;
			}
			pthread_mutex_unlock(&a->lock);
			idle = r->idle(r->idle_arg) == 1;
			pthread_mutex_lock(&a->lock);
		}
		b = a->first;
		if ((a->first = b->next) == NULL)
			a->last = NULL;
		a->waiting--;
		pthread_cond_broadcast(&a->changed);
		pthread_mutex_unlock(&a->lock);
		a->current = b;
		r->sep = b->sep;
	}
	next = csv_batch_record(b, b->pos, &h, &starts_at, &results_at);
	while (h.nfields > r->fieldsize) {
		r->fieldsize *= 2;
		r->start = xreallocarray(r->start, r->fieldsize + 1,
		    sizeof *r->start);
		r->field = xreallocarray(r->field, r->fieldsize, sizeof *r->field);
	}
	/* The bytes in place, the starts widened here. */
	r->rec = b->data + b->pos + sizeof h;
	csv_batch_starts(b, &h, starts_at, r->start);
	r->rec_start = r->start;
	r->prepared = h.prepared ? b->data + results_at : NULL;
	b->pos = next;
	r->record_line = h.line;
	r->nfields = h.nfields;
	r->rawlen = h.rawlen;
	r->malformed = h.malformed;
	if (h.encoding == CSV_UNCLASSIFIED)
		r->encoding = csv_record_encoding(r->rec, r->rec_start,
		    r->nfields, r->rawlen, &r->malformed);
	else
		r->encoding = (enum csv_encoding)h.encoding;
	return 1;
}

int
csv_reader_next(struct csv_reader *r, char **cause)
{
	int rc;

	r->prepared = NULL;
	if (r->read_ahead)
		rc = csv_ahead_next(r, cause);
	else if ((rc = csv_next_split(r, cause, NULL)) == 1) {
		r->rec = r->raw;
		r->rec_start = r->start;
		r->encoding = csv_record_encoding(r->rec, r->rec_start,
		    r->nfields, r->rawlen, &r->malformed);
	}
	if (rc != 1)
		return rc;
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
