/* SPDX-License-Identifier: ISC */
/* Progress of a long import on stderr: bytes, rows, rows per second, time left. */
#ifndef MEDIFLUX_PROGRESS_H
#define MEDIFLUX_PROGRESS_H

#include <stdint.h>

struct progress;

/* A disabled progress (enabled 0) costs nothing and prints nothing. */
struct progress	*progress_new(int enabled);
void		 progress_free(struct progress *);

/* Starts a new file of total bytes, shown under name. */
void		 progress_start(struct progress *, const char *name, uint64_t total);
/* Redraws if the last drawing is old enough; bytes is how far into the file. */
void		 progress_update(struct progress *, uint64_t bytes, uint64_t rows);
/* Says what a long step after the reading is doing ("building the totals"). */
void		 progress_phase(struct progress *, const char *what);
/* Clears the progress line. */
void		 progress_end(struct progress *);

#endif
