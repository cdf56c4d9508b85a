/* SPDX-License-Identifier: ISC */
/*
 * Where things are: projected coordinates as FINESS publishes them (Lambert-93
 * in metropolitan France, UTM zones overseas, named by their EPSG code)
 * converted to latitude and longitude by PROJ, distances on the ellipsoid,
 * and the latitude/longitude box a radius search reads from the R*Tree.
 */
#ifndef MEDIFLUX_POSITION_H
#define MEDIFLUX_POSITION_H

/* A converter keeps one PROJ transformation per EPSG code it has met. */
struct position_converter;

/*
 * PROJ is loaded on first use (dynlib.h): a converter, or NULL with *cause
 * when it cannot be.
 */
struct position_converter *position_converter_new(char **cause);
void	 position_converter_free(struct position_converter *);

/*
 * Why a point has no position, in no language: what went wrong and what it
 * names. position_why_text words it.
 */
enum position_failure {
	POSITION_REFUSED,	/* PROJ cannot use the code (detail: its words) */
	POSITION_NOT_PROJECTED,	/* a system PROJ knows, not a projected one */
	POSITION_TOO_MANY,	/* more systems than one converter holds */
	POSITION_OFF_SYSTEM,	/* x, y is not a point of the system */
	POSITION_UNPROJECTABLE,	/* latitude x, longitude y cannot be projected */
	POSITION_OUTSIDE,	/* x, y converts, outside département detail */
};

struct position_why {
	enum position_failure	 kind;
	int			 epsg;
	double			 x, y;
	char			 detail[128];	/* PROJ's words, or a département */
};

/*
 * The reason as a sentence: in English whatever the language when english
 * is set (what is stored: a FINESS import's control totals are keyed by it,
 * the same words as earlier versions wrote), in the language of the
 * messages otherwise, for a person.
 */
char	*position_why_text(const struct position_why *, int english);

/*
 * Converts x, y (metres, in the projected system epsg) to the latitude and
 * longitude (degrees) of that system's own geodetic datum (RGF93 for
 * Lambert-93, RGAF09 for the Antilles...), which are those of WGS 84 to
 * within a metre. -1 with *why for a code PROJ does not know as a
 * projected system, or a point it cannot convert.
 */
int	 position_from_projected(struct position_converter *, int epsg,
	     double x, double y, double *lat, double *lon,
	     struct position_why *why);

/* The reverse: latitude and longitude to x, y in epsg (for the sample generator and tests). */
int	 position_to_projected(struct position_converter *, int epsg,
	     double lat, double lon, double *x, double *y,
	     struct position_why *why);

/*
 * Whether the geodesic library (GeographicLib) can be loaded, -1 with
 * *cause if not: asked once before measuring distances, which have no error
 * channel.
 */
int	 position_available(char **cause);

/* The distance in kilometres between two points on the WGS 84 ellipsoid (geodesic, as the crow flies). */
double	 position_distance_km(double lat1, double lon1, double lat2,
	     double lon2);

/*
 * The same on a sphere of the Earth's mean radius: several times quicker,
 * and within 0.6 % of the geodesic, so that a point well inside or well
 * outside a radius is known without the ellipsoid (POSITION_SPHERE_ERROR).
 */
double	 position_sphere_km(double lat1, double lon1, double lat2,
	     double lon2);
#define POSITION_SPHERE_ERROR	0.006

/*
 * A latitude/longitude box holding every point within km of (lat, lon),
 * a little larger rather than smaller: what a radius search asks the R*Tree.
 */
struct position_box {
	double	min_lat, max_lat, min_lon, max_lon;
};

void	 position_box_around(double lat, double lon, double km,
	     struct position_box *);

/* Whether a latitude and longitude are numbers of the globe. */
int	 position_valid(double lat, double lon);

#endif
