/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>

#include "dynlib.h"
#include "dynlib_ocr.h"
#include "xmalloc.h"

/* A symbol to look up and where its address goes in the library's table. */
struct dynlib_symbol {
	const char	*name;
	size_t		 offset;
};

/* One library: its soname (from configure), its symbols, what loading it gave. */
struct dynlib {
	const char			*soname;
	const struct dynlib_symbol	*symbols;
	void				*table;
	pthread_once_t			 once;
	void				*handle;
	char				*why;		/* NULL once loaded */
};

#define PROJ_SYMBOL(field, name) { name, offsetof(struct dynlib_proj, field) }
static const struct dynlib_symbol dynlib_proj_symbols[] = {
	PROJ_SYMBOL(context_create, "proj_context_create"),
	PROJ_SYMBOL(context_destroy, "proj_context_destroy"),
	PROJ_SYMBOL(context_errno, "proj_context_errno"),
	PROJ_SYMBOL(context_errno_string, "proj_context_errno_string"),
	PROJ_SYMBOL(context_set_enable_network, "proj_context_set_enable_network"),
	PROJ_SYMBOL(log_level, "proj_log_level"),
	PROJ_SYMBOL(create, "proj_create"),
	PROJ_SYMBOL(create_crs_to_crs_from_pj, "proj_create_crs_to_crs_from_pj"),
	PROJ_SYMBOL(crs_get_geodetic_crs, "proj_crs_get_geodetic_crs"),
	PROJ_SYMBOL(get_type, "proj_get_type"),
	PROJ_SYMBOL(normalize_for_visualization, "proj_normalize_for_visualization"),
	PROJ_SYMBOL(destroy, "proj_destroy"),
	PROJ_SYMBOL(trans, "proj_trans"),
	{ NULL, 0 }
};

/* The C++ names, mangled as the Itanium C++ ABI that GCC and Clang follow does. */
#define GEODESIC_SYMBOL(field, name) \
	{ name, offsetof(struct dynlib_geodesic, field) }
static const struct dynlib_symbol dynlib_geodesic_symbols[] = {
	GEODESIC_SYMBOL(wgs84, "_ZN13GeographicLib8Geodesic5WGS84Ev"),
	GEODESIC_SYMBOL(gen_inverse,
	    "_ZNK13GeographicLib8Geodesic10GenInverseEddddjRdS1_S1_S1_S1_S1_S1_"),
	{ NULL, 0 }
};

#define CURL_SYMBOL(field, name) { name, offsetof(struct dynlib_curl, field) }
static const struct dynlib_symbol dynlib_curl_symbols[] = {
	CURL_SYMBOL(global_init, "curl_global_init"),
	CURL_SYMBOL(easy_init, "curl_easy_init"),
	CURL_SYMBOL(easy_reset, "curl_easy_reset"),
	CURL_SYMBOL(easy_setopt, "curl_easy_setopt"),
	CURL_SYMBOL(easy_perform, "curl_easy_perform"),
	CURL_SYMBOL(easy_getinfo, "curl_easy_getinfo"),
	CURL_SYMBOL(easy_cleanup, "curl_easy_cleanup"),
	CURL_SYMBOL(easy_strerror, "curl_easy_strerror"),
	CURL_SYMBOL(slist_append, "curl_slist_append"),
	CURL_SYMBOL(slist_free_all, "curl_slist_free_all"),
	{ NULL, 0 }
};

#define ARCHIVE_SYMBOL(field) \
	{ "archive_" #field, offsetof(struct dynlib_archive, field) }
static const struct dynlib_symbol dynlib_archive_symbols[] = {
	ARCHIVE_SYMBOL(read_new),
	ARCHIVE_SYMBOL(read_support_filter_all),
	ARCHIVE_SYMBOL(read_support_format_zip),
	ARCHIVE_SYMBOL(read_support_format_7zip),
	ARCHIVE_SYMBOL(read_support_format_tar),
	ARCHIVE_SYMBOL(read_support_format_gnutar),
	ARCHIVE_SYMBOL(read_support_format_raw),
	ARCHIVE_SYMBOL(read_open_filename),
	ARCHIVE_SYMBOL(read_next_header),
	ARCHIVE_SYMBOL(read_data),
	ARCHIVE_SYMBOL(read_data_block),
	ARCHIVE_SYMBOL(read_free),
	ARCHIVE_SYMBOL(error_string),
	ARCHIVE_SYMBOL(format),
	ARCHIVE_SYMBOL(filter_bytes),
	ARCHIVE_SYMBOL(entry_filetype),
	ARCHIVE_SYMBOL(entry_hardlink),
	ARCHIVE_SYMBOL(entry_pathname),
	ARCHIVE_SYMBOL(entry_pathname_utf8),
	ARCHIVE_SYMBOL(version_string),
	{ NULL, 0 }
};

#define NETTLE_SYMBOL(field, name) \
	{ "nettle_" name, offsetof(struct dynlib_nettle, field) }
static const struct dynlib_symbol dynlib_nettle_symbols[] = {
	NETTLE_SYMBOL(sha256_begin, "sha256_init"),
	NETTLE_SYMBOL(sha256_add, "sha256_update"),
	NETTLE_SYMBOL(sha256_end, "sha256_digest"),
	NETTLE_SYMBOL(sha1_begin, "sha1_init"),
	NETTLE_SYMBOL(sha1_add, "sha1_update"),
	NETTLE_SYMBOL(sha1_end, "sha1_digest"),
	NETTLE_SYMBOL(md5_begin, "md5_init"),
	NETTLE_SYMBOL(md5_add, "md5_update"),
	NETTLE_SYMBOL(md5_end, "md5_digest"),
	{ NULL, 0 }
};

#define TESS_SYMBOL(field, name) { name, offsetof(struct dynlib_tesseract, field) }
static const struct dynlib_symbol dynlib_tesseract_symbols[] = {
	TESS_SYMBOL(version, "TessVersion"),
	TESS_SYMBOL(create, "TessBaseAPICreate"),
	TESS_SYMBOL(destroy, "TessBaseAPIDelete"),
	TESS_SYMBOL(init, "TessBaseAPIInit3"),
	TESS_SYMBOL(set_variable, "TessBaseAPISetVariable"),
	TESS_SYMBOL(set_page_seg_mode, "TessBaseAPISetPageSegMode"),
	TESS_SYMBOL(set_image, "TessBaseAPISetImage"),
	TESS_SYMBOL(set_image_pix, "TessBaseAPISetImage2"),
	TESS_SYMBOL(set_source_resolution, "TessBaseAPISetSourceResolution"),
	TESS_SYMBOL(recognize, "TessBaseAPIRecognize"),
	TESS_SYMBOL(get_iterator, "TessBaseAPIGetIterator"),
	TESS_SYMBOL(clear, "TessBaseAPIClear"),
	TESS_SYMBOL(iterator_delete, "TessResultIteratorDelete"),
	TESS_SYMBOL(iterator_page, "TessResultIteratorGetPageIterator"),
	TESS_SYMBOL(iterator_text, "TessResultIteratorGetUTF8Text"),
	TESS_SYMBOL(iterator_confidence, "TessResultIteratorConfidence"),
	TESS_SYMBOL(page_next, "TessPageIteratorNext"),
	TESS_SYMBOL(delete_text, "TessDeleteText"),
	TESS_SYMBOL(monitor_create, "TessMonitorCreate"),
	TESS_SYMBOL(monitor_delete, "TessMonitorDelete"),
	TESS_SYMBOL(monitor_set_deadline, "TessMonitorSetDeadlineMSecs"),
	TESS_SYMBOL(monitor_set_cancel, "TessMonitorSetCancelFunc"),
	TESS_SYMBOL(monitor_set_cancel_this, "TessMonitorSetCancelThis"),
	TESS_SYMBOL(pix_read_mem, "pixReadMem"),
	TESS_SYMBOL(pix_read_header_mem, "pixReadHeaderMem"),
	TESS_SYMBOL(pix_destroy, "pixDestroy"),
	TESS_SYMBOL(pix_get_xres, "pixGetXRes"),
	TESS_SYMBOL(lept_set_stderr_handler, "leptSetStderrHandler"),
	{ NULL, 0 }
};

#define POPPLER_SYMBOL(field, name) { name, offsetof(struct dynlib_poppler, field) }
static const struct dynlib_symbol dynlib_poppler_symbols[] = {
	POPPLER_SYMBOL(get_version, "poppler_get_version"),
	POPPLER_SYMBOL(document_new_from_bytes, "poppler_document_new_from_bytes"),
	POPPLER_SYMBOL(document_get_n_pages, "poppler_document_get_n_pages"),
	POPPLER_SYMBOL(document_get_page, "poppler_document_get_page"),
	POPPLER_SYMBOL(page_get_size, "poppler_page_get_size"),
	POPPLER_SYMBOL(page_render, "poppler_page_render"),
	POPPLER_SYMBOL(bytes_new_static, "g_bytes_new_static"),
	POPPLER_SYMBOL(bytes_unref, "g_bytes_unref"),
	POPPLER_SYMBOL(object_unref, "g_object_unref"),
	POPPLER_SYMBOL(error_free, "g_error_free"),
	POPPLER_SYMBOL(image_surface_create, "cairo_image_surface_create"),
	POPPLER_SYMBOL(image_surface_get_data, "cairo_image_surface_get_data"),
	POPPLER_SYMBOL(image_surface_get_stride, "cairo_image_surface_get_stride"),
	POPPLER_SYMBOL(surface_status, "cairo_surface_status"),
	POPPLER_SYMBOL(surface_flush, "cairo_surface_flush"),
	POPPLER_SYMBOL(surface_destroy, "cairo_surface_destroy"),
	POPPLER_SYMBOL(create, "cairo_create"),
	POPPLER_SYMBOL(destroy, "cairo_destroy"),
	POPPLER_SYMBOL(scale, "cairo_scale"),
	POPPLER_SYMBOL(set_source_rgb, "cairo_set_source_rgb"),
	POPPLER_SYMBOL(paint, "cairo_paint"),
	{ NULL, 0 }
};

static struct dynlib_tesseract dynlib_tesseract_table;
static struct dynlib_poppler dynlib_poppler_table;

static struct dynlib dynlib_tesseract_lib = {
	TESSERACT_SONAME, dynlib_tesseract_symbols, &dynlib_tesseract_table,
	PTHREAD_ONCE_INIT, NULL, NULL
};
static struct dynlib dynlib_poppler_lib = {
	POPPLER_SONAME, dynlib_poppler_symbols, &dynlib_poppler_table,
	PTHREAD_ONCE_INIT, NULL, NULL
};

static struct dynlib_proj dynlib_proj_table;
static struct dynlib_geodesic dynlib_geodesic_table;
static struct dynlib_curl dynlib_curl_table;
static struct dynlib_archive dynlib_archive_table;
static struct dynlib_nettle dynlib_nettle_table;

static struct dynlib dynlib_proj_lib = {
	PROJ_SONAME, dynlib_proj_symbols, &dynlib_proj_table,
	PTHREAD_ONCE_INIT, NULL, NULL
};
static struct dynlib dynlib_geodesic_lib = {
	GEOGRAPHICLIB_SONAME, dynlib_geodesic_symbols, &dynlib_geodesic_table,
	PTHREAD_ONCE_INIT, NULL, NULL
};
static struct dynlib dynlib_curl_lib = {
	CURL_SONAME, dynlib_curl_symbols, &dynlib_curl_table,
	PTHREAD_ONCE_INIT, NULL, NULL
};
static struct dynlib dynlib_archive_lib = {
	ARCHIVE_SONAME, dynlib_archive_symbols, &dynlib_archive_table,
	PTHREAD_ONCE_INIT, NULL, NULL
};
static struct dynlib dynlib_nettle_lib = {
	NETTLE_SONAME, dynlib_nettle_symbols, &dynlib_nettle_table,
	PTHREAD_ONCE_INIT, NULL, NULL
};

/*
 * Opens a library and fills its table; RTLD_NOW so that a library missing a
 * symbol of its own dependencies fails here, with its message, not mid-call.
 */
static void
dynlib_open(struct dynlib *lib)
{
	const struct dynlib_symbol *s;
	const char *err;
	void *address;

	if ((lib->handle = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		err = dlerror();
		lib->why = xasprintf("%s cannot be loaded: %s", lib->soname,
		    err != NULL ? err : "unknown error");
		return;
	}
	for (s = lib->symbols; s->name != NULL; s++) {
		(void)dlerror();
		address = dlsym(lib->handle, s->name);
		if ((err = dlerror()) != NULL || address == NULL) {
			lib->why = xasprintf("%s has no %s: not the version "
			    "mediflux was built with", lib->soname, s->name);
			dlclose(lib->handle);
			lib->handle = NULL;
			return;
		}
		/* POSIX makes a function's address from dlsym callable as one. */
		*(void **)((char *)lib->table + s->offset) = address;
	}
}

static void
dynlib_open_proj(void)
{
	dynlib_open(&dynlib_proj_lib);
}

static void
dynlib_open_geodesic(void)
{
	dynlib_open(&dynlib_geodesic_lib);
}

static void
dynlib_open_curl(void)
{
	dynlib_open(&dynlib_curl_lib);
}

static void
dynlib_open_archive(void)
{
	dynlib_open(&dynlib_archive_lib);
}

static void
dynlib_open_nettle(void)
{
	dynlib_open(&dynlib_nettle_lib);
}

static void
dynlib_open_tesseract(void)
{
	dynlib_open(&dynlib_tesseract_lib);
}

static void
dynlib_open_poppler(void)
{
	dynlib_open(&dynlib_poppler_lib);
}

/* The table of a library once loaded, else NULL with *cause. */
static const void *
dynlib_get(struct dynlib *lib, void (*open)(void), char **cause)
{
	if (pthread_once(&lib->once, open) != 0)
		fatalx("dynlib: pthread_once");
	if (lib->handle == NULL) {
		error_set(cause, "%s", lib->why);
		return NULL;
	}
	return lib->table;
}

const struct dynlib_proj *
dynlib_proj(char **cause)
{
	return dynlib_get(&dynlib_proj_lib, dynlib_open_proj, cause);
}

const struct dynlib_geodesic *
dynlib_geodesic(char **cause)
{
	return dynlib_get(&dynlib_geodesic_lib, dynlib_open_geodesic, cause);
}

const struct dynlib_curl *
dynlib_curl(char **cause)
{
	return dynlib_get(&dynlib_curl_lib, dynlib_open_curl, cause);
}

const struct dynlib_archive *
dynlib_archive(char **cause)
{
	return dynlib_get(&dynlib_archive_lib, dynlib_open_archive, cause);
}

const struct dynlib_nettle *
dynlib_nettle(char **cause)
{
	return dynlib_get(&dynlib_nettle_lib, dynlib_open_nettle, cause);
}

const struct dynlib_nettle *
dynlib_nettle_loaded(void)
{
	const struct dynlib_nettle *lib;
	char *why = NULL;

	if ((lib = dynlib_nettle(&why)) == NULL)
		fatalx("%s", why);
	return lib;
}

const struct dynlib_tesseract *
dynlib_tesseract(char **cause)
{
	return dynlib_get(&dynlib_tesseract_lib, dynlib_open_tesseract, cause);
}

const struct dynlib_poppler *
dynlib_poppler(char **cause)
{
	return dynlib_get(&dynlib_poppler_lib, dynlib_open_poppler, cause);
}
