#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "archive_stream.h"
#include "utf8.h"
#include "xmalloc.h"

#define ARCHIVE_STREAM_BLOCK 65536

struct archive_stream {
	struct archive	*a;
	char		*path;
	char		*base;		/* file name without directory or compression suffix */
	char		*entry;		/* current entry, sanitised */
	int		 container;
	int		 entries;
	uint64_t	 size;
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

/* Sets *cause to libarchive's error, naming the file and entry. */
static int
archive_stream_error(struct archive_stream *s, const char *what, char **cause)
{
	const char *msg = archive_error_string(s->a);

	if (s->entry != NULL)
		return error_set(cause, "%s: %s: %s: %s", s->path, s->entry, what,
		    msg != NULL ? msg : "damaged archive");
	return error_set(cause, "%s: %s: %s", s->path, what,
	    msg != NULL ? msg : "damaged archive");
}

struct archive_stream *
archive_stream_open(const char *path, char **cause)
{
	struct archive_stream *s;
	struct stat st;

	if (stat(path, &st) != 0) {
		error_set(cause, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		error_set(cause, "%s: not a regular file", path);
		return NULL;
	}
	if (st.st_size == 0) {
		error_set(cause, "%s: line 1: empty file", path);
		return NULL;
	}
	s = xcalloc(1, sizeof *s);
	s->path = xstrdup(path);
	s->base = archive_stream_plain_name(path);
	s->size = (uint64_t)st.st_size;
	s->a = archive_read_new();
	archive_read_support_filter_all(s->a);
	archive_read_support_format_zip(s->a);
	archive_read_support_format_7zip(s->a);
	archive_read_support_format_tar(s->a);
	archive_read_support_format_gnutar(s->a);
	/* Bids last: anything that is not one of the containers above is one stream. */
	archive_read_support_format_raw(s->a);
	if (archive_read_open_filename(s->a, path, ARCHIVE_STREAM_BLOCK) != ARCHIVE_OK) {
		archive_stream_error(s, "cannot read", cause);
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
	archive_read_free(s->a);
	free(s->path);
	free(s->base);
	free(s->entry);
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

int
archive_stream_next(struct archive_stream *s, const char **entry, char **cause)
{
	struct archive_entry *e;
	const char *name;
	int rc;

	for (;;) {
		free(s->entry);
		s->entry = NULL;
		rc = archive_read_next_header(s->a, &e);
		if (rc == ARCHIVE_EOF)
			return 0;
		if (rc == ARCHIVE_WARN)
			rc = ARCHIVE_OK;
		if (rc != ARCHIVE_OK)
			return archive_stream_error(s, "damaged or truncated archive",
			    cause);
		s->container = archive_format(s->a) != ARCHIVE_FORMAT_RAW;
		if (!s->container) {
			s->entry = xstrdup(s->base);
			*entry = s->entry;
			return 1;
		}
		if (++s->entries > ARCHIVE_STREAM_MAX_ENTRIES)
			return error_set(cause, "%s: more than %d entries: not a "
			    "file as published", s->path, ARCHIVE_STREAM_MAX_ENTRIES);
		name = archive_entry_pathname_utf8(e);
		if (name == NULL)
			name = archive_entry_pathname(e);
		if (name == NULL)
			name = "";
		s->entry = utf8_sanitize(name);
		if (!archive_stream_name_is_safe(name))
			return error_set(cause, "%s: entry '%s': a name outside the "
			    "archive (absolute or with '..'): refused", s->path,
			    s->entry);
		if (archive_entry_filetype(e) != AE_IFREG)
			continue;
		*entry = s->entry;
		return 1;
	}
}

ssize_t
archive_stream_read(void *arg, char *buf, size_t size, char **cause)
{
	struct archive_stream *s = arg;
	la_ssize_t n;

	const char *msg;

	n = archive_read_data(s->a, buf, size);
	if (n < 0) {
		/* The reader adds the file, entry and line. */
		msg = archive_error_string(s->a);
		error_set(cause, "damaged or truncated archive: %s",
		    msg != NULL ? msg : "read error");
		return -1;
	}
	return n;
}

int
archive_stream_is_container(const struct archive_stream *s)
{
	return s->container;
}

uint64_t
archive_stream_position(const struct archive_stream *s)
{
	la_int64_t n = archive_filter_bytes(s->a, -1);

	return n > 0 ? (uint64_t)n : 0;
}

uint64_t
archive_stream_file_size(const struct archive_stream *s)
{
	return s->size;
}
