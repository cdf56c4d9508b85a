/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "clock.h"
#include "env.h"
#include "i18n.h"
#include "progress.h"
#include "utf8.h"
#include "xmalloc.h"

/* How often the line is redrawn, and how long a file takes before it is drawn. */
#define PROGRESS_INTERVAL_MS 250

struct progress {
	int		 enabled;
	char		*name;
	uint64_t	 total;
	double		 started, last;
	long		 interval_ms;	/* MEDIFLUX_PROGRESS_MS */
	int		 drawn;
};

struct progress *
progress_new(int enabled)
{
	struct progress *p = xcalloc(1, sizeof *p);

	p->enabled = enabled;
	p->interval_ms = env_long("MEDIFLUX_PROGRESS_MS", PROGRESS_INTERVAL_MS, 0,
	    60000);
	return p;
}

void
progress_free(struct progress *p)
{
	if (p == NULL)
		return;
	progress_end(p);
	free(p->name);
	free(p);
}

void
progress_start(struct progress *p, const char *name, uint64_t total)
{
	if (!p->enabled)
		return;
	free(p->name);
	p->name = utf8_sanitize(name);
	p->total = total;
	p->started = p->last = clock_now_ms();
}

void
progress_update(struct progress *p, uint64_t bytes, uint64_t rows)
{
	double now, elapsed;
	double left;

	if (!p->enabled)
		return;
	now = clock_now_ms();
	if (now - p->last < p->interval_ms)
		return;
	p->last = now;
	elapsed = now - p->started;
	if (elapsed <= 0)
		return;
	/* A download has no rows yet: its rate is in bytes. */
	fputc('\r', stderr);
	if (rows == 0)
		fprintf(stderr, _("%s: %.1f/%.1f MB, %.2f MB/s"), p->name,
		    bytes / 1e6, p->total / 1e6, bytes / 1e3 / elapsed);
	else
		fprintf(stderr, ngettext("%s: %.1f/%.1f MB, %llu row, "
		    "%.0f rows/s", "%s: %.1f/%.1f MB, %llu rows, %.0f rows/s",
		    (unsigned long)rows), p->name, bytes / 1e6, p->total / 1e6,
		    (unsigned long long)rows, rows * 1000.0 / elapsed);
	if (bytes > 0 && bytes < p->total) {
		left = elapsed * (double)(p->total - bytes) / bytes / 1000.0;
		fprintf(stderr, _(", %.0f s left"), left);
	}
	fputs("\033[K", stderr);
	p->drawn = 1;
}

void
progress_phase(struct progress *p, const char *what)
{
	if (!p->enabled)
		return;
	fprintf(stderr, "\r%s: %s…\033[K", p->name != NULL ? p->name : "", what);
	p->drawn = 1;
}

void
progress_end(struct progress *p)
{
	if (p->enabled && p->drawn)
		fputs("\r\033[K", stderr);
	p->drawn = 0;
}
