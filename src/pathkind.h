/* SPDX-License-Identifier: ISC */
/*
 * What a path names, looked at before anything reads it or creates a file
 * beside it: devices, FIFOs and directories are refused by name, symbolic
 * links to a database are followed.
 */
#ifndef MEDIFLUX_PATHKIND_H
#define MEDIFLUX_PATHKIND_H

/*
 * Refuses path when it exists and is not a regular file ("PATH: not a regular
 * file"), following symbolic links. When missing_ok, a path that cannot be
 * looked at (missing, or in a directory we may not search) passes: what
 * creates or opens it next says why; else that is an error naming it.
 */
int	 pathkind_check_regular(const char *path, int missing_ok, char **cause);

/*
 * Opens a regular file for reading (close-on-exec): a FIFO does not block it,
 * a device or a directory is refused before any byte is read. Returns the
 * descriptor, or -1 with *cause naming the path.
 */
int	 pathkind_open_read(const char *path, char **cause);

/*
 * The path that path's symbolic links lead to, as SQLite finds a database
 * through them: the path itself when it is no link, the name a dangling link
 * points to when that does not exist yet. NULL with *cause on a loop. Caller
 * frees.
 */
char	*pathkind_follow(const char *path, char **cause);

#endif
