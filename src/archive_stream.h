/* SPDX-License-Identifier: ISC */
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

/*
 * Past ARCHIVE_STREAM_RATIO_FLOOR bytes out, data that expands more than
 * ARCHIVE_STREAM_MAX_RATIO times the file bytes it came from is refused, for
 * each entry and for the archive as a whole. Published files expand 5 to 15
 * times (Open Medic zips 14.2, SAE 7z 5.2, FINESS 5.7 with gzip and 7.2 with
 * xz, a 97%-empty SAE-like table 12.6 with 7z and 9.9 with zip); real SAE
 * tables stay below the floor. Deflate reaches about 300 on repeated lines and
 * 1030 on zeros, LZMA and bzip2 thousands: 200 leaves real files a margin of
 * more than 10 and still stops any bomb after 64 MiB of output.
 */
#define ARCHIVE_STREAM_MAX_RATIO	200
#define ARCHIVE_STREAM_RATIO_FLOOR	(64 * 1024 * 1024)

struct archive_stream;

struct archive_stream	*archive_stream_open(const char *path, char **cause);
void			 archive_stream_free(struct archive_stream *);

/*
 * Moves to the next regular file: 1 with *entry set (sanitised, valid until the
 * next call), 0 at the end, -1 with *cause set (damaged archive, "../" names,
 * links, devices, FIFOs, sockets, a compression bomb). Directories are skipped.
 * What is left of the previous entry is read through first, so that the
 * expansion limit also holds for entries nobody reads.
 */
int			 archive_stream_next(struct archive_stream *, const char **entry,
			     char **cause);

/* A csv_read_fn reading the current entry's data, within the expansion limit. */
ssize_t			 archive_stream_read(void *stream, char *buf, size_t size,
			     char **cause);

/*
 * A csv_borrow_fn lending the current entry's data where libarchive
 * decompressed it, within the expansion limit: what archive_stream_read
 * gives, without the copy.
 */
ssize_t			 archive_stream_borrow(void *stream, const char **buf,
			     size_t size, char **cause);

/* Whether the file is a container (zip, 7z, tar) rather than one plain or gzip file. */
int			 archive_stream_is_container(const struct archive_stream *);

/*
 * Bytes of the file consumed as of the last read, for progress: it may be
 * asked from another thread than the one reading (csv_reader_read_ahead).
 */
uint64_t		 archive_stream_position(const struct archive_stream *);
uint64_t		 archive_stream_file_size(const struct archive_stream *);

#endif
