/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dynlib.h"
#include "i18n.h"
#include "position.h"
#include "texttable.h"
#include "xmalloc.h"

/* The EPSG codes one converter holds at most; FINESS uses six. */
#define POSITION_MAX_SYSTEMS 16

struct position_system {
	int	 epsg;
	PJ	*pj;		/* projected to geodetic, longitude first; NULL: unknown */
	struct position_why why;	/* why there is none */
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
	return dynlib_geodesic(cause) != NULL ? 0 : -1;
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
	for (i = 0; i < c->n; i++)
		c->lib->destroy(c->systems[i].pj);
	c->lib->context_destroy(c->ctx);
	free(c);
}

/* Sets why to PROJ's refusal of s's code, in PROJ's words ("" when it has none). */
static void
position_refused(const struct position_converter *c,
    const struct position_system *s, struct position_why *why)
{
	const char *words = c->lib->context_errno_string(c->ctx,
	    c->lib->context_errno(c->ctx));

	memset(why, 0, sizeof *why);
	why->kind = POSITION_REFUSED;
	why->epsg = s->epsg;
	snprintf(why->detail, sizeof why->detail, "%s", words != NULL ? words :
	    "");
}

/* msgid as it is, or in the language of the messages. */
static __attribute__((format_arg(2))) const char *
position_words(int english, const char *msgid)
{
	return english ? msgid : _(msgid);
}

/*
 * A coordinate of a reason: printf's digits in English, so that a reason
 * stored is the one earlier versions stored; the language's mark otherwise.
 */
static const char *
position_number(double v, int decimals, int english, char buf[48])
{
	if (english) {
		snprintf(buf, 48, "%.*f", decimals, v);
		return buf;
	}
	return texttable_coordinate(v, decimals, buf);
}

char *
position_why_text(const struct position_why *w, int english)
{
	char x[48], y[48];
	int decimals = w->kind == POSITION_UNPROJECTABLE ? 5 : 1;

	position_number(w->x, decimals, english, x);
	position_number(w->y, decimals, english, y);
	switch (w->kind) {
	case POSITION_REFUSED:
		if (w->detail[0] == '\0')
			return xasprintf(position_words(english,
			    N_("EPSG:%d: unknown PROJ error")), w->epsg);
		/* TRANSLATORS: %s is PROJ's own message, always in English. */
		return xasprintf(position_words(english, N_("EPSG:%d: %s")),
		    w->epsg, w->detail);
	case POSITION_NOT_PROJECTED:
		return xasprintf(position_words(english, N_("EPSG:%d is not a "
		    "projected coordinate system")), w->epsg);
	case POSITION_TOO_MANY:
		return xasprintf(position_words(english, N_("EPSG:%d: more than "
		    "%d coordinate systems in one file")), w->epsg,
		    POSITION_MAX_SYSTEMS);
	case POSITION_OFF_SYSTEM:
		/* TRANSLATORS: (x, y) in metres; French separates them with " ; ". */
		return xasprintf(position_words(english, N_("EPSG:%d: (%s, %s) is "
		    "not a point of the system")), w->epsg, x, y);
	case POSITION_UNPROJECTABLE:
		/* TRANSLATORS: (latitude, longitude) in degrees. */
		return xasprintf(position_words(english, N_("EPSG:%d: (%s, %s) "
		    "cannot be projected")), w->epsg, x, y);
	case POSITION_OUTSIDE:
		/* TRANSLATORS: (x, y) in metres, then a département's code. */
		return xasprintf(position_words(english, N_("EPSG:%d: (%s, %s) "
		    "falls outside département %s")), w->epsg, x, y, w->detail);
	}
	fatalx("position_why_text: kind %d", (int)w->kind);
}

/* Sets why to a failure of kind about epsg and the point x, y. */
static int
position_fail(struct position_why *why, enum position_failure kind, int epsg,
    double x, double y)
{
	memset(why, 0, sizeof *why);
	why->kind = kind;
	why->epsg = epsg;
	why->x = x;
	why->y = y;
	return -1;
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
		position_refused(c, s, &s->why);
		return;
	}
	if (lib->get_type(crs) != PJ_TYPE_PROJECTED_CRS) {
		position_fail(&s->why, POSITION_NOT_PROJECTED, s->epsg, 0, 0);
		goto out;
	}
	if ((geo = lib->crs_get_geodetic_crs(ctx, crs)) == NULL ||
	    (op = lib->create_crs_to_crs_from_pj(ctx, crs, geo, NULL,
	    NULL)) == NULL) {
		position_refused(c, s, &s->why);
		goto out;
	}
	/* Easting, northing in; longitude, latitude out, whatever the axis order. */
	if ((s->pj = lib->normalize_for_visualization(ctx, op)) == NULL)
		position_refused(c, s, &s->why);
out:
	lib->destroy(op);
	lib->destroy(geo);
	lib->destroy(crs);
}

static struct position_system *
position_system_of(struct position_converter *c, int epsg,
    struct position_why *why)
{
	struct position_system *s;
	size_t i;

	for (i = 0; i < c->n; i++)
		if (c->systems[i].epsg == epsg)
			break;
	if (i == c->n) {
		if (c->n == POSITION_MAX_SYSTEMS) {
			position_fail(why, POSITION_TOO_MANY, epsg, 0, 0);
			return NULL;
		}
		s = &c->systems[c->n++];
		s->epsg = epsg;
		position_system_make(c, s);
	}
	s = &c->systems[i];
	if (s->pj == NULL) {
		*why = s->why;
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
    double y, double *lat, double *lon, struct position_why *why)
{
	struct position_system *s;
	PJ_COORD in, out;

	if ((s = position_system_of(c, epsg, why)) == NULL)
		return -1;
	in.v[0] = x;
	in.v[1] = y;
	in.v[2] = in.v[3] = 0;
	out = c->lib->trans(s->pj, PJ_FWD, in);
	if (!position_valid(out.lp.phi, out.lp.lam))
		return position_fail(why, POSITION_OFF_SYSTEM, epsg, x, y);
	*lon = out.lp.lam;
	*lat = out.lp.phi;
	return 0;
}

int
position_to_projected(struct position_converter *c, int epsg, double lat,
    double lon, double *x, double *y, struct position_why *why)
{
	struct position_system *s;
	PJ_COORD in, out;

	if ((s = position_system_of(c, epsg, why)) == NULL)
		return -1;
	in.v[0] = lon;
	in.v[1] = lat;
	in.v[2] = in.v[3] = 0;
	out = c->lib->trans(s->pj, PJ_INV, in);
	if (!isfinite(out.xy.x) || !isfinite(out.xy.y))
		return position_fail(why, POSITION_UNPROJECTABLE, epsg, lat,
		    lon);
	*x = out.xy.x;
	*y = out.xy.y;
	return 0;
}

static const void *position_wgs84;
static const struct dynlib_geodesic *position_geodesic;
static pthread_once_t position_wgs84_once = PTHREAD_ONCE_INIT;

/* A caller measuring distances has made sure GeographicLib loads (position_available). */
static void
position_wgs84_init(void)
{
	char *why = NULL;

	if ((position_geodesic = dynlib_geodesic(&why)) == NULL)
		fatalx("position_distance_km without GeographicLib: %s", why);
	position_wgs84 = position_geodesic->wgs84();
}

double
position_distance_km(double lat1, double lon1, double lat2, double lon2)
{
	double metres = 0, unused;

	pthread_once(&position_wgs84_once, position_wgs84_init);
	/* As Geodesic::Inverse(lat1, lon1, lat2, lon2, s12) asks. */
	position_geodesic->gen_inverse(position_wgs84, lat1, lon1, lat2, lon2,
	    DYNLIB_GEODESIC_DISTANCE, &metres, &unused, &unused, &unused,
	    &unused, &unused, &unused);
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
