/* SPDX-License-Identifier: ISC */
/*
 * A prescription read (issue 20): the text src/ocr.c gives, split into
 * medicine lines and their instructions, each medicine line matched to a
 * BDPM presentation with a confidence and runner-ups, its instructions
 * turned into a number of boxes where they are simple, and what the boxes
 * cost the user (src/cost.c, the profile's mutuelle), with a total.
 * Core: no curses; the image itself is never kept.
 */
#ifndef MEDIFLUX_ORDONNANCE_H
#define MEDIFLUX_ORDONNANCE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>
#include <sqlite3.h>

#include "cost.h"
#include "query.h"

struct ocr_text;

/* The best candidate and up to three runner-ups. */
#define ORD_CANDIDATES		4
/* A line matches when its best candidate scores this much (of 100). */
#define ORD_MATCH_SCORE		60
/* The score of a presentation the user chose outside the candidates. */
#define ORD_SCORE_PICKED	(-1)
/* Candidates shown for an unmatched line score at least this. */
#define ORD_HINT_SCORE		35

/* What a line of the page is. */
enum ord_kind {
	ORD_KIND_NOISE,		/* too few letters to be anything */
	ORD_KIND_HEADER,	/* doctor, patient, date, "ordonnance", RPPS... */
	ORD_KIND_INSTRUCTIONS,	/* "1 cp matin et soir pendant 10 jours" */
	ORD_KIND_OTHER,		/* perhaps a medicine */
};

/* What instructions say, where they are simple enough. */
struct ord_posology {
	double	 per_take;	/* units a take, 0 unknown */
	char	 unit[16];	/* "comprime", "gelule"...: "" unknown */
	int	 takes_per_day;	/* 0 unknown */
	int	 days;		/* 0 unknown */
	long	 units;		/* per_take x takes x days, 0 unknown */
};

/* A presentation a line may be. */
struct ord_candidate {
	char	 cis[9];
	char	 cip13[14];
	char	*name;		/* the speciality's, as published */
	char	*label;		/* the presentation's, as published */
	int	 score;		/* 0 to 100 */
	int	 units_per_box;	/* 0: not a count of units */
	char	 box_unit[16];
	int64_t	 price_fee_cents;	/* -1 no price */
	int	 rate_pct;		/* -1 not reimbursed */
};

enum ord_status { ORD_UNMATCHED, ORD_MATCHED };

struct ord_line {
	int			 number;	/* from 1, in the page's order */
	char			*text;		/* the medicine line as read */
	char			*instructions;	/* the dosage text, or NULL */
	int			 ocr_confidence;
	enum ord_status		 status;
	struct ord_candidate	 candidates[ORD_CANDIDATES];
	int			 ncandidates;	/* [0] is the match when matched */
	struct ord_posology	 posology;
	int			 boxes;		/* to dispense (1 when not derived) */
	int			 boxes_derived;	/* from the instructions */
	int			 picked;	/* the user chose candidates[0] */
	int			 has_cost;
	struct cost_result	 box_cost;	/* of one box */
	/* The line's boxes together. */
	int64_t			 base_cents, am_cents, mutuelle_cents,
				 franchise_cents, left_cents;
};

struct ordonnance {
	struct ord_line		*lines;
	size_t			 nlines;
	size_t			 matched;
	size_t			 unpriced;	/* matched lines without a cost */
	int64_t			 base_cents, am_cents, mutuelle_cents,
				 franchise_cents, left_cents;
	char			 date[11];
	int			 coverage_pct;	/* the profile's mutuelle, -1 none */
	struct query_sample	 sample;
	/* A prescription kept (src/ordonnance_keep.c): 0 when not. */
	int64_t			 kept_id;
	char			 kept_at[32];	/* ISO 8601 UTC */
	char			 prescribed_on[11];	/* as read or given; "" unknown */
	char			*file;		/* its base name, or NULL */
};

/* What a line of the page is, by its words. */
enum ord_kind	 ord_line_kind(const char *text);

/*
 * The first day written on a line of the page ("Poitiers, le 7 décembre
 * 2026", "Le 1er mars 2026", "07/12/2026", "07.12.26", "2026-12-07") that
 * is on the calendar and not after latest (YYYY-MM-DD, NULL: any), as
 * YYYY-MM-DD in day: 1, or 0 when none, or when the line is the patient's
 * ("née le 12/03/1950"), whose date is a birth.
 */
int		 ord_read_day(const char *text, const char *latest, char day[11]);

/*
 * The folded words of an OCR'd line (src/fold.c), with the usual OCR
 * confusions undone: digits among letters read as letters ("amoxici11ine"),
 * letters among digits as digits ("5OO"), a number stuck to its unit split
 * ("40mg"). Returns a new string.
 */
char		*ord_normalise(const char *text);

/*
 * Reads instructions ("1 cp matin et soir pendant 10 jours", "2 gélules
 * par jour pendant 5 jours", "QSP 1 mois"): 0 with every field it could
 * read set; units set when the three of them are known.
 */
void		 ord_posology_parse(const char *text, struct ord_posology *);

/* Units in a box, from the presentation's label ("plaquette(s) de 30 comprimé(s)"); 0 unknown. */
int		 ord_units_per_box(const char *label, char unit[16]);

/*
 * How well a folded line matches a speciality (its folded name and form):
 * 0 to 100, 0 when the first word of the name is not on the line.
 */
int		 ord_score(const char *line_key, const char *name_key,
		     const char *form_key);

/*
 * Reads the prescription in text: its lines matched against the BDPM of q,
 * costs on date (YYYY-MM-DD) for the profile in udb (none when NULL), by
 * the rules of rules_path. 0, or -1 with *cause.
 */
int		 ordonnance_build(struct query_db *, sqlite3 *udb,
		     const struct ocr_text *, const char *rules_path,
		     const char *date, struct ordonnance **, char **cause);
void		 ordonnance_free(struct ordonnance *);

/*
 * Makes presentation cip13 line's match (line from 0): one of its
 * candidates, or any presentation of the BDPM; then every line's boxes and
 * costs again (the franchises' cap spans lines). 1 done, 0 no such line or
 * presentation, -1 error with *cause.
 */
int		 ordonnance_pick(struct query_db *, sqlite3 *udb,
		     struct ordonnance *, size_t line, const char *cip13,
		     const char *rules_path, char **cause);

/*
 * The presentations the user's words may be for line (from 0) of o, when
 * what was read matched nothing or the wrong medicine: the words
 * ("levothyrox 75", or a CIP13) matched against the BDPM as a line read is,
 * the line's instructions kept for the boxes; best first in (*out)->
 * candidates, none when ncandidates is 0. 0, or -1 with *cause.
 * ordonnance_pick then makes the one chosen the line's match.
 */
int		 ordonnance_find(struct query_db *, const struct ordonnance *,
		     size_t line, const char *words, struct ord_line **out,
		     char **cause);
void		 ordonnance_found_free(struct ord_line *);

/* The prescription as JSON, in the query envelope. */
json_t		*ordonnance_to_json(const struct query_db *,
		     const struct ordonnance *, const char *file);

#endif
