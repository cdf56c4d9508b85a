/* Placeholder while the pane is being written; replaced by its real file. */
#include "config.h"

#include <stdlib.h>

#include "draw.h"
#include "tui.h"

static void *
history_init(struct app *app)
{
	return app;
}

static void
history_draw(void *arg, int y, int x, int height, int width, char *status,
    size_t statussize)
{
	(void)arg; (void)height; (void)status; (void)statussize;
	draw_text(y + 1, x + 1, width - 2, "(en cours d'écriture)",
	    term_attr(C_NORMAL));
}

static int
history_key(void *arg, enum action a, int key)
{
	(void)arg; (void)a; (void)key;
	return R_NONE;
}

static void
history_free(void *arg)
{
	(void)arg;
}

const struct pane_ops pane_history_ops = {
	"Historique", NULL, ACT_PANE_HISTORY, KM_HISTORY, history_init, history_draw, history_key, NULL, history_free,
};
