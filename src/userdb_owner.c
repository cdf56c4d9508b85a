/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dbfile.h"
#include "i18n.h"
#include "history_pending.h"
#include "userdb_owner.h"
#include "xmalloc.h"

/*
 * O_PATH looks at a file without opening it for reading: another user's 0600
 * file still shows its owner, a FIFO does not block, a device is not touched.
 */
#ifdef O_PATH
#define USERDB_OWNER_LOOK	(O_PATH | O_CLOEXEC)
#else
#define USERDB_OWNER_LOOK	(O_RDONLY | O_NONBLOCK | O_CLOEXEC)
#endif

/*
 * The files SQLite keeps beside the database, which hold its pages too, and
 * the history's entries waiting to be moved in (history_pending.h).
 */
static const char *const userdb_owner_beside[] = { "-wal", "-shm", "-journal",
	HISTORY_PENDING_SUFFIX, HISTORY_PENDING_TAKEN };

/*
 * Refuses st (of path, which is what) unless it is the caller's and lets
 * group and others in on nothing; fix is the chmod mode that would make it so.
 */
static int
userdb_owner_judge(const char *path, const struct stat *st, const char *what,
    const char *fix, char **cause)
{
	uid_t me = geteuid();

	if (st->st_uid != me)
		return error_set(cause, _("%s: refused as %s: owned by uid %lu, "
		    "mode %04o, not by you (uid %lu)"), path, what,
		    (unsigned long)st->st_uid, (unsigned)(st->st_mode & 07777),
		    (unsigned long)me);
	if ((st->st_mode & 077) != 0)
		return error_set(cause, _("%s: refused as %s: mode %04o lets group "
		    "or others in; make it yours alone with 'chmod %s %s' (what it "
		    "holds may have been read)"), path, what,
		    (unsigned)(st->st_mode & 07777), fix, path);
	return 0;
}

/* Refuses what is not a plain file: a link would lead anywhere, a device or FIFO is no database. */
static int
userdb_owner_kind(const char *path, const struct stat *st, const char *what,
    char **cause)
{
	if (S_ISLNK(st->st_mode))
		return error_set(cause, _("%s: refused as %s: a symbolic link "
		    "(name the file itself)"), path, what);
	if (!S_ISREG(st->st_mode))
		return error_set(cause, _("%s: refused as %s: not a regular file"),
		    path, what);
	return 0;
}

/*
 * Opens the directory dir (a descriptor all later looks go through), tightens
 * it to 0700 when private_dir and it is the caller's, and judges it.
 */
static int
userdb_owner_dir(const char *dir, int private_dir, int *dfd, char **cause)
{
	const char *what = _("the user database's directory");
	struct stat st;
	int fd, wfd;

	if ((*dfd = open(dir, USERDB_OWNER_LOOK | O_DIRECTORY)) < 0)
		return error_set(cause, "%s: %s", dir, strerror(errno));
	if (fstat(*dfd, &st) != 0)
		return error_set(cause, "%s: %s", dir, strerror(errno));
	if (private_dir && st.st_uid == geteuid() && (st.st_mode & 077) != 0) {
		/* "." of the descriptor: the very directory just looked at. */
		if ((wfd = openat(*dfd, ".", O_RDONLY | O_DIRECTORY |
		    O_CLOEXEC)) < 0)
			return error_set(cause, "%s: %s", dir, strerror(errno));
		fd = fchmod(wfd, 0700) != 0 || fstat(wfd, &st) != 0;
		close(wfd);
		if (fd)
			return error_set(cause, "%s: %s", dir, strerror(errno));
	}
	return userdb_owner_judge(dir, &st, what, "700", cause);
}

/* Judges the -wal, -shm and -journal beside name in dfd, when they exist. */
static int
userdb_owner_journals(int dfd, const char *path, const char *name, char **cause)
{
	const char *what = _("the user database's journal");
	struct stat st;
	char *file, *shown;
	size_t i;
	int rc = 0;

	for (i = 0; rc == 0 && i < sizeof userdb_owner_beside /
	    sizeof userdb_owner_beside[0]; i++) {
		file = xasprintf("%s%s", name, userdb_owner_beside[i]);
		shown = xasprintf("%s%s", path, userdb_owner_beside[i]);
		if (fstatat(dfd, file, &st, AT_SYMLINK_NOFOLLOW) != 0) {
			if (errno != ENOENT)
				rc = error_set(cause, "%s: %s", shown,
				    strerror(errno));
		} else if (userdb_owner_kind(shown, &st, what, cause) != 0 ||
		    userdb_owner_judge(shown, &st, what, "600", cause) != 0)
			rc = -1;
		free(file);
		free(shown);
	}
	return rc;
}

/* Creates name in dfd, 0600 whatever the umask; someone else creating it first is judged as found. */
static int
userdb_owner_create(int dfd, const char *path, const char *name, char **cause)
{
	int fd;

	fd = openat(dfd, name, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600);
	if (fd < 0)
		return errno == EEXIST ? 0 : error_set(cause, "%s: %s", path,
		    strerror(errno));
	if (fchmod(fd, 0600) != 0) {
		error_set(cause, "%s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/* userdb_owner_claim, and userdb_owner_look when create is 0. */
static int
userdb_owner_open(const char *path, int private_dir, int create,
    struct userdb_owner *o, char **cause)
{
	const char *what = _("user database"), *name;
	char *dir;
	int dfd = -1, rc = -1;

	o->fd = -1;
	name = strrchr(path, '/') != NULL ? strrchr(path, '/') + 1 : path;
	if (*name == '\0')
		return error_set(cause, "%s: %s", path, strerror(EISDIR));
	dir = dbfile_dirname(path);
	if (userdb_owner_dir(dir, private_dir, &dfd, cause) != 0 ||
	    userdb_owner_journals(dfd, path, name, cause) != 0)
		goto out;
	o->fd = openat(dfd, name, USERDB_OWNER_LOOK | O_NOFOLLOW);
	if (o->fd < 0 && errno == ENOENT && !create) {
		rc = 0;
		goto out;
	}
	if (o->fd < 0 && errno == ENOENT) {
		if (userdb_owner_create(dfd, path, name, cause) != 0)
			goto out;
		o->fd = openat(dfd, name, USERDB_OWNER_LOOK | O_NOFOLLOW);
	}
	if (o->fd < 0) {
		if (errno == ELOOP)
			error_set(cause, _("%s: refused as %s: a symbolic link "
			    "(name the file itself)"), path, what);
		else
			error_set(cause, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (fstat(o->fd, &o->st) != 0) {
		error_set(cause, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (userdb_owner_kind(path, &o->st, what, cause) != 0 ||
	    userdb_owner_judge(path, &o->st, what, "600", cause) != 0)
		goto out;
	rc = 0;
out:
	if (dfd >= 0)
		close(dfd);
	if (rc != 0)
		userdb_owner_release(o);
	free(dir);
	return rc;
}

int
userdb_owner_claim(const char *path, int private_dir, struct userdb_owner *o,
    char **cause)
{
	return userdb_owner_open(path, private_dir, 1, o, cause);
}

int
userdb_owner_look(const char *path, int private_dir, struct userdb_owner *o,
    char **cause)
{
	return userdb_owner_open(path, private_dir, 0, o, cause);
}

int
userdb_owner_same(const struct userdb_owner *o, sqlite3 *db, const char *path,
    char **cause)
{
	struct stat st;
	int moved = 0;

	/* HAS_MOVED compares SQLite's descriptor with the path; stat, the path with ours. */
	if (sqlite3_file_control(db, "main", SQLITE_FCNTL_HAS_MOVED,
	    &moved) != SQLITE_OK)
		moved = 0;
	if (moved || stat(path, &st) != 0 || st.st_dev != o->st.st_dev ||
	    st.st_ino != o->st.st_ino)
		return error_set(cause, "%s", _("replaced while being opened: "
		    "refused"));
	return 0;
}

void
userdb_owner_release(struct userdb_owner *o)
{
	if (o->fd >= 0)
		close(o->fd);
	o->fd = -1;
}
