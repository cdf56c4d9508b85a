/* SPDX-License-Identifier: ISC */
/* mksample: the reference geography, read from data/geography.db. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "position.h"
#include "sample.h"

/*
 * Where establishments of a département are placed: a point near its
 * prefecture in Lambert-93 (metres, computed once from latitude and longitude)
 * and a radius. Only meant to be plausible.
 */
static const struct dep_spot {
	const char	*code;
	int64_t		 x, y, radius;
} dep_spots[] = {
	{ "01", 871900, 6570200, 30000 },
	{ "02", 744900, 6940300, 35000 },
	{ "03", 725300, 6607800, 35000 },
	{ "04", 959400, 6337700, 35000 },
	{ "05", 944500, 6389300, 30000 },
	{ "06", 1044100, 6298300, 25000 },
	{ "07", 826700, 6405800, 30000 },
	{ "08", 824000, 6964800, 30000 },
	{ "09", 586500, 6208800, 30000 },
	{ "10", 780100, 6800500, 30000 },
	{ "11", 647100, 6234700, 35000 },
	{ "12", 665700, 6361300, 40000 },
	{ "13", 892400, 6247400, 25000 },
	{ "14", 454300, 6903000, 30000 },
	{ "15", 655800, 6425800, 30000 },
	{ "16", 478900, 6509600, 30000 },
	{ "17", 379900, 6570700, 35000 },
	{ "18", 654500, 6664600, 35000 },
	{ "19", 603500, 6464200, 30000 },
	{ "2A", 1176700, 6109500, 25000 },
	{ "2B", 1228500, 6199400, 25000 },
	{ "21", 854100, 6693100, 40000 },
	{ "22", 274900, 6838800, 35000 },
	{ "23", 612800, 6564000, 30000 },
	{ "24", 520900, 6456000, 40000 },
	{ "25", 928400, 6686600, 30000 },
	{ "26", 849100, 6427400, 30000 },
	{ "27", 564700, 6881600, 30000 },
	{ "28", 588300, 6817700, 30000 },
	{ "29", 171200, 6790000, 35000 },
	{ "30", 809400, 6305500, 30000 },
	{ "31", 574000, 6279100, 35000 },
	{ "32", 505500, 6286400, 30000 },
	{ "33", 417200, 6422100, 40000 },
	{ "34", 771100, 6279400, 30000 },
	{ "35", 351900, 6789200, 30000 },
	{ "36", 600100, 6635300, 30000 },
	{ "37", 525800, 6701400, 30000 },
	{ "38", 913600, 6458200, 35000 },
	{ "39", 894900, 6622000, 30000 },
	{ "40", 418800, 6316300, 40000 },
	{ "41", 574500, 6722400, 30000 },
	{ "42", 808700, 6483200, 25000 },
	{ "43", 769300, 6438200, 30000 },
	{ "44", 355900, 6689900, 30000 },
	{ "45", 618600, 6756100, 35000 },
	{ "46", 575900, 6373600, 30000 },
	{ "47", 509800, 6347400, 30000 },
	{ "48", 739700, 6380200, 25000 },
	{ "49", 432700, 6713700, 30000 },
	{ "50", 401600, 6898900, 30000 },
	{ "51", 799600, 6874200, 35000 },
	{ "52", 859200, 6781000, 30000 },
	{ "53", 419300, 6781100, 25000 },
	{ "54", 934000, 6848000, 30000 },
	{ "55", 858700, 6854400, 30000 },
	{ "56", 268000, 6744600, 35000 },
	{ "57", 932100, 6895800, 35000 },
	{ "58", 712200, 6654400, 35000 },
	{ "59", 704300, 7059200, 35000 },
	{ "60", 633200, 6926000, 30000 },
	{ "61", 484800, 6818400, 30000 },
	{ "62", 684300, 7021400, 35000 },
	{ "63", 706200, 6520000, 35000 },
	{ "64", 426500, 6250400, 40000 },
	{ "65", 462700, 6241100, 25000 },
	{ "66", 691800, 6177800, 25000 },
	{ "67", 1050200, 6840500, 30000 },
	{ "68", 1024500, 6784500, 25000 },
	{ "69", 843000, 6519500, 20000 },
	{ "70", 936500, 6729100, 30000 },
	{ "71", 840800, 6580500, 40000 },
	{ "72", 491200, 6770300, 30000 },
	{ "73", 927700, 6500900, 35000 },
	{ "74", 942600, 6538200, 25000 },
	{ "75", 652500, 6862100, 4000 },
	{ "76", 562200, 6928400, 35000 },
	{ "77", 674900, 6826700, 30000 },
	{ "78", 636100, 6855900, 20000 },
	{ "79", 433900, 6585800, 30000 },
	{ "80", 649700, 6977000, 35000 },
	{ "81", 631700, 6314900, 30000 },
	{ "82", 567700, 6325900, 25000 },
	{ "83", 938600, 6229000, 30000 },
	{ "84", 845300, 6318400, 20000 },
	{ "85", 361500, 6628400, 30000 },
	{ "86", 496300, 6612300, 35000 },
	{ "87", 564900, 6527100, 30000 },
	{ "88", 956400, 6791100, 30000 },
	{ "89", 742700, 6744600, 35000 },
	{ "90", 989700, 6733700, 8000 },
	{ "91", 658700, 6836800, 15000 },
	{ "92", 642100, 6865800, 6000 },
	{ "93", 659000, 6867900, 6000 },
	{ "94", 660300, 6854600, 6000 },
	{ "95", 632700, 6882600, 15000 },
};

/* Overseas: the projection the FINESS geolocalisation uses there. */
static const struct dom_spot {
	const char	*code;
	const char	*finess;
	const char	*prefix;
	int		 epsg;
	int64_t		 x, y, radius;
} dom_spots[] = {
	{ "971", "9A", "9701", 5490, 657200, 1795400, 14000 },
	{ "972", "9B", "9702", 5490, 707000, 1616000, 10000 },
	{ "973", "9C", "9703", 2972, 352500, 545000, 20000 },
	{ "974", "9D", "9704", 2975, 338500, 7690000, 20000 },
	{ "976", "9F", "9805", 4471, 525000, 8587000, 7000 },
};

static char *
column_text(sqlite3_stmt *stmt, int i)
{
	const unsigned char *s = sqlite3_column_text(stmt, i);

	return xstrdup(s != NULL ? (const char *)s : "");
}

static void
copy_code(char *dst, size_t size, sqlite3_stmt *stmt, int i)
{
	const unsigned char *s = sqlite3_column_text(stmt, i);

	snprintf(dst, size, "%s", s != NULL ? (const char *)s : "");
}

static int
load_regions(struct sample_geo *g, sqlite3 *db, char **cause)
{
	sqlite3_stmt *stmt;
	struct sample_region *r;
	size_t cap = 0;
	int rc;

	if (db_prepare(db, "SELECT code, name, coalesce(population, 0), zone "
	    "FROM region WHERE zone IN ('metro', 'drom') ORDER BY code",
	    &stmt, cause) != 0)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (g->nregions == cap) {
			cap = cap == 0 ? 32 : cap * 2;
			g->regions = xreallocarray(g->regions, cap, sizeof *g->regions);
		}
		r = &g->regions[g->nregions++];
		copy_code(r->code, sizeof r->code, stmt, 0);
		r->name = column_text(stmt, 1);
		r->population = sqlite3_column_int64(stmt, 2);
		r->drom = strcmp((const char *)sqlite3_column_text(stmt, 3),
		    "drom") == 0;
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return error_set(cause, "region: %s", sqlite3_errmsg(db));
	return 0;
}

static int
place_dep(struct sample_dep *d)
{
	size_t i;

	for (i = 0; i < sizeof dom_spots / sizeof dom_spots[0]; i++) {
		if (strcmp(dom_spots[i].code, d->code) != 0)
			continue;
		snprintf(d->finess, sizeof d->finess, "%s", dom_spots[i].finess);
		snprintf(d->finess_prefix, sizeof d->finess_prefix, "%s",
		    dom_spots[i].prefix);
		d->epsg = dom_spots[i].epsg;
		d->x = dom_spots[i].x;
		d->y = dom_spots[i].y;
		d->radius = dom_spots[i].radius;
		return 0;
	}
	for (i = 0; i < sizeof dep_spots / sizeof dep_spots[0]; i++) {
		if (strcmp(dep_spots[i].code, d->code) != 0)
			continue;
		snprintf(d->finess, sizeof d->finess, "%.2s", d->code);
		snprintf(d->finess_prefix, sizeof d->finess_prefix, "%s", d->code);
		d->epsg = 2154;
		d->x = dep_spots[i].x;
		d->y = dep_spots[i].y;
		d->radius = dep_spots[i].radius;
		return 0;
	}
	return -1;
}

static int
load_deps(struct sample_geo *g, sqlite3 *db, char **cause)
{
	sqlite3_stmt *stmt;
	struct sample_dep *d;
	size_t cap = 0;
	int rc;

	if (db_prepare(db, "SELECT code, name, region_code, "
	    "coalesce(population, 0) FROM departement "
	    "WHERE zone IN ('metro', 'drom') ORDER BY code", &stmt, cause) != 0)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (g->ndeps == cap) {
			cap = cap == 0 ? 128 : cap * 2;
			g->deps = xreallocarray(g->deps, cap, sizeof *g->deps);
		}
		d = &g->deps[g->ndeps];
		memset(d, 0, sizeof *d);
		copy_code(d->code, sizeof d->code, stmt, 0);
		d->name = column_text(stmt, 1);
		copy_code(d->region, sizeof d->region, stmt, 2);
		d->population = sqlite3_column_int64(stmt, 3);
		g->ndeps++;
		if (place_dep(d) != 0) {
			sqlite3_finalize(stmt);
			return error_set(cause, "département %s: unknown to mksample",
			    d->code);
		}
		g->population += d->population;
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return error_set(cause, "departement: %s", sqlite3_errmsg(db));
	return 0;
}

static int
load_places(struct sample_geo *g, sqlite3 *db, char **cause)
{
	static const char sql[] =
	    "SELECT p.code, p.name, p.city_key, p.departement_code,"
	    " coalesce(p.population, 0),"
	    " (SELECT min(postal_code) FROM postcode WHERE place_code = p.code) AS cp,"
	    " p.latitude, p.longitude"
	    " FROM (SELECT code, name, name_key AS city_key, departement_code,"
	    "  population, latitude, longitude FROM commune"
	    "  WHERE code NOT IN (SELECT commune_code FROM arrondissement)"
	    " UNION ALL"
	    " SELECT a.code, a.name, c.name_key, a.departement_code, a.population,"
	    "  a.latitude, a.longitude"
	    "  FROM arrondissement a JOIN commune c ON c.code = a.commune_code) p"
	    " JOIN departement d ON d.code = p.departement_code"
	    "  AND d.zone IN ('metro', 'drom')"
	    " WHERE cp IS NOT NULL"
	    " ORDER BY p.departement_code, p.code";
	sqlite3_stmt *stmt;
	struct sample_place *p;
	const struct sample_dep *d;
	size_t cap = 0, i;
	int rc;

	if (db_prepare(db, sql, &stmt, cause) != 0)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (g->nplaces == cap) {
			cap = cap == 0 ? 4096 : cap * 2;
			g->places = xreallocarray(g->places, cap, sizeof *g->places);
		}
		p = &g->places[g->nplaces];
		copy_code(p->code, sizeof p->code, stmt, 0);
		p->name = column_text(stmt, 1);
		p->name_key = column_text(stmt, 2);
		d = sample_geo_dep(g, (const char *)sqlite3_column_text(stmt, 3));
		p->population = sqlite3_column_int64(stmt, 4);
		copy_code(p->postcode, sizeof p->postcode, stmt, 5);
		p->placed = sqlite3_column_type(stmt, 6) != SQLITE_NULL &&
		    sqlite3_column_type(stmt, 7) != SQLITE_NULL;
		p->latitude = sqlite3_column_double(stmt, 6);
		p->longitude = sqlite3_column_double(stmt, 7);
		if (d == NULL)
			fatalx("place %s outside the départements", p->code);
		p->dep = (size_t)(d - g->deps);
		g->nplaces++;
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return error_set(cause, "commune: %s", sqlite3_errmsg(db));
	for (i = 0; i < g->nplaces; i++) {
		struct sample_dep *dep = &g->deps[g->places[i].dep];

		if (i > 0 && strcmp(g->places[i - 1].code, g->places[i].code) >= 0)
			return error_set(cause, "commune %s: out of order",
			    g->places[i].code);
		if (dep->nplaces == 0)
			dep->first_place = i;
		dep->nplaces++;
	}
	for (i = 0; i < g->ndeps; i++)
		if (g->deps[i].nplaces == 0)
			return error_set(cause, "département %s has no commune",
			    g->deps[i].code);
	return 0;
}

int
sample_geo_load(struct sample_geo *g, const char *path, char **cause)
{
	sqlite3 *db;
	int rc;

	memset(g, 0, sizeof *g);
	if (db_open_readonly(path, &db, cause) != 0)
		return -1;
	if ((g->positions = position_converter_new(cause)) == NULL) {
		sqlite3_close(db);
		return -1;
	}
	rc = load_regions(g, db, cause) == 0 && load_deps(g, db, cause) == 0 &&
	    load_places(g, db, cause) == 0 ? 0 : -1;
	sqlite3_close(db);
	if (rc == 0 && (g->nregions == 0 || g->ndeps == 0))
		rc = error_set(cause, "%s: no geography", path);
	if (rc != 0)
		sample_geo_free(g);
	return rc;
}

void
sample_geo_free(struct sample_geo *g)
{
	size_t i;

	for (i = 0; i < g->nregions; i++)
		free(g->regions[i].name);
	for (i = 0; i < g->ndeps; i++)
		free(g->deps[i].name);
	for (i = 0; i < g->nplaces; i++) {
		free(g->places[i].name);
		free(g->places[i].name_key);
	}
	free(g->regions);
	free(g->deps);
	free(g->places);
	position_converter_free(g->positions);
	g->positions = NULL;
	memset(g, 0, sizeof *g);
}

const struct sample_dep *
sample_geo_dep(const struct sample_geo *g, const char *code)
{
	size_t i;

	for (i = 0; i < g->ndeps; i++)
		if (strcmp(g->deps[i].code, code) == 0)
			return &g->deps[i];
	return NULL;
}

const struct sample_region *
sample_geo_region(const struct sample_geo *g, const char *code)
{
	size_t i;

	for (i = 0; i < g->nregions; i++)
		if (strcmp(g->regions[i].code, code) == 0)
			return &g->regions[i];
	return NULL;
}

const struct sample_place *
sample_geo_place(const struct sample_geo *g, const char *code)
{
	size_t lo = 0, hi = g->nplaces, mid;
	int c;

	/* Codes start with their département's: one order for both. */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((c = strcmp(g->places[mid].code, code)) == 0)
			return &g->places[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const struct sample_place *
sample_geo_pick(const struct sample_geo *g, const struct sample_dep *d,
    struct rng *r, int64_t floor)
{
	const struct sample_place *p = &g->places[d->first_place];
	uint64_t total = 0, x;
	size_t i;

	for (i = 0; i < d->nplaces; i++)
		total += (uint64_t)(p[i].population + floor);
	x = rng_below(r, total);
	for (i = 0; i < d->nplaces; i++) {
		if (x < (uint64_t)(p[i].population + floor))
			return &p[i];
		x -= (uint64_t)(p[i].population + floor);
	}
	return &p[d->nplaces - 1];
}

void
sample_geo_point(const struct sample_geo *g, const struct sample_place *p,
    struct rng *r, int64_t *x10, int64_t *y10, int *epsg)
{
	const struct sample_dep *d = &g->deps[p->dep];
	struct rng spot;
	int64_t dx, dy;
	double x, y;
	struct position_why why;

	*epsg = d->epsg;
	/* Within a kilometre of the commune's centre, projected as FINESS does. */
	if (p->placed) {
		if (position_to_projected(g->positions, d->epsg, p->latitude,
		    p->longitude, &x, &y, &why) != 0)
			fatalx("%s: %s", p->code, position_why_text(&why, 1));
		*x10 = (int64_t)(x * 10) + 3 * rng_range(r, -3000, 3000);
		*y10 = (int64_t)(y * 10) + 3 * rng_range(r, -3000, 3000);
		return;
	}
	/* A geography without centres: the commune's spot depends on its code only. */
	rng_init(&spot, 0, p->code);
	do {
		dx = rng_range(&spot, -d->radius, d->radius);
		dy = rng_range(&spot, -d->radius, d->radius);
	} while (dx * dx + dy * dy > d->radius * d->radius);
	*x10 = (d->x + dx) * 10 + rng_range(r, -3000, 3000);
	*y10 = (d->y + dy) * 10 + rng_range(r, -3000, 3000);
}
