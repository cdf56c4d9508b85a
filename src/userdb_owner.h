/* SPDX-License-Identifier: ISC */
/*
 * Whose file the user database is: the caller's alone, in a directory of the
 * caller's alone, or refused before anything is written to it.
 */
#ifndef MEDIFLUX_USERDB_OWNER_H
#define MEDIFLUX_USERDB_OWNER_H

#include <sys/stat.h>

#include <sqlite3.h>

/* The file checked, held open so that what SQLite opens can be compared with it. */
struct userdb_owner {
	int		fd;
	struct stat	st;
};

/*
 * Checks the user database at path and its directory, through descriptors
 * (never following a link at the last component): both must belong to the
 * caller and let group and others in on nothing (a private_dir of the
 * caller's is first tightened to 0700); an existing -wal, -shm, -journal,
 * -pending or -pending.taken beside it likewise. Creates the file 0600 when absent. Refuses with *cause
 * naming the path, its owner's uid and its mode, having written nothing.
 */
int	userdb_owner_claim(const char *path, int private_dir,
	    struct userdb_owner *, char **cause);

/*
 * userdb_owner_claim without creating the file: when it is absent, o->fd
 * is -1 (the directory and the files beside it judged all the same).
 */
int	userdb_owner_look(const char *path, int private_dir,
	    struct userdb_owner *, char **cause);

/* Checks that the file SQLite opened at path is the one claimed (not swapped since). */
int	userdb_owner_same(const struct userdb_owner *, sqlite3 *,
	    const char *path, char **cause);

void	userdb_owner_release(struct userdb_owner *);

#endif
