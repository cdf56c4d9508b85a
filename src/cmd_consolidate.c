/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "consolidate.h"
#include "i18n.h"
#include "out.h"
#include "texttable.h"
#include "utf8.h"
#include "xmalloc.h"

enum { CONS_OPT_OUTPUT, CONS_OPT_USERS, CONS_OPT_GEOGRAPHY };

static const struct cmd_option consolidate_options[] = {
	{ "o", NC_("placeholder", "OUT"),
	    N_("the database to write (must not exist)") },
	{ "users", NC_("placeholder", "DIR"),
	    N_("where the per-user databases go (default OUT.users)") },
	{ "geography", NC_("placeholder", "DB"),
	    N_("where OUT's geography comes from (default: the bundled "
	    "database)") },
	{ NULL, NULL, NULL },
};

/*
 * What the report says was done with a table, as src/consolidate*.c name it
 * (and --json keeps): here for people, translated.
 */
static const char *const consolidate_actions[] = {
	/*
	 * TRANSLATORS: what consolidate did with a table (the report's "action"
	 * column).
	 */
	NC_("consolidate action", "carried"),
	NC_("consolidate action", "provenance"),
	NC_("consolidate action", "dictionary"),
	NC_("consolidate action", "geography"),
	NC_("consolidate action", "schema"),
	NC_("consolidate action", "derived"),
	NC_("consolidate action", "left out"),
	NC_("consolidate action", "per-user"),
	NC_("consolidate action", "unknown"),
	NULL,
};

/*
 * An action of the report in the user's language; one this list lacks as it is.
 */
static const char *
consolidate_action_shown(const char *action)
{
	size_t i;

	for (i = 0; consolidate_actions[i] != NULL; i++)
		if (strcmp(consolidate_actions[i], action) == 0)
			return C_("consolidate action", action);
	return action;
}

/* The line that names one input: its file, its kind, its schema. */
static void
consolidate_print_input(const struct consolidate_input *in)
{
	if (strcmp(in->kind, "prototype") == 0)
		out_printf(stdout, _("%s: prototype file\n"), in->file);
	else if (strcmp(in->kind, "user") == 0)
		out_printf(stdout, _("%s: user database, schema version %d\n"),
		    in->file, in->schema_version);
	else if (strcmp(in->kind, "reference") == 0)
		out_printf(stdout, _("%s: reference database, schema version "
		    "%d\n"), in->file, in->schema_version);
	else
		out_printf(stdout, _("%s: %s database, schema version %d\n"),
		    in->file, in->kind, in->schema_version);
}

/* One user's line: the database made, what it holds, what was not carried. */
static void
consolidate_print_user(const struct consolidate_user *u)
{
	char *keys, *entries;

	keys = xasprintf(ngettext("%lld key", "%lld keys",
	    (unsigned long)u->profile_keys), (long long)u->profile_keys);
	entries = xasprintf(ngettext("%lld history entry",
	    "%lld history entries", (unsigned long)u->history),
	    (long long)u->history);
	/*
	 * TRANSLATORS: "user alice: FILE: profile with 3 keys, 2 history
	 * entries".
	 */
	out_printf(stdout, _("user %s: %s: profile with %s, %s"), u->id,
	    u->file, keys, entries);
	if (u->left_unset != NULL)
		out_printf(stdout, _("; not carried: %s"), u->left_unset);
	putchar('\n');
	free(keys);
	free(entries);
}

static void
consolidate_print_text(const struct consolidate_report *rep)
{
	static const char *const head[5] = {
		N_("table"), N_("action"), N_("rows"), N_("kept"),
		N_("left out"),
	};
	const char *heads[5];
	const struct consolidate_input *in;
	const struct consolidate_table *t;
	struct texttable *tt;
	char b1[32], b2[32], b3[32];
	const char *cells[5];
	size_t i, j;
	int c;

	for (i = 0; i < rep->ninputs; i++) {
		in = &rep->inputs[i];
		consolidate_print_input(in);
		tt = texttable_new(5);
		for (c = 2; c < 5; c++)
			texttable_align_right(tt, c);
		for (c = 0; c < 5; c++)
			heads[c] = _(head[c]);
		texttable_add(tt, heads);
		for (j = 0; j < in->ntables; j++) {
			t = &in->tables[j];
			cells[0] = t->name;
			cells[1] = consolidate_action_shown(t->action);
			cells[2] = texttable_int(t->rows, b1);
			cells[3] = texttable_int(t->kept, b2);
			cells[4] = texttable_int(t->left_out, b3);
			texttable_add(tt, cells);
		}
		texttable_print(tt, stdout, 2);
		texttable_free(tt);
		for (j = 0; j < in->ntables; j++) {
			t = &in->tables[j];
			if (t->reason == NULL)
				continue;
			if (strcmp(t->action, "unknown") == 0)
				out_printf(stdout, "  %s\n", t->reason);
			else
				/*
				 * TRANSLATORS: a table and why rows were
				 * left out: "  dataset: 2 of the geography".
				 */
				out_printf(stdout, _("  %s: %s\n"), t->name,
				    t->reason);
		}
	}
	fputs(_("rule: of two datasets of the same kind and year, the one "
	    "imported most recently is kept\n"), stdout);
	for (i = 0; i < rep->nnotes; i++)
		out_printf(stdout, "%s\n", rep->notes[i]);
	for (i = 0; i < rep->nusers; i++)
		consolidate_print_user(&rep->users[i]);
	out_printf(stdout, rep->sample ? _("%s written (sample data): ") :
	    _("%s written: "), rep->out);
	for (i = 0; i < rep->ntables; i++)
		out_printf(stdout, "%s%s %lld", i ? ", " : "",
		    rep->tables[i].name, (long long)rep->tables[i].rows);
	putchar('\n');
}

static json_t *
consolidate_json(const struct consolidate_report *rep)
{
	json_t *o = json_object(), *inputs = json_array(), *tables, *t, *in, *out;
	json_t *counts = json_object(), *notes = json_array(), *users = json_array();
	const struct consolidate_table *ct;
	size_t i, j;

	for (i = 0; i < rep->ninputs; i++) {
		in = json_object();
		json_object_set_new(in, "file", json_string(rep->inputs[i].file));
		json_object_set_new(in, "kind", json_string(rep->inputs[i].kind));
		json_object_set_new(in, "schema_version",
		    json_integer(rep->inputs[i].schema_version));
		tables = json_array();
		for (j = 0; j < rep->inputs[i].ntables; j++) {
			ct = &rep->inputs[i].tables[j];
			t = json_object();
			json_object_set_new(t, "name", json_string(ct->name));
			json_object_set_new(t, "action", json_string(ct->action));
			json_object_set_new(t, "rows", json_integer(ct->rows));
			json_object_set_new(t, "kept", json_integer(ct->kept));
			json_object_set_new(t, "left_out",
			    json_integer(ct->left_out));
			json_object_set_new(t, "reason", ct->reason != NULL ?
			    json_string(ct->reason) : json_null());
			json_array_append_new(tables, t);
		}
		json_object_set_new(in, "tables", tables);
		json_array_append_new(inputs, in);
	}
	json_object_set_new(o, "inputs", inputs);
	out = json_object();
	json_object_set_new(out, "path", json_string(rep->out));
	json_object_set_new(out, "sample", json_boolean(rep->sample));
	for (i = 0; i < rep->ntables; i++)
		json_object_set_new(counts, rep->tables[i].name,
		    json_integer(rep->tables[i].rows));
	json_object_set_new(out, "tables", counts);
	json_object_set_new(o, "output", out);
	json_object_set_new(o, "rule", json_string("of two datasets of the same "
	    "kind and year, the one imported most recently is kept"));
	for (i = 0; i < rep->nnotes; i++)
		json_array_append_new(notes, json_string(rep->notes[i]));
	json_object_set_new(o, "notes", notes);
	json_object_set_new(o, "users_dir", json_string(rep->users_dir));
	for (i = 0; i < rep->nusers; i++) {
		t = json_object();
		json_object_set_new(t, "user_id", json_string(rep->users[i].id));
		json_object_set_new(t, "file", json_string(rep->users[i].file));
		json_object_set_new(t, "profile_keys",
		    json_integer(rep->users[i].profile_keys));
		json_object_set_new(t, "history", json_integer(rep->users[i].history));
		json_object_set_new(t, "not_carried", rep->users[i].left_unset !=
		    NULL ? json_string(rep->users[i].left_unset) : json_null());
		json_array_append_new(users, t);
	}
	json_object_set_new(o, "users", users);
	return o;
}

static int
consolidate_exec(struct cmd_context *ctx, const struct cmd_entry *e,
    char **args, int nargs, int flags)
{
	struct consolidate_options opt;
	struct consolidate_report rep;
	struct path_env env;
	char *geography, *cause = NULL;
	int rc;

	if (ctx->option[CONS_OPT_OUTPUT] == NULL ||
	    *ctx->option[CONS_OPT_OUTPUT] == '\0')
		return cmd_usage_error(e, _("-o OUT is required"));
	if (ctx->option[CONS_OPT_USERS] != NULL &&
	    *ctx->option[CONS_OPT_USERS] == '\0')
		return cmd_usage_error(e, _("--users wants a directory"));
	memset(&opt, 0, sizeof opt);
	paths_env_from_process(&env, ctx->db_option, ctx->user_db_option);
	geography = ctx->option[CONS_OPT_GEOGRAPHY] != NULL ?
	    xstrdup(ctx->option[CONS_OPT_GEOGRAPHY]) : paths_bundled_refdb(&env);
	paths_env_free(&env);
	opt.out = ctx->option[CONS_OPT_OUTPUT];
	opt.users_dir = ctx->option[CONS_OPT_USERS];
	opt.geography = geography;
	rc = consolidate_run(&opt, args, nargs, &rep, &cause);
	free(geography);
	if (rc != 0) {
		cmd_fail(cause);
		free(cause);
		return 1;
	}
	if (flags & CMD_OPT_JSON)
		cmd_json_print(consolidate_json(&rep));
	else
		consolidate_print_text(&rep);
	consolidate_report_free(&rep);
	return 0;
}

const struct cmd_entry cmd_consolidate_entry = {
	/* TRANSLATORS: only the placeholders, in capitals. */
	"consolidate", NC_("usage", "consolidate -o OUT [--users DIR] [--json] "
	    "DB..."),
	N_("merge older mediflux and prototype databases into a new one"),
	N_("Writes OUT, a new reference database, from the databases "
	"of earlier\n"
	"mediflux versions (any schema version this one knows) and the tables\n"
	"of the Python prototype. Of two datasets of the same kind and year, the\n"
	"one imported most recently is kept. Profiles and sessions never go into\n"
	"OUT: each user id gets its own private user database in DIR. The report\n"
	"says, for every table of every input, what was taken and what was left\n"
	"out and why. The inputs are only read."),
	CMD_OPT_JSON, 1, 4096, consolidate_exec, consolidate_options,
};
