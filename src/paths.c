/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <limits.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "paths.h"
#include "xmalloc.h"

#ifndef MEDIFLUX_PKGDATADIR
#define MEDIFLUX_PKGDATADIR "/usr/local/share/mediflux"
#endif
#ifndef MEDIFLUX_SHAREDDIR
#define MEDIFLUX_SHAREDDIR "/usr/local/var/lib/mediflux"
#endif

const char *
paths_shared_dir(void)
{
	return MEDIFLUX_SHAREDDIR;
}

/* An empty variable counts as unset, as the XDG specification says. */
static const char *
paths_getenv(const char *name)
{
	const char *v = getenv(name);

	return (v != NULL && *v != '\0') ? v : NULL;
}

void
paths_env_from_process(struct path_env *env, const char *db_option,
    const char *user_db_option)
{
	struct passwd *pw;
	char exe[PATH_MAX], *slash;
	ssize_t n;

	memset(env, 0, sizeof *env);
	env->db_option = db_option;
	env->user_db_option = user_db_option;
	env->db_env = paths_getenv("MEDIFLUX_DB");
	env->user_db_env = paths_getenv("MEDIFLUX_USER_DB");
	env->xdg_data_home = paths_getenv("XDG_DATA_HOME");
	env->home = paths_getenv("HOME");
	if (env->home == NULL && (pw = getpwuid(getuid())) != NULL)
		env->home = pw->pw_dir;
	if (env->home != NULL)
		env->home = xstrdup(env->home);
	env->pkgdatadir = MEDIFLUX_PKGDATADIR;
	env->shared_dir = MEDIFLUX_SHAREDDIR;
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL) {
			*slash = '\0';
			env->exe_dir = xstrdup(exe);
		}
	}
}

void
paths_env_free(struct path_env *env)
{
	free((char *)env->home);
	free((char *)env->exe_dir);
	env->home = env->exe_dir = NULL;
}

const char *
paths_origin_name(enum path_origin origin)
{
	switch (origin) {
	case PATH_OPTION:
		return N_("option");
	case PATH_ENVIRONMENT:
		return N_("environment");
	case PATH_XDG:
		return N_("user data directory");
	case PATH_SHARED:
		return N_("shared");
	case PATH_INSTALLED:
		return N_("installed");
	case PATH_BUILD_TREE:
		return N_("build tree");
	}
	return N_("unknown");
}

char *
paths_data_dir(const struct path_env *env)
{
	if (env->xdg_data_home != NULL && env->xdg_data_home[0] == '/')
		return xasprintf("%s/mediflux", env->xdg_data_home);
	if (env->home != NULL && env->home[0] == '/')
		return xasprintf("%s/.local/share/mediflux", env->home);
	return NULL;
}

char *
paths_refdb(const struct path_env *env, enum path_origin *origin, char **cause)
{
	char *dir, *candidate[4], *found = NULL, *tried;
	enum path_origin kind[4];
	int n = 0, i;

	if (env->db_option != NULL) {
		*origin = PATH_OPTION;
		return xstrdup(env->db_option);
	}
	if (env->db_env != NULL) {
		*origin = PATH_ENVIRONMENT;
		return xstrdup(env->db_env);
	}
	if ((dir = paths_data_dir(env)) != NULL) {
		kind[n] = PATH_XDG;
		candidate[n++] = xasprintf("%s/%s", dir, PATHS_REFDB_NAME);
		free(dir);
	}
	if (env->shared_dir != NULL) {
		kind[n] = PATH_SHARED;
		candidate[n++] = xasprintf("%s/%s", env->shared_dir,
		    PATHS_REFDB_NAME);
	}
	kind[n] = PATH_INSTALLED;
	candidate[n++] = xasprintf("%s/%s", env->pkgdatadir, PATHS_REFDB_NAME);
	if (env->exe_dir != NULL) {
		kind[n] = PATH_BUILD_TREE;
		candidate[n++] = xasprintf("%s/data/%s", env->exe_dir,
		    PATHS_REFDB_NAME);
	}
	for (i = 0; i < n && found == NULL; i++) {
		if (access(candidate[i], F_OK) == 0) {
			found = xstrdup(candidate[i]);
			*origin = kind[i];
		}
	}
	if (found == NULL) {
		tried = xstrdup("");
		for (i = 0; i < n; i++) {
			dir = tried;
			tried = xasprintf("%s%s%s", tried, i ? ", " : "", candidate[i]);
			free(dir);
		}
		error_set(cause, _("no reference database found (looked at "
		    "%s); give one with --db or MEDIFLUX_DB"), tried);
		free(tried);
	}
	for (i = 0; i < n; i++)
		free(candidate[i]);
	return found;
}

/*
 * A database of the user's own: the option, else the variable, else NAME in
 * the user's data directory (whether or not it exists yet).
 */
static char *
paths_own(const struct path_env *env, const char *option, const char *variable,
    const char *name, const char *option_name, enum path_origin *origin,
    char **cause)
{
	char *dir, *path;

	if (option != NULL) {
		*origin = PATH_OPTION;
		return xstrdup(option);
	}
	if (variable != NULL) {
		*origin = PATH_ENVIRONMENT;
		return xstrdup(variable);
	}
	if ((dir = paths_data_dir(env)) == NULL) {
		error_set(cause, _("no home directory: set HOME or "
		    "XDG_DATA_HOME, or give %s"), option_name);
		return NULL;
	}
	*origin = PATH_XDG;
	path = xasprintf("%s/%s", dir, name);
	free(dir);
	return path;
}

char *
paths_userdb(const struct path_env *env, enum path_origin *origin, char **cause)
{
	return paths_own(env, env->user_db_option, env->user_db_env,
	    PATHS_USERDB_NAME, "--user-db", origin, cause);
}

char *
paths_import_target(const struct path_env *env, int shared,
    enum path_origin *origin, char **cause)
{
	if (shared) {
		if (env->shared_dir == NULL) {
			error_set(cause, "%s",
			    _("no shared database directory"));
			return NULL;
		}
		*origin = PATH_SHARED;
		return xasprintf("%s/%s", env->shared_dir, PATHS_REFDB_NAME);
	}
	return paths_own(env, env->db_option, env->db_env, PATHS_REFDB_NAME,
	    "--db", origin, cause);
}

char *
paths_bundled_file(const struct path_env *env, const char *name)
{
	char *path;

	path = xasprintf("%s/%s", env->pkgdatadir, name);
	if (access(path, F_OK) == 0)
		return path;
	free(path);
	if (env->exe_dir == NULL)
		return NULL;
	path = xasprintf("%s/data/%s", env->exe_dir, name);
	if (access(path, F_OK) == 0)
		return path;
	free(path);
	return NULL;
}

char *
paths_bundled_refdb(const struct path_env *env)
{
	return paths_bundled_file(env, PATHS_REFDB_NAME);
}
