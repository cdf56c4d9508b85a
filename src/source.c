/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dynlib.h"
#include "pathkind.h"
#include "source.h"
#include "xmalloc.h"

struct source {
	char				*path;
	FILE				*f;
	uint64_t			 bytes;
	const struct dynlib_nettle	*nettle;
	struct sha256_ctx		 sha;
};

struct source *
source_open_file(const char *path, char **cause)
{
	const struct dynlib_nettle *nettle;
	struct source *src;
	FILE *f;
	int fd;

	if ((nettle = dynlib_nettle(cause)) == NULL)
		return NULL;
	/* Checked before the digest reads it: a device or a FIFO never ends. */
	if ((fd = pathkind_open_read(path, cause)) < 0)
		return NULL;
	if ((f = fdopen(fd, "rb")) == NULL) {
		error_set(cause, "%s: %s", path, strerror(errno));
		close(fd);
		return NULL;
	}
	src = xcalloc(1, sizeof *src);
	src->path = xstrdup(path);
	src->f = f;
	src->nettle = nettle;
	nettle->sha256_begin(&src->sha);
	return src;
}

void
source_free(struct source *src)
{
	if (src == NULL)
		return;
	if (src->f != NULL)
		fclose(src->f);
	free(src->path);
	free(src);
}

ssize_t
source_read(void *arg, char *buf, size_t size, char **cause)
{
	struct source *src = arg;
	size_t n;

	n = fread(buf, 1, size, src->f);
	if (n == 0 && ferror(src->f)) {
		error_set(cause, "%s", strerror(errno));
		return -1;
	}
	src->nettle->sha256_add(&src->sha, n, (const uint8_t *)buf);
	src->bytes += n;
	return (ssize_t)n;
}

const char *
source_path(const struct source *src)
{
	return src->path;
}

const char *
source_basename(const struct source *src)
{
	const char *slash = strrchr(src->path, '/');

	return slash != NULL ? slash + 1 : src->path;
}

uint64_t
source_bytes(const struct source *src)
{
	return src->bytes;
}

int
source_sha256_hex(struct source *src, char hex[65], char **cause)
{
	uint8_t digest[SHA256_DIGEST_SIZE];
	struct sha256_ctx copy;
	char buf[65536];
	ssize_t n;
	int i;

	while ((n = source_read(src, buf, sizeof buf, cause)) > 0)
		;
	if (n < 0)
		return -1;
	copy = src->sha;
	src->nettle->sha256_end(&copy, sizeof digest, digest);
	for (i = 0; i < SHA256_DIGEST_SIZE; i++)
		snprintf(hex + 2 * i, 3, "%02x", digest[i]);
	return 0;
}
