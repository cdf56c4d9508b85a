/* SPDX-License-Identifier: ISC */
/*
 * The one CSV reader for every source: ';', ',' or tab separators, RFC 4180 quotes
 * (none in tab-separated files, which quote nothing),
 * CRLF or LF, a UTF-8 BOM, per-record decoding (valid UTF-8 stays, anything else
 * is CP1252), control characters stripped, a bound on record length.
 *
 * Decoding, record by record, as real files need it (Latin-1 files with some
 * UTF-8 lines, as in SAE's ID table):
 * - valid UTF-8 stays UTF-8; overlong forms (C0 AF, E0 80 AF, F0 80 80 AF),
 *   surrogates (ED A0 80) and code points past U+10FFFF are never valid;
 * - a record without any valid multi-byte sequence is CP1252, whatever its
 *   bytes (a Latin-1 "À¯" is C0 AF);
 * - a record with valid multi-byte sequences and also sequences shaped like
 *   UTF-8 that UTF-8 forbids is neither: it is refused, naming the file, line
 *   and field (its header name when a header was taken). A record with valid
 *   UTF-8 and stray Latin-1 bytes that are not shaped like UTF-8 stays CP1252,
 *   as before: mixed lines exist in published files.
 */
#ifndef MEDIFLUX_CSV_H
#define MEDIFLUX_CSV_H

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <sys/types.h>

#define CSV_MAX_RECORD_DEFAULT (1024 * 1024)

/* Fills buf with up to size bytes; returns the count, 0 at the end, -1 with *cause set. */
typedef ssize_t (*csv_read_fn)(void *arg, char *buf, size_t size, char **cause);

struct csv_reader;

/*
 * Lends the next bytes, up to size, where they are, valid until the next
 * call: *buf, the count, 0 at the end, -1 with *cause set.
 */
typedef ssize_t (*csv_borrow_fn)(void *arg, const char **buf, size_t size,
    char **cause);

/* name is only used in messages ("communes.csv: line 12: ..."). */
struct csv_reader	*csv_reader_new(const char *name, csv_read_fn, void *arg);
/*
 * Reads through borrow (from the same arg) rather than the read function:
 * the bytes are split where the source keeps them, not copied first. Set
 * before the first csv_reader_next.
 */
void			 csv_reader_set_borrow(struct csv_reader *,
			     csv_borrow_fn borrow);
void			 csv_reader_free(struct csv_reader *);

/* Separator ';', ',' or tab; 0 (the default) guesses it from the first record. */
void			 csv_reader_set_separator(struct csv_reader *, char);
void			 csv_reader_set_max_record(struct csv_reader *, size_t);
/*
 * Reads a first record quoted whole ("BOR;AN;FI" in one pair of quotes) as
 * the header it is: published tables have one, and a header never holds
 * its separator inside a name.
 */
void			 csv_reader_split_quoted_header(struct csv_reader *);

/*
 * Reads and splits the records on a second thread, ahead of the caller, which
 * decodes and uses them meanwhile: for a whole file read to its end. The read
 * function then runs on that thread, and must not share state with the
 * caller's. Set before the first csv_reader_next; csv_reader_free stops it.
 */
void			 csv_reader_read_ahead(struct csv_reader *);

/*
 * A record as split, before decoding: field i is bytes[start[i]] ..
 * bytes[start[i + 1]], as read (CP1252 or UTF-8), without a NUL after it.
 * A field of printable ASCII (0x20 to 0x7E) alone reads the same decoded.
 */
struct csv_record {
	const char	*bytes;
	const size_t	*start;
	size_t		 nfields;
};

/*
 * Work on each record, of size bytes of results (zeroed first) that fn
 * writes to out: done ahead by the read-ahead thread in the time it would
 * otherwise wait for the caller, else by csv_reader_prepared() on the
 * caller's thread, the same either way. fn sees the argsize bytes of arg
 * as given here (a copy the reader keeps: the caller may free its own at
 * once) and must touch nothing else the caller may change. Set once,
 * before or after the first csv_reader_next.
 */
typedef void (*csv_prepare_fn)(const void *arg, const struct csv_record *,
    void *out);
void			 csv_reader_set_prepare(struct csv_reader *,
			     csv_prepare_fn fn, const void *arg, size_t argsize,
			     size_t size);
/*
 * The current record's results (aligned for any type): the thread's, or
 * worked out now. NULL without a prepare function.
 */
const void		*csv_reader_prepared(struct csv_reader *);

/*
 * Gives fn the time the caller would otherwise spend waiting for the
 * read-ahead thread's next records: while none is there, fn is called
 * again as long as it returns 1 (it did a piece of work and has more), and
 * once it returns 0 the caller waits. fn runs on the caller's thread,
 * between two csv_reader_next; never without read-ahead.
 */
void			 csv_reader_set_idle(struct csv_reader *,
			     int (*fn)(void *), void *arg);

/* Reads the next record: 1 when there is one, 0 at the end, -1 with *cause set. */
int			 csv_reader_next(struct csv_reader *, char **cause);

size_t			 csv_reader_nfields(const struct csv_reader *);
/* The decoded field i of the current record, or NULL past the last field. */
const char		*csv_reader_field(const struct csv_reader *, size_t);
/* Line where the current record starts (1-based). */
unsigned long		 csv_reader_line(const struct csv_reader *);
const char		*csv_reader_name(const struct csv_reader *);
/* Whether the current record had to be decoded from CP1252. */
int			 csv_reader_was_cp1252(const struct csv_reader *);
char			 csv_reader_separator(const struct csv_reader *);

/* Keeps the current record as the header that csv_reader_column() searches. */
void			 csv_reader_take_header(struct csv_reader *);
/* Name of header column i (as published), or NULL. */
const char		*csv_reader_header(const struct csv_reader *, size_t);
/* Number of columns in the header kept. */
size_t			 csv_reader_nfields_header(const struct csv_reader *);
/* Index of the header column named name (case-insensitive), or -1. */
int			 csv_reader_column(const struct csv_reader *, const char *name);

/* Parses a whole decimal integer: 0 and *out set, 1 for an empty cell, -1 if invalid. */
int			 csv_parse_int64(const char *, int64_t *out);

/*
 * Writes one record: fields separated by sep, quoted (quotes doubled) when
 * they hold sep, a quote or a line break, so that the reader above reads
 * them back. With a tab, which quotes nothing, fields go as they are and one
 * holding a tab or a line break is refused (-1, errno EINVAL). Returns -1
 * when the stream fails.
 */
int			 csv_write_record(FILE *, const char *const *fields,
			     size_t n, char sep);

#endif
