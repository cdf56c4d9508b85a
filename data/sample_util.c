/* SPDX-License-Identifier: ISC */
/* mksample helpers: random numbers, buffers, encodings, output files. */
#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fold.h"
#include "sample.h"
#include "utf8.h"

/* --- Random numbers. ------------------------------------------------------- */

uint64_t
rng_next(struct rng *r)
{
	uint64_t z;

	z = (r->s += UINT64_C(0x9E3779B97F4A7C15));
	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

void
rng_init(struct rng *r, uint64_t seed, const char *stream)
{
	uint64_t h = UINT64_C(0xcbf29ce484222325);

	for (; *stream != '\0'; stream++) {
		h ^= (unsigned char)*stream;
		h *= UINT64_C(0x100000001b3);
	}
	r->s = seed ^ h;
	(void)rng_next(r);
}

double
rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

uint64_t
rng_below(struct rng *r, uint64_t n)
{
	return n == 0 ? 0 : rng_next(r) % n;
}

int64_t
rng_range(struct rng *r, int64_t lo, int64_t hi)
{
	if (hi <= lo)
		return lo;
	return lo + (int64_t)rng_below(r, (uint64_t)(hi - lo) + 1);
}

int
rng_chance(struct rng *r, double p)
{
	return rng_unit(r) < p;
}

char
sample_luhn(const char *s, size_t n)
{
	int sum = 0, d, dbl = 1;
	size_t i;

	for (i = n; i-- > 0; dbl = !dbl) {
		d = s[i] >= '0' && s[i] <= '9' ? s[i] - '0' : 0;
		if (dbl && (d *= 2) > 9)
			d -= 9;
		sum += d;
	}
	return (char)('0' + (10 - sum % 10) % 10);
}

/* --- Buffers. -------------------------------------------------------------- */

static void
sbuf_reserve(struct sbuf *b, size_t more)
{
	if (b->len + more + 1 <= b->cap)
		return;
	while (b->len + more + 1 > b->cap)
		b->cap = b->cap == 0 ? 4096 : b->cap * 2;
	b->data = xreallocarray(b->data, b->cap, 1);
}

void
sbuf_addn(struct sbuf *b, const char *s, size_t n)
{
	sbuf_reserve(b, n);
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
sbuf_add(struct sbuf *b, const char *s)
{
	sbuf_addn(b, s, strlen(s));
}

void
sbuf_addc(struct sbuf *b, char c)
{
	sbuf_reserve(b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}

void
sbuf_addf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		fatal("vsnprintf");
	sbuf_reserve(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

/* Windows-1252 bytes 0x80-0x9F and the code points they stand for. */
static const uint16_t cp1252_high[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

void
sbuf_add_cp1252(struct sbuf *b, const char *s)
{
	size_t len = strlen(s), i = 0;
	uint32_t cp;
	int n, k;

	while (i < len) {
		if ((unsigned char)s[i] < 0x80) {
			sbuf_addc(b, s[i++]);
			continue;
		}
		if ((n = utf8_decode(s + i, len - i, &cp)) < 0)
			fatalx("invalid UTF-8 in \"%s\"", s);
		i += (size_t)n;
		if (cp >= 0xA0 && cp <= 0xFF) {
			sbuf_addc(b, (char)cp);
			continue;
		}
		for (k = 0; k < 32; k++)
			if (cp1252_high[k] == cp && cp != 0)
				break;
		if (k == 32)
			fatalx("U+%04X has no Windows-1252 byte (\"%s\")",
			    (unsigned)cp, s);
		sbuf_addc(b, (char)(0x80 + k));
	}
}

void
sbuf_add_field(struct sbuf *b, const char *s, int always)
{
	const char *p;

	if (!always && strpbrk(s, ";\"\r\n") == NULL) {
		sbuf_add(b, s);
		return;
	}
	sbuf_addc(b, '"');
	for (p = s; *p != '\0'; p++) {
		if (*p == '"')
			sbuf_addc(b, '"');
		sbuf_addc(b, *p);
	}
	sbuf_addc(b, '"');
}

void
sbuf_add_cents(struct sbuf *b, int64_t cents)
{
	uint64_t a = cents < 0 ? (uint64_t)-(cents + 1) + 1 : (uint64_t)cents;
	unsigned r = (unsigned)(a % 100);
	char tmp[32], *p = tmp + sizeof tmp;

	if (r % 10 != 0)
		*--p = (char)('0' + r % 10);
	if (r != 0) {
		*--p = (char)('0' + r / 10);
		*--p = ',';
	}
	a /= 100;
	do {
		*--p = (char)('0' + a % 10);
		a /= 10;
	} while (a != 0);
	if (cents < 0)
		*--p = '-';
	sbuf_addn(b, p, (size_t)(tmp + sizeof tmp - p));
}

void
sbuf_free(struct sbuf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

char *
sample_upper_ascii(const char *s)
{
	char *t = fold_transliterate(s), *p;

	for (p = t; *p != '\0'; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	return t;
}

char *
sample_acheminement(const char *key)
{
	struct sbuf b = { NULL, 0, 0 };
	const char *w = key, *e;
	size_t n;
	char *word;

	while (*w != '\0') {
		e = strchr(w, ' ');
		n = e != NULL ? (size_t)(e - w) : strlen(w);
		if (b.len > 0)
			sbuf_addc(&b, ' ');
		if (n == 5 && strncmp(w, "saint", 5) == 0)
			sbuf_add(&b, "ST");
		else if (n == 6 && strncmp(w, "sainte", 6) == 0)
			sbuf_add(&b, "STE");
		else {
			word = xstrndup(w, n);
			sbuf_add(&b, word);
			free(word);
		}
		w += n;
		while (*w == ' ')
			w++;
	}
	if (b.data == NULL)
		return xstrdup("");
	for (n = 0; n < b.len; n++)
		if (b.data[n] >= 'a' && b.data[n] <= 'z')
			b.data[n] = (char)(b.data[n] - 'a' + 'A');
	return b.data;
}

/* --- Output files. --------------------------------------------------------- */

int
sample_write_file(const char *dir, const char *name, const void *data,
    size_t len, char **cause)
{
	char *path = xasprintf("%s/%s", dir, name);
	char *tmp = xasprintf("%s/.%s.tmp", dir, name);
	FILE *f;
	int rc = -1;

	if ((f = fopen(tmp, "wb")) == NULL) {
		error_set(cause, "%s: %s", tmp, strerror(errno));
		goto out;
	}
	if (fwrite(data, 1, len, f) != len) {
		error_set(cause, "%s: %s", tmp, strerror(errno));
		fclose(f);
		goto out;
	}
	if (fclose(f) != 0) {
		error_set(cause, "%s: %s", tmp, strerror(errno));
		goto out;
	}
	if (rename(tmp, path) != 0) {
		error_set(cause, "%s: %s", path, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (rc != 0)
		unlink(tmp);
	free(tmp);
	free(path);
	return rc;
}

struct sample_archive {
	struct archive	*a;
	char		*path;
	char		*tmp;
	int		 failed;
};

static int
archive_fail(struct sample_archive *sa, char **cause)
{
	sa->failed = 1;
	return error_set(cause, "%s: %s", sa->path,
	    archive_error_string(sa->a) != NULL ? archive_error_string(sa->a) :
	    "archive error");
}

struct sample_archive *
sample_archive_open(const char *dir, const char *name,
    enum sample_archive_format format, char **cause)
{
	struct sample_archive *sa = xcalloc(1, sizeof *sa);

	sa->path = xasprintf("%s/%s", dir, name);
	sa->tmp = xasprintf("%s/.%s.tmp", dir, name);
	sa->a = archive_write_new();
	if (format == SAMPLE_ZIP) {
		if (archive_write_set_format_zip(sa->a) != ARCHIVE_OK ||
		    archive_write_zip_set_compression_deflate(sa->a) != ARCHIVE_OK)
			goto fail;
	} else if (archive_write_set_format_7zip(sa->a) != ARCHIVE_OK)
		goto fail;
	if (archive_write_open_filename(sa->a, sa->tmp) != ARCHIVE_OK)
		goto fail;
	return sa;
fail:
	archive_fail(sa, cause);
	archive_write_free(sa->a);
	unlink(sa->tmp);
	free(sa->tmp);
	free(sa->path);
	free(sa);
	return NULL;
}

static int
archive_header(struct sample_archive *sa, const char *entry, int64_t size,
    char **cause)
{
	struct archive_entry *e = archive_entry_new();
	int rc = 0;

	archive_entry_set_pathname(e, entry);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, size);
	archive_entry_set_mtime(e, SAMPLE_MTIME, 0);
	if (archive_write_header(sa->a, e) != ARCHIVE_OK)
		rc = archive_fail(sa, cause);
	archive_entry_free(e);
	return rc;
}

static int
archive_data(struct sample_archive *sa, const char *p, size_t len, char **cause)
{
	la_ssize_t n;

	while (len > 0) {
		n = archive_write_data(sa->a, p, len);
		if (n <= 0)
			return archive_fail(sa, cause);
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int
sample_archive_add(struct sample_archive *sa, const char *entry,
    const void *data, size_t len, char **cause)
{
	if (archive_header(sa, entry, (int64_t)len, cause) != 0 ||
	    archive_data(sa, data, len, cause) != 0)
		return -1;
	return 0;
}

int
sample_archive_add_file(struct sample_archive *sa, const char *entry,
    const char *path, char **cause)
{
	enum { BLOCK = 1 << 20 };
	char *block;
	FILE *f;
	long size;
	size_t n;
	int rc = -1;

	if ((f = fopen(path, "rb")) == NULL) {
		sa->failed = 1;
		return error_set(cause, "%s: %s", path, strerror(errno));
	}
	if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0) {
		sa->failed = 1;
		fclose(f);
		return error_set(cause, "%s: %s", path, strerror(errno));
	}
	block = xmalloc(BLOCK);
	if (archive_header(sa, entry, size, cause) != 0)
		goto out;
	while ((n = fread(block, 1, BLOCK, f)) > 0)
		if (archive_data(sa, block, n, cause) != 0)
			goto out;
	if (ferror(f)) {
		sa->failed = 1;
		error_set(cause, "%s: read error", path);
		goto out;
	}
	rc = 0;
out:
	free(block);
	fclose(f);
	return rc;
}

int
sample_archive_close(struct sample_archive *sa, char **cause)
{
	int rc = -1;

	if (!sa->failed) {
		if (archive_write_close(sa->a) != ARCHIVE_OK)
			archive_fail(sa, cause);
		else if (rename(sa->tmp, sa->path) != 0)
			error_set(cause, "%s: %s", sa->path, strerror(errno));
		else
			rc = 0;
	}
	archive_write_free(sa->a);
	if (rc != 0)
		unlink(sa->tmp);
	free(sa->tmp);
	free(sa->path);
	free(sa);
	return rc;
}
