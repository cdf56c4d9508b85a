/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <string.h>

#include "bar.h"
#include "term.h"

#define BAR_WIDE_WIDTH	20

const char *
bar_format(char *buf, double value, double max, int width)
{
	/* Eighths of a block, from one eighth to seven. */
	static const char *const eighths[] = {
		"", "▏", "▎", "▍", "▌", "▋", "▊", "▉",
	};
	size_t o = 0;
	double f = 0;
	long units, full, i;
	int utf8 = term_utf8(), steps = utf8 ? 8 : 1, used;

	if (width > BAR_MAX_WIDTH)
		width = BAR_MAX_WIDTH;
	if (width < 0)
		width = 0;
	if (max > 0 && value > 0)
		f = value < max ? value / max : 1;	/* NaN stays 0 */
	units = (long)(f * width * steps + 0.5);
	if (units < 1 && f > 0 && width > 0)
		units = 1;
	full = units / steps;
	for (i = 0; i < full; i++) {
		if (utf8) {
			memcpy(buf + o, "█", 3);
			o += 3;
		} else
			buf[o++] = '#';
	}
	used = (int)full;
	if (units % steps != 0) {
		memcpy(buf + o, eighths[units % steps], 3);
		o += 3;
		used++;
	}
	for (; used < width; used++)
		buf[o++] = ' ';
	buf[o] = '\0';
	return buf;
}

int
bar_width(int spare)
{
	if (spare < BAR_MIN_WIDTH)
		return 0;
	return spare < BAR_WIDE_WIDTH ? spare : BAR_WIDE_WIDTH;
}
