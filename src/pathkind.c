/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dbfile.h"
#include "i18n.h"
#include "pathkind.h"
#include "xmalloc.h"

/* How many links pathkind_follow goes through before calling it a loop (as Linux). */
#define PATHKIND_MAX_LINKS 40

int
pathkind_check_regular(const char *path, int missing_ok, char **cause)
{
	struct stat st;

	if (stat(path, &st) != 0) {
		/* What creates it says why it cannot (a private directory...). */
		if (missing_ok)
			return 0;
		return error_set(cause, "%s: %s", path, strerror(errno));
	}
	if (!S_ISREG(st.st_mode))
		return error_set(cause, _("%s: not a regular file"), path);
	return 0;
}

int
pathkind_open_read(const char *path, char **cause)
{
	struct stat st;
	int fd, flags;

	/* Non-blocking, so that opening a FIFO with no writer returns at once. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return error_set(cause, "%s: %s", path, strerror(errno));
	if (fstat(fd, &st) != 0) {
		error_set(cause, "%s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return error_set(cause, _("%s: not a regular file"), path);
	}
	if ((flags = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) == -1) {
		error_set(cause, "%s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

char *
pathkind_follow(const char *path, char **cause)
{
	char *p, *dir, *next, link[PATH_MAX];
	struct stat st;
	ssize_t n;
	int i;

	p = xstrdup(path);
	for (i = 0; i < PATHKIND_MAX_LINKS; i++) {
		if (lstat(p, &st) != 0 || !S_ISLNK(st.st_mode))
			return p;
		if ((n = readlink(p, link, sizeof link - 1)) < 0) {
			error_set(cause, "%s: %s", path, strerror(errno));
			free(p);
			return NULL;
		}
		link[n] = '\0';
		if (link[0] == '/')
			next = xstrdup(link);
		else {
			dir = dbfile_dirname(p);
			next = xasprintf("%s/%s", dir, link);
			free(dir);
		}
		free(p);
		p = next;
	}
	free(p);
	error_set(cause, "%s: %s", path, strerror(ELOOP));
	return NULL;
}
