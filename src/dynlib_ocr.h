/* SPDX-License-Identifier: ISC */
/*
 * Tesseract with leptonica, and poppler-glib with cairo and glib, loaded by
 * dlopen when mediflux ordonnance first reads a file (src/dynlib.c says why
 * libraries are loaded so): libtesseract alone brings libcurl, libarchive,
 * libstdc++ and OpenMP, poppler-glib brings poppler, cairo and glib, and no
 * other command needs them.
 */
#ifndef MEDIFLUX_DYNLIB_OCR_H
#define MEDIFLUX_DYNLIB_OCR_H

#include <allheaders.h>
#include <poppler.h>
#include <tesseract/capi.h>

/* The Tesseract and leptonica functions mediflux calls. */
struct dynlib_tesseract {
	__typeof__(TessVersion)				*version;
	__typeof__(TessBaseAPICreate)			*create;
	__typeof__(TessBaseAPIDelete)			*destroy;
	__typeof__(TessBaseAPIInit3)			*init;
	__typeof__(TessBaseAPISetVariable)		*set_variable;
	__typeof__(TessBaseAPISetPageSegMode)		*set_page_seg_mode;
	__typeof__(TessBaseAPISetImage)			*set_image;
	__typeof__(TessBaseAPISetImage2)		*set_image_pix;
	__typeof__(TessBaseAPISetSourceResolution)	*set_source_resolution;
	__typeof__(TessBaseAPIRecognize)		*recognize;
	__typeof__(TessBaseAPIGetIterator)		*get_iterator;
	__typeof__(TessBaseAPIClear)			*clear;
	__typeof__(TessResultIteratorDelete)		*iterator_delete;
	__typeof__(TessResultIteratorGetPageIterator)	*iterator_page;
	__typeof__(TessResultIteratorGetUTF8Text)	*iterator_text;
	__typeof__(TessResultIteratorConfidence)	*iterator_confidence;
	__typeof__(TessPageIteratorNext)		*page_next;
	__typeof__(TessDeleteText)			*delete_text;
	__typeof__(TessMonitorCreate)			*monitor_create;
	__typeof__(TessMonitorDelete)			*monitor_delete;
	__typeof__(TessMonitorSetDeadlineMSecs)		*monitor_set_deadline;
	__typeof__(TessMonitorSetCancelFunc)		*monitor_set_cancel;
	__typeof__(TessMonitorSetCancelThis)		*monitor_set_cancel_this;
	/* leptonica, which libtesseract needs and so brings. */
	__typeof__(pixReadMem)				*pix_read_mem;
	__typeof__(pixReadHeaderMem)			*pix_read_header_mem;
	__typeof__(pixDestroy)				*pix_destroy;
	__typeof__(pixGetXRes)				*pix_get_xres;
	__typeof__(leptSetStderrHandler)		*lept_set_stderr_handler;
};

/* The poppler-glib, cairo and glib functions mediflux calls. */
struct dynlib_poppler {
	__typeof__(poppler_get_version)			*get_version;
	__typeof__(poppler_document_new_from_bytes)	*document_new_from_bytes;
	__typeof__(poppler_document_get_n_pages)	*document_get_n_pages;
	__typeof__(poppler_document_get_page)		*document_get_page;
	__typeof__(poppler_page_get_size)		*page_get_size;
	__typeof__(poppler_page_render)			*page_render;
	__typeof__(g_bytes_new_static)			*bytes_new_static;
	__typeof__(g_bytes_unref)			*bytes_unref;
	__typeof__(g_object_unref)			*object_unref;
	__typeof__(g_error_free)			*error_free;
	__typeof__(cairo_image_surface_create)		*image_surface_create;
	__typeof__(cairo_image_surface_get_data)	*image_surface_get_data;
	__typeof__(cairo_image_surface_get_stride)	*image_surface_get_stride;
	__typeof__(cairo_surface_status)		*surface_status;
	__typeof__(cairo_surface_flush)			*surface_flush;
	__typeof__(cairo_surface_destroy)		*surface_destroy;
	__typeof__(cairo_create)			*create;
	__typeof__(cairo_destroy)			*destroy;
	__typeof__(cairo_scale)				*scale;
	__typeof__(cairo_set_source_rgb)		*set_source_rgb;
	__typeof__(cairo_paint)				*paint;
};

/*
 * The library, loaded on the first call, or NULL with *cause naming it and
 * why it could not be loaded (dynlib_proj's contract).
 */
const struct dynlib_tesseract	*dynlib_tesseract(char **cause);
const struct dynlib_poppler	*dynlib_poppler(char **cause);

#endif
