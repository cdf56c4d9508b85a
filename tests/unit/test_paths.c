/* SPDX-License-Identifier: ISC */
/* Database paths: DESIGN §4, first rule that applies wins. */
#include "config.h"

#include "unit.h"

#include "paths.h"

/* A tree with an XDG data home, a shared directory, an installed pkgdatadir and a build tree. */
struct tree {
	char	*root;
	char	*xdg, *shared, *pkgdatadir, *build;
};

static void
touch(const char *path)
{
	unit_write_file(path, "", 0);
}

static char *
join(const char *a, const char *b)
{
	char *p;

	assert_true(asprintf(&p, "%s/%s", a, b) > 0);
	return p;
}

static void
tree_make(struct tree *t, struct path_env *env)
{
	char *p;

	t->root = unit_tmpdir();
	t->xdg = join(t->root, "xdg");
	t->shared = join(t->root, "var/lib/mediflux");
	t->pkgdatadir = join(t->root, "share");
	t->build = join(t->root, "build");
	assert_int_equal(mkdir(t->xdg, 0700), 0);
	p = join(t->xdg, "mediflux");
	assert_int_equal(mkdir(p, 0700), 0);
	free(p);
	p = join(t->root, "var");
	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
	p = join(t->root, "var/lib");
	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
	assert_int_equal(mkdir(t->shared, 02775), 0);
	assert_int_equal(mkdir(t->pkgdatadir, 0755), 0);
	assert_int_equal(mkdir(t->build, 0755), 0);
	p = join(t->build, "data");
	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
	memset(env, 0, sizeof *env);
	env->xdg_data_home = t->xdg;
	env->home = "/nonexistent-home";
	env->pkgdatadir = t->pkgdatadir;
	env->shared_dir = t->shared;
	env->exe_dir = t->build;
}

static void
tree_free(struct tree *t)
{
	unit_rm_rf(t->root);
	free(t->root);
	free(t->xdg);
	free(t->shared);
	free(t->pkgdatadir);
	free(t->build);
}

static void
expect_refdb(const struct path_env *env, const char *path,
    enum path_origin origin)
{
	enum path_origin got;
	char *p, *cause = NULL;

	p = paths_refdb(env, &got, &cause);
	assert_non_null(p);
	assert_string_equal(p, path);
	assert_int_equal(got, origin);
	free(p);
}

static void
test_refdb_order(void **state)
{
	struct path_env env;
	struct tree t;
	char *xdg_db, *shared, *installed, *built, *cause = NULL;
	enum path_origin origin;

	(void)state;
	tree_make(&t, &env);
	xdg_db = join(t.xdg, "mediflux/mediflux.db");
	shared = join(t.shared, "mediflux.db");
	installed = join(t.pkgdatadir, "mediflux.db");
	built = join(t.build, "data/mediflux.db");

	/* Nothing anywhere: an error that says where it looked, in order. */
	assert_null(paths_refdb(&env, &origin, &cause));
	assert_non_null(strstr(cause, "no reference database found"));
	assert_true(strstr(cause, xdg_db) < strstr(cause, shared));
	assert_true(strstr(cause, shared) < strstr(cause, installed));
	assert_true(strstr(cause, installed) < strstr(cause, built));
	free(cause);

	touch(built);
	expect_refdb(&env, built, PATH_BUILD_TREE);
	touch(installed);
	expect_refdb(&env, installed, PATH_INSTALLED);
	/* The shared database beats the bundled sample... */
	touch(shared);
	expect_refdb(&env, shared, PATH_SHARED);
	/* ...and the user's own imported database beats the shared one. */
	touch(xdg_db);
	expect_refdb(&env, xdg_db, PATH_XDG);
	/* The variable and the option are taken as given, existing or not. */
	env.db_env = "/from/env.db";
	expect_refdb(&env, "/from/env.db", PATH_ENVIRONMENT);
	env.db_option = "/from/option.db";
	expect_refdb(&env, "/from/option.db", PATH_OPTION);

	free(xdg_db);
	free(shared);
	free(installed);
	free(built);
	tree_free(&t);
}

/* A rule whose file is missing gives way to the next, whichever ones exist. */
static void
test_refdb_fall_through(void **state)
{
	struct path_env env;
	struct tree t;
	char *xdg_db, *shared, *installed, *built;

	(void)state;
	tree_make(&t, &env);
	xdg_db = join(t.xdg, "mediflux/mediflux.db");
	shared = join(t.shared, "mediflux.db");
	installed = join(t.pkgdatadir, "mediflux.db");
	built = join(t.build, "data/mediflux.db");
	touch(xdg_db);
	touch(shared);
	touch(installed);
	touch(built);
	expect_refdb(&env, xdg_db, PATH_XDG);
	assert_int_equal(unlink(xdg_db), 0);
	expect_refdb(&env, shared, PATH_SHARED);
	assert_int_equal(unlink(shared), 0);
	expect_refdb(&env, installed, PATH_INSTALLED);
	assert_int_equal(unlink(installed), 0);
	expect_refdb(&env, built, PATH_BUILD_TREE);

	/* Shared but no bundled sample; an XDG directory without a database. */
	touch(shared);
	assert_int_equal(unlink(built), 0);
	expect_refdb(&env, shared, PATH_SHARED);
	/* A shared database under another HOME's data directory is still shared. */
	env.xdg_data_home = NULL;
	env.home = t.root;
	expect_refdb(&env, shared, PATH_SHARED);
	/* Without a shared directory (none compiled in), the rule is skipped. */
	env.shared_dir = NULL;
	touch(installed);
	expect_refdb(&env, installed, PATH_INSTALLED);

	free(xdg_db);
	free(shared);
	free(installed);
	free(built);
	tree_free(&t);
}

static void
expect_target(const struct path_env *env, int shared, const char *path,
    enum path_origin origin)
{
	enum path_origin got;
	char *p, *cause = NULL;

	p = paths_import_target(env, shared, &got, &cause);
	assert_non_null(p);
	assert_string_equal(p, path);
	assert_int_equal(got, origin);
	free(p);
}

/* import and rollback: the shared database only when asked, whatever exists. */
static void
test_import_target(void **state)
{
	struct path_env env;
	struct tree t;
	char *xdg_db, *shared, *cause = NULL;
	enum path_origin origin;

	(void)state;
	tree_make(&t, &env);
	xdg_db = join(t.xdg, "mediflux/mediflux.db");
	shared = join(t.shared, "mediflux.db");

	/* Neither exists: the user's own, created by the import. */
	expect_target(&env, 0, xdg_db, PATH_XDG);
	expect_target(&env, 1, shared, PATH_SHARED);
	/* A shared database that exists is still not where a plain import goes. */
	touch(shared);
	expect_target(&env, 0, xdg_db, PATH_XDG);
	expect_target(&env, 1, shared, PATH_SHARED);
	env.db_env = "/from/env.db";
	expect_target(&env, 0, "/from/env.db", PATH_ENVIRONMENT);
	/* --shared is explicit: it beats MEDIFLUX_DB (the command refuses --db). */
	expect_target(&env, 1, shared, PATH_SHARED);
	env.db_option = "/from/option.db";
	expect_target(&env, 0, "/from/option.db", PATH_OPTION);
	env.db_option = env.db_env = NULL;
	/* No home: a plain import has nowhere to go; --shared still does. */
	env.xdg_data_home = NULL;
	env.home = NULL;
	assert_null(paths_import_target(&env, 0, &origin, &cause));
	assert_string_equal(cause, "no home directory: set HOME or XDG_DATA_HOME, "
	    "or give --db");
	free(cause);
	cause = NULL;
	expect_target(&env, 1, shared, PATH_SHARED);
	env.shared_dir = NULL;
	assert_null(paths_import_target(&env, 1, &origin, &cause));
	assert_string_equal(cause, "no shared database directory");
	free(cause);

	free(xdg_db);
	free(shared);
	tree_free(&t);
}

static void
test_userdb_and_data_dir(void **state)
{
	struct path_env env;
	enum path_origin origin;
	char *p;

	(void)state;
	memset(&env, 0, sizeof env);
	env.home = "/home/alice";
	p = paths_data_dir(&env);
	assert_string_equal(p, "/home/alice/.local/share/mediflux");
	free(p);
	/* A relative XDG_DATA_HOME is invalid by the specification: ignored. */
	env.xdg_data_home = "relative/dir";
	p = paths_userdb(&env, &origin, NULL);
	assert_string_equal(p, "/home/alice/.local/share/mediflux/user.db");
	assert_int_equal(origin, PATH_XDG);
	free(p);
	env.xdg_data_home = "/data/alice";
	p = paths_userdb(&env, &origin, NULL);
	assert_string_equal(p, "/data/alice/mediflux/user.db");
	free(p);
	env.user_db_env = "/env/user.db";
	p = paths_userdb(&env, &origin, NULL);
	assert_string_equal(p, "/env/user.db");
	assert_int_equal(origin, PATH_ENVIRONMENT);
	free(p);
	env.user_db_option = "/opt/user.db";
	p = paths_userdb(&env, &origin, NULL);
	assert_string_equal(p, "/opt/user.db");
	assert_int_equal(origin, PATH_OPTION);
	free(p);

	memset(&env, 0, sizeof env);
	assert_null(paths_userdb(&env, &origin, NULL));
}

static void
test_from_process(void **state)
{
	struct path_env env;

	(void)state;
	setenv("MEDIFLUX_DB", "/x/ref.db", 1);
	setenv("MEDIFLUX_USER_DB", "", 1);	/* empty counts as unset */
	setenv("XDG_DATA_HOME", "/x/xdg", 1);
	paths_env_from_process(&env, NULL, "/opt/u.db");
	assert_string_equal(env.db_env, "/x/ref.db");
	assert_null(env.user_db_env);
	assert_string_equal(env.user_db_option, "/opt/u.db");
	assert_string_equal(env.xdg_data_home, "/x/xdg");
	assert_non_null(env.exe_dir);
	assert_non_null(strstr(env.exe_dir, "tests/unit"));
	/* The shared directory is configure's --with-shared-db, made absolute. */
	assert_string_equal(env.shared_dir, MEDIFLUX_SHAREDDIR);
	assert_string_equal(paths_shared_dir(), MEDIFLUX_SHAREDDIR);
	assert_int_equal(env.shared_dir[0], '/');
	assert_null(strchr(env.shared_dir, '$'));
	assert_string_equal(paths_origin_name(PATH_SHARED), "shared");
	paths_env_free(&env);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refdb_order),
		cmocka_unit_test(test_refdb_fall_through),
		cmocka_unit_test(test_import_target),
		cmocka_unit_test(test_userdb_and_data_dir),
		cmocka_unit_test(test_from_process),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
