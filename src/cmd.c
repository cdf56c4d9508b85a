/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "i18n.h"
#include "number.h"
#include "out.h"
#include "params.h"
#include "query.h"
#include "utf8.h"
#include "xmalloc.h"

const struct cmd_entry *const cmd_table[] = {
	&cmd_search_entry,
	&cmd_hospital_entry,
	&cmd_regions_entry,
	&cmd_meds_entry,
	&cmd_drug_entry,
	&cmd_ordonnance_entry,
	&cmd_profile_entry,
	&cmd_history_entry,
	&cmd_import_entry,
	&cmd_update_entry,
	&cmd_rollback_entry,
	&cmd_consolidate_entry,
	&cmd_health_entry,
	&cmd_backup_entry,
	&cmd_restore_entry,
	&cmd_export_entry,
	NULL,
};

const struct cmd_entry *
cmd_find(const char *name)
{
	int i;

	for (i = 0; cmd_table[i] != NULL; i++) {
		if (strcmp(cmd_table[i]->name, name) == 0)
			return cmd_table[i];
	}
	return NULL;
}

/*
 * Prints a text of a command's entry, translated: "%s" in it stands for the
 * shared database's group, which the build chooses and xgettext cannot read
 * inside a string.
 */
static void
cmd_print_text(FILE *f, const char *text)
{
	const char *p;

	text = _(text);
	while ((p = strstr(text, "%s")) != NULL) {
		fprintf(f, "%.*s%s", (int)(p - text), text,
		    MEDIFLUX_SHARED_GROUP);
		text = p + 2;
	}
	fputs(text, f);
}

/*
 * Prints text indented by two, then spaces to width display columns (a
 * translated placeholder may be accented: ANNÉE), then one space.
 */
static void
cmd_print_column(FILE *f, const char *text, int width)
{
	int pad = width - utf8_width(text);

	fprintf(f, "  %s%*s ", text, pad > 0 ? pad : 0, "");
}

/* One line of an "Options:" list: the option, its help aligned after it. */
static void
cmd_print_option(FILE *f, const char *option, const char *help)
{
	cmd_print_column(f, option, 17);
	cmd_print_text(f, help);
	fputc('\n', f);
}

/* An option that takes a value, its placeholder in the user's language. */
static void
cmd_print_option_arg(FILE *f, const char *option, const char *arg,
    const char *help)
{
	char *left;

	left = xasprintf("%s %s", option, C_("placeholder", arg));
	cmd_print_option(f, left, help);
	free(left);
}

void
cmd_print_usage(FILE *f)
{
	int i;

	fputs(_("Usage: mediflux [--db PATH] [--user-db PATH] [--mouse]\n"
	    "       mediflux [--db PATH] [--user-db PATH] COMMAND [ARGS]\n"),
	    f);
	fputs("\n", f);
	fputs(_("Browse French public health data in the terminal. Without a "
	    "command,\nmediflux opens the terminal interface.\n"), f);
	fputs("\n", f);
	fputs(_("Commands:\n"), f);
	for (i = 0; cmd_table[i] != NULL; i++) {
		cmd_print_column(f, C_("usage", cmd_table[i]->usage), 30);
		cmd_print_text(f, cmd_table[i]->summary);
		fputc('\n', f);
	}
	fputs("\n", f);
	fputs(_("Options:\n"), f);
	cmd_print_option_arg(f, "--db", NC_("placeholder", "PATH"),
	    N_("reference database (also MEDIFLUX_DB)"));
	cmd_print_option_arg(f, "--user-db", NC_("placeholder", "PATH"),
	    N_("your profile and history (also MEDIFLUX_USER_DB)"));
	cmd_print_option(f, "--mouse",
	    N_("clicks and the wheel in the interface"));
	cmd_print_option(f, "-h, --help", N_("show this help"));
	cmd_print_option(f, "-V, --version", N_("show the version"));
	fputs("\n", f);
	/*
	 * TRANSLATORS: keep "Exit status:" followed by the statuses and what
	 * they mean.
	 */
	fputs(_("'mediflux COMMAND --help' describes one command. Exit "
	    "status: 0 success,\n1 bad input or failure, 2 usage error.\n"), f);
}

/*
 * Prints the whole text of a command's --help: its own paragraphs and
 * options, then those every command takes, all in the user's language
 * (the entries' strings are marked N_() where they are defined).
 */
static void
cmd_print_help(const struct cmd_entry *e)
{
	const struct cmd_option *o;
	char *left;

	printf(_("Usage: mediflux %s\n"), C_("usage", e->usage));
	putchar('\n');
	cmd_print_text(stdout, e->help);
	fputs("\n\n", stdout);
	fputs(_("Options:\n"), stdout);
	for (o = e->own; o != NULL && o->name != NULL; o++) {
		left = xasprintf("-%s%s%s%s", o->name[1] != '\0' ? "-" : "",
		    o->name, o->arg != NULL ? " " : "",
		    o->arg != NULL ? C_("placeholder", o->arg) : "");
		cmd_print_option(stdout, left, o->help);
		free(left);
	}
	if (e->options & CMD_OPT_JSON)
		cmd_print_option(stdout, "--json",
		    N_("machine-readable output"));
	if (e->options & CMD_OPT_USER)
		cmd_print_option(stdout, "--user", N_("your user database "
		    "instead of the reference database"));
	cmd_print_option_arg(stdout, "--db", NC_("placeholder", "PATH"),
	    N_("reference database"));
	cmd_print_option_arg(stdout, "--user-db", NC_("placeholder", "PATH"),
	    N_("user database"));
	cmd_print_option(stdout, "-h, --help", N_("show this help"));
}

int
cmd_usage_error(const struct cmd_entry *e, const char *what)
{
	/* what quotes what was typed: never raw to the terminal. */
	/* TRANSLATORS: "mediflux COMMAND: what is wrong". */
	out_printf(stderr, _("mediflux %s: %s\n"), e->name, what);
	fprintf(stderr, _("Try 'mediflux %s --help'.\n"), e->name);
	return EXIT_USAGE;
}

/*
 * Whether a word after an option of optional value is that value: one to
 * four digits (a distance, a count), never a postcode's five.
 */
static int
cmd_small_number(const char *word)
{
	size_t n = strspn(word, "0123456789");

	return n >= 1 && n <= 4 && word[n] == '\0';
}

int
cmd_run(struct cmd_context *ctx, const struct cmd_entry *e, int argc,
    char **argv)
{
	static const struct option common[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "user", no_argument, NULL, 'u' },
		{ "db", required_argument, NULL, 'd' },
		{ "user-db", required_argument, NULL, 'U' },
		{ "help", no_argument, NULL, 'h' },
	};
	struct option options[sizeof common / sizeof common[0] +
	    CMD_MAX_OPTIONS + 1];
	size_t n = sizeof common / sizeof common[0];
	char shorts[3 + 2 * CMD_MAX_OPTIONS] = ":h";
	size_t ns = 2;
	char *msg;
	int c, flags = 0, nargs, rc, i;

	memcpy(options, common, sizeof common);
	for (i = 0; e->own != NULL && e->own[i].name != NULL; i++) {
		if (i == CMD_MAX_OPTIONS)
			fatalx("%s: too many options", e->name);
		options[n].name = e->own[i].name;
		options[n].has_arg = e->own[i].arg == NULL ? no_argument :
		    e->own[i].arg[0] == '[' ? optional_argument :
		    required_argument;
		options[n].flag = NULL;
		options[n].val = 0x100 + i;
		n++;
		if (e->own[i].name[1] == '\0') {
			options[n - 1].name = "";	/* not --x */
			shorts[ns++] = e->own[i].name[0];
			if (e->own[i].arg != NULL)
				shorts[ns++] = ':';
			shorts[ns] = '\0';
		}
	}
	memset(&options[n], 0, sizeof options[n]);
	memset(ctx->option, 0, sizeof ctx->option);
	memset(ctx->values, 0, sizeof ctx->values);
	memset(ctx->nvalues, 0, sizeof ctx->nvalues);

	optind = 0;	/* GNU getopt: start again on the command's arguments */
	opterr = 0;
	while ((c = getopt_long(argc, argv, shorts, options, NULL)) != -1) {
		for (i = 0; c != 'h' && c < 0x100 && e->own != NULL &&
		    e->own[i].name != NULL; i++) {
			if (e->own[i].name[1] == '\0' &&
			    e->own[i].name[0] == c) {
				c = 0x100 + i;
				break;
			}
		}
		switch (c) {
		case 'j':
		case 'u':
			flags |= c == 'j' ? CMD_OPT_JSON : CMD_OPT_USER;
			if ((e->options & flags) != flags) {
				msg = xasprintf(_("%s is not an option of "
				    "this command"), argv[optind - 1]);
				rc = cmd_usage_error(e, msg);
				free(msg);
				goto out;
			}
			break;
		case 'd':
			ctx->db_option = optarg;
			break;
		case 'U':
			ctx->user_db_option = optarg;
			break;
		case 'h':
			cmd_print_help(e);
			rc = 0;
			goto out;
		case 0x100: case 0x101: case 0x102: case 0x103:
		case 0x104: case 0x105: case 0x106: case 0x107:
		case 0x108: case 0x109: case 0x10a: case 0x10b:
		case 0x10c: case 0x10d: case 0x10e: case 0x10f:
			ctx->option[c - 0x100] = optarg != NULL ? optarg : "";
			/* An optional value may also be the next word, when a small number. */
			if (optarg == NULL && e->own[c - 0x100].arg != NULL &&
			    e->own[c - 0x100].arg[0] == '[' && optind < argc &&
			    cmd_small_number(argv[optind]))
				ctx->option[c - 0x100] = argv[optind++];
			i = c - 0x100;
			ctx->values[i] = xreallocarray(ctx->values[i],
			    ctx->nvalues[i] + 1, sizeof *ctx->values[i]);
			ctx->values[i][ctx->nvalues[i]++] = ctx->option[i];
			break;
		case ':':
			msg = xasprintf(_("option %s needs a value"),
			    argv[optind - 1]);
			rc = cmd_usage_error(e, msg);
			free(msg);
			goto out;
		default:
			msg = xasprintf(_("unknown option %s"),
			    argv[optind - 1]);
			rc = cmd_usage_error(e, msg);
			free(msg);
			goto out;
		}
	}
	nargs = argc - optind;
	if (nargs < e->min_args)
		rc = cmd_usage_error(e, _("missing argument"));
	else if (nargs > e->max_args)
		rc = cmd_usage_error(e, _("too many arguments"));
	else
		rc = e->exec(ctx, e, argv + optind, nargs, flags);
out:
	for (i = 0; i < CMD_MAX_OPTIONS; i++)
		free(ctx->values[i]);
	return rc;
}

int
cmd_fail(const char *cause)
{
	/* Messages quote file names and what was typed: never raw to the terminal. */
	out_printf(stderr, _("mediflux: %s\n"), cause != NULL ? cause :
	    _("failed"));
	return 1;
}

char *
cmd_refdb_path(const struct cmd_context *ctx, enum path_origin *origin)
{
	struct path_env env;
	char *path, *cause = NULL;

	paths_env_from_process(&env, ctx->db_option, ctx->user_db_option);
	path = paths_refdb(&env, origin, &cause);
	paths_env_free(&env);
	if (path == NULL) {
		cmd_fail(cause);
		free(cause);
	}
	return path;
}

char *
cmd_userdb_locate(const struct cmd_context *ctx, enum path_origin *origin,
    char **cause)
{
	struct path_env env;
	char *path;

	paths_env_from_process(&env, ctx->db_option, ctx->user_db_option);
	path = paths_userdb(&env, origin, cause);
	paths_env_free(&env);
	return path;
}

char *
cmd_userdb_path(const struct cmd_context *ctx, enum path_origin *origin)
{
	char *path, *cause = NULL;

	if ((path = cmd_userdb_locate(ctx, origin, &cause)) == NULL) {
		cmd_fail(cause);
		free(cause);
	}
	return path;
}

struct query_db *
cmd_query_open(const struct cmd_context *ctx)
{
	struct query_db *q;
	enum path_origin origin;
	char *path, *cause = NULL;

	if ((path = cmd_refdb_path(ctx, &origin)) == NULL)
		return NULL;
	if ((q = query_db_open(path, &cause)) == NULL) {
		cmd_fail(cause);
		free(cause);
	}
	free(path);
	return q;
}

void
cmd_print_sample(const struct query_sample *s)
{
	size_t i;

	if (!s->sample)
		return;
	/* TRANSLATORS: the datasets follow, "finess, sae 2024", then ")". */
	fputs(_("SAMPLE DATA: generated figures, not real ones ("), stdout);
	for (i = 0; i < s->ndatasets; i++) {
		out_printf(stdout, "%s%s", i > 0 ? ", " : "",
		    s->datasets[i].kind);
		if (s->datasets[i].year != 0)
			printf(" %d", s->datasets[i].year);
	}
	printf(")\n");
}

void
cmd_json_print(json_t *j)
{
	/* 15 digits: sums of cents print as 809370620.18, not ...17999995. */
	out_json(stdout, j, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
	    JSON_REAL_PRECISION(15));
}

int
cmd_option_day(const struct cmd_entry *e, const char *value, char day[11])
{
	time_t now;
	int i;

	if (value == NULL) {
		now = time(NULL);
		strftime(day, 11, "%Y-%m-%d", localtime(&now));
		return 0;
	}
	/* The rules check it is a day they cover. */
	if (strlen(value) != 10 || value[4] != '-' || value[7] != '-')
		return cmd_usage_error(e, _("--date must be a day such as "
		    "2026-12-04"));
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (value[i] < '0' || value[i] > '9'))
			return cmd_usage_error(e, _("--date must be a day such "
			    "as 2026-12-04"));
	memcpy(day, value, 11);
	return 0;
}

int
cmd_option_int(const struct cmd_entry *e, const char *name, const char *value,
    int min, int max, int *out)
{
	char *cause = NULL;
	int rc;

	if (params_option_int(name, value, min, max, out, &cause) == 0)
		return 0;
	rc = cmd_usage_error(e, cause);
	free(cause);
	return rc;
}
