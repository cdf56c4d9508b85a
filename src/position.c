/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dynlib.h"
#include "position.h"
#include "xmalloc.h"

/* The EPSG codes one converter holds at most; FINESS uses six. */
#define POSITION_MAX_SYSTEMS 16

struct position_system {
	int	 epsg;
	PJ	*pj;		/* projected to geodetic, longitude first; NULL: unknown */
	char	*why;		/* why there is none */
};

struct position_converter {
	const struct dynlib_proj	*lib;
	PJ_CONTEXT		*ctx;
	struct position_system	 systems[POSITION_MAX_SYSTEMS];
	size_t			 n;
};

int
position_available(char **cause)
{
	return dynlib_proj(cause) != NULL ? 0 : -1;
}

struct position_converter *
position_converter_new(char **cause)
{
	const struct dynlib_proj *lib;
	struct position_converter *c;

	if ((lib = dynlib_proj(cause)) == NULL)
		return NULL;
	c = xcalloc(1, sizeof *c);
	c->lib = lib;
	if ((c->ctx = lib->context_create()) == NULL)
		fatalx("PROJ: cannot create a context");
	/* Errors are returned to the caller, never printed by PROJ itself. */
	lib->log_level(c->ctx, PJ_LOG_NONE);
	lib->context_set_enable_network(c->ctx, 0);
	return c;
}

void
position_converter_free(struct position_converter *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->n; i++) {
		c->lib->destroy(c->systems[i].pj);
		free(c->systems[i].why);
	}
	c->lib->context_destroy(c->ctx);
	free(c);
}

/* The PROJ error of the context, as words. */
static const char *
position_proj_error(const struct position_converter *c)
{
	const char *s = c->lib->context_errno_string(c->ctx,
	    c->lib->context_errno(c->ctx));

	return s != NULL ? s : "unknown PROJ error";
}

/*
 * Builds the transformation from a projected system to its own geodetic
 * system: an inverse projection with no change of datum, so that no grid
 * file or network is needed and the result is exact.
 */
static void
position_system_make(const struct position_converter *c,
    struct position_system *s)
{
	const struct dynlib_proj *lib = c->lib;
	PJ_CONTEXT *ctx = c->ctx;
	PJ *crs, *geo = NULL, *op = NULL;
	char name[32];

	snprintf(name, sizeof name, "EPSG:%d", s->epsg);
	if ((crs = lib->create(ctx, name)) == NULL) {
		s->why = xasprintf("EPSG:%d: %s", s->epsg, position_proj_error(c));
		return;
	}
	if (lib->get_type(crs) != PJ_TYPE_PROJECTED_CRS) {
		s->why = xasprintf("EPSG:%d is not a projected coordinate system",
		    s->epsg);
		goto out;
	}
	if ((geo = lib->crs_get_geodetic_crs(ctx, crs)) == NULL ||
	    (op = lib->create_crs_to_crs_from_pj(ctx, crs, geo, NULL,
	    NULL)) == NULL) {
		s->why = xasprintf("EPSG:%d: %s", s->epsg, position_proj_error(c));
		goto out;
	}
	/* Easting, northing in; longitude, latitude out, whatever the axis order. */
	if ((s->pj = lib->normalize_for_visualization(ctx, op)) == NULL)
		s->why = xasprintf("EPSG:%d: %s", s->epsg, position_proj_error(c));
out:
	lib->destroy(op);
	lib->destroy(geo);
	lib->destroy(crs);
}

static struct position_system *
position_system_of(struct position_converter *c, int epsg, char **cause)
{
	struct position_system *s;
	size_t i;

	for (i = 0; i < c->n; i++)
		if (c->systems[i].epsg == epsg)
			break;
	if (i == c->n) {
		if (c->n == POSITION_MAX_SYSTEMS) {
			error_set(cause, "EPSG:%d: more than %d coordinate systems "
			    "in one file", epsg, POSITION_MAX_SYSTEMS);
			return NULL;
		}
		s = &c->systems[c->n++];
		s->epsg = epsg;
		position_system_make(c, s);
	}
	s = &c->systems[i];
	if (s->pj == NULL) {
		error_set(cause, "%s", s->why);
		return NULL;
	}
	return s;
}

int
position_valid(double lat, double lon)
{
	return isfinite(lat) && isfinite(lon) && lat >= -90 && lat <= 90 &&
	    lon >= -180 && lon <= 180;
}

int
position_from_projected(struct position_converter *c, int epsg, double x,
    double y, double *lat, double *lon, char **cause)
{
	struct position_system *s;
	PJ_COORD in, out;

	if ((s = position_system_of(c, epsg, cause)) == NULL)
		return -1;
	in.v[0] = x;
	in.v[1] = y;
	in.v[2] = in.v[3] = 0;
	out = c->lib->trans(s->pj, PJ_FWD, in);
	if (!position_valid(out.lp.phi, out.lp.lam))
		return error_set(cause, "EPSG:%d: (%.1f, %.1f) is not a point "
		    "of the system", epsg, x, y);
	*lon = out.lp.lam;
	*lat = out.lp.phi;
	return 0;
}

int
position_to_projected(struct position_converter *c, int epsg, double lat,
    double lon, double *x, double *y, char **cause)
{
	struct position_system *s;
	PJ_COORD in, out;

	if ((s = position_system_of(c, epsg, cause)) == NULL)
		return -1;
	in.v[0] = lon;
	in.v[1] = lat;
	in.v[2] = in.v[3] = 0;
	out = c->lib->trans(s->pj, PJ_INV, in);
	if (!isfinite(out.xy.x) || !isfinite(out.xy.y))
		return error_set(cause, "EPSG:%d: (%.5f, %.5f) cannot be "
		    "projected", epsg, lat, lon);
	*x = out.xy.x;
	*y = out.xy.y;
	return 0;
}

static struct geod_geodesic position_wgs84;
static const struct dynlib_proj *position_geodesic;
static pthread_once_t position_wgs84_once = PTHREAD_ONCE_INIT;

/* A caller measuring distances has made sure PROJ loads (position_available). */
static void
position_wgs84_init(void)
{
	char *why = NULL;

	if ((position_geodesic = dynlib_proj(&why)) == NULL)
		fatalx("position_distance_km without PROJ: %s", why);
	position_geodesic->geod_init(&position_wgs84, 6378137,
	    1 / 298.257223563);
}

double
position_distance_km(double lat1, double lon1, double lat2, double lon2)
{
	double metres, azi1, azi2;

	pthread_once(&position_wgs84_once, position_wgs84_init);
	position_geodesic->geod_inverse(&position_wgs84, lat1, lon1, lat2, lon2,
	    &metres, &azi1, &azi2);
	return metres / 1000;
}

double
position_sphere_km(double lat1, double lon1, double lat2, double lon2)
{
	double p1 = lat1 * M_PI / 180, p2 = lat2 * M_PI / 180, h;

	h = pow(sin((p2 - p1) / 2), 2) + cos(p1) * cos(p2) *
	    pow(sin((lon2 - lon1) * M_PI / 360), 2);
	return 2 * 6371.0088 * asin(fmin(1, sqrt(h)));
}

void
position_box_around(double lat, double lon, double km, struct position_box *b)
{
	/* A degree of latitude is at least 110.57 km; of longitude, that times cos(lat). */
	double dlat = km / 110.5, far, dlon;

	b->min_lat = lat - dlat;
	b->max_lat = lat + dlat;
	if (b->min_lat < -90)
		b->min_lat = -90;
	if (b->max_lat > 90)
		b->max_lat = 90;
	far = fmax(fabs(b->min_lat), fabs(b->max_lat));
	if (far >= 89.5) {
		b->min_lon = -180;
		b->max_lon = 180;
		return;
	}
	dlon = km / (111.2 * cos(far * M_PI / 180));
	b->min_lon = lon - dlon;
	b->max_lon = lon + dlon;
}
