/* SPDX-License-Identifier: ISC */
/*
 * The text of a scanned or photographed page (issue 20): a PNG, JPEG, TIFF
 * or PDF file read through leptonica or poppler, then Tesseract's French
 * model, offline, within bounds of size, pixels, pages and time so that a
 * hostile file is refused rather than followed. Core: no curses here.
 */
#ifndef MEDIFLUX_OCR_H
#define MEDIFLUX_OCR_H

#include <stdatomic.h>
#include <stddef.h>

/* A file larger than this is refused before it is read. */
#define OCR_MAX_FILE_BYTES	(32L * 1024 * 1024)
/* An image (or a rendered PDF page) larger than these is refused before it is decoded. */
#define OCR_MAX_SIDE		16000
#define OCR_MAX_PIXELS		(60L * 1000 * 1000)
/* A prescription is a page or two: a PDF of more pages is refused. */
#define OCR_MAX_PDF_PAGES	10
/* The resolution a PDF's pages are rendered at. */
#define OCR_PDF_DPI		300
/* Tesseract's time for one page, and for the whole file. */
#define OCR_PAGE_DEADLINE_MS	30000
#define OCR_FILE_DEADLINE_MS	60000

enum ocr_kind {
	OCR_KIND_NONE,
	OCR_KIND_PNG,
	OCR_KIND_JPEG,
	OCR_KIND_TIFF,
	OCR_KIND_PDF,
};

/* One line of text as Tesseract read it. */
struct ocr_line {
	char	*text;		/* UTF-8, without its line break; not sanitised */
	int	 confidence;	/* Tesseract's, 0 to 100 */
	int	 page;		/* from 1 */
};

struct ocr_text {
	enum ocr_kind	 kind;
	int		 pages;
	struct ocr_line	*lines;
	size_t		 nlines;	/* 0: no text found */
	double		 ms;		/* the OCR's time, reading and decoding included */
};

/* What the first bytes of a file say it is. */
enum ocr_kind	 ocr_sniff(const unsigned char *, size_t);

/*
 * The width and height a PNG's IHDR claims, read without decoding
 * anything: 0, or -1 when the bytes are not a PNG's first chunk.
 */
int		 ocr_png_size(const unsigned char *, size_t, unsigned long *w,
		     unsigned long *h);

/*
 * Reads the text of every page of a file: 0 (nlines 0 when the page is
 * blank), or -1 with *cause, a sentence naming the file. Another thread
 * setting *stop (NULL: none can) ends the reading within a fraction of a
 * second, the PDF renderer killed, with -1: Tesseract's work is not left
 * running for someone who gave up waiting.
 */
int		 ocr_read_file(const char *path, const atomic_int *stop,
		     struct ocr_text **, char **cause);
void		 ocr_text_free(struct ocr_text *);

/* The French model's directory: TESSDATA_PREFIX, else the build's TESSDATA_DIR. */
const char	*ocr_tessdata_dir(void);

#endif
