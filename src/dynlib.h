/* SPDX-License-Identifier: ISC */
/*
 * PROJ and libcurl, loaded by dlopen when a command first needs them rather
 * than by the dynamic loader at every start: with what they pull in (TLS,
 * LDAP, libstdc++, libtiff...) they are most of a command's start-up, and
 * most commands (search, meds, the interface) never call them.
 */
#ifndef MEDIFLUX_DYNLIB_H
#define MEDIFLUX_DYNLIB_H

#include <curl/curl.h>
#include <geodesic.h>
#include <proj.h>

/* The PROJ functions mediflux calls, with their own prototypes. */
struct dynlib_proj {
	__typeof__(proj_context_create)			*context_create;
	__typeof__(proj_context_destroy)		*context_destroy;
	__typeof__(proj_context_errno)			*context_errno;
	__typeof__(proj_context_errno_string)		*context_errno_string;
	__typeof__(proj_context_set_enable_network)	*context_set_enable_network;
	__typeof__(proj_log_level)			*log_level;
	__typeof__(proj_create)				*create;
	__typeof__(proj_create_crs_to_crs_from_pj)	*create_crs_to_crs_from_pj;
	__typeof__(proj_crs_get_geodetic_crs)		*crs_get_geodetic_crs;
	__typeof__(proj_get_type)			*get_type;
	__typeof__(proj_normalize_for_visualization)	*normalize_for_visualization;
	__typeof__(proj_destroy)			*destroy;
	__typeof__(proj_trans)				*trans;
	__typeof__(geod_init)				*geod_init;
	__typeof__(geod_inverse)			*geod_inverse;
};

/* The libcurl functions mediflux calls. */
struct dynlib_curl {
	__typeof__(curl_global_init)	*global_init;
	__typeof__(curl_easy_init)	*easy_init;
	__typeof__(curl_easy_reset)	*easy_reset;
	__typeof__(curl_easy_setopt)	*easy_setopt;
	__typeof__(curl_easy_perform)	*easy_perform;
	__typeof__(curl_easy_getinfo)	*easy_getinfo;
	__typeof__(curl_easy_cleanup)	*easy_cleanup;
	__typeof__(curl_easy_strerror)	*easy_strerror;
	__typeof__(curl_slist_append)	*slist_append;
	__typeof__(curl_slist_free_all)	*slist_free_all;
};

/*
 * The library, loaded on the first call (from any thread), or NULL with
 * *cause naming the library and why it could not be loaded; a failure is
 * remembered, never retried.
 */
const struct dynlib_proj	*dynlib_proj(char **cause);
const struct dynlib_curl	*dynlib_curl(char **cause);

#endif
