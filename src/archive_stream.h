/*
 * Published files read through libarchive: zip, 7z, tar, gzip or plain, one
 * entry at a time, streamed. Entry names are only ever shown, never used as paths.
 */
#ifndef MEDIFLUX_ARCHIVE_STREAM_H
#define MEDIFLUX_ARCHIVE_STREAM_H

#include <stdint.h>
#include <sys/types.h>

/* More entries than this is not a published file. */
#define ARCHIVE_STREAM_MAX_ENTRIES 1000

struct archive_stream;

struct archive_stream	*archive_stream_open(const char *path, char **cause);
void			 archive_stream_free(struct archive_stream *);

/*
 * Moves to the next regular file: 1 with *entry set (sanitised, valid until the
 * next call), 0 at the end, -1 with *cause set (damaged archive, "../" names...).
 */
int			 archive_stream_next(struct archive_stream *, const char **entry,
			     char **cause);

/* A csv_read_fn reading the current entry's data. */
ssize_t			 archive_stream_read(void *stream, char *buf, size_t size,
			     char **cause);

/* Whether the file is a container (zip, 7z, tar) rather than one plain or gzip file. */
int			 archive_stream_is_container(const struct archive_stream *);

/* Bytes of the file consumed so far, for progress. */
uint64_t		 archive_stream_position(const struct archive_stream *);
uint64_t		 archive_stream_file_size(const struct archive_stream *);

#endif
