/* SPDX-License-Identifier: ISC */
/*
 * What one box of a medicine leaves its patient to pay: the Assurance
 * Maladie's part, the franchise it retains, the mutuelle's part and the rest,
 * in integer cents. Every rate, amount and exemption is dated data read from
 * data/rules/medicines.csv (see data/rules/README.md), never a constant here.
 */
#ifndef MEDIFLUX_COST_H
#define MEDIFLUX_COST_H

#include <stdint.h>

struct cost_rules;

/* One line of the rules file, as a fiche cites it (strings owned by the rules). */
struct cost_rule {
	const char	*rule;		/* rate, franchise_box, franchise_year_cap, exemption */
	const char	*key;		/* the rate, the exemption's name, or "" */
	const char	*value;
	const char	*valid_from;	/* YYYY-MM-DD */
	const char	*valid_to;	/* YYYY-MM-DD, "" while still in force */
	const char	*source;
	const char	*label;
	unsigned long	 line;
};

/* Reads a rules file; errors name the file, the line and the field. */
struct cost_rules	*cost_rules_load(const char *path, char **cause);
void			 cost_rules_free(struct cost_rules *);

/*
 * Where the rules are: option (--rules), else MEDIFLUX_RULES, else the
 * installed rules/medicines.csv (or data/ beside the program); NULL if none.
 */
char			*cost_rules_path(const char *option);

/*
 * The exemptions the rules know, each once, in the file's order:
 * NULL-terminated, the names the rules' own (valid while they are).
 */
const char		**cost_rules_exemptions(const struct cost_rules *);

/* What the BDPM says of a presentation. */
struct cost_box {
	int64_t		 base_cents;	/* prix avec honoraires: the base de remboursement */
	int		 rate_pct;	/* 100, 65, 30, 15; 0 = not reimbursed */
};

struct cost_person {
	const char	*date;		/* YYYY-MM-DD the box is dispensed */
	int		 coverage_pct;	/* mutuelle, % of the base AM part included; -1: none */
	const char *const *exemptions;	/* NULL-terminated names from the rules, or NULL */
	int64_t		 franchise_year_cents; /* franchises already retained this year */
};

struct cost_result {
	int64_t		 base_cents;
	int64_t		 am_cents;	/* rate x base, rounded to the cent */
	int64_t		 franchise_cents; /* retained by the AM, never covered */
	int64_t		 mutuelle_cents; /* the complementary's part (mutuelle, CSS) */
	int64_t		 left_cents;	/* base - am - mutuelle + franchise */
	int		 rate_pct;	/* the rate that applied, after exemptions */

	/* The rules that applied (NULL: none); they live as long as the rules. */
	const struct cost_rule *rate_rule;	/* the box's rate */
	const struct cost_rule *rate_exemption;	/* the exemption that changed it */
	const struct cost_rule *franchise_rule;	/* the amount due per box */
	const struct cost_rule *franchise_exemption; /* the exemption that waived it */
	const struct cost_rule *cap_rule;	/* the yearly cap, when it cut the franchise */
	const struct cost_rule *rest_exemption;	/* the exemption covering the rest (CSS) */
};

/*
 * Computes what one box costs on person->date; -1 with *cause set for an
 * unknown exemption, a rate or an exemption without a rule in force that
 * day, a date before every rule, or values out of range.
 */
int	cost_compute(const struct cost_rules *, const struct cost_box *,
	    const struct cost_person *, struct cost_result *, char **cause);

#endif
