/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fold.h"
#include "pathology.h"
#include "xmalloc.h"

/*
 * The ATC classes are those of the WHO index that Open Medic codes medicines
 * with; a pathology lists every class mainly prescribed for it, so a class may
 * appear under two pathologies (R03: asthme and BPCO).
 */
const struct pathology pathology_table[] = {
	{ "diabète", "diabete", { "diabete de type 2", "diabete de type 1",
	    NULL }, { "A10", NULL } },
	{ "hypertension", "hypertension", { "hypertension arterielle", "hta",
	    NULL }, { "C02", "C03", "C07", "C08", "C09", NULL } },
	{ "cholestérol", "cholesterol", { "hypercholesterolemie",
	    "dyslipidemie", NULL }, { "C10", NULL } },
	{ "insuffisance cardiaque", "insuffisance cardiaque", { NULL },
	    { "C01", "C03", "C07", "C09", NULL } },
	{ "asthme", "asthme", { NULL }, { "R03", NULL } },
	{ "BPCO", "bpco", { "bronchopneumopathie chronique obstructive",
	    NULL }, { "R03", NULL } },
	{ "dépression", "depression", { NULL }, { "N06A", NULL } },
	{ "anxiété", "anxiete", { NULL }, { "N05B", NULL } },
	{ "insomnie", "insomnie", { NULL }, { "N05C", NULL } },
	{ "épilepsie", "epilepsie", { NULL }, { "N03", NULL } },
	{ "maladie de Parkinson", "maladie de parkinson", { "parkinson", NULL },
	    { "N04", NULL } },
	{ "maladie d'Alzheimer", "maladie d alzheimer", { "alzheimer", NULL },
	    { "N06D", NULL } },
	{ "migraine", "migraine", { NULL }, { "N02C", NULL } },
	{ "douleur chronique", "douleur chronique", { NULL }, { "N02", NULL } },
	{ "hypothyroïdie", "hypothyroidie", { NULL }, { "H03A", NULL } },
	{ "ostéoporose", "osteoporose", { NULL }, { "M05", NULL } },
	{ "goutte", "goutte", { NULL }, { "M04", NULL } },
	{ "reflux gastro-œsophagien", "reflux gastro oesophagien", { "rgo",
	    "reflux", NULL }, { "A02B", NULL } },
	{ "glaucome", "glaucome", { NULL }, { "S01E", NULL } },
	{ "psoriasis", "psoriasis", { NULL }, { "D05", NULL } },
	{ "VIH", "vih", { "sida", "hiv", NULL },
	    { "J05AE", "J05AG", "J05AJ", "J05AR", NULL } },
	{ NULL, NULL, { NULL }, { NULL } },
};

const struct pathology *
pathology_find(const char *text)
{
	const struct pathology *p;
	const char *const *alias;
	char *key;

	key = fold_key(text);
	for (p = pathology_table; p->name != NULL; p++) {
		if (strcmp(p->key, key) == 0)
			break;
		for (alias = p->aliases; *alias != NULL; alias++)
			if (strcmp(*alias, key) == 0)
				break;
		if (*alias != NULL)
			break;
	}
	free(key);
	return p->name != NULL ? p : NULL;
}

int
pathology_covers_atc(const struct pathology *p, const char *atc)
{
	const char *const *prefix;

	for (prefix = p->atc; *prefix != NULL; prefix++)
		if (strncmp(atc, *prefix, strlen(*prefix)) == 0)
			return 1;
	return 0;
}

char *
pathology_names(void)
{
	const struct pathology *p;
	char *names = xstrdup(""), *more;

	for (p = pathology_table; p->name != NULL; p++) {
		more = xasprintf("%s%s%s", names, *names != '\0' ? ", " : "",
		    p->name);
		free(names);
		names = more;
	}
	return names;
}
