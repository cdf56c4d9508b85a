/* SPDX-License-Identifier: ISC */
/*
 * The Profile screen: a form over the profile document of the user database.
 * Enter (or c) edits the field under the cursor, Enter again checks and saves
 * it at once in one transaction, Esc gives the old value back. A location
 * that names several places opens a pick-list of them; the pathologies the
 * profile accepts are shown below the form with their ATC classes.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "draw.h"
#include "i18n.h"
#include "list.h"
#include "location.h"
#include "pathology.h"
#include "profile.h"
#include "tui.h"
#include "xmalloc.h"

/*
 * The label column: the widest label as translated, then a gap before the
 * values; never wider than PROFILE_PANE_LABEL_MAX, which leaves the values
 * their room on 80 columns.
 */
#define PROFILE_PANE_LABEL_GAP	3
#define PROFILE_PANE_LABEL_MAX	28

enum profile_pane_mode {
	PROFILE_PANE_VIEW,
	PROFILE_PANE_EDITING,
	PROFILE_PANE_CHOOSING,	/* a location designates several places */
};

/*
 * One row of the form: the profile key, and how the screens speak of it
 * (marked for translation here, translated where they are shown).
 */
struct profile_pane_field {
	const char	*key;
	const char	*label;		/* in the form */
	const char	*name;		/* in messages */
	const char	*rule;		/* what a valid value is */
};

static const struct profile_pane_field profile_pane_fields[] = {
	{ "mutuelle.name", N_("Mutuelle"), N_("mutuelle"),
	    N_("the name of your mutuelle (top-up health insurance), 1 to 100 "
	    "characters") },
	{ "mutuelle.coverage", N_("Coverage"), N_("coverage"),
	    /* xgettext:no-c-format */
	    N_("a whole number from 100 to 500 (% of the reimbursement "
	    "base)") },
	{ "location", N_("Location"), N_("location"),
	    N_("a commune, a postcode, both, or an INSEE code") },
	{ "pathologies", N_("Pathologies"), N_("pathologies"),
	    N_("names from the table below, separated by commas") },
	/* The exemption names are the cost rules' (data/rules), as typed. */
	{ "exemptions", N_("Exemptions"), N_("exemptions"),
	    N_("exemptions from the cost rules (ald, css, ame, grossesse, "
	    "mineur…), separated by commas") },
	{ "preferences.history_days", N_("History: days kept"),
	    N_("history days"), N_("a whole number from 1 to 36500") },
	{ "preferences.history_max", N_("History: max entries"),
	    N_("history entries"), N_("a whole number from 1 to 1000000") },
	{ "preferences.language", N_("Language of the screens"),
	    N_("language"), N_("en (English) or fr (French); empty: the "
	    "locale's") },
};

#define PROFILE_PANE_NFIELDS \
	(sizeof profile_pane_fields / sizeof profile_pane_fields[0])

static const struct list_column profile_pane_pick_columns[] = {
	{ N_("Commune (department, postcode)"), 0, 0 },
	{ N_("INSEE code"), 0, 0 },
};

/* Profile's keys; the lists' keys work too. */
static const struct keybinding profile_pane_bindings[] = {
	{ 'c',	ACT_EDIT,	"c",	N_("Change the field (or Enter)"), NULL,
	    NULL },
	{ 'd',	ACT_DELETE,	N_("d Del"), N_("Clear the field"), NULL,
	    NULL },
	{ KEY_DC, ACT_DELETE,	NULL,	NULL, NULL, NULL },
	{ 0,	ACT_NONE,	NULL,	NULL, NULL, NULL },
};

static const struct keytable profile_pane_keys = {
	N_("Profile"), profile_pane_bindings, &keytable_list, NULL,
};

struct pane_profile {
	struct app		*app;
	json_t			*doc;		/* as last read */
	size_t			 field;		/* the row under the cursor */
	enum profile_pane_mode	 mode;
	struct input		 edit;		/* the text being typed */

	struct location_match	 match;		/* the places to choose from */
	char			**labels;	/* location_label of each */
	struct list		 picks;

	char			**known;	/* "diabète → A10", the table */
	size_t			 nknown;
};

/* Reads the stored profile again; on failure the last one read stays shown. */
static void
profile_pane_reload(struct pane_profile *p)
{
	json_t *doc;
	char *cause = NULL;

	if (profile_load(p->app->user, &doc, &cause) != 0) {
		tui_message(p->app, 1, _("unreadable profile: %s"), cause);
		free(cause);
		if (p->doc == NULL)
			p->doc = json_object();
		return;
	}
	json_decref(p->doc);
	p->doc = doc;
}

/* A value of the document by its dotted key, or NULL. */
static json_t *
profile_pane_get(const json_t *doc, const char *key)
{
	const char *dot = strchr(key, '.');
	json_t *parent;
	char head[32];

	if (dot == NULL)
		return json_object_get(doc, key);
	snprintf(head, sizeof head, "%.*s", (int)(dot - key), key);
	parent = json_object_get(doc, head);
	return json_is_object(parent) ? json_object_get(parent, dot + 1) : NULL;
}

/* The stored location as location_find reads it back, "Lyon (69, 69001)". */
static char *
profile_pane_location_text(const json_t *loc)
{
	struct location_place place;

	memset(&place, 0, sizeof place);
	place.code = (char *)json_string_value(json_object_get(loc,
	    "commune_code"));
	place.name = (char *)json_string_value(json_object_get(loc, "name"));
	place.departement = (char *)json_string_value(json_object_get(loc,
	    "departement"));
	place.postal_code = (char *)json_string_value(json_object_get(loc,
	    "postal_code"));
	if (place.name == NULL || place.departement == NULL)
		return NULL;
	return location_label(&place);
}

/* A field's value as the form shows it, or NULL when it is not set. */
static char *
profile_pane_value(const struct pane_profile *p, size_t i)
{
	const char *key = profile_pane_fields[i].key;

	if (strcmp(key, "preferences.language") == 0 &&
	    profile_pane_get(p->doc, key) == NULL)
		return xasprintf(_("%s (the locale's)"), i18n_language());
	if (strncmp(key, "preferences.", 12) == 0 &&
	    profile_pane_get(p->doc, key) == NULL)
		return xasprintf(_("%lld (default)"),
		    (long long)profile_preference_default(key + 12));
	return profile_format(p->doc, key);
}

/* The text a field's edit starts from: its value as it would be typed. */
static char *
profile_pane_edit_text(const struct pane_profile *p, size_t i)
{
	const char *key = profile_pane_fields[i].key;
	json_t *v = profile_pane_get(p->doc, key);
	char *text;

	if (strcmp(key, "preferences.language") == 0)
		return xstrdup(v != NULL && json_is_string(v) ?
		    json_string_value(v) : "");
	if (strncmp(key, "preferences.", 12) == 0)
		return xasprintf("%lld",
		    (long long)profile_preference(p->doc, key + 12));
	if (v == NULL)
		return xstrdup("");
	if (json_is_integer(v))
		return xasprintf("%lld", (long long)json_integer_value(v));
	if (strcmp(key, "location") == 0) {
		text = profile_pane_location_text(v);
		return text != NULL ? text : xstrdup("");
	}
	text = profile_format(p->doc, key);
	return text != NULL ? text : xstrdup("");
}

static const char *
profile_pane_pick_cell(void *arg, size_t row, int column)
{
	struct pane_profile *p = arg;

	if (column == 0)
		return p->labels[row];
	return p->match.places[row].code;
}

/* Forgets the places of a pick-list. */
static void
profile_pane_picks_clear(struct pane_profile *p)
{
	size_t i;

	for (i = 0; i < p->match.n && p->labels != NULL; i++)
		free(p->labels[i]);
	free(p->labels);
	p->labels = NULL;
	location_match_free(&p->match);
	memset(&p->match, 0, sizeof p->match);
	list_free(&p->picks);
	list_init(&p->picks, profile_pane_pick_columns,
	    sizeof profile_pane_pick_columns /
	    sizeof profile_pane_pick_columns[0], profile_pane_pick_cell, NULL,
	    p);
}

static void *
profile_pane_init(struct app *app)
{
	const struct pathology *t;
	const char *const *atc;
	struct pane_profile *p;
	char *item, *more;

	p = xcalloc(1, sizeof *p);
	p->app = app;
	profile_pane_reload(p);
	list_init(&p->picks, profile_pane_pick_columns,
	    sizeof profile_pane_pick_columns /
	    sizeof profile_pane_pick_columns[0], profile_pane_pick_cell, NULL,
	    p);
	for (t = pathology_table; t->name != NULL; t++) {
		item = xasprintf("%s →", t->name);
		for (atc = t->atc; *atc != NULL; atc++) {
			more = xasprintf("%s %s", item, *atc);
			free(item);
			item = more;
		}
		p->known = xreallocarray(p->known, p->nknown + 1,
		    sizeof *p->known);
		p->known[p->nknown++] = item;
	}
	return p;
}

/* Tells whether the profile lists a pathology (shown in bold in the table). */
static int
profile_pane_has_pathology(const struct pane_profile *p, const char *name)
{
	json_t *list = json_object_get(p->doc, "pathologies"), *item;
	size_t i;

	json_array_foreach(list, i, item)
		if (json_is_string(item) &&
		    strcmp(json_string_value(item), name) == 0)
			return 1;
	return 0;
}

/*
 * The table of known pathologies, flowed in lines of "name → ATC" items
 * that are never split; "…" when the rectangle is too small for all.
 */
static void
profile_pane_draw_known(struct pane_profile *p, int y, int x, int height,
    int width)
{
	const char *sep = " · ";
	int row = 0, cx = 0, w, sepw = draw_width(sep), attr;
	size_t i;

	for (i = 0; i < p->nknown && height > 0; i++) {
		w = draw_width(p->known[i]);
		if (cx > 0 && cx + sepw + w > width) {
			if (row + 1 >= height) {
				draw_text(y + row, x + (cx + 2 <= width ?
				    cx + 1 : width - 1), 1, "…",
				    term_attr(C_NORMAL));
				return;
			}
			row++;
			cx = 0;
		}
		if (cx > 0)
			cx += draw_text(y + row, x + cx, width - cx, sep,
			    term_attr(C_NORMAL));
		attr = profile_pane_has_pathology(p, pathology_table[i].name) ?
		    (int)(term_attr(C_NORMAL) | A_BOLD) : term_attr(C_NORMAL);
		cx += draw_text(y + row, x + cx, width - cx, p->known[i], attr);
	}
}

/* The width of the label column, from the labels as translated. */
static int
profile_pane_label_width(void)
{
	int lw = 0, w;
	size_t i;

	for (i = 0; i < PROFILE_PANE_NFIELDS; i++)
		if ((w = draw_width(_(profile_pane_fields[i].label))) > lw)
			lw = w;
	lw += PROFILE_PANE_LABEL_GAP;
	return lw < PROFILE_PANE_LABEL_MAX ? lw : PROFILE_PANE_LABEL_MAX;
}

static void
profile_pane_draw(void *arg, int y, int x, int height, int width,
    char *status, size_t statussize)
{
	struct pane_profile *p = arg;
	const struct profile_pane_field *f = &profile_pane_fields[p->field];
	int row, attr, lw = profile_pane_label_width(), vx, hints, cursor_y = -1;
	char *value, *heading;
	size_t i;

	row = y;
	draw_text(row++, x + 1, width - 2, _("Your profile, kept in your "
	    "personal database"), term_attr(C_SECTION));
	vx = x + 1 + lw;
	for (i = 0; i < PROFILE_PANE_NFIELDS; i++, row++) {
		attr = i == p->field && p->mode == PROFILE_PANE_VIEW ?
		    term_attr(C_SELECTED) : term_attr(C_NORMAL);
		draw_fill(row, x, width, attr);
		draw_text(row, x + 1, lw - 1, _(profile_pane_fields[i].label),
		    i == p->field ? (int)(attr | A_BOLD) : attr);
		if (i == p->field && p->mode != PROFILE_PANE_VIEW) {
			cursor_y = row;
			continue;
		}
		value = profile_pane_value(p, i);
		draw_text(row, vx, x + width - vx - 1, value != NULL ? value :
		    "—", attr);
		free(value);
		if (i == p->field)
			cursor_y = row;
	}

	/* Hints only where they leave room for the table or the pick-list. */
	hints = height >= 16;
	if (hints) {
		row++;
		if (p->mode == PROFILE_PANE_VIEW) {
			draw_text(row++, x + 1, width - 2, _("Enter or c: "
			    "change the field · d or Del: clear it · "
			    "↑ ↓: field"),
			    term_attr(C_NORMAL));
			draw_text(row++, x + 1, width - 2, _("Each field is "
			    "saved as soon as you confirm it with Enter."),
			    term_attr(C_NORMAL));
		} else {
			heading = xasprintf(_("%s: %s."), _(f->label),
			    _(f->rule));
			draw_text(row++, x + 1, width - 2, heading,
			    term_attr(C_NORMAL));
			free(heading);
			draw_text(row++, x + 1, width - 2, p->mode ==
			    PROFILE_PANE_EDITING ? _("Enter: save · "
			    "Esc: cancel · Ctrl-U: erase · "
			    "empty: clear the field") :
			    _("↑ ↓ then Enter: choose · Esc: back to "
			    "typing"), term_attr(C_NORMAL));
		}
	}
	row++;

	if (p->mode == PROFILE_PANE_CHOOSING) {
		if (p->match.suggestions)
			heading = xasprintf(_("No commune of that name; "
			    "did you mean (%zu):"), p->match.n);
		else
			heading = xasprintf(ngettext("%zu place matches, "
			    "choose yours:", "%zu places match, "
			    "choose yours:", (unsigned long)p->match.n),
			    p->match.n);
		draw_text(row++, x + 1, width - 2, heading,
		    term_attr(C_SECTION));
		free(heading);
		list_draw(&p->picks, row, x, y + height - row, width);
		list_position(&p->picks, status, statussize);
	} else {
		draw_text(row++, x + 1, width - 2, _("Known pathologies → "
		    "ATC classes of their treatments"), term_attr(C_SECTION));
		profile_pane_draw_known(p, row, x + 1, y + height - row,
		    width - 2);
		snprintf(status, statussize, _("field %zu/%zu"), p->field + 1,
		    PROFILE_PANE_NFIELDS);
	}

	/* The field last, so that the terminal cursor is where typing goes. */
	if (p->mode == PROFILE_PANE_EDITING && cursor_y >= 0)
		input_draw(&p->edit, cursor_y, vx, x + width - vx - 1,
		    (int)(term_attr(C_NORMAL) | A_UNDERLINE), 1);
	else if (p->mode == PROFILE_PANE_CHOOSING && cursor_y >= 0)
		input_draw(&p->edit, cursor_y, vx, x + width - vx - 1,
		    (int)(term_attr(C_NORMAL) | A_UNDERLINE), 0);
	else if (cursor_y >= 0)
		move(cursor_y, x);	/* screen readers */
}

/* Sets (value not NULL) or removes the field under the cursor, in the store. */
static int
profile_pane_store(struct pane_profile *p, const char *value)
{
	const struct profile_pane_field *f = &profile_pane_fields[p->field];
	char *cause = NULL;

	/* Messages name the field, never its value: it is health data. */
	if (profile_store_key(p->app->user, f->key, value, p->app->q->db,
	    &cause) != 0) {
		tui_message(p->app, 1, _("%s not saved: %s"), _(f->name),
		    cause);
		free(cause);
		return -1;
	}
	profile_pane_reload(p);
	p->mode = PROFILE_PANE_VIEW;
	/* The screens speak the language chosen from this message on. */
	if (strcmp(f->key, "preferences.language") == 0)
		tui_apply_language(p->app);
	tui_message(p->app, 0, value != NULL ? _("Saved: %s.") :
	    _("Cleared: %s."), _(f->name));
	return 0;
}

/* The number of the first item of a pathology list not in the table, or 0. */
static size_t
profile_pane_unknown_pathology(const char *text)
{
	char *copy, *item, *next;
	size_t n = 0, bad = 0;

	copy = xstrdup(text);
	for (item = copy; item != NULL && bad == 0; item = next) {
		if ((next = strchr(item, ',')) != NULL)
			*next++ = '\0';
		if (strspn(item, " \t") == strlen(item))
			continue;
		n++;
		if (pathology_find(item) == NULL)
			bad = n;
	}
	free(copy);
	return bad;
}

/* Checks what was typed in a field other than the location; 0 when valid. */
static int
profile_pane_check(struct pane_profile *p, const char *text)
{
	const struct profile_pane_field *f = &profile_pane_fields[p->field];
	json_t *scratch = json_object();
	char *cause = NULL;
	size_t bad;
	int rc;

	rc = profile_set(scratch, f->key, text, NULL, &cause);
	json_decref(scratch);
	free(cause);
	if (rc == 0)
		return 0;
	if (strcmp(f->key, "pathologies") == 0 &&
	    (bad = profile_pane_unknown_pathology(text)) != 0)
		tui_message(p->app, 1, _("Pathologies: item %zu is not in "
		    "the table (below the form)."), bad);
	else
		tui_message(p->app, 1, _("%s: expected %s."), _(f->label),
		    _(f->rule));
	return -1;
}

/*
 * Looks the typed location up: one place is saved at once, several open the
 * pick-list, none leaves the text to be corrected.
 */
static void
profile_pane_locate(struct pane_profile *p)
{
	struct location_match m;
	char *cause = NULL;
	double t0;
	size_t i;

	t0 = clock_now_ms();
	if (location_find(p->app->q->db, p->edit.text, &m, &cause) != 0) {
		tui_message(p->app, 1, _("location: lookup failed: %s"),
		    cause);
		free(cause);
		return;
	}
	tui_query_time(p->app, clock_now_ms() - t0);
	if (m.n == 1 && !m.suggestions) {
		location_match_free(&m);
		profile_pane_store(p, p->edit.text);
		return;
	}
	if (m.n == 0) {
		tui_message(p->app, 1, "%s", m.suggestions ? _("Location: no "
		    "commune has that name or a name beginning with it.") :
		    _("Location: no commune or postcode matches."));
		location_match_free(&m);
		return;
	}
	profile_pane_picks_clear(p);
	p->match = m;
	p->labels = xcalloc(m.n, sizeof *p->labels);
	for (i = 0; i < m.n; i++)
		p->labels[i] = location_label(&m.places[i]);
	list_set_rows(&p->picks, m.n);
	p->mode = PROFILE_PANE_CHOOSING;
	if (m.suggestions)
		tui_message(p->app, 1, "%s", _("Location: no commune of that "
		    "name; choose a suggestion, or Esc to correct it."));
	else
		tui_message(p->app, 0, ngettext("Location: %zu place "
		    "matches; choose yours.", "Location: %zu places match; "
		    "choose yours.", (unsigned long)m.n), m.n);
}

/* Enter in a field: empty removes it, else the value is checked and saved. */
static void
profile_pane_submit(struct pane_profile *p)
{
	const struct profile_pane_field *f = &profile_pane_fields[p->field];

	if (strspn(p->edit.text, " \t") == p->edit.len)
		profile_pane_store(p, NULL);
	else if (strcmp(f->key, "location") == 0)
		profile_pane_locate(p);
	else if (profile_pane_check(p, p->edit.text) == 0)
		profile_pane_store(p, p->edit.text);
}

/* Tells whether a key is a function key, which works while typing too. */
static int
profile_pane_function_key(int key)
{
	return key >= KEY_F(1) && key <= KEY_F(12);
}

/* While typing every key is the field's, but the function keys. */
static int
profile_pane_key_edit(struct pane_profile *p, int key)
{
	switch (input_key(&p->edit, key)) {
	case INPUT_SUBMIT:
		profile_pane_submit(p);
		break;
	case INPUT_CANCEL:
		p->mode = PROFILE_PANE_VIEW;
		tui_message(p->app, 0, _("Change cancelled: %s unchanged."),
		    _(profile_pane_fields[p->field].name));
		break;
	case INPUT_IGNORED:
		if (profile_pane_function_key(key))
			return R_NONE;
		break;
	default:
		break;
	}
	return R_HANDLED | R_REDRAW;
}

/* The pick-list: moves and / search, Enter chooses, Esc goes back to typing. */
static int
profile_pane_key_choose(struct pane_profile *p, enum action a, int key)
{
	size_t row;
	int r;

	if (p->picks.searching)
		return list_key(&p->picks, a, key);
	switch (a) {
	case ACT_OPEN:
		if ((row = list_selected(&p->picks)) == (size_t)-1)
			break;
		if (profile_pane_store(p, p->labels[row]) == 0)
			profile_pane_picks_clear(p);
		break;
	case ACT_CANCEL:
	case ACT_BACK:
		profile_pane_picks_clear(p);
		p->mode = PROFILE_PANE_EDITING;
		break;
	default:
		if ((r = list_key(&p->picks, a, key)) != 0)
			return r;
		if (profile_pane_function_key(key))
			return R_NONE;
		break;
	}
	return R_HANDLED | R_REDRAW;
}

/* d or Delete: removes the field under the cursor from the profile. */
static void
profile_pane_unset(struct pane_profile *p)
{
	const struct profile_pane_field *f = &profile_pane_fields[p->field];

	if (profile_pane_get(p->doc, f->key) == NULL) {
		tui_message(p->app, 0, _("%s: already empty."), _(f->label));
		return;
	}
	profile_pane_store(p, NULL);
}

static int
profile_pane_key(void *arg, enum action a, int key)
{
	struct pane_profile *p = arg;
	char *text;

	if (p->mode == PROFILE_PANE_EDITING)
		return profile_pane_key_edit(p, key);
	if (p->mode == PROFILE_PANE_CHOOSING)
		return profile_pane_key_choose(p, a, key);
	switch (a) {
	case ACT_UP:
		if (p->field > 0)
			p->field--;
		break;
	case ACT_DOWN:
		if (p->field + 1 < PROFILE_PANE_NFIELDS)
			p->field++;
		break;
	case ACT_HOME:
	case ACT_PAGE_UP:
		p->field = 0;
		break;
	case ACT_END:
	case ACT_PAGE_DOWN:
		p->field = PROFILE_PANE_NFIELDS - 1;
		break;
	case ACT_OPEN:
	case ACT_EDIT:
		/* The stored value may have changed in another session. */
		profile_pane_reload(p);
		text = profile_pane_edit_text(p, p->field);
		input_set(&p->edit, text);
		free(text);
		p->mode = PROFILE_PANE_EDITING;
		break;
	case ACT_DELETE:
		profile_pane_unset(p);
		break;
	default:
		return R_NONE;
	}
	return R_HANDLED | R_REDRAW;
}

static void
profile_pane_free(void *arg)
{
	struct pane_profile *p = arg;
	size_t i;

	profile_pane_picks_clear(p);
	list_free(&p->picks);
	for (i = 0; i < p->nknown; i++)
		free(p->known[i]);
	free(p->known);
	json_decref(p->doc);
	free(p);
}

/* A field being edited, or a / search among the places to choose from. */
static int
profile_pane_typing(void *arg)
{
	const struct pane_profile *p = arg;

	return p->mode == PROFILE_PANE_EDITING ||
	    (p->mode == PROFILE_PANE_CHOOSING && p->picks.searching);
}

const struct pane_ops pane_profile_ops = {
	N_("Profile"), NULL, ACT_PANE_PROFILE, &profile_pane_keys,
	profile_pane_init, profile_pane_draw, profile_pane_key, NULL,
	profile_pane_free, NULL, NULL, NULL, profile_pane_typing,
};
