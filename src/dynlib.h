/* SPDX-License-Identifier: ISC */
/*
 * PROJ, GeographicLib, libcurl, libarchive and nettle, loaded by dlopen when
 * a command first needs them rather than by the dynamic loader at every
 * start: with what they pull in (TLS, LDAP, libstdc++, libtiff, libxml2 and
 * ICU...) they are most of a command's start-up, and most commands (search,
 * meds, the interface) never call them. Nettle alone is small, but its
 * start-up probes the processor with CPUID, which a virtual machine traps:
 * 0.09 ms a process.
 */
#ifndef MEDIFLUX_DYNLIB_H
#define MEDIFLUX_DYNLIB_H

#include <archive.h>
#include <archive_entry.h>
#include <curl/curl.h>
#include <nettle/md5.h>
#include <nettle/sha1.h>
#include <nettle/sha2.h>
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
};

/*
 * GeographicLib's geodesic on WGS 84, the reference code of the algorithm
 * (Karney's) that PROJ's geod_inverse ports: it loads in a tenth of PROJ's
 * time, libstdc++ alone beside it, where PROJ brings some forty libraries
 * (libcurl, TLS, Kerberos, libtiff). It is C++: these are its functions as
 * the C++ ABI calls them, the object first and each reference a pointer.
 */
struct dynlib_geodesic {
	/* GeographicLib::Geodesic::WGS84(): the ellipsoid's shared object. */
	const void	*(*wgs84)(void);
	/*
	 * Geodesic::GenInverse(lat1, lon1, lat2, lon2, outmask, s12, azi1,
	 * azi2, m12, M12, M21, S12) const: the outputs outmask asks for.
	 */
	double		 (*gen_inverse)(const void *geodesic, double lat1,
			     double lon1, double lat2, double lon2,
			     unsigned outmask, double *s12, double *azi1,
			     double *azi2, double *m12, double *big_m12,
			     double *big_m21, double *big_s12);
};
/* GeographicLib::Geodesic::DISTANCE, the one output asked for. */
#define DYNLIB_GEODESIC_DISTANCE	(1U << 10 | 1U << 0)

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

/* The libarchive functions mediflux calls (reading only; mksample links it). */
struct dynlib_archive {
	__typeof__(archive_read_new)			*read_new;
	__typeof__(archive_read_support_filter_all)	*read_support_filter_all;
	__typeof__(archive_read_support_format_zip)	*read_support_format_zip;
	__typeof__(archive_read_support_format_7zip)	*read_support_format_7zip;
	__typeof__(archive_read_support_format_tar)	*read_support_format_tar;
	__typeof__(archive_read_support_format_gnutar)	*read_support_format_gnutar;
	__typeof__(archive_read_support_format_raw)	*read_support_format_raw;
	__typeof__(archive_read_open_filename)		*read_open_filename;
	__typeof__(archive_read_next_header)		*read_next_header;
	__typeof__(archive_read_data)			*read_data;
	__typeof__(archive_read_data_block)		*read_data_block;
	__typeof__(archive_read_free)			*read_free;
	__typeof__(archive_error_string)		*error_string;
	__typeof__(archive_format)			*format;
	__typeof__(archive_filter_bytes)		*filter_bytes;
	__typeof__(archive_entry_filetype)		*entry_filetype;
	__typeof__(archive_entry_hardlink)		*entry_hardlink;
	__typeof__(archive_entry_pathname)		*entry_pathname;
	__typeof__(archive_entry_pathname_utf8)		*entry_pathname_utf8;
	__typeof__(archive_version_string)		*version_string;
};

/* The nettle digests mediflux computes: downloads, imported files. */
struct dynlib_nettle {
	__typeof__(sha256_init)		*sha256_begin;
	__typeof__(sha256_update)	*sha256_add;
	__typeof__(sha256_digest)	*sha256_end;
	__typeof__(sha1_init)		*sha1_begin;
	__typeof__(sha1_update)		*sha1_add;
	__typeof__(sha1_digest)		*sha1_end;
	__typeof__(md5_init)		*md5_begin;
	__typeof__(md5_update)		*md5_add;
	__typeof__(md5_digest)		*md5_end;
};

/*
 * The library, loaded on the first call (from any thread), or NULL with
 * *cause naming the library and why it could not be loaded; a failure is
 * remembered, never retried.
 */
const struct dynlib_proj	*dynlib_proj(char **cause);
const struct dynlib_geodesic	*dynlib_geodesic(char **cause);
const struct dynlib_curl	*dynlib_curl(char **cause);
const struct dynlib_archive	*dynlib_archive(char **cause);
const struct dynlib_nettle	*dynlib_nettle(char **cause);

/*
 * Nettle for a caller without an error channel: the files it digests again
 * were read through a source, which loaded it, so a failure is a bug.
 */
const struct dynlib_nettle	*dynlib_nettle_loaded(void);

#endif
