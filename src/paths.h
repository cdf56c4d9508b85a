/* SPDX-License-Identifier: ISC */
/* Where the databases are: DESIGN §4, first rule that applies wins. */
#ifndef MEDIFLUX_PATHS_H
#define MEDIFLUX_PATHS_H

enum path_origin {
	PATH_OPTION,		/* --db / --user-db */
	PATH_ENVIRONMENT,	/* MEDIFLUX_DB / MEDIFLUX_USER_DB */
	PATH_XDG,		/* ${XDG_DATA_HOME:-~/.local/share}/mediflux/ */
	PATH_SHARED,		/* the shared server's DIR/mediflux.db (--with-shared-db) */
	PATH_INSTALLED,		/* $(pkgdatadir)/mediflux.db */
	PATH_BUILD_TREE,	/* data/mediflux.db beside the binary */
};

/* Everything the rules look at, gathered once so that tests can set it. */
struct path_env {
	const char	*db_option;
	const char	*user_db_option;
	const char	*db_env;
	const char	*user_db_env;
	const char	*xdg_data_home;
	const char	*home;
	const char	*pkgdatadir;
	const char	*shared_dir;	/* the shared database's directory */
	const char	*exe_dir;	/* directory of the running binary, or NULL */
};

#define PATHS_REFDB_NAME	"mediflux.db"
#define PATHS_USERDB_NAME	"user.db"

/* The group whose members may import into the shared database. */
#ifndef MEDIFLUX_SHARED_GROUP
#define MEDIFLUX_SHARED_GROUP	"mediflux"
#endif

/* The shared database's directory compiled in (./configure --with-shared-db). */
const char	*paths_shared_dir(void);

/* Fills env from the process: environment, password file, /proc/self/exe. */
void		 paths_env_from_process(struct path_env *, const char *db_option,
		     const char *user_db_option);
void		 paths_env_free(struct path_env *);

/*
 * Where a path came from, in English as --json says it; marked N_() for people.
 */
const char	*paths_origin_name(enum path_origin);

/* ${XDG_DATA_HOME:-$HOME/.local/share}/mediflux (a relative XDG_DATA_HOME is ignored). */
char		*paths_data_dir(const struct path_env *);

/*
 * The reference database to browse, or NULL with *cause listing where it looked.
 * Files are tested for existence except for an explicit option or variable.
 */
char		*paths_refdb(const struct path_env *, enum path_origin *, char **cause);

/*
 * Where `import` and `rollback` write: with shared, the shared database
 * (whatever --db and MEDIFLUX_DB say: the command line refuses --shared with
 * --db); otherwise --db, MEDIFLUX_DB, else the user's own reference database
 * under XDG (created by the import if absent).
 */
char		*paths_import_target(const struct path_env *, int shared,
		     enum path_origin *, char **cause);

/* A file shipped with the program: $(pkgdatadir)/NAME, else data/NAME beside the binary, or NULL. */
char		*paths_bundled_file(const struct path_env *, const char *name);

/* The database shipped with the program (installed, else the build tree's), or NULL. */
char		*paths_bundled_refdb(const struct path_env *);

/* The user database (created later if absent); NULL when no home can be found. */
char		*paths_userdb(const struct path_env *, enum path_origin *, char **cause);

#endif
