/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "consolidate.h"
#include "out.h"
#include "texttable.h"
#include "utf8.h"
#include "xmalloc.h"

enum { CONS_OPT_OUTPUT, CONS_OPT_USERS, CONS_OPT_GEOGRAPHY };

static const struct cmd_option consolidate_options[] = {
	{ "o", "OUT", "the database to write (must not exist)" },
	{ "users", "DIR", "where the per-user databases go (default OUT.users)" },
	{ "geography", "DB", "where OUT's geography comes from (default: the "
	    "bundled database)" },
	{ NULL, NULL, NULL },
};

static void
consolidate_print_text(const struct consolidate_report *rep)
{
	static const char *const head[5] = {
		"table", "action", "rows", "kept", "left out",
	};
	const struct consolidate_input *in;
	const struct consolidate_table *t;
	struct texttable *tt;
	char b1[32], b2[32], b3[32];
	const char *cells[5];
	size_t i, j;
	int c;

	for (i = 0; i < rep->ninputs; i++) {
		in = &rep->inputs[i];
		out_printf(stdout, "%s: %s%s", in->file, in->kind,
		    strcmp(in->kind, "prototype") == 0 ? " file" : " database");
		if (strcmp(in->kind, "prototype") != 0)
			printf(", schema version %d", in->schema_version);
		putchar('\n');
		tt = texttable_new(5);
		for (c = 2; c < 5; c++)
			texttable_align_right(tt, c);
		texttable_add(tt, head);
		for (j = 0; j < in->ntables; j++) {
			t = &in->tables[j];
			cells[0] = t->name;
			cells[1] = t->action;
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
				out_printf(stdout, "  %s: %s\n", t->name,
				    t->reason);
		}
	}
	printf("rule: of two datasets of the same kind and year, the one "
	    "imported most recently is kept\n");
	for (i = 0; i < rep->nnotes; i++)
		out_printf(stdout, "%s\n", rep->notes[i]);
	for (i = 0; i < rep->nusers; i++) {
		out_printf(stdout, "user %s: %s: profile with %lld key%s, "
		    "%lld history entr%s", rep->users[i].id, rep->users[i].file,
		    (long long)rep->users[i].profile_keys,
		    rep->users[i].profile_keys == 1 ? "" : "s",
		    (long long)rep->users[i].history,
		    rep->users[i].history == 1 ? "y" : "ies");
		if (rep->users[i].left_unset != NULL)
			out_printf(stdout, "; not carried: %s",
			    rep->users[i].left_unset);
		putchar('\n');
	}
	out_printf(stdout, "%s written%s: ", rep->out,
	    rep->sample ? " (sample data)" : "");
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
		return cmd_usage_error(e, "-o OUT is required");
	if (ctx->option[CONS_OPT_USERS] != NULL &&
	    *ctx->option[CONS_OPT_USERS] == '\0')
		return cmd_usage_error(e, "--users wants a directory");
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
	"consolidate", "consolidate -o OUT [--users DIR] [--json] DB...",
	"merge older mediflux and prototype databases into a new one",
	"Writes OUT, a new reference database, from the databases of earlier\n"
	"mediflux versions (any schema version this one knows) and the tables\n"
	"of the Python prototype. Of two datasets of the same kind and year, the\n"
	"one imported most recently is kept. Profiles and sessions never go into\n"
	"OUT: each user id gets its own private user database in DIR. The report\n"
	"says, for every table of every input, what was taken and what was left\n"
	"out and why. The inputs are only read.",
	CMD_OPT_JSON, 1, 4096, consolidate_exec, consolidate_options,
};
