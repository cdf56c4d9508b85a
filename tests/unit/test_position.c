/* SPDX-License-Identifier: ISC */
/*
 * Positions (src/position.c): FINESS's projected coordinates converted by
 * PROJ, checked within a metre against points computed here from the
 * published definitions of the systems, not by PROJ: IGN's formulas and
 * constants for Lambert-93 (note NTG_71), and the meridian arc of GRS 80
 * for the UTM zones overseas (on the central meridian, easting 500 000 m
 * and northing k0 times the arc, plus 10 000 000 m south of the equator).
 */
#include "config.h"

#include <math.h>

#include <geodesic.h>

#include "unit.h"

#include "position.h"
#include "xmalloc.h"

#define DEG (M_PI / 180)

/* GRS 80, the ellipsoid of RGF93, RGAF09, RGFG95, RGR92 and RGM04. */
static const double grs80_a = 6378137.0, grs80_e2 = 0.00669438002290;

/* Lambert-93 by IGN's algorithms ALG0001 and ALG0003, with its published constants. */
static void
lambert93_forward(double lat, double lon, double *x, double *y)
{
	const double e = sqrt(grs80_e2), n = 0.7256077650532670,
	    c = 11754255.426096, xs = 700000.0, ys = 12655612.049876;
	double phi = lat * DEG, l, r, gamma;

	l = log(tan(M_PI / 4 + phi / 2) *
	    pow((1 - e * sin(phi)) / (1 + e * sin(phi)), e / 2));
	r = c * exp(-n * l);
	gamma = n * (lon - 3) * DEG;
	*x = xs + r * sin(gamma);
	*y = ys - r * cos(gamma);
}

/* The length of the meridian from the equator to lat, on GRS 80. */
static double
meridian_arc(double lat)
{
	double e2 = grs80_e2, e4 = e2 * e2, e6 = e4 * e2, p = lat * DEG;

	return grs80_a * ((1 - e2 / 4 - 3 * e4 / 64 - 5 * e6 / 256) * p -
	    (3 * e2 / 8 + 3 * e4 / 32 + 45 * e6 / 1024) * sin(2 * p) +
	    (15 * e4 / 256 + 45 * e6 / 1024) * sin(4 * p) -
	    (35 * e6 / 3072) * sin(6 * p));
}

/* Metres between two nearby points, for "within a metre". */
static double
metres_apart(double lat1, double lon1, double lat2, double lon2)
{
	return position_distance_km(lat1, lon1, lat2, lon2) * 1000;
}

/* x, y in epsg read back as lat, lon, and lat, lon projected back to x, y. */
static void
check_point(struct position_converter *c, int epsg, double x, double y,
    double lat, double lon)
{
	double got_lat, got_lon, got_x, got_y;
	struct position_why why;

	if (position_from_projected(c, epsg, x, y, &got_lat, &got_lon,
	    &why) != 0)
		fail_msg("EPSG:%d: %s", epsg, position_why_text(&why, 1));
	if (metres_apart(got_lat, got_lon, lat, lon) > 1)
		fail_msg("EPSG:%d (%.2f, %.2f): %.7f, %.7f, not %.7f, %.7f "
		    "(%.3f m)", epsg, x, y, got_lat, got_lon, lat, lon,
		    metres_apart(got_lat, got_lon, lat, lon));
	if (position_to_projected(c, epsg, lat, lon, &got_x, &got_y,
	    &why) != 0)
		fail_msg("EPSG:%d: %s", epsg, position_why_text(&why, 1));
	if (hypot(got_x - x, got_y - y) > 1)
		fail_msg("EPSG:%d back: %.2f, %.2f, not %.2f, %.2f", epsg, got_x,
		    got_y, x, y);
}

/* Lambert-93's origin by definition, and points of France by IGN's formulas. */
static void
test_lambert93(void **state)
{
	static const double points[][2] = {
		{ 48.853, 2.3499 },	/* Paris, Notre-Dame */
		{ 43.2965, 5.3698 },	/* Marseille */
		{ 48.3904, -4.4861 },	/* Brest: far from the central meridian */
		{ 41.9192, 8.7386 },	/* Ajaccio */
		{ 51.0343, 2.3768 },	/* Dunkerque */
		{ 45.525, 4.8744 },	/* Vienne */
	};
	struct position_converter *c = position_converter_new(NULL);
	double x, y;
	size_t i;

	(void)state;
	lambert93_forward(46.5, 3, &x, &y);
	assert_true(fabs(x - 700000) < 0.001 && fabs(y - 6600000) < 0.001);
	check_point(c, 2154, 700000, 6600000, 46.5, 3);
	for (i = 0; i < sizeof points / sizeof points[0]; i++) {
		lambert93_forward(points[i][0], points[i][1], &x, &y);
		check_point(c, 2154, x, y, points[i][0], points[i][1]);
	}
	position_converter_free(c);
}

/* The overseas zones FINESS names: central meridians at the equator and along them. */
static void
test_utm_overseas(void **state)
{
	struct position_converter *c = position_converter_new(NULL);
	const double k0 = 0.9996;

	(void)state;
	/* RGAF09 / UTM 20N (Guadeloupe, Martinique): central meridian 63° W. */
	check_point(c, 5490, 500000, 0, 0, -63);
	check_point(c, 5490, 500000, k0 * meridian_arc(16.25), 16.25, -63);
	check_point(c, 5490, 500000, k0 * meridian_arc(14.6), 14.6, -63);
	/* RGR92 / UTM 40S (La Réunion): 57° E, northings from 10 000 000 m. */
	check_point(c, 2975, 500000, 10000000, 0, 57);
	check_point(c, 2975, 500000, 10000000 - k0 * meridian_arc(21), -21, 57);
	/* RGFG95 / UTM 22N (Guyane): 51° W; RGM04 / UTM 38S (Mayotte): 45° E. */
	check_point(c, 2972, 500000, k0 * meridian_arc(4.9), 4.9, -51);
	check_point(c, 4471, 500000, 10000000 - k0 * meridian_arc(12.8), -12.8,
	    45);
	/* WGS 84 / UTM 21N (Saint-Pierre-et-Miquelon): 57° W. */
	check_point(c, 32621, 500000, 0, 0, -57);
	position_converter_free(c);
}

/* A code that is not a projected system is refused, with the code named. */
static void
test_unknown_systems(void **state)
{
	struct position_converter *c = position_converter_new(NULL);
	struct position_why why;
	double lat, lon;
	char *text;

	(void)state;
	assert_int_equal(position_from_projected(c, 4326, 3, 46, &lat, &lon,
	    &why), -1);
	assert_int_equal(why.kind, POSITION_NOT_PROJECTED);
	text = position_why_text(&why, 1);
	assert_string_equal(text, "EPSG:4326 is not a projected coordinate "
	    "system");
	free(text);
	assert_int_equal(position_from_projected(c, 999999, 1, 1, &lat, &lon,
	    &why), -1);
	assert_int_equal(why.kind, POSITION_REFUSED);
	text = position_why_text(&why, 1);
	assert_int_equal(strncmp(text, "EPSG:999999: ", 13), 0);
	free(text);
	/* The one it knows still converts after the refusals. */
	assert_int_equal(position_from_projected(c, 2154, 700000, 6600000,
	    &lat, &lon, &why), 0);
	assert_true(fabs(lat - 46.5) < 1e-8 && fabs(lon - 3) < 1e-8);
	position_converter_free(c);
}

/* A converter holds 16 systems: the 17th code is refused as one too many. */
static void
test_too_many_systems(void **state)
{
	struct position_converter *c = position_converter_new(NULL);
	struct position_why why;
	double lat, lon;
	char *text;
	int i;

	(void)state;
	for (i = 1; i <= 16; i++) {
		assert_int_equal(position_from_projected(c, 999000 + i, 1, 1,
		    &lat, &lon, &why), -1);
		assert_int_equal(why.kind, POSITION_REFUSED);
	}
	assert_int_equal(position_from_projected(c, 2154, 700000, 6600000,
	    &lat, &lon, &why), -1);
	assert_int_equal(why.kind, POSITION_TOO_MANY);
	text = position_why_text(&why, 1);
	assert_string_equal(text, "EPSG:2154: more than 16 coordinate systems "
	    "in one file");
	free(text);
	position_converter_free(c);
}

/*
 * What is stored is worded in English from the reason's kind: the sentences
 * earlier versions stored, printf's digits and all.
 */
static void
test_reason_words(void **state)
{
	static const struct {
		struct position_why	 why;
		const char		*text;
	} reasons[] = {
		{ { POSITION_REFUSED, 999999, 0, 0, "" },
		  "EPSG:999999: unknown PROJ error" },
		{ { POSITION_REFUSED, 999999, 0, 0, "crs not found" },
		  "EPSG:999999: crs not found" },
		{ { POSITION_NOT_PROJECTED, 4326, 0, 0, "" },
		  "EPSG:4326 is not a projected coordinate system" },
		{ { POSITION_TOO_MANY, 32621, 0, 0, "" },
		  "EPSG:32621: more than 16 coordinate systems in one file" },
		{ { POSITION_OFF_SYSTEM, 2154, 1e7, -25.04, "" },
		  "EPSG:2154: (10000000.0, -25.0) is not a point of the system" },
		{ { POSITION_UNPROJECTABLE, 2975, 48.853, 2.3499, "" },
		  "EPSG:2975: (48.85300, 2.34990) cannot be projected" },
		{ { POSITION_OUTSIDE, 2154, 353118, 543492, "973" },
		  "EPSG:2154: (353118.0, 543492.0) falls outside département "
		  "973" },
	};
	char *text;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof reasons / sizeof reasons[0]; i++) {
		text = position_why_text(&reasons[i].why, 1);
		assert_string_equal(text, reasons[i].text);
		free(text);
	}
}

/* Geodesic distances: a degree of meridian, and Paris to Lyon. */
static void
test_distances(void **state)
{
	double km;

	(void)state;
	km = position_distance_km(46, 3, 47, 3);
	assert_true(fabs(km * 1000 - (meridian_arc(47) - meridian_arc(46))) < 1);
	/* Notre-Dame to Lyon's Hôtel de ville: 391.5 km as the crow flies. */
	km = position_distance_km(48.853, 2.3499, 45.7676, 4.8357);
	assert_true(km > 391 && km < 392);
	assert_true(position_distance_km(45.525, 4.8744, 45.525, 4.8744) == 0);
}

/*
 * GeographicLib's distance, called through its C++ names, against PROJ's
 * C port of the same algorithm (linked here directly): short, long, across
 * the antimeridian and nearly antipodal, where simpler methods fail.
 */
static void
test_distances_as_proj(void **state)
{
	static const double pairs[][4] = {
		{ 48.853, 2.3499, 45.7676, 4.8357 },
		{ 45.525, 4.8744, 45.5251, 4.8745 },
		{ -21.115, 55.536, 16.265, -61.551 },
		{ 4.938, -52.33, -12.78, 45.228 },
		{ 10, 179.9, -10, -179.9 },
		{ 0, 0, 0.5, 179.7 },
		{ 89.9, 0, -89.9, 180 },
	};
	struct geod_geodesic g;
	double metres, azi1, azi2, km;
	size_t i;

	(void)state;
	geod_init(&g, 6378137, 1 / 298.257223563);
	for (i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
		geod_inverse(&g, pairs[i][0], pairs[i][1], pairs[i][2],
		    pairs[i][3], &metres, &azi1, &azi2);
		km = position_distance_km(pairs[i][0], pairs[i][1],
		    pairs[i][2], pairs[i][3]);
		assert_true(metres > 1);
		assert_true(fabs(km * 1000 - metres) < 1e-6);
	}
}

/* Every point within km of a centre is inside the box the R*Tree is asked. */
static void
test_box_holds_the_circle(void **state)
{
	static const double centres[][2] = {
		{ 45.525, 4.8744 }, { 51.0343, 2.3768 }, { -21, 55.5 },
		{ 4.9, -52.3 }, { 89.9, 0 },
	};
	struct position_box b;
	double lat, lon, bearing, km;
	size_t i;
	int k;

	(void)state;
	for (i = 0; i < sizeof centres / sizeof centres[0]; i++) {
		for (km = 1; km <= 200; km *= 3) {
			position_box_around(centres[i][0], centres[i][1], km, &b);
			for (k = 0; k < 72; k++) {
				/* A point about km away at this bearing (a sphere, then checked). */
				bearing = k * 5 * DEG;
				lat = centres[i][0] + km / 111.32 * cos(bearing) * 0.999;
				lon = centres[i][1] + km / (111.32 * cos(lat * DEG)) *
				    sin(bearing) * 0.999;
				lon = remainder(lon, 360);
				if (position_distance_km(centres[i][0],
				    centres[i][1], lat, lon) > km || lat > 90)
					continue;
				if (lat < b.min_lat || lat > b.max_lat ||
				    lon < b.min_lon || lon > b.max_lon)
					fail_msg("%.4f, %.4f (%.1f km of %.4f, "
					    "%.4f) outside the box", lat, lon,
					    km, centres[i][0], centres[i][1]);
			}
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lambert93),
		cmocka_unit_test(test_utm_overseas),
		cmocka_unit_test(test_unknown_systems),
		cmocka_unit_test(test_too_many_systems),
		cmocka_unit_test(test_reason_words),
		cmocka_unit_test(test_distances),
		cmocka_unit_test(test_distances_as_proj),
		cmocka_unit_test(test_box_holds_the_circle),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
