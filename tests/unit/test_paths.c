/* Database paths: DESIGN §4, first rule that applies wins. */
#include "config.h"

#include "unit.h"

#include "paths.h"

/* A tree with an XDG data home, an installed pkgdatadir and a build tree. */
struct tree {
	char	*root;
	char	*xdg, *pkgdatadir, *build;
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
	t->pkgdatadir = join(t->root, "share");
	t->build = join(t->root, "build");
	assert_int_equal(mkdir(t->xdg, 0700), 0);
	p = join(t->xdg, "mediflux");
	assert_int_equal(mkdir(p, 0700), 0);
	free(p);
	assert_int_equal(mkdir(t->pkgdatadir, 0755), 0);
	assert_int_equal(mkdir(t->build, 0755), 0);
	p = join(t->build, "data");
	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
	memset(env, 0, sizeof *env);
	env->xdg_data_home = t->xdg;
	env->home = "/nonexistent-home";
	env->pkgdatadir = t->pkgdatadir;
	env->exe_dir = t->build;
}

static void
tree_free(struct tree *t)
{
	unit_rm_rf(t->root);
	free(t->root);
	free(t->xdg);
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
	char *xdg_db, *installed, *built, *cause = NULL;
	enum path_origin origin;

	(void)state;
	tree_make(&t, &env);
	xdg_db = join(t.xdg, "mediflux/mediflux.db");
	installed = join(t.pkgdatadir, "mediflux.db");
	built = join(t.build, "data/mediflux.db");

	/* Nothing anywhere: an error that says where it looked. */
	assert_null(paths_refdb(&env, &origin, &cause));
	assert_non_null(strstr(cause, "no reference database found"));
	assert_non_null(strstr(cause, installed));
	assert_non_null(strstr(cause, built));
	free(cause);

	touch(built);
	expect_refdb(&env, built, PATH_BUILD_TREE);
	touch(installed);
	expect_refdb(&env, installed, PATH_INSTALLED);
	touch(xdg_db);
	expect_refdb(&env, xdg_db, PATH_XDG);
	/* The variable and the option are taken as given, existing or not. */
	env.db_env = "/from/env.db";
	expect_refdb(&env, "/from/env.db", PATH_ENVIRONMENT);
	env.db_option = "/from/option.db";
	expect_refdb(&env, "/from/option.db", PATH_OPTION);

	free(xdg_db);
	free(installed);
	free(built);
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
	paths_env_free(&env);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refdb_order),
		cmocka_unit_test(test_userdb_and_data_dir),
		cmocka_unit_test(test_from_process),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
