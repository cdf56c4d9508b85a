/* SPDX-License-Identifier: ISC */
/*
 * The Médicaments pane's medicine search: m opens a field where the list of
 * medicines follows what is typed (name or substance words, a CIS, a CIP13);
 * Enter opens the fiche of the one chosen, as it does on a product row of the
 * ATC drill-down.
 */
#ifndef MEDIFLUX_PANE_MEDS_DRUG_H
#define MEDIFLUX_PANE_MEDS_DRUG_H

#include <stddef.h>

#include <jansson.h>

#include "keymap.h"

struct app;
struct meds_drug;

struct meds_drug	*meds_drug_new(struct app *);
void			 meds_drug_free(struct meds_drug *);

/* Whether the search or a fiche is shown (the pane's keys then go here). */
int			 meds_drug_active(const struct meds_drug *);
/* Whether its keys are text now: the field shown, no fiche open. */
int			 meds_drug_typing(const struct meds_drug *);

/* Shows the field, empty. */
void			 meds_drug_start(struct meds_drug *);

/* Opens the fiche of a CIS or CIP13 (recorded unless replayed); -1 with a message. */
int			 meds_drug_open(struct meds_drug *, const char *code,
			     int record);

void			 meds_drug_draw(struct meds_drug *, int y, int x,
			     int height, int width, char *status,
			     size_t statussize);
int			 meds_drug_key(struct meds_drug *, enum action, int key);

/* Shows a history entry of `drug`: the fiche of a code, else the search. */
void			 meds_drug_replay(struct meds_drug *, const json_t *);

/* The keys of what is shown: the field's, or the fiche's. */
const struct keytable	*meds_drug_keys(const struct meds_drug *);

/* Whether what is shown is sample data. */
int			 meds_drug_sample(const struct meds_drug *);

#endif
