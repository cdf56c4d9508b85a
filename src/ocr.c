/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <sys/stat.h>
#include <sys/wait.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <sys/resource.h>
#include <signal.h>
#include <poll.h>

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "dynlib_ocr.h"
#include "i18n.h"
#include "ocr.h"
#include "xmalloc.h"

/* One OCR session: the libraries, Tesseract's handle, the file and its text. */
struct ocr_session {
	const struct dynlib_tesseract	*tess;
	TessBaseAPI			*api;
	const char			*path;
	struct ocr_text			*text;
	double				 start_ms;
	const atomic_int		*stop;		/* NULL: never stopped */
};

/* The PDF renderer's output is waited for in slices this long, so that a stop is seen. */
#define OCR_STOP_POLL_MS	100

enum ocr_kind
ocr_sniff(const unsigned char *b, size_t n)
{
	if (n >= 8 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0)
		return OCR_KIND_PNG;
	if (n >= 3 && b[0] == 0xff && b[1] == 0xd8 && b[2] == 0xff)
		return OCR_KIND_JPEG;
	if (n >= 4 && (memcmp(b, "II*\0", 4) == 0 || memcmp(b, "MM\0*", 4) == 0))
		return OCR_KIND_TIFF;
	if (n >= 5 && memcmp(b, "%PDF-", 5) == 0)
		return OCR_KIND_PDF;
	return OCR_KIND_NONE;
}

static unsigned long
ocr_be32(const unsigned char *b)
{
	return (unsigned long)b[0] << 24 | (unsigned long)b[1] << 16 |
	    (unsigned long)b[2] << 8 | b[3];
}

int
ocr_png_size(const unsigned char *b, size_t n, unsigned long *w,
    unsigned long *h)
{
	/* The signature, then IHDR's length (13), its type, width and height. */
	if (n < 24 || ocr_sniff(b, n) != OCR_KIND_PNG ||
	    ocr_be32(b + 8) != 13 || memcmp(b + 12, "IHDR", 4) != 0)
		return -1;
	*w = ocr_be32(b + 16);
	*h = ocr_be32(b + 20);
	return 0;
}

const char *
ocr_tessdata_dir(void)
{
	const char *env = getenv("TESSDATA_PREFIX");

	return env != NULL && *env != '\0' ? env : TESSDATA_DIR;
}

/* Whether w x h pixels are more than mediflux decodes or renders. */
static int
ocr_too_large(double w, double h)
{
	return !(w >= 1 && h >= 1) || w > OCR_MAX_SIDE || h > OCR_MAX_SIDE ||
	    w * h > (double)OCR_MAX_PIXELS;
}

/* Reads a regular file of at most OCR_MAX_FILE_BYTES whole; -1 with *cause. */
static int
ocr_slurp(const char *path, unsigned char **data, size_t *size, char **cause)
{
	struct stat st;
	unsigned char *b;
	size_t done = 0;
	ssize_t r;
	int fd;

	/* O_NONBLOCK: a FIFO given as the file is refused below, not waited on. */
	if ((fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)) == -1)
		return error_set(cause, _("cannot open %s: %s"), path,
		    strerror(errno));
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		close(fd);
		return error_set(cause, _("%s is not a regular file"), path);
	}
	if (st.st_size > OCR_MAX_FILE_BYTES) {
		close(fd);
		return error_set(cause, _("%s is too large to be a scanned "
		    "prescription (more than %ld MB)"), path,
		    OCR_MAX_FILE_BYTES / (1024 * 1024));
	}
	b = xmalloc((size_t)st.st_size + 1);
	while (done < (size_t)st.st_size) {
		r = read(fd, b + done, (size_t)st.st_size - done);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0) {
			free(b);
			close(fd);
			return error_set(cause, _("cannot read %s: %s"), path,
			    r == 0 ? _("the file shrank while it was read") :
			    strerror(errno));
		}
		done += (size_t)r;
	}
	close(fd);
	*data = b;
	*size = done;
	return 0;
}

/*
 * Sends stderr to /dev/null while a decoder runs: libjpeg prints its
 * warnings ("Premature end of JPEG file") there itself, past leptonica's
 * handler, and in the terminal interface they would land on the screen.
 * Returns the saved descriptor for ocr_quiet_end, or -1.
 */
static int
ocr_quiet_begin(void)
{
	int saved, null;

	fflush(stderr);
	if ((saved = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3)) == -1)
		return -1;
	if ((null = open("/dev/null", O_WRONLY | O_CLOEXEC)) == -1 ||
	    dup2(null, STDERR_FILENO) == -1) {
		if (null != -1)
			close(null);
		close(saved);
		return -1;
	}
	close(null);
	return saved;
}

static void
ocr_quiet_end(int saved)
{
	if (saved == -1)
		return;
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
}

/* Leptonica's messages (it prints them on stderr) are not the user's concern. */
static void
ocr_lept_quiet(const char *msg)
{
	(void)msg;
}

/*
 * Starts Tesseract with the French model, its own messages sent nowhere
 * (they go to stderr otherwise), and the page segmentation that reads a
 * prescription's lines best: on the rendered test pages PSM_AUTO reads
 * every line as written at 200 and 300 dpi, noisy and turned 1.5 degrees,
 * where PSM_SINGLE_BLOCK takes the specks for bars ("ORDONNANCE oo |")
 * and drops confidence to 65-84.
 */
static int
ocr_session_start(struct ocr_session *s, char **cause)
{
	const char *dir = ocr_tessdata_dir();
	char *model, *why = NULL;

	/*
	 * Tesseract's OpenMP threads would each take a core the other users
	 * of a shared server need, for little gain on one page: one thread,
	 * unless the user said otherwise. Read when libgomp loads, so first.
	 */
	setenv("OMP_THREAD_LIMIT", "1", 0);
	if ((s->tess = dynlib_tesseract(&why)) == NULL) {
		error_set(cause, _("cannot read %s: %s"), s->path, why);
		free(why);
		return -1;
	}
	s->tess->lept_set_stderr_handler(ocr_lept_quiet);
	model = xasprintf("%s/fra.traineddata", dir);
	if (access(model, R_OK) != 0) {
		error_set(cause, _("cannot read %s: Tesseract's French model "
		    "%s cannot be read (%s): install tesseract-ocr-fra or set "
		    "TESSDATA_PREFIX"), s->path, model, strerror(errno));
		free(model);
		return -1;
	}
	free(model);
	s->api = s->tess->create();
	s->tess->set_variable(s->api, "debug_file", "/dev/null");
	if (s->tess->init(s->api, dir, "fra") != 0) {
		s->tess->destroy(s->api);
		s->api = NULL;
		return error_set(cause, _("cannot read %s: Tesseract cannot "
		    "load its French model from %s"), s->path, dir);
	}
	s->tess->set_variable(s->api, "debug_file", "/dev/null");
	s->tess->set_page_seg_mode(s->api, PSM_AUTO);
	return 0;
}

static void
ocr_session_end(struct ocr_session *s)
{
	if (s->api != NULL)
		s->tess->destroy(s->api);
	s->api = NULL;
}

/* Adds a line of text, without its trailing spaces and line break, unless blank. */
static void
ocr_add_line(struct ocr_text *t, const char *text, float confidence, int page)
{
	struct ocr_line *l;
	size_t n = strlen(text);

	while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == ' ' ||
	    text[n - 1] == '\t' || text[n - 1] == '\r'))
		n--;
	if (n == 0 || text[strspn(text, " \t\r\n")] == '\0')
		return;
	t->lines = xreallocarray(t->lines, t->nlines + 1, sizeof *t->lines);
	l = &t->lines[t->nlines++];
	l->text = xstrndup(text, n);
	l->confidence = confidence < 0 ? 0 : confidence > 100 ? 100 :
	    (int)lroundf(confidence);
	l->page = page;
}

/* Whether the reading was asked to stop. */
static int
ocr_stopped(const struct ocr_session *s)
{
	return s->stop != NULL && atomic_load(s->stop) != 0;
}

/* Tesseract asks this between words whether to give up the page. */
static bool
ocr_monitor_cancel(void *session, int words)
{
	(void)words;
	return ocr_stopped(session);
}

/* Says the reading was stopped: -1 with *cause. */
static int
ocr_stop_cause(const struct ocr_session *s, char **cause)
{
	return error_set(cause, _("reading %s: stopped"), s->path);
}

/*
 * Recognises the image Tesseract was given within the deadline left, and
 * adds its lines; -1 with *cause when the time ran out or the reading was
 * stopped.
 */
static int
ocr_recognise(struct ocr_session *s, int page, char **cause)
{
	const struct dynlib_tesseract *t = s->tess;
	TessResultIterator *it;
	TessPageIterator *pit;
	ETEXT_DESC *monitor;
	double left, t0;
	char *text;
	int deadline, rc;

	if (ocr_stopped(s))
		return ocr_stop_cause(s, cause);
	left = OCR_FILE_DEADLINE_MS - (clock_now_ms() - s->start_ms);
	deadline = left < OCR_PAGE_DEADLINE_MS ? (int)left : OCR_PAGE_DEADLINE_MS;
	if (deadline <= 0)
		return error_set(cause, _("reading %s took more than %d "
		    "seconds: given up"), s->path, OCR_FILE_DEADLINE_MS / 1000);
	monitor = t->monitor_create();
	t->monitor_set_deadline(monitor, deadline);
	t->monitor_set_cancel(monitor, ocr_monitor_cancel);
	t->monitor_set_cancel_this(monitor, s);
	t0 = clock_now_ms();
	rc = t->recognize(s->api, monitor);
	t->monitor_delete(monitor);
	if (ocr_stopped(s)) {
		t->clear(s->api);
		return ocr_stop_cause(s, cause);
	}
	if (clock_now_ms() - t0 >= deadline) {
		t->clear(s->api);
		return error_set(cause, _("reading %s took more than %d "
		    "seconds: given up"), s->path, deadline / 1000);
	}
	if (rc != 0) {
		t->clear(s->api);
		return error_set(cause, _("Tesseract could not read %s"),
		    s->path);
	}
	if ((it = t->get_iterator(s->api)) != NULL) {
		pit = t->iterator_page(it);
		do {
			if ((text = t->iterator_text(it, RIL_TEXTLINE)) == NULL)
				continue;
			ocr_add_line(s->text, text,
			    t->iterator_confidence(it, RIL_TEXTLINE), page);
			t->delete_text(text);
		} while (t->page_next(pit, RIL_TEXTLINE));
		t->iterator_delete(it);
	}
	t->clear(s->api);
	return 0;
}

/*
 * A PNG's claimed size, read before Tesseract and leptonica are even
 * loaded: a header of 20 000 x 20 000 pixels costs nothing to refuse.
 */
static int
ocr_check_png(const char *path, const unsigned char *data, size_t size,
    char **cause)
{
	unsigned long w, h, len;
	size_t at = 8;

	if (ocr_png_size(data, size, &w, &h) != 0)
		return error_set(cause, _("%s is a damaged or truncated image "
		    "(its header cannot be read)"), path);
	/*
	 * Every chunk whole up to IEND: a truncated file is told here, where
	 * libpng would print its own error on stderr.
	 */
	for (;;) {
		if (size - at < 12 || (len = ocr_be32(data + at)) > size - at - 12)
			return error_set(cause, _("%s is a damaged or truncated "
			    "image (it cannot be decoded)"), path);
		if (memcmp(data + at + 4, "IEND", 4) == 0)
			break;
		at += 12 + len;
	}
	if (ocr_too_large((double)w, (double)h))
		return error_set(cause, _("%s is an image of %lu × %lu pixels: "
		    "more than mediflux reads (%d pixels a side, %ld "
		    "megapixels)"), path, w, h, OCR_MAX_SIDE,
		    OCR_MAX_PIXELS / 1000000);
	return 0;
}

/* An image file: its size read from its header, refused if too large, then decoded and read. */
static int
ocr_read_image(struct ocr_session *s, const unsigned char *data, size_t size,
    char **cause)
{
	const struct dynlib_tesseract *t = s->tess;
	l_int32 format, w, h, bps, spp, cmap;
	PIX *pix;
	int rc, quiet;

	quiet = ocr_quiet_begin();
	rc = t->pix_read_header_mem(data, size, &format, &w, &h, &bps, &spp,
	    &cmap);
	ocr_quiet_end(quiet);
	if (rc != 0)
		return error_set(cause, _("%s is a damaged or truncated image "
		    "(its header cannot be read)"), s->path);
	if (ocr_too_large(w, h))
		return error_set(cause, _("%s is an image of %lu × %lu pixels: "
		    "more than mediflux reads (%d pixels a side, %ld "
		    "megapixels)"), s->path, (unsigned long)w, (unsigned long)h,
		    OCR_MAX_SIDE, OCR_MAX_PIXELS / 1000000);
	quiet = ocr_quiet_begin();
	pix = t->pix_read_mem(data, size);
	ocr_quiet_end(quiet);
	if (pix == NULL)
		return error_set(cause, _("%s is a damaged or truncated image "
		    "(it cannot be decoded)"), s->path);
	s->text->pages = 1;
	t->set_image_pix(s->api, pix);
	/* Without a resolution in the file Tesseract guesses one, and says so. */
	if (t->pix_get_xres(pix) < 70)
		t->set_source_resolution(s->api, 300);
	rc = ocr_recognise(s, 1, cause);
	t->pix_destroy(&pix);
	return rc;
}

/*
 * A PDF is opened and its pages rendered by poppler in a child process,
 * its address space and processor time bounded and the wait for it too: a
 * crafted file (a stream inflating to gigabytes, an image of a billion
 * pixels, a content stream of millions of operators) costs the child, which
 * is then killed or fails, never this process. The child sends each page
 * in grey, one byte a pixel, after a head; Tesseract reads it here.
 */
struct ocr_render_head {
	int32_t		 code;		/* enum ocr_render_code */
	int32_t		 n;		/* pages, or the page's index from 0 */
	int32_t		 w, h;		/* the page's pixels (OCR_RENDER_PAGE) */
	double		 wpt, hpt;	/* its size in points (OCR_RENDER_TOO_LARGE) */
};

enum ocr_render_code {
	OCR_RENDER_PAGES = 1,		/* n pages follow */
	OCR_RENDER_PAGE,		/* page n, w x h bytes follow */
	OCR_RENDER_DAMAGED,
	OCR_RENDER_NO_PAGES,
	OCR_RENDER_TOO_MANY,		/* n pages */
	OCR_RENDER_UNREADABLE,		/* page n */
	OCR_RENDER_TOO_LARGE,		/* page n, wpt x hpt points */
	OCR_RENDER_FAILED,		/* page n */
};

/* The child's address space: poppler, cairo and glib, the file and one page. */
#define OCR_RENDER_MAX_BYTES	(1024L * 1024 * 1024)
/* Its processor time, and how long this process waits for its pages in all. */
#define OCR_RENDER_CPU_SECONDS	60
#define OCR_RENDER_DEADLINE_MS	30000

#if defined(__SANITIZE_ADDRESS__)
#define OCR_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define OCR_SANITIZED 1
#endif
#endif

/* Writes all of n bytes to the parent; the child ends if it cannot. */
static void
ocr_render_send(int fd, const void *buf, size_t n)
{
	const char *b = buf;
	ssize_t w;

	while (n > 0) {
		if ((w = write(fd, b, n)) < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			_exit(1);
		b += w;
		n -= (size_t)w;
	}
}

static void
ocr_render_say(int fd, int code, int n, double wpt, double hpt)
{
	struct ocr_render_head head;

	memset(&head, 0, sizeof head);
	head.code = code;
	head.n = n;
	head.wpt = wpt;
	head.hpt = hpt;
	ocr_render_send(fd, &head, sizeof head);
}

/* Renders page i in grey at OCR_PDF_DPI and sends it, or what stopped it. */
static void
ocr_render_page(const struct dynlib_poppler *p, PopplerDocument *doc, int i,
    int fd)
{
	struct ocr_render_head head;
	PopplerPage *page;
	cairo_surface_t *surface;
	cairo_t *cr;
	unsigned char *grey, *row;
	double wpt, hpt, w, h, scale = OCR_PDF_DPI / 72.0;
	int x, y, iw, ih, stride;

	if ((page = p->document_get_page(doc, i)) == NULL) {
		ocr_render_say(fd, OCR_RENDER_UNREADABLE, i, 0, 0);
		_exit(0);
	}
	p->page_get_size(page, &wpt, &hpt);
	w = ceil(wpt * scale);
	h = ceil(hpt * scale);
	if (!isfinite(w) || !isfinite(h) || ocr_too_large(w, h)) {
		ocr_render_say(fd, OCR_RENDER_TOO_LARGE, i, wpt, hpt);
		_exit(0);
	}
	iw = (int)w;
	ih = (int)h;
	surface = p->image_surface_create(CAIRO_FORMAT_RGB24, iw, ih);
	if (p->surface_status(surface) != CAIRO_STATUS_SUCCESS) {
		ocr_render_say(fd, OCR_RENDER_FAILED, i, 0, 0);
		_exit(0);
	}
	cr = p->create(surface);
	p->set_source_rgb(cr, 1, 1, 1);
	p->paint(cr);
	p->scale(cr, scale, scale);
	p->page_render(page, cr);
	p->destroy(cr);
	p->object_unref(page);
	p->surface_flush(surface);
	/* Tesseract wants its bytes in its own order: grey, one a pixel. */
	row = p->image_surface_get_data(surface);
	stride = p->image_surface_get_stride(surface);
	if ((grey = malloc((size_t)iw)) == NULL) {
		ocr_render_say(fd, OCR_RENDER_FAILED, i, 0, 0);
		_exit(0);
	}
	memset(&head, 0, sizeof head);
	head.code = OCR_RENDER_PAGE;
	head.n = i;
	head.w = iw;
	head.h = ih;
	ocr_render_send(fd, &head, sizeof head);
	for (y = 0; y < ih; y++) {
		const uint32_t *px = (const uint32_t *)(void *)(row +
		    (size_t)y * (size_t)stride);

		for (x = 0; x < iw; x++)
			grey[x] = (unsigned char)((((px[x] >> 16) & 0xff) * 299 +
			    ((px[x] >> 8) & 0xff) * 587 + (px[x] & 0xff) * 114) /
			    1000);
		ocr_render_send(fd, grey, (size_t)iw);
	}
	free(grey);
	p->surface_destroy(surface);
}

/* The child: bounds itself, opens the PDF, sends its page count, then its pages. */
static void
ocr_render_child(const struct dynlib_poppler *p, const unsigned char *data,
    size_t size, int fd, pid_t parent)
{
	struct rlimit lim;
	PopplerDocument *doc;
	GBytes *bytes;
	GError *err = NULL;
	int i, n;

#ifdef PR_SET_PDEATHSIG
	/* Gone with the thread that forked it: an interface quit meanwhile. */
	(void)prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(1);
#else
	(void)parent;
#endif
	lim.rlim_cur = lim.rlim_max = 0;
	(void)setrlimit(RLIMIT_CORE, &lim);
	lim.rlim_cur = OCR_RENDER_CPU_SECONDS;
	lim.rlim_max = OCR_RENDER_CPU_SECONDS + 1;
	(void)setrlimit(RLIMIT_CPU, &lim);
#ifndef OCR_SANITIZED
	/* A sanitizer reserves terabytes of shadow memory up front. */
	lim.rlim_cur = lim.rlim_max = OCR_RENDER_MAX_BYTES;
	(void)setrlimit(RLIMIT_AS, &lim);
#endif
	bytes = p->bytes_new_static(data, size);
	doc = p->document_new_from_bytes(bytes, NULL, &err);
	if (doc == NULL) {
		ocr_render_say(fd, OCR_RENDER_DAMAGED, 0, 0, 0);
		return;
	}
	n = p->document_get_n_pages(doc);
	if (n < 1 || n > OCR_MAX_PDF_PAGES) {
		ocr_render_say(fd, n < 1 ? OCR_RENDER_NO_PAGES :
		    OCR_RENDER_TOO_MANY, n, 0, 0);
		return;
	}
	ocr_render_say(fd, OCR_RENDER_PAGES, n, 0, 0);
	for (i = 0; i < n; i++)
		ocr_render_page(p, doc, i, fd);
}

/*
 * Reads n bytes the child sent, counting the time waited in *waited_ms:
 * 0, 1 at the end of its output, -1 past OCR_RENDER_DEADLINE_MS, or -2
 * when the reading was stopped.
 */
static int
ocr_render_receive(const struct ocr_session *s, int fd, void *buf, size_t n,
    double *waited_ms)
{
	struct pollfd pfd;
	char *b = buf;
	double t0;
	ssize_t r;
	int left;

	while (n > 0) {
		if (ocr_stopped(s))
			return -2;
		left = (int)(OCR_RENDER_DEADLINE_MS - *waited_ms);
		if (left <= 0)
			return -1;
		if (s->stop != NULL && left > OCR_STOP_POLL_MS)
			left = OCR_STOP_POLL_MS;
		pfd.fd = fd;
		pfd.events = POLLIN;
		t0 = clock_now_ms();
		r = poll(&pfd, 1, left);
		*waited_ms += clock_now_ms() - t0;
		if (r < 0 && errno == EINTR)
			continue;
		if (r == 0)
			continue;
		if (r < 0)
			return 1;
		if ((r = read(fd, b, n)) < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return 1;
		b += r;
		n -= (size_t)r;
	}
	return 0;
}

/*
 * Tells why the child sent no more (received: what ocr_render_receive
 * said): the deadline, a stop, a limit, or a damaged file.
 */
static int
ocr_render_stopped(struct ocr_session *s, pid_t pid, int received,
    char **cause)
{
	int status;

	if (received < 0)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		continue;
	if (received == -2)
		return ocr_stop_cause(s, cause);
	if (received == -1)
		return error_set(cause, _("%s took more than %d seconds to "
		    "render: given up"), s->path, OCR_RENDER_DEADLINE_MS / 1000);
	if (WIFSIGNALED(status) || (WIFEXITED(status) &&
	    WEXITSTATUS(status) != 0))
		return error_set(cause, _("%s cannot be rendered within the "
		    "limits set for a PDF (%ld MB of memory, %d seconds)"),
		    s->path, OCR_RENDER_MAX_BYTES / (1024 * 1024),
		    OCR_RENDER_CPU_SECONDS);
	return error_set(cause, _("%s is a damaged PDF, or one protected by "
	    "a password"), s->path);
}

/* A PDF: rendered page by page in a bounded child (above), each page read here. */
static int
ocr_read_pdf(struct ocr_session *s, const unsigned char *data, size_t size,
    char **cause)
{
	const struct dynlib_poppler *p;
	struct ocr_render_head head;
	unsigned char *grey;
	double waited = 0;
	char *why = NULL;
	pid_t pid, parent;
	int fds[2], rc, status, i, reaped = 0;

	/* Loaded here, before the fork: the child only calls it. */
	if ((p = dynlib_poppler(&why)) == NULL) {
		error_set(cause, _("cannot read %s: %s"), s->path, why);
		free(why);
		return -1;
	}
	if (pipe2(fds, O_CLOEXEC) != 0)
		return error_set(cause, _("cannot read %s: %s"), s->path,
		    strerror(errno));
	fflush(NULL);
	parent = getpid();
	if ((pid = fork()) < 0) {
		close(fds[0]);
		close(fds[1]);
		return error_set(cause, _("cannot read %s: %s"), s->path,
		    strerror(errno));
	}
	if (pid == 0) {
		close(fds[0]);
		ocr_render_child(p, data, size, fds[1], parent);
		_exit(0);
	}
	close(fds[1]);
	for (i = 0;; i++) {
		if ((rc = ocr_render_receive(s, fds[0], &head, sizeof head,
		    &waited)) != 0) {
			rc = ocr_render_stopped(s, pid, rc, cause);
			reaped = 1;
			break;
		}
		if (i == 0 && head.code == OCR_RENDER_PAGES) {
			s->text->pages = head.n;
			continue;
		}
		rc = -1;
		if (head.code == OCR_RENDER_PAGE && head.n == i - 1 &&
		    head.n < s->text->pages && !ocr_too_large(head.w, head.h)) {
			grey = xmalloc((size_t)head.w * (size_t)head.h);
			if ((rc = ocr_render_receive(s, fds[0], grey,
			    (size_t)head.w * (size_t)head.h, &waited)) != 0) {
				free(grey);
				rc = ocr_render_stopped(s, pid, rc, cause);
				reaped = 1;
				break;
			}
			s->tess->set_image(s->api, grey, head.w, head.h, 1,
			    head.w);
			s->tess->set_source_resolution(s->api, OCR_PDF_DPI);
			rc = ocr_recognise(s, head.n + 1, cause);
			free(grey);
			if (rc != 0)
				break;
			if (head.n + 1 < s->text->pages)
				continue;
		} else if (head.code == OCR_RENDER_DAMAGED)
			error_set(cause, _("%s is a damaged PDF, or one "
			    "protected by a password"), s->path);
		else if (head.code == OCR_RENDER_NO_PAGES)
			error_set(cause, _("%s is a PDF without pages"), s->path);
		else if (head.code == OCR_RENDER_TOO_MANY)
			error_set(cause, _("%s is a PDF of %d pages: a "
			    "prescription has at most %d"), s->path, head.n,
			    OCR_MAX_PDF_PAGES);
		else if (head.code == OCR_RENDER_UNREADABLE)
			error_set(cause, _("page %d of %s cannot be read"),
			    head.n + 1, s->path);
		else if (head.code == OCR_RENDER_TOO_LARGE)
			error_set(cause, _("page %d of %s is too large to read "
			    "(%.0f × %.0f points; at most %d pixels a side and "
			    "%ld megapixels at %d dpi)"), head.n + 1, s->path,
			    head.wpt, head.hpt, OCR_MAX_SIDE,
			    OCR_MAX_PIXELS / 1000000, OCR_PDF_DPI);
		else if (head.code == OCR_RENDER_FAILED)
			error_set(cause, _("page %d of %s cannot be rendered"),
			    head.n + 1, s->path);
		else
			error_set(cause, _("%s is a damaged PDF, or one "
			    "protected by a password"), s->path);
		break;
	}
	close(fds[0]);
	/* Done, or stopped by what it sent: the child has nothing more to say. */
	if (!reaped) {
		kill(pid, SIGKILL);
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			continue;
	}
	return rc;
}

int
ocr_read_file(const char *path, const atomic_int *stop, struct ocr_text **out,
    char **cause)
{
	struct ocr_session s;
	unsigned char *data = NULL;
	size_t size = 0;
	int rc = -1;

	memset(&s, 0, sizeof s);
	s.path = path;
	s.stop = stop;
	s.start_ms = clock_now_ms();
	if (ocr_slurp(path, &data, &size, cause) != 0)
		return -1;
	s.text = xcalloc(1, sizeof *s.text);
	if ((s.text->kind = ocr_sniff(data, size)) == OCR_KIND_NONE) {
		free(data);
		ocr_text_free(s.text);
		return error_set(cause, _("%s is not an image or a PDF (mediflux "
		    "reads PNG, JPEG, TIFF and PDF files)"), path);
	}
	if ((s.text->kind != OCR_KIND_PNG || (rc = ocr_check_png(path, data,
	    size, cause)) == 0) && (rc = ocr_session_start(&s, cause)) == 0) {
		if (s.text->kind == OCR_KIND_PDF)
			rc = ocr_read_pdf(&s, data, size, cause);
		else
			rc = ocr_read_image(&s, data, size, cause);
	}
	ocr_session_end(&s);
	free(data);
	if (rc != 0) {
		ocr_text_free(s.text);
		return -1;
	}
	s.text->ms = clock_now_ms() - s.start_ms;
	*out = s.text;
	return 0;
}

void
ocr_text_free(struct ocr_text *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->nlines; i++)
		free(t->lines[i].text);
	free(t->lines);
	free(t);
}
