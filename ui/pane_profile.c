/* Placeholder while the pane is being written; replaced by its real file. */
#include "config.h"

#include <stdlib.h>

#include "draw.h"
#include "tui.h"

static void *
profile_init(struct app *app)
{
	return app;
}

static void
profile_draw(void *arg, int y, int x, int height, int width, char *status,
    size_t statussize)
{
	(void)arg; (void)height; (void)status; (void)statussize;
	draw_text(y + 1, x + 1, width - 2, "(en cours d'écriture)",
	    term_attr(C_NORMAL));
}

static int
profile_key(void *arg, enum action a, int key)
{
	(void)arg; (void)a; (void)key;
	return R_NONE;
}

static void
profile_free(void *arg)
{
	(void)arg;
}

const struct pane_ops pane_profile_ops = {
	"Profil", NULL, ACT_PANE_PROFILE, KM_PROFILE, profile_init, profile_draw, profile_key, NULL, profile_free,
};
