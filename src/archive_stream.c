/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "archive_stream.h"
#include "dynlib.h"
#include "i18n.h"
#include "utf8.h"
#include "xmalloc.h"

#define ARCHIVE_STREAM_BLOCK 65536

struct archive_stream {
	const struct dynlib_archive *lib;
	struct archive	*a;
	char		*path;
	char		*base;		/* file name without directory or compression suffix */
	char		*entry;		/* current entry, sanitised */
	int		 container;
	int		 entries;
	uint64_t	 size;
	uint64_t	 out;		/* bytes out of the whole file so far */
	uint64_t	 entry_out;	/* bytes out of the current entry */
	uint64_t	 entry_in;	/* file position where the current entry began */
	/* The file position after the last read, for a progress shown from another thread. */
	_Atomic uint64_t read_position;
	char		*drain;		/* scratch for reading through an entry */
	/* What archive_stream_borrow has of libarchive's last block, not lent yet. */
	const char	*lent;
	size_t		 lent_left;
	int64_t		 lent_offset;	/* of the entry's next byte */
};

/* The name a plain or compressed file's only entry goes by: its own, minus .gz. */
static char *
archive_stream_plain_name(const char *path)
{
	static const char *const suffixes[] = { ".gz", ".bz2", ".xz", ".zst", NULL };
	const char *slash = strrchr(path, '/');
	size_t len, n;
	int i;

	path = slash != NULL ? slash + 1 : path;
	len = strlen(path);
	for (i = 0; suffixes[i] != NULL; i++) {
		n = strlen(suffixes[i]);
		if (len > n && strcasecmp(path + len - n, suffixes[i]) == 0)
			return xstrndup(path, len - n);
	}
	return xstrdup(path);
}

/*
 * libarchive's own account of its last error, which only English shows:
 * its messages are many, formatted and English, and a French sentence with
 * an English one inside would say it twice in two languages. NULL when
 * there is none to show.
 */
static const char *
archive_stream_detail(struct archive_stream *s)
{
	if (strcmp(i18n_language(), "en") != 0)
		return NULL;
	return s->lib->error_string(s->a);
}

/* Sets *cause to libarchive's error, naming the file and entry. */
static int
archive_stream_error(struct archive_stream *s, const char *what, char **cause)
{
	const char *msg = archive_stream_detail(s);

	if (s->entry != NULL)
		return msg != NULL ? error_set(cause, "%s: %s: %s: %s", s->path,
		    s->entry, what, msg) : error_set(cause, "%s: %s: %s",
		    s->path, s->entry, what);
	return msg != NULL ? error_set(cause, "%s: %s: %s", s->path, what,
	    msg) : error_set(cause, "%s: %s", s->path, what);
}

struct archive_stream *
archive_stream_open(const char *path, char **cause)
{
	const struct dynlib_archive *lib;
	struct archive_stream *s;
	struct stat st;

	if (stat(path, &st) != 0) {
		error_set(cause, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		error_set(cause, _("%s: not a regular file"), path);
		return NULL;
	}
	if (st.st_size == 0) {
		error_set(cause, _("%s: line 1: empty file"), path);
		return NULL;
	}
	if ((lib = dynlib_archive(cause)) == NULL)
		return NULL;
	s = xcalloc(1, sizeof *s);
	s->lib = lib;
	s->path = xstrdup(path);
	s->base = archive_stream_plain_name(path);
	s->size = (uint64_t)st.st_size;
	s->a = s->lib->read_new();
	s->lib->read_support_filter_all(s->a);
	s->lib->read_support_format_zip(s->a);
	s->lib->read_support_format_7zip(s->a);
	s->lib->read_support_format_tar(s->a);
	s->lib->read_support_format_gnutar(s->a);
	/* Bids last: anything that is not one of the containers above is one stream. */
	s->lib->read_support_format_raw(s->a);
	if (s->lib->read_open_filename(s->a, path,
	    ARCHIVE_STREAM_BLOCK) != ARCHIVE_OK) {
		archive_stream_error(s, _("cannot read"), cause);
		archive_stream_free(s);
		return NULL;
	}
	return s;
}

void
archive_stream_free(struct archive_stream *s)
{
	if (s == NULL)
		return;
	s->lib->read_free(s->a);
	free(s->path);
	free(s->base);
	free(s->entry);
	free(s->drain);
	free(s);
}

/* Refuses names that would climb out of a directory if anyone ever extracted them. */
static int
archive_stream_name_is_safe(const char *name)
{
	const char *p = name;
	size_t n;

	if (*name == '/' || *name == '\\')
		return 0;
	while (*p != '\0') {
		n = strcspn(p, "/\\");
		if (n == 2 && p[0] == '.' && p[1] == '.')
			return 0;
		p += n;
		if (*p != '\0')
			p++;
	}
	return 1;
}

/* How far libarchive has read into the file, compressed bytes. */
static uint64_t
archive_stream_filter_position(struct archive_stream *s)
{
	la_int64_t n = s->lib->filter_bytes(s->a, -1);

	return n > 0 ? (uint64_t)n : 0;
}

/*
 * Counts n more bytes out and says whether the entry, or the file so far,
 * expands beyond what any published file does: a bomb is stopped after a few
 * MiB of input, long before it fills the memory or the afternoon.
 */
static int
archive_stream_expanded(struct archive_stream *s, size_t n)
{
	uint64_t in = archive_stream_filter_position(s);
	/* A reader that seeks back (zip's central directory) counts from the start. */
	uint64_t entry_in = in > s->entry_in ? in - s->entry_in : in;

	s->out += n;
	s->entry_out += n;
	if (s->entry_out > ARCHIVE_STREAM_RATIO_FLOOR &&
	    s->entry_out / ARCHIVE_STREAM_MAX_RATIO > entry_in)
		return 1;
	return s->out > ARCHIVE_STREAM_RATIO_FLOOR &&
	    s->out / ARCHIVE_STREAM_MAX_RATIO > in;
}


/* Reads through what is left of the current entry, within the expansion limit. */
static int
archive_stream_drain(struct archive_stream *s, char **cause)
{
	la_ssize_t n;

	if (s->drain == NULL)
		s->drain = xmalloc(ARCHIVE_STREAM_BLOCK);
	while ((n = s->lib->read_data(s->a, s->drain, ARCHIVE_STREAM_BLOCK)) > 0) {
		if (archive_stream_expanded(s, (size_t)n))
			return error_set(cause, _("%s: %s: expands more than "
			    "%d times: not a file as published (a compression "
			    "bomb?)"),
			    s->path, s->entry, ARCHIVE_STREAM_MAX_RATIO);
	}
	if (n < 0)
		return archive_stream_error(s,
		    _("damaged or truncated archive"),
		    cause);
	return 0;
}

/* What an entry that is neither a file nor a directory is, for the message. */
static const char *
archive_stream_type_name(const struct archive_stream *s,
    struct archive_entry *e)
{
	if (s->lib->entry_hardlink(e) != NULL)
		return _("a hard link");
	switch (s->lib->entry_filetype(e)) {
	case AE_IFLNK:
		return _("a symbolic link");
	case AE_IFCHR:
		return _("a character device");
	case AE_IFBLK:
		return _("a block device");
	case AE_IFIFO:
		return _("a FIFO (named pipe)");
	case AE_IFSOCK:
		return _("a socket");
	case AE_IFREG:
	case AE_IFDIR:
		return NULL;
	default:
		return _("not a regular file");
	}
}

int
archive_stream_next(struct archive_stream *s, const char **entry, char **cause)
{
	const char *type;
	struct archive_entry *e;
	const char *name;
	int rc;

	for (;;) {
		if (s->entry != NULL && s->container &&
		    archive_stream_drain(s, cause) != 0)
			return -1;
		free(s->entry);
		s->entry = NULL;
		s->lent_left = 0;
		s->lent_offset = 0;
		rc = s->lib->read_next_header(s->a, &e);
		if (rc == ARCHIVE_EOF)
			return 0;
		if (rc == ARCHIVE_WARN)
			rc = ARCHIVE_OK;
		if (rc != ARCHIVE_OK)
			return archive_stream_error(s,
			    _("damaged or truncated archive"), cause);
		s->container = s->lib->format(s->a) != ARCHIVE_FORMAT_RAW;
		s->entry_out = 0;
		s->entry_in = archive_stream_filter_position(s);
		atomic_store_explicit(&s->read_position, s->entry_in,
		    memory_order_relaxed);
		if (!s->container) {
			s->entry = xstrdup(s->base);
			*entry = s->entry;
			return 1;
		}
		if (++s->entries > ARCHIVE_STREAM_MAX_ENTRIES)
			return error_set(cause, _("%s: more than %d entries: "
			    "not a file as published"), s->path,
			    ARCHIVE_STREAM_MAX_ENTRIES);
		name = s->lib->entry_pathname_utf8(e);
		if (name == NULL)
			name = s->lib->entry_pathname(e);
		if (name == NULL)
			name = "";
		s->entry = utf8_sanitize(name);
		if (!archive_stream_name_is_safe(name))
			return error_set(cause, _("%s: entry '%s': a name "
			    "outside the archive (absolute or with '..'): "
			    "refused"),
			    s->path, s->entry);
		if ((type = archive_stream_type_name(s, e)) != NULL)
			return error_set(cause, _("%s: entry '%s': %s: not a "
			    "file as published, refused"),
			    s->path, s->entry, type);
		if (s->lib->entry_filetype(e) == AE_IFDIR)
			continue;
		*entry = s->entry;
		return 1;
	}
}

/*
 * Sets *cause for data that could not be read (with libarchive's detail
 * when it has one) or that expands too far, and returns -1; the CSV reader
 * adds the file, entry and line.
 */
static int
archive_stream_data_error(struct archive_stream *s, int detail, int bomb,
    char **cause)
{
	const char *msg;

	if (bomb)
		return error_set(cause, _("expands more than %d times: not a "
		    "file as published (a compression bomb?)"),
		    ARCHIVE_STREAM_MAX_RATIO);
	if (detail && (msg = archive_stream_detail(s)) != NULL)
		return error_set(cause, _("damaged or truncated archive: %s"),
		    msg);
	return error_set(cause, "%s", _("damaged or truncated archive"));
}

/* Counts n bytes out of the entry, for the expansion limit and the progress shown. */
static int
archive_stream_took(struct archive_stream *s, size_t n, char **cause)
{
	if (archive_stream_expanded(s, n))
		return archive_stream_data_error(s, 0, 1, cause);
	atomic_store_explicit(&s->read_position,
	    archive_stream_filter_position(s), memory_order_relaxed);
	return 0;
}

ssize_t
archive_stream_read(void *arg, char *buf, size_t size, char **cause)
{
	struct archive_stream *s = arg;
	la_ssize_t n;

	n = s->lib->read_data(s->a, buf, size);
	if (n < 0)
		return archive_stream_data_error(s, 1, 0, cause);
	if (archive_stream_took(s, (size_t)n, cause) != 0)
		return -1;
	return n;
}

ssize_t
archive_stream_borrow(void *arg, const char **buf, size_t size, char **cause)
{
	struct archive_stream *s = arg;
	const void *block;
	size_t n;
	la_int64_t offset;
	int rc;

	while (s->lent_left == 0) {
		rc = s->lib->read_data_block(s->a, &block, &n, &offset);
		if (rc == ARCHIVE_EOF)
			return 0;
		/* A hole (a sparse entry) is no text as published. */
		if (rc != ARCHIVE_OK || offset != s->lent_offset)
			return archive_stream_data_error(s, rc != ARCHIVE_OK, 0,
			    cause);
		if (archive_stream_took(s, n, cause) != 0)
			return -1;
		s->lent = block;
		s->lent_left = n;
		s->lent_offset = offset + (la_int64_t)n;
	}
	n = s->lent_left < size ? s->lent_left : size;
	*buf = s->lent;
	s->lent += n;
	s->lent_left -= n;
	return (ssize_t)n;
}

int
archive_stream_is_container(const struct archive_stream *s)
{
	return s->container;
}

uint64_t
archive_stream_position(const struct archive_stream *s)
{
	return atomic_load_explicit(&s->read_position, memory_order_relaxed);
}

uint64_t
archive_stream_file_size(const struct archive_stream *s)
{
	return s->size;
}
