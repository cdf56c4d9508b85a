/* SPDX-License-Identifier: ISC */
/*
 * Published files through libarchive: the input is the file (zip, 7z, tar,
 * any compression, or plain), read from a memfd; every entry's data goes
 * through a csv_reader to its end.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "archive_stream.h"
#include "csv.h"
#include "fuzz.h"
#include "xmalloc.h"

/* Decompressed bytes read per input at most: a bomb is slow, not wrong. */
#define FUZZ_ARCHIVE_MAX_BYTES (16 * 1024 * 1024)

static int fuzz_fd = -1;
static char fuzz_path[64];

/* Counts what an entry yields, so that a bomb stops at the bound. */
struct fuzz_archive_read {
	struct archive_stream	*s;
	size_t			 total;
};

static ssize_t
fuzz_archive_read(void *arg, char *buf, size_t size, char **cause)
{
	struct fuzz_archive_read *f = arg;
	ssize_t n;

	if (f->total >= FUZZ_ARCHIVE_MAX_BYTES)
		return 0;
	if ((n = archive_stream_read(f->s, buf, size, cause)) > 0)
		f->total += (size_t)n;
	return n;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if ((fuzz_fd = memfd_create("fuzz-archive", 0)) < 0) {
		perror("memfd_create");
		exit(1);
	}
	snprintf(fuzz_path, sizeof fuzz_path, "/proc/self/fd/%d", fuzz_fd);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_archive_read f;
	struct archive_stream *s;
	struct csv_reader *r;
	const char *entry;
	char *cause = NULL;
	size_t i, n;
	int rc;

	if (ftruncate(fuzz_fd, 0) != 0 ||
	    pwrite(fuzz_fd, data, size, 0) != (ssize_t)size)
		abort();
	if ((s = archive_stream_open(fuzz_path, &cause)) == NULL) {
		free(cause);
		return 0;
	}
	memset(&f, 0, sizeof f);
	f.s = s;
	while ((rc = archive_stream_next(s, &entry, &cause)) == 1) {
		if (strlen(entry) == (size_t)-1)
			abort();
		r = csv_reader_new(entry, fuzz_archive_read, &f);
		while ((rc = csv_reader_next(r, &cause)) == 1) {
			n = csv_reader_nfields(r);
			for (i = 0; i < n; i++)
				(void)strlen(csv_reader_field(r, i));
		}
		csv_reader_free(r);
		(void)archive_stream_position(s);
		(void)archive_stream_is_container(s);
		if (rc < 0)
			break;
	}
	if (rc < 0)
		free(cause);
	archive_stream_free(s);
	return 0;
}
