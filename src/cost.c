/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "cost.h"
#include "csv.h"
#include "i18n.h"
#include "paths.h"
#include "source.h"
#include "xmalloc.h"

#define COST_RATE_MAX		100
#define COST_COVERAGE_MAX	1000
/* Far above any box (10 million euros), so that base x coverage never overflows. */
#define COST_BASE_MAX		INT64_C(1000000000)
#define COST_LAST_DAY		"9999-12-31"

enum cost_kind {
	COST_RATE,
	COST_FRANCHISE_BOX,
	COST_YEAR_CAP,
	COST_EXEMPTION,
};

static const char *const cost_kind_names[] = {
	"rate", "franchise_box", "franchise_year_cap", "exemption", NULL
};

/* The columns of the file, in the order struct cost_rule gives them. */
enum cost_column {
	COST_COL_RULE,
	COST_COL_KEY,
	COST_COL_VALUE,
	COST_COL_FROM,
	COST_COL_TO,
	COST_COL_SOURCE,
	COST_COL_LABEL,
	COST_NCOLS
};

static const char *const cost_columns[COST_NCOLS] = {
	"rule", "key", "value", "valid_from", "valid_to", "source", "label"
};

/* One line of the file, read and checked. */
struct cost_entry {
	struct cost_rule	 pub;
	enum cost_kind		 kind;
	int64_t			 amount;	/* RATE: percent; others: cents */
	int			 waive_franchise;
	int			 rest;
	/* EXEMPTION: the rate each rate becomes, -1 when it stays. */
	signed char		 map[COST_RATE_MAX + 1];
};

struct cost_rules {
	struct cost_entry	*v;
	size_t			 n;
	const char		*first_day;
};

/* pct % of base, rounded to the cent half away from zero (both are >= 0). */
static int64_t
cost_percent(int64_t base, int64_t pct)
{
	return (base * pct + 50) / 100;
}

/* A field's error: file, line, column, why (translated), the value quoted. */
static int
cost_field_error(const struct csv_reader *csv, enum cost_column col,
    const char *why, const char *value, char **cause)
{
	if (value == NULL)
		return error_set(cause, _("%s: line %lu: field '%s': %s"),
		    csv_reader_name(csv), csv_reader_line(csv),
		    cost_columns[col], why);
	/* TRANSLATORS: why leads to the value ("not a day YYYY-MM-DD:"). */
	return error_set(cause, _("%s: line %lu: field '%s': %s '%s'"),
	    csv_reader_name(csv), csv_reader_line(csv), cost_columns[col], why,
	    value);
}

/* Parses digits making a number from min to max; -1 if it is anything else. */
static int
cost_parse_bounded(const char *s, int64_t min, int64_t max, int64_t *out)
{
	size_t len = strlen(s);

	if (len == 0 || len > 18 || strspn(s, "0123456789") != len ||
	    csv_parse_int64(s, out) != 0)
		return -1;
	return *out >= min && *out <= max ? 0 : -1;
}

/*
 * Reads an exemption's effects: "franchise" (no franchise), "rest" (the
 * complementary pays what the AM does not) and "rateN:R,R..." (those rates
 * become N), joined by '+'.
 */
static int
cost_parse_effects(struct cost_entry *e, const struct csv_reader *csv,
    char **cause)
{
	char *copy, *token, *next, *list, *r, *rnext;
	int64_t to, from;
	int rc = 0;

	memset(e->map, -1, sizeof e->map);
	copy = xstrdup(e->pub.value);
	for (token = copy; rc == 0 && token != NULL; token = next) {
		if ((next = strchr(token, '+')) != NULL)
			*next++ = '\0';
		if (strcmp(token, "franchise") == 0) {
			e->waive_franchise = 1;
			continue;
		}
		if (strcmp(token, "rest") == 0) {
			e->rest = 1;
			continue;
		}
		if (strncmp(token, "rate", 4) != 0 ||
		    (list = strchr(token, ':')) == NULL) {
			rc = cost_field_error(csv, COST_COL_VALUE, _("not an "
			    "effect (franchise, rest or rateN:R,R...):"), token,
			    cause);
			break;
		}
		*list++ = '\0';
		if (cost_parse_bounded(token + 4, 0, COST_RATE_MAX, &to) != 0) {
			rc = cost_field_error(csv, COST_COL_VALUE, _("not a "
			    "rate from 0 to 100 in"), token, cause);
			break;
		}
		for (r = list; r != NULL; r = rnext) {
			if ((rnext = strchr(r, ',')) != NULL)
				*rnext++ = '\0';
			if (cost_parse_bounded(r, 1, COST_RATE_MAX, &from) != 0) {
				rc = cost_field_error(csv, COST_COL_VALUE,
				    _("not a rate from 1 to 100:"), r, cause);
				break;
			}
			e->map[from] = (signed char)to;
		}
	}
	free(copy);
	return rc;
}

/* Checks one record's fields and fills e from them. */
static int
cost_parse_entry(struct cost_entry *e, const struct csv_reader *csv,
    const int cols[COST_NCOLS], char **cause)
{
	const char *f[COST_NCOLS];
	size_t i, k;

	for (i = 0; i < COST_NCOLS; i++) {
		if ((f[i] = csv_reader_field(csv, (size_t)cols[i])) == NULL)
			return cost_field_error(csv, (enum cost_column)i,
			    _("missing"), NULL, cause);
	}
	for (k = 0; cost_kind_names[k] != NULL; k++) {
		if (strcmp(f[COST_COL_RULE], cost_kind_names[k]) == 0)
			break;
	}
	if (cost_kind_names[k] == NULL)
		return cost_field_error(csv, COST_COL_RULE, _("not rate, "
		    "franchise_box, franchise_year_cap or exemption:"),
		    f[COST_COL_RULE], cause);
	e->kind = (enum cost_kind)k;
	if (!calendar_day_valid(f[COST_COL_FROM]))
		return cost_field_error(csv, COST_COL_FROM, _("not a day "
		    "YYYY-MM-DD:"), f[COST_COL_FROM], cause);
	if (*f[COST_COL_TO] != '\0' && !calendar_day_valid(f[COST_COL_TO]))
		return cost_field_error(csv, COST_COL_TO, _("not a day "
		    "YYYY-MM-DD:"), f[COST_COL_TO], cause);
	if (*f[COST_COL_TO] != '\0' &&
	    strcmp(f[COST_COL_TO], f[COST_COL_FROM]) < 0)
		return cost_field_error(csv, COST_COL_TO, _("before "
		    "valid_from:"), f[COST_COL_TO], cause);
	if (*f[COST_COL_SOURCE] == '\0')
		return cost_field_error(csv, COST_COL_SOURCE, _("empty: every "
		    "rule names its source"), NULL, cause);
	if (*f[COST_COL_LABEL] == '\0')
		return cost_field_error(csv, COST_COL_LABEL, _("empty"), NULL,
		    cause);

	switch (e->kind) {
	case COST_RATE:
		if (cost_parse_bounded(f[COST_COL_KEY], 1, COST_RATE_MAX,
		    &e->amount) != 0)
			return cost_field_error(csv, COST_COL_KEY, _("not a "
			    "rate from 1 to 100:"), f[COST_COL_KEY], cause);
		if (strcmp(f[COST_COL_VALUE], f[COST_COL_KEY]) != 0)
			return cost_field_error(csv, COST_COL_VALUE, _("a "
			    "rate's value is its key:"), f[COST_COL_VALUE],
			    cause);
		break;
	case COST_FRANCHISE_BOX:
	case COST_YEAR_CAP:
		if (*f[COST_COL_KEY] != '\0')
			return cost_field_error(csv, COST_COL_KEY, _("must be "
			    "empty for this rule:"), f[COST_COL_KEY], cause);
		if (cost_parse_bounded(f[COST_COL_VALUE], 0, COST_BASE_MAX,
		    &e->amount) != 0)
			return cost_field_error(csv, COST_COL_VALUE, _("not an "
			    "amount in cents:"), f[COST_COL_VALUE], cause);
		break;
	case COST_EXEMPTION:
		if (*f[COST_COL_KEY] == '\0' || strspn(f[COST_COL_KEY],
		    "abcdefghijklmnopqrstuvwxyz0123456789_") !=
		    strlen(f[COST_COL_KEY]))
			return cost_field_error(csv, COST_COL_KEY, _("not a "
			    "name of a-z, 0-9 and _:"), f[COST_COL_KEY], cause);
		break;
	}

	e->pub.rule = xstrdup(f[COST_COL_RULE]);
	e->pub.key = xstrdup(f[COST_COL_KEY]);
	e->pub.value = xstrdup(f[COST_COL_VALUE]);
	e->pub.valid_from = xstrdup(f[COST_COL_FROM]);
	e->pub.valid_to = xstrdup(f[COST_COL_TO]);
	e->pub.source = xstrdup(f[COST_COL_SOURCE]);
	e->pub.label = xstrdup(f[COST_COL_LABEL]);
	e->pub.line = csv_reader_line(csv);
	if (e->kind == COST_EXEMPTION)
		return cost_parse_effects(e, csv, cause);
	return 0;
}

static const char *
cost_valid_to(const struct cost_entry *e)
{
	return *e->pub.valid_to != '\0' ? e->pub.valid_to : COST_LAST_DAY;
}

/* Refuses two rules of the same kind and key in force on the same day. */
static int
cost_check_overlaps(const struct cost_rules *rules, const char *path,
    char **cause)
{
	const struct cost_entry *a, *b;
	size_t i, j;

	for (i = 0; i < rules->n; i++) {
		a = &rules->v[i];
		for (j = i + 1; j < rules->n; j++) {
			b = &rules->v[j];
			if (a->kind != b->kind || strcmp(a->pub.key,
			    b->pub.key) != 0)
				continue;
			if (strcmp(a->pub.valid_from, cost_valid_to(b)) <= 0 &&
			    strcmp(b->pub.valid_from, cost_valid_to(a)) <= 0)
				return error_set(cause, _("%s: line %lu: field "
				    "'valid_from': %s '%s' is also in force on "
				    "line %lu on %s"), path, b->pub.line,
				    b->pub.rule, b->pub.key, a->pub.line,
				    strcmp(a->pub.valid_from,
				    b->pub.valid_from) > 0 ? a->pub.valid_from :
				    b->pub.valid_from);
		}
	}
	return 0;
}

/* Finds every column by its header name. */
static int
cost_read_header(struct csv_reader *csv, int cols[COST_NCOLS], char **cause)
{
	size_t i;
	int rc;

	if ((rc = csv_reader_next(csv, cause)) != 1)
		return rc == 0 ? error_set(cause, _("%s: empty: no header "
		    "line"),
		    csv_reader_name(csv)) : -1;
	csv_reader_take_header(csv);
	for (i = 0; i < COST_NCOLS; i++) {
		if ((cols[i] = csv_reader_column(csv, cost_columns[i])) < 0)
			return error_set(cause, _("%s: line %lu: no column "
			    "'%s' in the header"), csv_reader_name(csv),
			    csv_reader_line(csv), cost_columns[i]);
	}
	return 0;
}

static void
cost_entry_clear(struct cost_entry *e)
{
	free((char *)e->pub.rule);
	free((char *)e->pub.key);
	free((char *)e->pub.value);
	free((char *)e->pub.valid_from);
	free((char *)e->pub.valid_to);
	free((char *)e->pub.source);
	free((char *)e->pub.label);
}

struct cost_rules *
cost_rules_load(const char *path, char **cause)
{
	struct cost_rules *rules;
	struct cost_entry *e;
	struct csv_reader *csv;
	struct source *src;
	size_t cap = 0, i;
	int cols[COST_NCOLS], rc;

	if ((src = source_open_file(path, cause)) == NULL)
		return NULL;
	rules = xcalloc(1, sizeof *rules);
	csv = csv_reader_new(path, source_read, src);
	csv_reader_set_separator(csv, ';');
	rc = cost_read_header(csv, cols, cause);
	while (rc == 0 && (rc = csv_reader_next(csv, cause)) == 1) {
		if (csv_reader_was_cp1252(csv)) {
			rc = error_set(cause, _("%s: line %lu: not UTF-8"),
			    path, csv_reader_line(csv));
			break;
		}
		if (rules->n == cap) {
			cap = cap == 0 ? 32 : cap * 2;
			rules->v = xreallocarray(rules->v, cap, sizeof *rules->v);
		}
		e = &rules->v[rules->n];
		memset(e, 0, sizeof *e);
		if ((rc = cost_parse_entry(e, csv, cols, cause)) != 0) {
			cost_entry_clear(e);
			break;
		}
		rules->n++;
		rc = 0;
	}
	csv_reader_free(csv);
	source_free(src);
	if (rc == 0 && rules->n == 0)
		rc = error_set(cause, _("%s: no rule"), path);
	if (rc == 0)
		rc = cost_check_overlaps(rules, path, cause);
	if (rc != 0) {
		cost_rules_free(rules);
		return NULL;
	}
	rules->first_day = rules->v[0].pub.valid_from;
	for (i = 1; i < rules->n; i++) {
		if (strcmp(rules->v[i].pub.valid_from, rules->first_day) < 0)
			rules->first_day = rules->v[i].pub.valid_from;
	}
	return rules;
}

void
cost_rules_free(struct cost_rules *rules)
{
	size_t i;

	if (rules == NULL)
		return;
	for (i = 0; i < rules->n; i++)
		cost_entry_clear(&rules->v[i]);
	free(rules->v);
	free(rules);
}

/* The rule of that kind and key in force on date, or NULL. */
static const struct cost_entry *
cost_find(const struct cost_rules *rules, enum cost_kind kind,
    const char *key, const char *date)
{
	const struct cost_entry *e;
	size_t i;

	for (i = 0; i < rules->n; i++) {
		e = &rules->v[i];
		if (e->kind == kind && strcmp(e->pub.key, key) == 0 &&
		    strcmp(e->pub.valid_from, date) <= 0 &&
		    strcmp(date, cost_valid_to(e)) <= 0)
			return e;
	}
	return NULL;
}

/* Every exemption name the rules know, for messages ("ald, ame, css"). */
static char *
cost_exemption_names(const struct cost_rules *rules)
{
	char *names = xstrdup(""), *more;
	size_t i, j;

	for (i = 0; i < rules->n; i++) {
		if (rules->v[i].kind != COST_EXEMPTION)
			continue;
		for (j = 0; j < i; j++) {
			if (rules->v[j].kind == COST_EXEMPTION &&
			    strcmp(rules->v[j].pub.key, rules->v[i].pub.key) == 0)
				break;
		}
		if (j < i)
			continue;
		more = xasprintf("%s%s%s", names, *names != '\0' ? ", " : "",
		    rules->v[i].pub.key);
		free(names);
		names = more;
	}
	return names;
}

/* Checks each exemption of the person is known and in force on date. */
static int
cost_check_exemptions(const struct cost_rules *rules,
    const struct cost_person *p, char **cause)
{
	const char *const *name;
	char *known;
	size_t i;
	int rc;

	for (name = p->exemptions; name != NULL && *name != NULL; name++) {
		if (cost_find(rules, COST_EXEMPTION, *name, p->date) != NULL)
			continue;
		for (i = 0; i < rules->n; i++) {
			if (rules->v[i].kind == COST_EXEMPTION &&
			    strcmp(rules->v[i].pub.key, *name) == 0)
				return error_set(cause, _("exemption '%s': no "
				    "rule in force on %s"), *name, p->date);
		}
		known = cost_exemption_names(rules);
		rc = error_set(cause, _("unknown exemption '%s' (known: "
		    "%s)"),
		    *name, known);
		free(known);
		return rc;
	}
	return 0;
}

/* Checks what the caller gives, before any rule is looked up. */
static int
cost_check_input(const struct cost_rules *rules, const struct cost_box *box,
    const struct cost_person *p, char **cause)
{
	if (!calendar_day_valid(p->date))
		return error_set(cause, _("date '%s': not a day "
		    "YYYY-MM-DD"),
		    p->date != NULL ? p->date : "");
	if (strcmp(p->date, rules->first_day) < 0)
		return error_set(cause, _("date %s: before every rule (the "
		    "first is in force from %s)"), p->date, rules->first_day);
	if (box->base_cents < 0 || box->base_cents > COST_BASE_MAX)
		return error_set(cause, _("base %lld cents: out of range"),
		    (long long)box->base_cents);
	if (box->rate_pct < 0 || box->rate_pct > COST_RATE_MAX)
		return error_set(cause, _("rate %d %%: not from 0 to 100"),
		    box->rate_pct);
	if (p->coverage_pct < -1 || p->coverage_pct > COST_COVERAGE_MAX)
		return error_set(cause, _("coverage %d %%: not from 0 to %d "
		    "(-1: no mutuelle)"), p->coverage_pct, COST_COVERAGE_MAX);
	if (p->franchise_year_cents < 0)
		return error_set(cause, "%s", _("franchises of the year: "
		    "negative"));
	return cost_check_exemptions(rules, p, cause);
}

/* The exemption in force that raises (or cuts) the rate most, or NULL. */
static const struct cost_entry *
cost_rate_exemption(const struct cost_rules *rules,
    const struct cost_person *p, int rate)
{
	const struct cost_entry *e, *best = NULL;
	const char *const *name;

	for (name = p->exemptions; name != NULL && *name != NULL; name++) {
		e = cost_find(rules, COST_EXEMPTION, *name, p->date);
		if (e->map[rate] >= 0 &&
		    (best == NULL || e->map[rate] > best->map[rate]))
			best = e;
	}
	return best;
}

/* The first exemption in force with that effect, or NULL. */
static const struct cost_entry *
cost_effect(const struct cost_rules *rules, const struct cost_person *p,
    int rest)
{
	const struct cost_entry *e;
	const char *const *name;

	for (name = p->exemptions; name != NULL && *name != NULL; name++) {
		e = cost_find(rules, COST_EXEMPTION, *name, p->date);
		if (rest ? e->rest : e->waive_franchise)
			return e;
	}
	return NULL;
}

/* The franchise due on one box, after exemptions and the yearly cap. */
static void
cost_franchise(const struct cost_rules *rules, const struct cost_person *p,
    struct cost_result *res)
{
	const struct cost_entry *e, *box, *cap;
	int64_t room;

	if ((e = cost_effect(rules, p, 0)) != NULL) {
		res->franchise_exemption = &e->pub;
		return;
	}
	if ((box = cost_find(rules, COST_FRANCHISE_BOX, "", p->date)) == NULL)
		return;
	res->franchise_rule = &box->pub;
	res->franchise_cents = box->amount;
	cap = cost_find(rules, COST_YEAR_CAP, "", p->date);
	if (cap != NULL) {
		room = cap->amount > p->franchise_year_cents ?
		    cap->amount - p->franchise_year_cents : 0;
		if (res->franchise_cents > room) {
			res->franchise_cents = room;
			res->cap_rule = &cap->pub;
		}
	}
}

int
cost_compute(const struct cost_rules *rules, const struct cost_box *box,
    const struct cost_person *p, struct cost_result *res, char **cause)
{
	const struct cost_entry *rate, *ex;
	int64_t covered;
	char key[8];

	memset(res, 0, sizeof *res);
	if (cost_check_input(rules, box, p, cause) != 0)
		return -1;
	res->base_cents = box->base_cents;
	res->left_cents = box->base_cents;
	if (box->rate_pct == 0)
		return 0;

	snprintf(key, sizeof key, "%d", box->rate_pct);
	if ((rate = cost_find(rules, COST_RATE, key, p->date)) == NULL)
		return error_set(cause, _("rate %d %%: no rule in force on "
		    "%s"),
		    box->rate_pct, p->date);
	res->rate_rule = &rate->pub;
	res->rate_pct = box->rate_pct;
	if ((ex = cost_rate_exemption(rules, p, box->rate_pct)) != NULL) {
		res->rate_exemption = &ex->pub;
		res->rate_pct = ex->map[box->rate_pct];
	}
	if (res->rate_pct == 0)
		return 0;	/* not covered for this person: no franchise either */

	res->am_cents = cost_percent(box->base_cents, res->rate_pct);
	if ((ex = cost_effect(rules, p, 1)) != NULL) {
		res->rest_exemption = &ex->pub;
		res->mutuelle_cents = box->base_cents - res->am_cents;
	} else if (p->coverage_pct >= 0) {
		covered = cost_percent(box->base_cents, p->coverage_pct);
		res->mutuelle_cents = covered > res->am_cents ?
		    covered - res->am_cents : 0;
		if (res->mutuelle_cents > box->base_cents - res->am_cents)
			res->mutuelle_cents = box->base_cents - res->am_cents;
	}
	cost_franchise(rules, p, res);
	res->left_cents = box->base_cents - res->am_cents -
	    res->mutuelle_cents + res->franchise_cents;
	return 0;
}

char *
cost_rules_path(const char *option)
{
	struct path_env env;
	const char *e = getenv("MEDIFLUX_RULES");
	char *path;

	if (option != NULL)
		return xstrdup(option);
	if (e != NULL && *e != '\0')
		return xstrdup(e);
	paths_env_from_process(&env, NULL, NULL);
	path = paths_bundled_file(&env, "rules/medicines.csv");
	paths_env_free(&env);
	return path;
}

const char **
cost_rules_exemptions(const struct cost_rules *rules)
{
	const char **names = xcalloc(rules->n + 1, sizeof *names);
	size_t i, j, n = 0;

	for (i = 0; i < rules->n; i++) {
		if (rules->v[i].kind != COST_EXEMPTION)
			continue;
		for (j = 0; j < n && strcmp(names[j], rules->v[i].pub.key) != 0;
		    j++)
			;
		if (j == n)
			names[n++] = rules->v[i].pub.key;
	}
	return names;
}
