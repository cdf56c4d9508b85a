/* SPDX-License-Identifier: ISC */
/*
 * Horizontal bars for figures in a list: block characters (with eighths)
 * when the terminal takes UTF-8, '#' otherwise; plain text, so they show
 * under NO_COLOR and on monochrome terminals alike.
 */
#ifndef MEDIFLUX_BAR_H
#define MEDIFLUX_BAR_H

#define BAR_MIN_WIDTH	6	/* a shorter bar says too little */
#define BAR_MAX_WIDTH	40
#define BAR_BUFSIZE	(BAR_MAX_WIDTH * 3 + 1)

/*
 * Writes into buf (BAR_BUFSIZE bytes) a bar of value against max, width
 * columns long at max, padded with spaces to width; a value above zero
 * shows at least a sliver. Returns buf.
 */
const char	*bar_format(char *buf, double value, double max, int width);

/* The width of a bar in the columns a pane can spare: 0 (none) when too few. */
int		 bar_width(int spare);

#endif
