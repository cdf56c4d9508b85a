/* SPDX-License-Identifier: ISC */
/*
 * make bench: the query functions, in process, on a database of ten
 * full-scale Open Medic years, the BDPM at its published size and the
 * sample FINESS and SAE data, its establishments grown to FINESS's national
 * size first with --national-finess (grow_finess.h). Prints p50
 * and p99 of each family against its target, and a baseline paired with
 * each call in the same run: the same SQL, recorded from the call
 * (query_db_trace), prepared once as mediflux keeps its statements, and
 * run on the same connection, every column read; the ratio is what the
 * query functions cost beyond their SQL.
 *
 * usage: query_bench --db PATH [--rounds N] [--national-finess]
 */
#include "config.h"

#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "db.h"
#include "query.h"
#include "query_drug.h"
#include "query_hospital.h"
#include "query_meds.h"
#include "query_regions.h"
#include "xmalloc.h"

#include "grow_finess.h"
#include "timings.h"

static void
bench_fail(const char *what, char *cause)
{
	fprintf(stderr, "query_bench: %s: %s\n", what, cause);
	free(cause);
	exit(1);
}

static void
bench_report(const char *name, struct timings *t, double target,
    struct timings *baseline, const char *what)
{
	double p50 = timings_percentile(t, 50), p99 = timings_percentile(t, 99);

	printf("  %-10s %6zu calls  p50 %8.3f ms  p99 %8.3f ms  max %8.3f ms"
	    "  target p99 < %g ms: %s\n", name, t->n, p50, p99,
	    t->ms[t->n - 1], target, p99 < target ? "met" : "NOT met");
	if (baseline != NULL && baseline->n > 0)
		printf("  %-10s %6zu runs   p50 %8.3f ms  p99 %8.3f ms  (%s, "
		    "paired; ratio p50 %.2f)\n", "  same SQL", baseline->n,
		    timings_percentile(baseline, 50),
		    timings_percentile(baseline, 99), what,
		    p50 / timings_percentile(baseline, 50));
}

/* The statements one call ran, prepared again to run as they are. */
struct bench_replay {
	sqlite3_stmt	**st;
	size_t		  n;
	FILE		 *f;		/* recording */
	char		 *sql;
	size_t		  len;
	char		 *cell_filters;	/* see bench_replay_cells */
};

/* How meds reads the packed cells it then filters and sums in C. */
#define BENCH_CELLS_SELECT "SELECT code, cells FROM med_cell WHERE "

/*
 * The statement that reads packed cells, rewritten to have SQLite filter
 * and sum them (through med_unpack, as meds did until it summed them in C),
 * so that the baseline does the same work as the call; NULL for others.
 */
static char *
bench_replay_cells(const struct bench_replay *rp, const char *sql,
    size_t len)
{
	size_t n = strlen(BENCH_CELLS_SELECT);

	for (; len > 0 && (*sql == '\n' || *sql == ' '); len--)
		sql++;
	if (rp->cell_filters == NULL || len < n ||
	    strncmp(sql, BENCH_CELLS_SELECT, n) != 0)
		return NULL;
	while (len > n && (sql[len - 1] == ';' || sql[len - 1] == '\n' ||
	    sql[len - 1] == ' '))
		len--;
	return xasprintf("SELECT c.code, sum(u.rows), sum(u.boxes),"
	    " sum(u.reimbursed_cents), sum(u.base_cents) FROM med_cell c,"
	    " med_unpack(c.cells) u WHERE %.*s%s GROUP BY c.code",
	    (int)(len - n), sql + n, rp->cell_filters);
}

/* Starts recording the statements the next call runs on q. */
static void
bench_replay_record(struct query_db *q, struct bench_replay *rp)
{
	memset(rp, 0, sizeof *rp);
	if ((rp->f = open_memstream(&rp->sql, &rp->len)) == NULL)
		bench_fail("open_memstream", xstrdup("failed"));
	query_db_trace(q, rp->f);
}

/* Stops recording and prepares what was recorded, statement by statement. */
static void
bench_replay_prepare(struct query_db *q, struct bench_replay *rp)
{
	const char *next, *tail;
	sqlite3_stmt *st;
	char *sums;

	query_db_trace(q, NULL);
	fclose(rp->f);
	rp->f = NULL;
	for (next = rp->sql; *next != '\0'; next = tail) {
		if (sqlite3_prepare_v2(q->db, next, -1, &st, &tail) != SQLITE_OK)
			bench_fail("replay", xstrdup(sqlite3_errmsg(q->db)));
		if (st == NULL)
			break;
		if ((sums = bench_replay_cells(rp, next,
		    (size_t)(tail - next))) != NULL) {
			sqlite3_finalize(st);
			if (sqlite3_prepare_v2(q->db, sums, -1, &st, NULL) !=
			    SQLITE_OK)
				bench_fail("replay", xstrdup(sqlite3_errmsg(
				    q->db)));
			free(sums);
		}
		rp->st = xreallocarray(rp->st, rp->n + 1, sizeof *rp->st);
		rp->st[rp->n++] = st;
	}
}

/* Runs the statements recorded, reading every column of every row; returns milliseconds. */
static double
bench_replay_run(struct bench_replay *rp)
{
	double start = clock_now_ms();
	size_t i;
	int c, n;

	for (i = 0; i < rp->n; i++) {
		n = sqlite3_column_count(rp->st[i]);
		while (sqlite3_step(rp->st[i]) == SQLITE_ROW)
			for (c = 0; c < n; c++)
				(void)sqlite3_column_text(rp->st[i], c);
		sqlite3_reset(rp->st[i]);
	}
	return clock_now_ms() - start;
}

/*
 * Ends a call begun at start in round r: the round before the first (r < 0)
 * prepares what the call ran; the others time the call, then its SQL alone.
 */
static void
bench_replay_pair(struct query_db *q, struct bench_replay *rp, int r,
    double start, struct timings *t, struct timings *base)
{
	double took = clock_now_ms() - start;

	if (r < 0) {
		bench_replay_prepare(q, rp);
		return;
	}
	timings_add(t, took);
	timings_add(base, bench_replay_run(rp));
}

static void
bench_replay_free(struct bench_replay *rp)
{
	size_t i;

	for (i = 0; i < rp->n; i++)
		sqlite3_finalize(rp->st[i]);
	free(rp->st);
	free(rp->sql);
	free(rp->cell_filters);
	memset(rp, 0, sizeof *rp);
}

/* Searches a user types: cities with accents and abbreviations, postcodes, départements. */
static void
bench_search(struct query_db *q, int rounds, struct timings *t,
    struct timings *base)
{
	static const char *const queries[] = {
		"lyon", "sai eti", "st etienne", "Saint-Étienne", "marseille",
		"paris", "bordeaux", "toulouse", "nantes", "lille", "rennes",
		"montpellier", "nice", "strasbourg", "grenoble", "brest", "s",
		"sa", "ch", "42", "2A", "974", "75013", "130", "69", "33000",
		"saint denis", "le puy", "aix", "bourg en bresse",
	};
	enum { NQUERIES = sizeof queries / sizeof queries[0] };
	struct bench_replay replay[NQUERIES];
	struct hospital_results *res;
	char *cause = NULL;
	double start;
	size_t i;
	int r;

	for (r = -1; r < rounds; r++) {
		for (i = 0; i < NQUERIES; i++) {
			if (r < 0)	/* the round that records the SQL */
				bench_replay_record(q, &replay[i]);
			start = clock_now_ms();
			if (hospital_search(q, queries[i], HOSPITAL_SEARCH_LIMIT,
			    0, &res, &cause) != 0)
				bench_fail("search", cause);
			bench_replay_pair(q, &replay[i], r, start, t, base);
			hospital_results_free(res);
		}
	}
	for (i = 0; i < NQUERIES; i++)
		bench_replay_free(&replay[i]);
}

static void
bench_regions(struct query_db *q, int rounds, struct timings *t,
    struct timings *base)
{
	struct bench_replay replay[2][REGION_NMETRICS - REGION_SORT_NAME];
	struct bench_replay *rp;
	struct region_query rq;
	struct region_table *tab;
	char *cause = NULL;
	double start;
	int r, level, sort;

	for (r = -1; r < rounds; r++) {
		for (level = 0; level < 2; level++) {
			for (sort = REGION_SORT_NAME; sort < REGION_NMETRICS;
			    sort++) {
				rp = &replay[level][sort - REGION_SORT_NAME];
				rq.level = level;
				rq.year = 0;
				rq.sort = sort;
				rq.descending = sort >= 0;
				if (r < 0)
					bench_replay_record(q, rp);
				start = clock_now_ms();
				if (region_table_get(q, &rq, &tab, &cause) != 0)
					bench_fail("regions", cause);
				bench_replay_pair(q, rp, r, start, t, base);
				region_table_free(tab);
			}
		}
	}
	for (level = 0; level < 2; level++)
		for (sort = REGION_SORT_NAME; sort < REGION_NMETRICS; sort++)
			bench_replay_free(&replay[level][sort - REGION_SORT_NAME]);
}

/* The ATC codes of the database, by level, to drill down through at random. */
struct bench_codes {
	char	**code[6];
	size_t	  n[6];
};

static void
bench_codes_load(struct query_db *q, struct bench_codes *c)
{
	sqlite3_stmt *st;
	char *cause = NULL;
	int level;

	memset(c, 0, sizeof *c);
	if (db_prepare(q->db, "SELECT level, code FROM atc ORDER BY code", &st,
	    &cause) != 0)
		bench_fail("atc", cause);
	while (sqlite3_step(st) == SQLITE_ROW) {
		level = sqlite3_column_int(st, 0);
		if (level < 1 || level > 5)
			continue;
		c->code[level] = xreallocarray(c->code[level], c->n[level] + 1,
		    sizeof *c->code[level]);
		c->code[level][c->n[level]++] =
		    xstrdup((const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
}

/* A small deterministic generator: the same drill-downs every run. */
static unsigned long bench_seed = 20261121;

static unsigned
bench_random(unsigned n)
{
	bench_seed = bench_seed * 6364136223846793005UL + 1442695040888963407UL;
	return (unsigned)((bench_seed >> 33) % n);
}

/* Cold runs of meds: enough for a p99 that is not the max. */
#define BENCH_COLD_SAMPLES 200

/*
 * Runs mq on a new connection to path after the system has dropped the
 * file's pages from its cache (posix_fadvise, no privilege needed): the
 * query as the first of a day finds it. Returns its milliseconds. No other
 * connection of this process may be open: the pages it has mapped
 * (mmap_size) would stay in the cache.
 */
static double
bench_meds_cold(const char *path, const struct meds_query *mq)
{
	struct query_db *cold;
	struct meds_result *res;
	char *cause = NULL;
	double start, took;
	int fd;

	if ((cold = query_db_open(path, &cause)) == NULL)
		bench_fail(path, cause);
	if ((fd = open(path, O_RDONLY)) == -1 ||
	    posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED) != 0)
		bench_fail(path, xstrdup("cannot drop its cached pages"));
	close(fd);
	start = clock_now_ms();
	if (meds_query_run(cold, mq, &res, &cause) != 0)
		bench_fail("meds, cold", cause);
	took = clock_now_ms() - start;
	meds_result_free(res);
	query_db_free(cold);
	return took;
}

/*
 * Writes out what the import (or the growth of FINESS) left dirty in the
 * system's cache before anything is timed: posix_fadvise cannot drop a dirty
 * page, and a cold read would queue behind the write-back of hundreds of
 * megabytes, timing the disk's backlog rather than the query.
 */
static void
bench_settle(const char *path)
{
	int fd;

	if ((fd = open(path, O_RDONLY)) == -1 || fsync(fd) != 0)
		bench_fail(path, xstrdup("cannot write its pages out"));
	close(fd);
}

/* mq's filters as SQL on med_unpack's columns, for bench_replay_cells. */
static char *
bench_cell_filters(const struct meds_query *mq)
{
	const int value[] = { mq->region, mq->age, mq->sex, mq->prescriber };
	const char *const column[] = { "region", "age", "sex", "prescriber" };
	char *sql = xstrdup(""), *next;
	int d;

	for (d = 0; d < 4; d++) {
		if (value[d] == MEDS_ANY)
			continue;
		next = xasprintf("%s AND u.%s = %d", sql, column[d], value[d]);
		free(sql);
		sql = next;
	}
	return sql;
}

static void
bench_meds(struct query_db *q, int rounds, struct timings *t,
    struct timings *base, struct meds_query *cold)
{
	static const int regions[] = { 11, 84, 93, 5, 53 };
	static const int ages[] = { 0, 20, 60 };
	static const int sexes[] = { 1, 2 };
	struct bench_codes codes;
	struct meds_query mq;
	struct meds_result *res;
	struct bench_replay replay;
	char *cause = NULL, *pick;
	double start;
	int i, r, level, years[2];

	bench_codes_load(q, &codes);
	if (meds_query_run(q, (meds_query_init(&mq), &mq), &res, &cause) != 0)
		bench_fail("meds", cause);
	years[1] = res->years[res->nyears - 1];
	years[0] = res->years[0];
	meds_result_free(res);
	for (i = 0; i < rounds * 40; i++) {
		meds_query_init(&mq);
		mq.year = years[0] + (int)bench_random((unsigned)(years[1] -
		    years[0] + 1));
		/* A drill-down: a code of level 0 to 5, then the level below. */
		level = (int)bench_random(6);
		if (level > 0 && codes.n[level] > 0) {
			pick = codes.code[level][bench_random(
			    (unsigned)codes.n[level])];
			snprintf(mq.atc, sizeof mq.atc, "%s", pick);
		}
		if (bench_random(2))
			mq.region = regions[bench_random(5)];
		if (bench_random(2))
			mq.age = ages[bench_random(3)];
		if (bench_random(2))
			mq.sex = sexes[bench_random(2)];
		if (bench_random(2))
			mq.prescriber = 1 + (int)bench_random(6);
		mq.top = bench_random(2) ? 20 : 0;
		/* Recorded once, then the call and its SQL, paired. */
		for (r = -1; r < 1; r++) {
			if (r < 0) {
				bench_replay_record(q, &replay);
				replay.cell_filters = bench_cell_filters(&mq);
			}
			start = clock_now_ms();
			if (meds_query_run(q, &mq, &res, &cause) != 0)
				bench_fail("meds", cause);
			bench_replay_pair(q, &replay, r, start, t, base);
			meds_result_free(res);
		}
		bench_replay_free(&replay);
		if (i < BENCH_COLD_SAMPLES)
			cold[i] = mq;
	}
	for (level = 0; level < 6; level++) {
		for (size_t k = 0; k < codes.n[level]; k++)
			free(codes.code[level][k]);
		free(codes.code[level]);
	}
}

/*
 * Medicines as a user types them, drawn from the BDPM: the start of a name
 * (3 letters, a word, two words), a substance's word, a CIS, a CIP13; and
 * the fiche of each speciality drawn.
 */
static void
bench_drug(struct query_db *q, int rounds, struct timings *t,
    struct timings *base, struct timings *fiche)
{
	static const char pick[] = "SELECT c.cis, c.name, (SELECT substance FROM"
	    " bdpm_compo WHERE cis = c.cis ORDER BY id LIMIT 1), (SELECT cip13"
	    " FROM bdpm_cip WHERE cis = c.cis ORDER BY cip13 LIMIT 1)"
	    " FROM bdpm_cis c ORDER BY (CAST(c.cis AS INTEGER) * 2654435761)"
	    " % 4294967291 LIMIT 100";
	struct drug_results *res;
	struct drug_detail *d;
	struct bench_replay *replay;
	sqlite3_stmt *st;
	char **queries = NULL, *cause = NULL, *name, *sp;
	size_t n = 0, i;
	double start;
	int r;

	if (db_prepare(q->db, pick, &st, &cause) != 0)
		bench_fail("drug", cause);
	while (sqlite3_step(st) == SQLITE_ROW) {
		name = xstrdup((const char *)sqlite3_column_text(st, 1));
		queries = xreallocarray(queries, n + 6, sizeof *queries);
		queries[n++] = xstrndup(name, 3);
		if ((sp = strchr(name, ' ')) != NULL) {
			queries[n++] = xstrndup(name, (size_t)(sp - name));
			if ((sp = strchr(sp + 1, ' ')) != NULL)
				queries[n++] = xstrndup(name, (size_t)(sp - name));
		}
		if (sqlite3_column_text(st, 2) != NULL)
			queries[n++] = xstrndup((const char *)
			    sqlite3_column_text(st, 2), 5);
		queries[n++] = xstrdup((const char *)sqlite3_column_text(st, 0));
		if (sqlite3_column_text(st, 3) != NULL)
			queries[n++] = xstrdup((const char *)
			    sqlite3_column_text(st, 3));
		free(name);
	}
	sqlite3_finalize(st);
	if (n == 0)
		bench_fail("drug", xstrdup("no BDPM in the database"));
	replay = xcalloc(n, sizeof *replay);
	for (r = -1; r < rounds; r++) {
		for (i = 0; i < n; i++) {
			if (r < 0)	/* the round that records the SQL */
				bench_replay_record(q, &replay[i]);
			start = clock_now_ms();
			if (drug_search(q, queries[i], DRUG_LIMIT_DEFAULT, &res,
			    &cause) != 0)
				bench_fail("drug search", cause);
			bench_replay_pair(q, &replay[i], r, start, t, base);
			drug_results_free(res);
		}
	}
	for (i = 0; i < n; i++)
		bench_replay_free(&replay[i]);
	free(replay);
	/* The fiche of every speciality drawn, by its CIS, in each round. */
	for (r = 0; r < rounds; r++) {
		for (i = 0; i < n; i++) {
			if (strlen(queries[i]) != 8 ||
			    strspn(queries[i], "0123456789") != 8)
				continue;
			start = clock_now_ms();
			if (drug_detail_get(q, queries[i], &d, &cause) != 0)
				bench_fail("drug fiche", cause != NULL ? cause :
				    xstrdup(queries[i]));
			timings_add(fiche, clock_now_ms() - start);
			drug_detail_free(d);
		}
	}
	for (i = 0; i < n; i++)
		free(queries[i]);
	free(queries);
}

int
main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "rounds", required_argument, NULL, 'r' },
		{ "national-finess", no_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	struct timings search = { 0 }, search_base = { 0 }, regions = { 0 },
	    regions_base = { 0 }, meds = { 0 }, meds_base = { 0 },
	    meds_cold = { 0 }, drug = { 0 },
	    drug_base = { 0 }, fiche = { 0 };
	struct query_db *q;
	const char *path = NULL;
	char *cause = NULL;
	int64_t facts, specialities, establishments;
	struct meds_query cold[BENCH_COLD_SAMPLES];
	int c, i, rounds = 20, national = 0, usage_error = 0;

	/* As mediflux itself does. */
	db_library_init();
	xmalloc_keep_freed();
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		if (c == 'd')
			path = optarg;
		else if (c == 'r')
			rounds = atoi(optarg);
		else if (c == 'n')
			national = 1;
		else
			usage_error = 1;
	}
	if (usage_error || path == NULL || rounds < 1) {
		fprintf(stderr, "usage: query_bench --db PATH [--rounds N] "
		    "[--national-finess]\n");
		return 2;
	}
	if (national && bench_grow_finess(path, &cause) != 0)
		bench_fail(path, cause);
	bench_settle(path);
	if ((q = query_db_open(path, &cause)) == NULL)
		bench_fail(path, cause);
	if (db_query_int64(q->db, "SELECT count(*) FROM med_fact_run r,"
	    " med_unpack(r.facts) u", &facts, &cause) != 0)
		bench_fail("med_fact_run", cause);
	if (db_query_int64(q->db, "SELECT count(*) FROM establishment",
	    &establishments, &cause) != 0)
		bench_fail("establishment", cause);
	bench_search(q, rounds, &search, &search_base);
	bench_regions(q, rounds, &regions, &regions_base);
	bench_meds(q, rounds, &meds, &meds_base, cold);
	if (db_query_int64(q->db, "SELECT count(*) FROM bdpm_cis", &specialities,
	    &cause) != 0)
		bench_fail("bdpm_cis", cause);
	bench_drug(q, rounds, &drug, &drug_base, &fiche);
	/* The first queries of a day, once the warm connection is closed. */
	query_db_free(q);
	for (i = 0; i < BENCH_COLD_SAMPLES && i < rounds * 40; i++)
		timings_add(&meds_cold, bench_meds_cold(path, &cold[i]));
	printf("\nQueries in process on %s (%lld Open Medic rows, %lld BDPM "
	    "specialities, %lld establishments):\n", path, (long long)facts,
	    (long long)specialities, (long long)establishments);
	bench_report("search", &search, 0.25, &search_base, "its SQL alone");
	bench_report("regions", &regions, 5, &regions_base, "its SQL alone");
	bench_report("meds", &meds, 1, &meds_base, "its SQL, the packed cells"
	    " summed by SQLite");
	bench_report("meds cold", &meds_cold, 5, NULL, NULL);
	bench_report("drug", &drug, 1, &drug_base, "its SQL alone");
	bench_report("fiche", &fiche, 5, NULL, NULL);
	free(search.ms);
	free(search_base.ms);
	free(regions.ms);
	free(regions_base.ms);
	free(meds.ms);
	free(meds_base.ms);
	free(meds_cold.ms);
	free(drug.ms);
	free(drug_base.ms);
	free(fiche.ms);
	return 0;
}
