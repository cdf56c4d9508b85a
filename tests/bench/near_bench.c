/* SPDX-License-Identifier: ISC */
/*
 * make bench: search --near at national FINESS size. Copies the sample
 * database (its FINESS extract through the real import) and grows its
 * establishments to about 100 000, some 3 700 of them hospitals and
 * clinics (grow_finess.h);
 * then times, over 20 places, 20 rounds of each (400 samples in all):
 *   - hospital_search_near (30 km, 20 rows), against a p99 target of 1 ms;
 *   - its candidate step read from the R*Tree, against the same step read
 *     by scanning the table (the same SQL box, the same distances): the
 *     index's gain, like for like.
 *
 * usage: near_bench --sample DB --work DIR [--rounds N]
 *        near_bench --geodesic-load N
 *
 * The second form times what a command line `search --near` pays before its
 * first distance and the sqlite3 shell never does: loading GeographicLib
 * (and libstdc++), in N fresh processes (forks of this one, which never
 * loads it). cli.py prints it as that command's floor.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include "clock.h"
#include "db.h"
#include "position.h"
#include "query.h"
#include "query_hospital.h"
#include "refdb.h"
#include "xmalloc.h"

#include "grow_finess.h"
#include "timings.h"

static void
bench_fail(const char *what, char *cause)
{
	fprintf(stderr, "near_bench: %s: %s\n", what, cause);
	free(cause);
	exit(1);
}

/* The candidate step of a --near search: a box, then each distance. */
static int64_t
bench_candidates(sqlite3_stmt *st, double lat, double lon, double km)
{
	struct position_box b;
	int64_t kept = 0;

	position_box_around(lat, lon, km, &b);
	sqlite3_bind_double(st, 1, b.min_lat);
	sqlite3_bind_double(st, 2, b.max_lat);
	sqlite3_bind_double(st, 3, b.min_lon);
	sqlite3_bind_double(st, 4, b.max_lon);
	while (sqlite3_step(st) == SQLITE_ROW)
		if (position_distance_km(lat, lon, sqlite3_column_double(st, 5),
		    sqlite3_column_double(st, 6)) <= km)
			kept++;
	sqlite3_reset(st);
	return kept;
}

/* Loading GeographicLib in n fresh processes: prints the p50 and p99 in milliseconds. */
static int
bench_geodesic_load(int n)
{
	struct timings t = { 0 };
	double ms;
	char *cause = NULL;
	int fds[2], status, i;
	pid_t pid;

	for (i = 0; i < n; i++) {
		if (pipe(fds) != 0 || (pid = fork()) < 0)
			bench_fail("fork", xstrdup("cannot start a process"));
		if (pid == 0) {
			close(fds[0]);
			ms = clock_now_ms();
			if (position_available(&cause) != 0)
				_exit(1);
			ms = clock_now_ms() - ms;
			_exit(write(fds[1], &ms, sizeof ms) == sizeof ms ? 0 : 1);
		}
		close(fds[1]);
		if (read(fds[0], &ms, sizeof ms) != sizeof ms ||
		    waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0)
			bench_fail("GeographicLib", xstrdup("cannot be loaded"));
		close(fds[0]);
		timings_add(&t, ms);
	}
	printf("geodesic-load p50 %.3f p99 %.3f\n", timings_percentile(&t, 50),
	    timings_percentile(&t, 99));
	free(t.ms);
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "sample", required_argument, NULL, 's' },
		{ "work", required_argument, NULL, 'w' },
		{ "rounds", required_argument, NULL, 'r' },
		{ "geodesic-load", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const places[] = {
		"vienne", "lyon", "paris", "marseille", "toulouse", "bordeaux",
		"lille", "nantes", "strasbourg", "brest", "grenoble", "nice",
		"rennes", "dijon", "limoges", "clermont ferrand", "ajaccio",
		"42", "75013", "saint denis (974)",
	};
	static const char rtree_sql[] =
	    "SELECT e.finess, NULL, e.category_code, e.category_group_code,"
	    " e.name_key, e.latitude, e.longitude FROM establishment_rtree p"
	    " JOIN establishment e ON e.rowid = p.id WHERE p.max_lat >= ?1"
	    " AND p.min_lat <= ?2 AND p.max_lon >= ?3 AND p.min_lon <= ?4"
	    " AND p.max_kind >= 1";
	static const char scan_sql[] =
	    "SELECT e.finess, NULL, e.category_code, e.category_group_code,"
	    " e.name_key, e.latitude, e.longitude FROM establishment e"
	    " WHERE e.latitude >= ?1 AND e.latitude <= ?2"
	    " AND e.longitude >= ?3 AND e.longitude <= ?4"
	    " AND e.category_group_code LIKE '11%'";
	const size_t nplaces = sizeof places / sizeof places[0];
	struct timings search = { 0 }, rtree = { 0 }, scan = { 0 };
	struct timings each[sizeof places / sizeof places[0]];
	size_t slowest = 0;
	struct hospital_results *res;
	struct query_db *q;
	sqlite3_stmt *st_rtree, *st_scan;
	const char *sample = NULL, *work = NULL;
	char *path, *cmd, *cause = NULL;
	double lat[64], lon[64], start;
	int64_t n, found = 0, a, b;
	size_t i;
	int c, r, rounds = 20;

	/* As mediflux itself does. */
	xmalloc_keep_freed();
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		if (c == 's')
			sample = optarg;
		else if (c == 'w')
			work = optarg;
		else if (c == 'r')
			rounds = atoi(optarg);
		else if (c == 'p')
			return bench_geodesic_load(atoi(optarg) > 0 ? atoi(optarg) : 1);
		else
			sample = NULL;
	}
	if (sample == NULL || work == NULL || rounds < 1) {
		fprintf(stderr, "usage: near_bench --sample DB --work DIR "
		    "[--rounds N] | --geodesic-load N\n");
		return 2;
	}
	path = xasprintf("%s/near.db", work);
	cmd = xasprintf("mkdir -p '%s' && cp '%s' '%s'", work, sample, path);
	if (system(cmd) != 0)
		bench_fail(cmd, xstrdup("failed"));
	free(cmd);
	if (bench_grow_finess(path, &cause) != 0)
		bench_fail(path, cause);
	if ((q = query_db_open(path, &cause)) == NULL)
		bench_fail(path, cause);
	if (db_query_int64(q->db, "SELECT count(*) FROM establishment_rtree",
	    &n, &cause) != 0)
		bench_fail("count", cause);
	memset(each, 0, sizeof each);
	/* Each place's centre, as the search finds it. */
	for (i = 0; i < nplaces; i++) {
		if (hospital_search_near(q, places[i], HOSPITAL_SEARCH_LIMIT, 0,
		    NULL, 0, HOSPITAL_NEAR_KM, &res, &cause) != 0)
			bench_fail(places[i], cause);
		lat[i] = res->near->latitude;
		lon[i] = res->near->longitude;
		hospital_results_free(res);
	}
	if (db_prepare(q->db, rtree_sql, &st_rtree, &cause) != 0 ||
	    db_prepare(q->db, scan_sql, &st_scan, &cause) != 0)
		bench_fail("prepare", cause);
	/*
	 * The searches, place after place, as the interface's user moves on;
	 * not between the scans below, each of which (40 ms over the whole
	 * table) leaves the processor's caches to the search after it.
	 */
	for (r = 0; r < rounds; r++) {
		for (i = 0; i < nplaces; i++) {
			start = clock_now_ms();
			if (hospital_search_near(q, places[i],
			    HOSPITAL_SEARCH_LIMIT, 0, NULL, 0, HOSPITAL_NEAR_KM,
			    &res, &cause) != 0)
				bench_fail(places[i], cause);
			timings_add(&search, clock_now_ms() - start);
			timings_add(&each[i], search.ms[search.n - 1]);
			found += res->total;
			hospital_results_free(res);
		}
	}
	/* Paired: each way of reading a place's candidates, place by place. */
	for (r = 0; r < rounds; r++) {
		for (i = 0; i < nplaces; i++) {
			start = clock_now_ms();
			a = bench_candidates(st_rtree, lat[i], lon[i],
			    HOSPITAL_NEAR_KM);
			timings_add(&rtree, clock_now_ms() - start);
			start = clock_now_ms();
			b = bench_candidates(st_scan, lat[i], lon[i],
			    HOSPITAL_NEAR_KM);
			timings_add(&scan, clock_now_ms() - start);
			if (a != b)
				bench_fail(places[i], xasprintf("the R*Tree finds "
				    "%lld, the scan %lld", (long long)a,
				    (long long)b));
		}
	}
	sqlite3_finalize(st_rtree);
	sqlite3_finalize(st_scan);
	printf("\nsearch --near %d km on %lld placed establishments (%zu places,"
	    " %zu calls in all; %.0f hospitals and clinics within it on average):\n",
	    HOSPITAL_NEAR_KM, (long long)n, nplaces, search.n,
	    (double)found / (double)search.n);
	printf("  search --near      p50 %8.3f ms  p99 %8.3f ms  target p99 < 1 "
	    "ms: %s\n", timings_percentile(&search, 50),
	    timings_percentile(&search, 99),
	    timings_percentile(&search, 99) < 1 ? "met" : "NOT met");
	for (i = 0; i < nplaces; i++)
		if (timings_percentile(&each[i], 100) >
		    timings_percentile(&each[slowest], 100))
			slowest = i;
	printf("  slowest place      p50 %8.3f ms  max %8.3f ms  (%s, %zu "
	    "calls)\n", timings_percentile(&each[slowest], 50),
	    timings_percentile(&each[slowest], 100), places[slowest],
	    each[slowest].n);
	printf("  candidates, R*Tree p50 %8.3f ms  p99 %8.3f ms\n",
	    timings_percentile(&rtree, 50), timings_percentile(&rtree, 99));
	printf("  candidates, scan   p50 %8.3f ms  p99 %8.3f ms  (the same box"
	    " and distances without the index; ratio p50 R*Tree/scan %.4f)\n",
	    timings_percentile(&scan, 50), timings_percentile(&scan, 99),
	    timings_percentile(&rtree, 50) / timings_percentile(&scan, 50));
	free(search.ms);
	for (i = 0; i < nplaces; i++)
		free(each[i].ms);
	free(rtree.ms);
	free(scan.ms);
	free(path);
	query_db_free(q);
	return 0;
}
