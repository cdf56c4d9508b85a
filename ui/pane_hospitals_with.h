/* SPDX-License-Identifier: ISC */
/*
 * The Hôpitaux pane's checklist of activities (search --with): a opens it
 * over the list, Space ticks an activity (a maternity's type goes 1, 2, 3,
 * then off), Entrée applies the choice to the search, Échap leaves it as it
 * was.
 */
#ifndef MEDIFLUX_PANE_HOSPITALS_WITH_H
#define MEDIFLUX_PANE_HOSPITALS_WITH_H

#include <stddef.h>

#include "keymap.h"
#include "sae_activity.h"

struct hospitals_with;

/* What a key did: the checklist stays, or closes applied or cancelled. */
enum hospitals_with_result {
	HOSPITALS_WITH_OPEN,
	HOSPITALS_WITH_APPLY,
	HOSPITALS_WITH_CANCEL,
	HOSPITALS_WITH_IGNORED,	/* not the checklist's key */
};

/* The checklist, ticked as the conditions given. */
struct hospitals_with	*hospitals_with_new(const struct sae_condition *,
			     size_t n);
void			 hospitals_with_free(struct hospitals_with *);
/* Whether the checklist's keys are text now (a / search). */
int			 hospitals_with_typing(const struct hospitals_with *);

void			 hospitals_with_draw(struct hospitals_with *, int y,
			     int x, int height, int width);
enum hospitals_with_result hospitals_with_key(struct hospitals_with *,
			     enum action, int key);

/* The activities ticked, in the checklist's order: at most SAE_CONDITIONS_MAX. */
size_t			 hospitals_with_conditions(const struct hospitals_with *,
			     struct sae_condition *);

extern const struct keytable hospitals_with_keys;

#endif
