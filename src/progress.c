/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "clock.h"
#include "env.h"
#include "i18n.h"
#include "progress.h"
#include "texttable.h"
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
	char done[48], total[48], rate[48], n[32];

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
	texttable_decimal(bytes / 1e6, 1, done);
	texttable_decimal(p->total / 1e6, 1, total);
	if (rows == 0)
		fprintf(stderr, _("%s: %s/%s MB, %s MB/s"), p->name, done, total,
		    texttable_decimal(bytes / 1e3 / elapsed, 2, rate));
	else
		fprintf(stderr, ngettext("%s: %s/%s MB, %s row, %s rows/s",
		    "%s: %s/%s MB, %s rows, %s rows/s", (unsigned long)rows),
		    p->name, done, total, texttable_int((int64_t)rows, n),
		    texttable_decimal(rows * 1000.0 / elapsed, 0, rate));
	if (bytes > 0 && bytes < p->total) {
		left = elapsed * (double)(p->total - bytes) / bytes / 1000.0;
		fprintf(stderr, _(", %s s left"), texttable_decimal(left, 0,
		    rate));
	}
	fputs("\033[K", stderr);
	p->drawn = 1;
}

void
progress_phase(struct progress *p, const char *what)
{
	if (!p->enabled)
		return;
	fputc('\r', stderr);
	/* TRANSLATORS: a file, then what its import is doing. */
	fprintf(stderr, _("%s: %s…"), p->name != NULL ? p->name : "", what);
	fputs("\033[K", stderr);
	p->drawn = 1;
}

void
progress_end(struct progress *p)
{
	if (p->enabled && p->drawn)
		fputs("\r\033[K", stderr);
	p->drawn = 0;
}
