/* SPDX-License-Identifier: ISC */
/*
 * Writes deterministic sample files in the layouts the agencies publish, from
 * the reference geography, for the bundled database and the tests:
 *
 *   mksample --geography data/geography.db --out DIR
 *       [--scale sample|full] [--seed N] [--finess-excerpt FILE] [--verbose]
 *
 * sample: the FINESS geolocated extract (which starts with the real lines of
 * FILE), SAE 2023 and 2024, Open Medic 2023 and 2024 (about 100,000 rows
 * each), the DREES physicians CSV and the BDPM files (whose presentations
 * are the Open Medic products). full: Open Medic 2024 alone at its
 * published size (about 1.96 million rows), with its CSV left beside the zip.
 * The same seed gives byte-identical files, whatever the time zone.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "sample.h"

#define DEFAULT_SEED	20260504

static void
usage(void)
{
	fprintf(stderr, "usage: mksample --geography DB --out DIR "
	    "[--scale sample|full] [--seed N] [--finess-excerpt FILE] "
	    "[--verbose]\n");
}

static void
print_medic(int year, const struct sample_medic_totals *t)
{
	printf("OPEN_MEDIC_%d: %lld rows, %lld products, BOITES %lld, "
	    "REM %lld cents, BSE %lld cents\n", year, (long long)t->rows,
	    (long long)t->products, (long long)t->boxes,
	    (long long)t->rem_cents, (long long)t->bse_cents);
}

static int
run(const char *geography, const char *dir, int full, uint64_t seed,
    const char *excerpt, int verbose, char **cause)
{
	struct sample_geo geo;
	struct sample_ests ests;
	struct sample_medic_totals t;
	int rc = -1, year;

	if (mkdir(dir, 0777) != 0 && errno != EEXIST)
		return error_set(cause, "%s: %s", dir, strerror(errno));
	if (sample_geo_load(&geo, geography, cause) != 0)
		return -1;
	if (full) {
		if (sample_medic(&geo, seed, 2024, 1, dir, &t, cause) != 0)
			goto out;
		if (verbose)
			print_medic(2024, &t);
		/* The BDPM of the same catalogue, for make bench's drug lookups. */
		if (sample_bdpm(&geo, seed, 1, dir, cause) != 0)
			goto out;
		rc = 0;
		goto out;
	}
	if (sample_finess(&geo, seed, dir, excerpt, &ests, cause) != 0)
		goto out;
	if (verbose)
		printf("FINESS: %zu establishments\n", ests.n);
	for (year = 2023; year <= 2024; year++)
		if (sample_sae(&geo, &ests, seed, year, dir, cause) != 0) {
			sample_ests_free(&ests);
			goto out;
		}
	sample_ests_free(&ests);
	for (year = 2023; year <= 2024; year++) {
		if (sample_medic(&geo, seed, year, 0, dir, &t, cause) != 0)
			goto out;
		if (verbose)
			print_medic(year, &t);
	}
	if (sample_drees(&geo, seed, dir, cause) != 0)
		goto out;
	if (sample_bdpm(&geo, seed, 0, dir, cause) != 0)
		goto out;
	rc = 0;
out:
	sample_geo_free(&geo);
	return rc;
}

int
main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "geography", required_argument, NULL, 'g' },
		{ "out", required_argument, NULL, 'o' },
		{ "scale", required_argument, NULL, 's' },
		{ "seed", required_argument, NULL, 'S' },
		{ "finess-excerpt", required_argument, NULL, 'f' },
		{ "verbose", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 },
	};
	const char *geography = NULL, *dir = NULL, *excerpt = NULL;
	uint64_t seed = DEFAULT_SEED;
	char *cause = NULL, *end;
	int c, full = 0, verbose = 0;

	while ((c = getopt_long(argc, argv, "v", options, NULL)) != -1) {
		switch (c) {
		case 'g':
			geography = optarg;
			break;
		case 'o':
			dir = optarg;
			break;
		case 's':
			if (strcmp(optarg, "full") == 0)
				full = 1;
			else if (strcmp(optarg, "sample") == 0)
				full = 0;
			else {
				usage();
				return 2;
			}
			break;
		case 'S':
			errno = 0;
			seed = strtoull(optarg, &end, 10);
			if (errno != 0 || *end != '\0' || end == optarg) {
				fprintf(stderr, "mksample: bad seed %s\n", optarg);
				return 2;
			}
			break;
		case 'f':
			excerpt = optarg;
			break;
		case 'v':
			verbose = 1;
			break;
		default:
			usage();
			return 2;
		}
	}
	/* Zip entries carry local time: make it the same everywhere. */
	if (setenv("TZ", "UTC0", 1) != 0)
		fatal("setenv");
	tzset();
	if (geography == NULL || dir == NULL || optind != argc ||
	    (!full && excerpt == NULL)) {
		usage();
		return 2;
	}
	if (run(geography, dir, full, seed, excerpt, verbose, &cause) != 0) {
		fprintf(stderr, "mksample: %s\n", cause != NULL ? cause :
		    "failed");
		free(cause);
		return 1;
	}
	return 0;
}
