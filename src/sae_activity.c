/* SPDX-License-Identifier: ISC */
/*
 * The SAE activity figures mediflux reads, as doc/import.md documents them:
 * each names its bordereau, its column and the kind of row it is on, so that
 * a figure on screen can say where it comes from.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sae_activity.h"
#include "utf8.h"
#include "xmalloc.h"

#define C SAE_MEASURE_COUNT
#define F SAE_MEASURE_FLAG
#define P SAE_MEASURE_PRESENT
#define L SAE_MEASURE_LEVEL

const struct sae_measure sae_measures[] = {
	/* PERINAT: one row a site; AUTOR is the maternity's type (level). */
	{ "maternity.level", "Maternité", "Maternité (type)", "PERINAT",
	    NULL, NULL, "AUTOR", L },
	{ "maternity.cppr", "Maternité", "Centre périnatal de proximité",
	    "PERINAT", "AUTOR", "CPPR", NULL, P },
	{ "maternity.deliveries", "Maternité", "Accouchements", "PERINAT",
	    NULL, NULL, "ACCUN+ACCMU", C },
	{ "maternity.births", "Maternité", "Enfants nés", "PERINAT",
	    NULL, NULL, "ENFANTS", C },
	{ "maternity.delivery_rooms", "Maternité", "Salles de travail",
	    "PERINAT", NULL, NULL, "SALTRAV", C },
	{ "maternity.beds_obstetrics", "Maternité", "Lits d'obstétrique",
	    "PERINAT", NULL, NULL, "LIT_OBS", C },
	{ "maternity.beds_neonatology", "Maternité",
	    "Lits de néonatologie (hors soins intensifs)", "PERINAT", NULL, NULL,
	    "LIT_NEO_HSI", C },
	{ "maternity.beds_neonatal_intensive", "Maternité",
	    "Lits de soins intensifs néonatals", "PERINAT", NULL, NULL,
	    "LIT_SIN", C },
	{ "maternity.beds_neonatal_icu", "Maternité",
	    "Lits de réanimation néonatale", "PERINAT", NULL, NULL, "LIT_REA", C },
	/* REA: a row per kind of unit (UNI), LIT its beds, SEJ its stays. */
	{ "icu_adult.beds", "Soins critiques", "Réanimation adultes : lits",
	    "REA", "UNI", "REAADU", "LIT", C },
	{ "icu_adult.stays", "Soins critiques", "Réanimation adultes : séjours",
	    "REA", "UNI", "REAADU", "SEJ", C },
	{ "icu_paediatric.beds", "Soins critiques",
	    "Réanimation pédiatrique : lits", "REA", "UNI", "REAENF", "LIT", C },
	{ "intensive_care.beds", "Soins critiques",
	    "Soins intensifs (toutes unités) : lits", "REA", "UNI", "SITOT",
	    "LIT", C },
	{ "cardio_icu.beds", "Soins critiques",
	    "Soins intensifs de cardiologie (USIC) : lits", "REA", "UNI", "USIC",
	    "LIT", C },
	{ "stroke_icu.beds", "Soins critiques",
	    "Soins intensifs neuro-vasculaires : lits", "REA", "UNI", "SIUNV",
	    "LIT", C },
	{ "monitoring_adult.beds", "Soins critiques",
	    "Surveillance continue adultes : lits", "REA", "UNI", "SURVADU",
	    "LIT", C },
	{ "monitoring_paediatric.beds", "Soins critiques",
	    "Surveillance continue pédiatrique : lits", "REA", "UNI", "SURVENF",
	    "LIT", C },
	/* MCOAVC: the stroke unit (unité neuro-vasculaire). */
	{ "stroke_unit.present", "Soins critiques", "Unité neuro-vasculaire",
	    "MCOAVC", NULL, NULL, "UNV", F },
	{ "stroke_unit.beds", "Soins critiques", "Unité neuro-vasculaire : lits",
	    "MCOAVC", NULL, NULL, "LIT_UNV", C },
	{ "stroke_unit.stays", "Soins critiques",
	    "Unité neuro-vasculaire : séjours", "MCOAVC", NULL, NULL, "SEJ_UNV", C },
	/* URGENCES and URGENCES2: authorisations, and passages by kind of unit. */
	{ "er.general_authorised", "Urgences", "Urgences générales autorisées",
	    "URGENCES", NULL, NULL, "AUTGEN", F },
	{ "er.paediatric_authorised", "Urgences",
	    "Urgences pédiatriques autorisées", "URGENCES", NULL, NULL, "AUTPED", F },
	{ "er.seasonal_authorised", "Urgences", "Urgences saisonnières autorisées",
	    "URGENCES", NULL, NULL, "AUTSAIS", F },
	{ "er_general.passages", "Urgences", "Passages aux urgences générales",
	    "URGENCES2", "URG", "GEN", "PASSU", C },
	{ "er_paediatric.passages", "Urgences",
	    "Passages aux urgences pédiatriques", "URGENCES2", "URG", "PED",
	    "PASSU", C },
	{ "er.uhcd_beds", "Urgences",
	    "Lits d'hospitalisation de courte durée (UHCD)", "URGENCES2", NULL,
	    NULL, "LIT_UHCD", C },
	/* SMURSAMU: flags, and the SMUR's outings. */
	{ "smur.present", "Urgences", "SMUR", "SMURSAMU", NULL, NULL, "SMUR", F },
	{ "smur.paediatric", "Urgences", "SMUR pédiatrique", "SMURSAMU", NULL,
	    NULL, "PED", F },
	{ "smur.outings", "Urgences", "Sorties du SMUR", "SMURSAMU", NULL, NULL,
	    "SORTIES", C },
	{ "samu.present", "Urgences", "SAMU (centre 15)", "SMURSAMU", NULL, NULL,
	    "SAMU", F },
	/* IMAGES: a row per kind of equipment (EQUIPIMA), NB how many. */
	{ "imaging.ct", "Imagerie", "Scanners", "IMAGES", "EQUIPIMA", "SCAN",
	    "NB", C },
	{ "imaging.mri", "Imagerie", "IRM", "IMAGES", "EQUIPIMA", "IRM", "NB", C },
	{ "imaging.pet", "Imagerie", "TEP (tomographes à émission de positons)",
	    "IMAGES", "EQUIPIMA", "TOMO", "NB", C },
	{ "imaging.gamma_camera", "Imagerie", "Gamma-caméras", "IMAGES",
	    "EQUIPIMA", "CAM", "NB", C },
	{ "imaging.vascular", "Imagerie", "Salles de radiologie vasculaire",
	    "IMAGES", "EQUIPIMA", "VASC", "NB", C },
	{ "imaging.mammography", "Imagerie", "Mammographes", "IMAGES", "EQUIPIMA",
	    "MAMM", "NB", C },
	{ "imaging.lithotripsy", "Imagerie", "Lithotripteurs", "IMAGES",
	    "EQUIPIMA", "LITHO", "NB", C },
	{ "imaging.radiology", "Imagerie", "Salles de radiologie conventionnelle",
	    "IMAGES", "EQUIPIMA", "RADIO", "NB", C },
	/* BLOCS: operating and interventional rooms. */
	{ "rooms.surgery", "Blocs", "Salles d'intervention chirurgicale", "BLOCS",
	    NULL, NULL, "SALCHIR", C },
	{ "rooms.obstetrics", "Blocs", "Salles de césarienne et d'obstétrique",
	    "BLOCS", NULL, NULL, "SALOBS", C },
	{ "rooms.interventional", "Blocs", "Salles interventionnelles", "BLOCS",
	    NULL, NULL, "SALINT", C },
	{ "rooms.hybrid", "Blocs", "Salles hybrides", "BLOCS", NULL, NULL,
	    "SALHYB", C },
	{ "rooms.endoscopy", "Blocs", "Salles d'endoscopie", "BLOCS", NULL, NULL,
	    "SALEND", C },
	{ "rooms.total", "Blocs", "Salles (toutes)", "BLOCS", NULL, NULL,
	    "SALTOT", C },
	/* CHIRCAR: cardiac surgery and interventional cardiology. */
	{ "cath_lab.rooms", "Cardiologie et chirurgie cardiaque",
	    "Salles d'angiographie cardiaque", "CHIRCAR", NULL, NULL, "SALANG", C },
	{ "cardiac_surgery.adult", "Cardiologie et chirurgie cardiaque",
	    "Interventions de chirurgie cardiaque adultes", "CHIRCAR", NULL, NULL,
	    "INTADU", C },
	{ "cardiac_surgery.paediatric", "Cardiologie et chirurgie cardiaque",
	    "Interventions de chirurgie cardiaque enfants", "CHIRCAR", NULL, NULL,
	    "INTENF", C },
	/* NEUROCHIR, BRULES. */
	{ "neurosurgery.present", "Neurochirurgie et brûlés", "Neurochirurgie",
	    "NEUROCHIR", NULL, NULL, "EX_NEUCHI", F },
	{ "neurosurgery.beds", "Neurochirurgie et brûlés",
	    "Neurochirurgie : lits", "NEUROCHIR", NULL, NULL, "LIT_NEUCHI", C },
	{ "burns.present", "Neurochirurgie et brûlés", "Centre de brûlés",
	    "BRULES", NULL, NULL, NULL, P },
	{ "burns.beds", "Neurochirurgie et brûlés", "Brûlés : lits", "BRULES",
	    NULL, NULL, "LIT_BRU", C },
	{ "burns.icu_beds", "Neurochirurgie et brûlés",
	    "Brûlés : lits de réanimation", "BRULES", NULL, NULL, "LIT_REA", C },
	/* CANCERO, DIALYSE. */
	{ "cancer.present", "Cancérologie et dialyse",
	    "Traitement du cancer (bordereau CANCERO)", "CANCERO", NULL, NULL,
	    NULL, P },
	/* DIALYSE: a row per modality (DIALY); its TOT row holds no count. */
	{ "dialysis.patients", "Cancérologie et dialyse",
	    "Dialyse : patients", "DIALYSE", "DIALY", "!TOT", "NBPAT", C },
	{ "dialysis.stations", "Cancérologie et dialyse",
	    "Dialyse : postes", "DIALYSE", "DIALY", "!TOT", "CAPA", C },
	/* PSY (DIS: TOT every sector, INF child and adolescent), SSR, HAD, PALIA. */
	{ "psychiatry.present", "Psychiatrie, SSR, HAD, soins palliatifs",
	    "Psychiatrie", "PSY", "DIS", "TOT", NULL, P },
	{ "psychiatry.beds", "Psychiatrie, SSR, HAD, soins palliatifs",
	    "Psychiatrie : lits à temps plein", "PSY", "DIS", "TOT", "CAP_HTP", C },
	{ "psychiatry.day_places", "Psychiatrie, SSR, HAD, soins palliatifs",
	    "Psychiatrie : places d'hôpital de jour", "PSY", "DIS", "TOT",
	    "CAP_HDJ", C },
	{ "child_psychiatry.beds", "Psychiatrie, SSR, HAD, soins palliatifs",
	    "Psychiatrie infanto-juvénile : lits", "PSY", "DIS", "INF", "CAP_HTP",
	    C },
	{ "rehab.present", "Psychiatrie, SSR, HAD, soins palliatifs",
	    "Soins de suite et de réadaptation", "SSR", "GDE", "SSR_TOT", NULL, P },
	{ "rehab.beds", "Psychiatrie, SSR, HAD, soins palliatifs", "SSR : lits",
	    "SSR", "GDE", "SSR_TOT", "LIT", C },
	{ "rehab.places", "Psychiatrie, SSR, HAD, soins palliatifs",
	    "SSR : places", "SSR", "GDE", "SSR_TOT", "PLA", C },
	{ "home.places", "Psychiatrie, SSR, HAD, soins palliatifs",
	    "Hospitalisation à domicile : places", "HAD", NULL, NULL, "PLATOT", C },
	{ "home.stays", "Psychiatrie, SSR, HAD, soins palliatifs",
	    "Hospitalisation à domicile : séjours", "HAD", NULL, NULL, "SEJ_HAD",
	    C },
	{ "palliative.unit_beds", "Psychiatrie, SSR, HAD, soins palliatifs",
	    "Unité de soins palliatifs : lits", "PALIA", NULL, NULL, "PALIA_A8", C },
	{ "palliative.identified_beds", "Psychiatrie, SSR, HAD, soins palliatifs",
	    "Lits identifiés de soins palliatifs", "PALIA", NULL, NULL, "PALIA_A2",
	    C },
	{ "palliative.mobile_team", "Psychiatrie, SSR, HAD, soins palliatifs",
	    "Équipe mobile de soins palliatifs", "PALIA", NULL, NULL, "PALIA_A10",
	    F },
};

#undef C
#undef F
#undef P
#undef L

const size_t sae_nmeasures = sizeof sae_measures / sizeof sae_measures[0];

const struct sae_activity sae_activities[] = {
	{ "maternity", "Maternité (type 1, 2 ou 3)", "maternity.level", 3 },
	{ "nicu", "Réanimation néonatale", "maternity.beds_neonatal_icu", 0 },
	{ "icu", "Réanimation adultes", "icu_adult.beds", 0 },
	{ "picu", "Réanimation pédiatrique", "icu_paediatric.beds", 0 },
	{ "usic", "Soins intensifs de cardiologie", "cardio_icu.beds", 0 },
	{ "stroke", "Unité neuro-vasculaire", "stroke_unit.present", 0 },
	{ "er", "Urgences générales (24 h/24)", "er.general_authorised", 0 },
	{ "er_paediatric", "Urgences pédiatriques", "er.paediatric_authorised", 0 },
	{ "smur", "SMUR", "smur.present", 0 },
	{ "samu", "SAMU", "samu.present", 0 },
	{ "ct", "Scanner", "imaging.ct", 0 },
	{ "mri", "IRM", "imaging.mri", 0 },
	{ "pet", "TEP", "imaging.pet", 0 },
	{ "cath_lab", "Salle d'angiographie cardiaque", "cath_lab.rooms", 0 },
	{ "cardiac_surgery", "Chirurgie cardiaque adultes",
	    "cardiac_surgery.adult", 0 },
	{ "neurosurgery", "Neurochirurgie", "neurosurgery.present", 0 },
	{ "burns", "Centre de brûlés", "burns.present", 0 },
	{ "cancer", "Traitement du cancer", "cancer.present", 0 },
	{ "dialysis", "Dialyse", "dialysis.patients", 0 },
	{ "psychiatry", "Psychiatrie", "psychiatry.present", 0 },
	{ "rehab", "Soins de suite et de réadaptation", "rehab.present", 0 },
	{ "had", "Hospitalisation à domicile", "home.places", 0 },
	{ "palliative", "Unité de soins palliatifs", "palliative.unit_beds", 0 },
};

const size_t sae_nactivities = sizeof sae_activities / sizeof sae_activities[0];

const struct sae_measure *
sae_measure_find(const char *key)
{
	size_t i;

	for (i = 0; i < sae_nmeasures; i++) {
		if (strcmp(sae_measures[i].key, key) == 0)
			return &sae_measures[i];
	}
	return NULL;
}

size_t
sae_measure_index(const struct sae_measure *m)
{
	return (size_t)(m - sae_measures);
}

int
sae_measure_kind_matches(const struct sae_measure *m, const char *value)
{
	if (m->kind_column == NULL)
		return 1;
	if (m->kind_value[0] == '!')
		return strcasecmp(value, m->kind_value + 1) != 0;
	return strcasecmp(value, m->kind_value) == 0;
}

const struct sae_activity *
sae_activity_find(const char *key)
{
	size_t i;

	for (i = 0; i < sae_nactivities; i++) {
		if (strcasecmp(sae_activities[i].key, key) == 0)
			return &sae_activities[i];
	}
	return NULL;
}

/* The list of keys, for a message that says what is known. */
static char *
sae_activity_keys(void)
{
	char *s = xstrdup(""), *t;
	size_t i;

	for (i = 0; i < sae_nactivities; i++) {
		t = xasprintf("%s%s%s%s", s, i > 0 ? ", " : "",
		    sae_activities[i].key, sae_activities[i].levels > 0 ?
		    "[:1-3]" : "");
		free(s);
		s = t;
	}
	return s;
}

/* Reads one word of the list ("maternity:3") into a condition. */
static int
sae_condition_parse(const char *word, size_t len, struct sae_condition *c,
    char **cause)
{
	char *w = xstrndup(word, len), *colon, *shown, *keys;
	const struct sae_activity *a;
	char *end;
	long level = 0;
	int rc = -1;

	if ((colon = strchr(w, ':')) != NULL)
		*colon = '\0';
	if ((a = sae_activity_find(w)) == NULL) {
		shown = utf8_sanitize(w);
		keys = sae_activity_keys();
		error_set(cause, "--with: '%s' is no activity mediflux knows "
		    "(%s)", shown, keys);
		free(keys);
		free(shown);
		goto out;
	}
	if (colon != NULL) {
		level = strtol(colon + 1, &end, 10);
		if (a->levels == 0 || colon[1] == '\0' || *end != '\0' ||
		    level < 1 || level > a->levels) {
			shown = utf8_sanitize(colon + 1);
			if (a->levels == 0)
				error_set(cause, "--with: %s takes no level "
				    "(':%s')", a->key, shown);
			else
				error_set(cause, "--with: %s's level is 1 to %d, "
				    "not '%s'", a->key, a->levels, shown);
			free(shown);
			goto out;
		}
	}
	c->activity = a;
	c->min = level > 0 ? level : 1;
	rc = 0;
out:
	free(w);
	return rc;
}

int
sae_conditions_parse(const char *text, struct sae_condition *c, size_t max,
    char **cause)
{
	const char *p = text;
	size_t n = 0, len, i;

	for (;;) {
		while (*p == ' ' || *p == ',')
			p++;
		if (*p == '\0')
			break;
		len = strcspn(p, ", ");
		if (n == max)
			return error_set(cause, "--with: at most %zu activities",
			    max);
		if (sae_condition_parse(p, len, &c[n], cause) != 0)
			return -1;
		for (i = 0; i < n && c[i].activity != c[n].activity; i++)
			;
		if (i < n) {
			/* The same activity twice: the stricter level holds. */
			if (c[n].min > c[i].min)
				c[i].min = c[n].min;
		} else
			n++;
		p += len;
	}
	if (n == 0)
		return error_set(cause, "--with: no activity given (such as "
		    "maternity:3,icu,mri)");
	return (int)n;
}

char *
sae_conditions_text(const struct sae_condition *c, size_t n)
{
	char *s = xstrdup(""), *t;
	size_t i;

	for (i = 0; i < n; i++) {
		if (c[i].activity->levels > 0 && c[i].min > 1)
			t = xasprintf("%s%s%s:%lld", s, i > 0 ? "," : "",
			    c[i].activity->key, (long long)c[i].min);
		else
			t = xasprintf("%s%s%s", s, i > 0 ? "," : "",
			    c[i].activity->key);
		free(s);
		s = t;
	}
	return s;
}
