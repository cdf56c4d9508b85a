/* SPDX-License-Identifier: ISC */
/* What a FINESS number and a FINESS date are, for the importer and the lookups alike. */
#ifndef MEDIFLUX_FINESS_H
#define MEDIFLUX_FINESS_H

/*
 * Tells whether s is exactly a FINESS number as published: nine characters,
 * the département (two digits, or 2A/2B for Corsica) then digits.
 */
int	finess_number_valid(const char *s);

/*
 * Reads a FINESS date, YYYY-MM-DD as extracts publish it (or DD/MM/YYYY, as a
 * spreadsheet re-saves it), into out as YYYY-MM-DD. Returns 0, or -1 when it
 * is no day of the calendar between 1800 and 2199.
 */
int	finess_date_parse(const char *s, char out[11]);

#endif
