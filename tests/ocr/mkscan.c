/* SPDX-License-Identifier: ISC */
/*
 * Renders lines of text (stdin, UTF-8) as a scanned A5 page for the
 * prescription tests: a PNG, TIFF or JPEG at a resolution, slightly turned
 * and speckled if asked, or a PDF (of PAGES copies of the page, for a reading
 * long enough to be stopped). cairo's own text with the DejaVu Sans font, so
 * that the tests need no ImageMagick.
 *
 *	mkscan [-d DPI] [-r DEGREES] [-n SPECKS_PER_MILLE] [-s POINTS] [-p PAGES] OUT.png|OUT.tif|OUT.jpg|OUT.pdf
 */
#include "config.h"

#include <allheaders.h>
#include <cairo.h>
#include <cairo-pdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MM_PT	(72.0 / 25.4)
#define PAGE_W	(148 * MM_PT)
#define PAGE_H	(210 * MM_PT)

/* Draws the lines from 15 mm of the page's top left corner, in points. */
static void
mkscan_draw(cairo_t *cr, char **lines, int n, double size)
{
	int i;

	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
	    CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, size);
	for (i = 0; i < n; i++) {
		cairo_move_to(cr, 15 * MM_PT, 20 * MM_PT + i * size * 1.6);
		cairo_show_text(cr, lines[i]);
	}
}

static void
mkscan_le(FILE *f, unsigned long v, int bytes)
{
	int i;

	for (i = 0; i < bytes; i++)
		fputc((int)((v >> (8 * i)) & 0xff), f);
}

/*
 * Writes the page as a baseline TIFF, 8-bit grey, uncompressed, by hand:
 * cairo writes no TIFF, and the tests read one through leptonica too.
 */
static int
mkscan_tiff(cairo_surface_t *s, const char *path, double dpi)
{
	static const struct { int tag, type; } e[12] = {
		{ 256, 4 }, { 257, 4 }, { 258, 3 }, { 259, 3 }, { 262, 3 },
		{ 273, 4 }, { 277, 3 }, { 278, 4 }, { 279, 4 }, { 282, 5 },
		{ 283, 5 }, { 296, 3 },
	};
	unsigned long w = (unsigned long)cairo_image_surface_get_width(s);
	unsigned long h = (unsigned long)cairo_image_surface_get_height(s);
	unsigned long v[12];
	const unsigned char *data = cairo_image_surface_get_data(s);
	int stride = cairo_image_surface_get_stride(s), i;
	unsigned long x, y, px;
	FILE *f;

	if ((f = fopen(path, "wb")) == NULL)
		return 1;
	/* The header, the IFD at 8 (150 bytes), the two resolutions, the pixels. */
	v[0] = w; v[1] = h; v[2] = 8; v[3] = 1; v[4] = 1; v[5] = 174;
	v[6] = 1; v[7] = h; v[8] = w * h; v[9] = 158; v[10] = 166; v[11] = 2;
	fwrite("II*\0", 1, 4, f);
	mkscan_le(f, 8, 4);
	mkscan_le(f, 12, 2);
	for (i = 0; i < 12; i++) {
		mkscan_le(f, (unsigned long)e[i].tag, 2);
		mkscan_le(f, (unsigned long)e[i].type, 2);
		mkscan_le(f, 1, 4);
		mkscan_le(f, v[i], e[i].type == 3 ? 2 : 4);
		if (e[i].type == 3)
			mkscan_le(f, 0, 2);
	}
	mkscan_le(f, 0, 4);
	for (i = 0; i < 2; i++) {
		mkscan_le(f, (unsigned long)dpi, 4);
		mkscan_le(f, 1, 4);
	}
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++) {
			px = ((const unsigned *)(const void *)(data + y *
			    (unsigned long)stride))[x];
			fputc((int)((((px >> 16) & 0xff) * 299 + ((px >> 8) &
			    0xff) * 587 + (px & 0xff) * 114) / 1000), f);
		}
	return fclose(f) != 0;
}

/* Writes the page as a JPEG in grey at quality 75, through leptonica. */
static int
mkscan_jpeg(cairo_surface_t *s, const char *path, double dpi)
{
	int w = cairo_image_surface_get_width(s);
	int h = cairo_image_surface_get_height(s);
	int stride = cairo_image_surface_get_stride(s), x, y, rc;
	const unsigned char *data = cairo_image_surface_get_data(s);
	unsigned px;
	PIX *pix = pixCreate(w, h, 8);

	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++) {
			px = ((const unsigned *)(const void *)(data +
			    (size_t)y * (size_t)stride))[x];
			pixSetPixel(pix, x, y, (((px >> 16) & 0xff) * 299 +
			    ((px >> 8) & 0xff) * 587 + (px & 0xff) * 114) / 1000);
		}
	pixSetResolution(pix, (int)dpi, (int)dpi);
	rc = pixWrite(path, pix, IFF_JFIF_JPEG) != 0;
	pixDestroy(&pix);
	return rc;
}

int
main(int argc, char **argv)
{
	cairo_surface_t *s;
	cairo_t *cr;
	char *lines[64], buf[1024];
	double dpi = 200, turn = 0, noise = 0, size = 11, scale;
	unsigned char *data;
	int c, n = 0, w, h, stride, x, y, pages = 1;
	size_t len;

	while ((c = getopt(argc, argv, "d:r:n:s:p:")) != -1) {
		switch (c) {
		case 'd': dpi = atof(optarg); break;
		case 'r': turn = atof(optarg); break;
		case 'n': noise = atof(optarg); break;
		case 's': size = atof(optarg); break;
		case 'p': pages = atoi(optarg); break;
		default: return 2;
		}
	}
	if (optind + 1 != argc || dpi < 10 || dpi > 1200 || pages < 1 ||
	    pages > 100)
		return 2;
	while (n < 64 && fgets(buf, sizeof buf, stdin) != NULL) {
		len = strcspn(buf, "\n");
		buf[len] = '\0';
		lines[n++] = strdup(buf);
	}
	len = strlen(argv[optind]);
	if (len > 4 && strcmp(argv[optind] + len - 4, ".pdf") == 0) {
		s = cairo_pdf_surface_create(argv[optind], PAGE_W, PAGE_H);
		cr = cairo_create(s);
		for (x = 0; x < pages; x++) {
			mkscan_draw(cr, lines, n, size);
			cairo_show_page(cr);
		}
		cairo_destroy(cr);
		cairo_surface_finish(s);
		c = cairo_surface_status(s) != CAIRO_STATUS_SUCCESS;
		cairo_surface_destroy(s);
		while (n > 0)
			free(lines[--n]);
		return c;
	}
	scale = dpi / 72.0;
	w = (int)ceil(PAGE_W * scale);
	h = (int)ceil(PAGE_H * scale);
	s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	cr = cairo_create(s);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, scale, scale);
	/* Turned about the page's centre, as a sheet put askew on the glass. */
	cairo_translate(cr, PAGE_W / 2, PAGE_H / 2);
	cairo_rotate(cr, turn * M_PI / 180);
	cairo_translate(cr, -PAGE_W / 2, -PAGE_H / 2);
	mkscan_draw(cr, lines, n, size);
	cairo_destroy(cr);
	cairo_surface_flush(s);
	/* Specks of dust: a fixed seed, so that every run reads the same page. */
	data = cairo_image_surface_get_data(s);
	stride = cairo_image_surface_get_stride(s);
	srand(20);
	for (y = 0; y < h && noise > 0; y++)
		for (x = 0; x < w; x++)
			if (rand() % 1000 < noise)
				((unsigned *)(void *)(data + (size_t)y * stride))[x] =
				    rand() % 2 ? 0x000000 : 0x808080;
	cairo_surface_mark_dirty(s);
	if (len > 4 && strcmp(argv[optind] + len - 4, ".tif") == 0)
		c = mkscan_tiff(s, argv[optind], dpi);
	else if (len > 4 && strcmp(argv[optind] + len - 4, ".jpg") == 0)
		c = mkscan_jpeg(s, argv[optind], dpi);
	else
		c = cairo_surface_write_to_png(s, argv[optind]) !=
		    CAIRO_STATUS_SUCCESS;
	cairo_surface_destroy(s);
	while (n > 0)
		free(lines[--n]);
	return c;
}
