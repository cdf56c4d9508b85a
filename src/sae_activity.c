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

#include "i18n.h"
#include "sae_activity.h"
#include "utf8.h"
#include "xmalloc.h"

#define C SAE_MEASURE_COUNT
#define F SAE_MEASURE_FLAG
#define P SAE_MEASURE_PRESENT
#define L SAE_MEASURE_LEVEL

const struct sae_measure sae_measures[] = {
	/* PERINAT: one row a site; AUTOR is the maternity's type (level). */
	{ "maternity.level", N_("Maternity"), N_("Maternity (type)"), "PERINAT",
	    NULL, NULL, "AUTOR", L },
	{ "maternity.cppr", N_("Maternity"), N_("Local perinatal centre"),
	    "PERINAT", "AUTOR", "CPPR", NULL, P },
	{ "maternity.deliveries", N_("Maternity"), N_("Deliveries"), "PERINAT",
	    NULL, NULL, "ACCUN+ACCMU", C },
	{ "maternity.births", N_("Maternity"), N_("Babies born"), "PERINAT",
	    NULL, NULL, "ENFANTS", C },
	{ "maternity.delivery_rooms", N_("Maternity"), N_("Labour rooms"),
	    "PERINAT", NULL, NULL, "SALTRAV", C },
	{ "maternity.beds_obstetrics", N_("Maternity"), N_("Obstetrics beds"),
	    "PERINAT", NULL, NULL, "LIT_OBS", C },
	{ "maternity.beds_neonatology", N_("Maternity"),
	    N_("Neonatal special care beds"), "PERINAT", NULL, NULL,
	    "LIT_NEO_HSI", C },
	{ "maternity.beds_neonatal_intensive", N_("Maternity"),
	    N_("Neonatal high-dependency beds"), "PERINAT", NULL, NULL,
	    "LIT_SIN", C },
	{ "maternity.beds_neonatal_icu", N_("Maternity"),
	    N_("Neonatal intensive care beds"), "PERINAT", NULL, NULL,
	    "LIT_REA", C },
	/* REA: a row per kind of unit (UNI), LIT its beds, SEJ its stays. */
	{ "icu_adult.beds", N_("Critical care"),
	    N_("Adult intensive care: beds"), "REA", "UNI", "REAADU",
	    "LIT", C },
	{ "icu_adult.stays", N_("Critical care"),
	    N_("Adult intensive care: stays"), "REA", "UNI", "REAADU",
	    "SEJ", C },
	{ "icu_paediatric.beds", N_("Critical care"),
	    N_("Paediatric intensive care: beds"), "REA", "UNI", "REAENF",
	    "LIT", C },
	{ "intensive_care.beds", N_("Critical care"),
	    N_("Specialised intensive care (all units): beds"), "REA", "UNI",
	    "SITOT", "LIT", C },
	{ "cardio_icu.beds", N_("Critical care"),
	    N_("Coronary care (USIC): beds"), "REA", "UNI", "USIC", "LIT", C },
	{ "stroke_icu.beds", N_("Critical care"),
	    N_("Stroke intensive care: beds"), "REA", "UNI", "SIUNV",
	    "LIT", C },
	{ "monitoring_adult.beds", N_("Critical care"),
	    N_("Adult high-dependency care: beds"), "REA", "UNI", "SURVADU",
	    "LIT", C },
	{ "monitoring_paediatric.beds", N_("Critical care"),
	    N_("Paediatric high-dependency care: beds"), "REA", "UNI",
	    "SURVENF", "LIT", C },
	/* MCOAVC: the stroke unit (unité neuro-vasculaire). */
	{ "stroke_unit.present", N_("Critical care"), N_("Stroke unit"),
	    "MCOAVC", NULL, NULL, "UNV", F },
	{ "stroke_unit.beds", N_("Critical care"), N_("Stroke unit: beds"),
	    "MCOAVC", NULL, NULL, "LIT_UNV", C },
	{ "stroke_unit.stays", N_("Critical care"), N_("Stroke unit: stays"),
	    "MCOAVC", NULL, NULL, "SEJ_UNV", C },
	/* URGENCES and URGENCES2: authorisations, and passages by kind of unit. */
	{ "er.general_authorised", N_("Emergency care"),
	    N_("General emergencies authorised"), "URGENCES", NULL, NULL,
	    "AUTGEN", F },
	{ "er.paediatric_authorised", N_("Emergency care"),
	    N_("Paediatric emergencies authorised"), "URGENCES", NULL, NULL,
	    "AUTPED", F },
	{ "er.seasonal_authorised", N_("Emergency care"),
	    N_("Seasonal emergencies authorised"), "URGENCES", NULL, NULL,
	    "AUTSAIS", F },
	{ "er_general.passages", N_("Emergency care"),
	    N_("General emergency visits"), "URGENCES2", "URG", "GEN",
	    "PASSU", C },
	{ "er_paediatric.passages", N_("Emergency care"),
	    N_("Paediatric emergency visits"), "URGENCES2", "URG", "PED",
	    "PASSU", C },
	{ "er.uhcd_beds", N_("Emergency care"),
	    N_("Short-stay observation beds (UHCD)"), "URGENCES2", NULL, NULL,
	    "LIT_UHCD", C },
	/* SMURSAMU: flags, and the SMUR's outings. */
	{ "smur.present", N_("Emergency care"),
	    N_("SMUR (mobile emergency unit)"), "SMURSAMU", NULL, NULL,
	    "SMUR", F },
	{ "smur.paediatric", N_("Emergency care"), N_("Paediatric SMUR"),
	    "SMURSAMU", NULL, NULL, "PED", F },
	{ "smur.outings", N_("Emergency care"), N_("SMUR call-outs"),
	    "SMURSAMU", NULL, NULL, "SORTIES", C },
	{ "samu.present", N_("Emergency care"), N_("SAMU (call centre 15)"),
	    "SMURSAMU", NULL, NULL, "SAMU", F },
	/* IMAGES: a row per kind of equipment (EQUIPIMA), NB how many. */
	{ "imaging.ct", N_("Imaging"), N_("CT scanners"), "IMAGES", "EQUIPIMA",
	    "SCAN", "NB", C },
	{ "imaging.mri", N_("Imaging"), N_("MRI"), "IMAGES", "EQUIPIMA", "IRM",
	    "NB", C },
	{ "imaging.pet", N_("Imaging"),
	    N_("PET (positron emission tomographs)"), "IMAGES", "EQUIPIMA",
	    "TOMO", "NB", C },
	{ "imaging.gamma_camera", N_("Imaging"), N_("Gamma cameras"), "IMAGES",
	    "EQUIPIMA", "CAM", "NB", C },
	{ "imaging.vascular", N_("Imaging"), N_("Vascular radiology rooms"),
	    "IMAGES", "EQUIPIMA", "VASC", "NB", C },
	{ "imaging.mammography", N_("Imaging"), N_("Mammography units"),
	    "IMAGES", "EQUIPIMA", "MAMM", "NB", C },
	{ "imaging.lithotripsy", N_("Imaging"), N_("Lithotripters"), "IMAGES",
	    "EQUIPIMA", "LITHO", "NB", C },
	{ "imaging.radiology", N_("Imaging"),
	    N_("Conventional radiology rooms"), "IMAGES", "EQUIPIMA", "RADIO",
	    "NB", C },
	/* BLOCS: operating and interventional rooms. */
	{ "rooms.surgery", N_("Operating rooms"),
	    N_("Surgical operating rooms"), "BLOCS", NULL, NULL, "SALCHIR", C },
	{ "rooms.obstetrics", N_("Operating rooms"),
	    N_("Caesarean and obstetric rooms"), "BLOCS", NULL, NULL,
	    "SALOBS", C },
	{ "rooms.interventional", N_("Operating rooms"),
	    N_("Interventional rooms"), "BLOCS", NULL, NULL, "SALINT", C },
	{ "rooms.hybrid", N_("Operating rooms"), N_("Hybrid rooms"), "BLOCS",
	    NULL, NULL, "SALHYB", C },
	{ "rooms.endoscopy", N_("Operating rooms"), N_("Endoscopy rooms"),
	    "BLOCS", NULL, NULL, "SALEND", C },
	{ "rooms.total", N_("Operating rooms"), N_("Rooms (all)"), "BLOCS",
	    NULL, NULL, "SALTOT", C },
	/* CHIRCAR: cardiac surgery and interventional cardiology. */
	{ "cath_lab.rooms", N_("Cardiology and cardiac surgery"),
	    N_("Cardiac angiography rooms"), "CHIRCAR", NULL, NULL,
	    "SALANG", C },
	{ "cardiac_surgery.adult", N_("Cardiology and cardiac surgery"),
	    N_("Adult cardiac surgery operations"), "CHIRCAR", NULL, NULL,
	    "INTADU", C },
	{ "cardiac_surgery.paediatric", N_("Cardiology and cardiac surgery"),
	    N_("Paediatric cardiac surgery operations"), "CHIRCAR", NULL, NULL,
	    "INTENF", C },
	/* NEUROCHIR, BRULES. */
	{ "neurosurgery.present", N_("Neurosurgery and burns"),
	    N_("Neurosurgery"), "NEUROCHIR", NULL, NULL, "EX_NEUCHI", F },
	{ "neurosurgery.beds", N_("Neurosurgery and burns"),
	    N_("Neurosurgery: beds"), "NEUROCHIR", NULL, NULL,
	    "LIT_NEUCHI", C },
	{ "burns.present", N_("Neurosurgery and burns"), N_("Burns centre"),
	    "BRULES", NULL, NULL, NULL, P },
	{ "burns.beds", N_("Neurosurgery and burns"), N_("Burns: beds"),
	    "BRULES", NULL, NULL, "LIT_BRU", C },
	{ "burns.icu_beds", N_("Neurosurgery and burns"),
	    N_("Burns: intensive care beds"), "BRULES", NULL, NULL,
	    "LIT_REA", C },
	/* CANCERO, DIALYSE. */
	{ "cancer.present", N_("Cancer care and dialysis"),
	    N_("Cancer treatment (CANCERO form)"), "CANCERO", NULL, NULL,
	    NULL, P },
	/* DIALYSE: a row per modality (DIALY); its TOT row holds no count. */
	{ "dialysis.patients", N_("Cancer care and dialysis"),
	    N_("Dialysis: patients"), "DIALYSE", "DIALY", "!TOT", "NBPAT", C },
	{ "dialysis.stations", N_("Cancer care and dialysis"),
	    N_("Dialysis: stations"), "DIALYSE", "DIALY", "!TOT", "CAPA", C },
	/* PSY (DIS: TOT every sector, INF child and adolescent), SSR, HAD, PALIA. */
	{ "psychiatry.present",
	    N_("Psychiatry, rehab, home care, palliative care"),
	    N_("Psychiatry"), "PSY", "DIS", "TOT", NULL, P },
	{ "psychiatry.beds",
	    N_("Psychiatry, rehab, home care, palliative care"),
	    N_("Psychiatry: full-time beds"), "PSY", "DIS", "TOT",
	    "CAP_HTP", C },
	{ "psychiatry.day_places",
	    N_("Psychiatry, rehab, home care, palliative care"),
	    N_("Psychiatry: day hospital places"), "PSY", "DIS", "TOT",
	    "CAP_HDJ", C },
	{ "child_psychiatry.beds",
	    N_("Psychiatry, rehab, home care, palliative care"),
	    N_("Child and adolescent psychiatry: beds"), "PSY", "DIS", "INF",
	    "CAP_HTP", C },
	{ "rehab.present", N_("Psychiatry, rehab, home care, palliative care"),
	    N_("Follow-up care and rehabilitation"), "SSR", "GDE", "SSR_TOT",
	    NULL, P },
	{ "rehab.beds", N_("Psychiatry, rehab, home care, palliative care"),
	    N_("Rehabilitation: beds"), "SSR", "GDE", "SSR_TOT", "LIT", C },
	{ "rehab.places", N_("Psychiatry, rehab, home care, palliative care"),
	    N_("Rehabilitation: places"), "SSR", "GDE", "SSR_TOT", "PLA", C },
	{ "home.places", N_("Psychiatry, rehab, home care, palliative care"),
	    N_("Hospital at home: places"), "HAD", NULL, NULL, "PLATOT", C },
	{ "home.stays", N_("Psychiatry, rehab, home care, palliative care"),
	    N_("Hospital at home: stays"), "HAD", NULL, NULL, "SEJ_HAD", C },
	{ "palliative.unit_beds",
	    N_("Psychiatry, rehab, home care, palliative care"),
	    N_("Palliative care unit: beds"), "PALIA", NULL, NULL,
	    "PALIA_A8", C },
	{ "palliative.identified_beds",
	    N_("Psychiatry, rehab, home care, palliative care"),
	    N_("Designated palliative care beds"), "PALIA", NULL, NULL,
	    "PALIA_A2", C },
	{ "palliative.mobile_team",
	    N_("Psychiatry, rehab, home care, palliative care"),
	    N_("Mobile palliative care team"), "PALIA", NULL, NULL,
	    "PALIA_A10", F },
};

#undef C
#undef F
#undef P
#undef L

const size_t sae_nmeasures = sizeof sae_measures / sizeof sae_measures[0];

const struct sae_activity sae_activities[] = {
	{ "maternity", N_("Maternity (type 1, 2 or 3)"), "maternity.level", 3 },
	{ "nicu", N_("Neonatal intensive care"),
	    "maternity.beds_neonatal_icu", 0 },
	{ "icu", N_("Adult intensive care"), "icu_adult.beds", 0 },
	{ "picu", N_("Paediatric intensive care"), "icu_paediatric.beds", 0 },
	{ "usic", N_("Coronary care"), "cardio_icu.beds", 0 },
	{ "stroke", N_("Stroke unit"), "stroke_unit.present", 0 },
	{ "er", N_("General emergencies (24/7)"), "er.general_authorised", 0 },
	{ "er_paediatric", N_("Paediatric emergencies"),
	    "er.paediatric_authorised", 0 },
	{ "smur", N_("SMUR (mobile emergency unit)"), "smur.present", 0 },
	{ "samu", N_("SAMU (emergency call centre)"), "samu.present", 0 },
	{ "ct", N_("CT scanner"), "imaging.ct", 0 },
	{ "mri", N_("MRI"), "imaging.mri", 0 },
	{ "pet", N_("PET"), "imaging.pet", 0 },
	{ "cath_lab", N_("Cardiac angiography room"), "cath_lab.rooms", 0 },
	{ "cardiac_surgery", N_("Adult cardiac surgery"),
	    "cardiac_surgery.adult", 0 },
	{ "neurosurgery", N_("Neurosurgery"), "neurosurgery.present", 0 },
	{ "burns", N_("Burns centre"), "burns.present", 0 },
	{ "cancer", N_("Cancer treatment"), "cancer.present", 0 },
	{ "dialysis", N_("Dialysis"), "dialysis.patients", 0 },
	{ "psychiatry", N_("Psychiatry"), "psychiatry.present", 0 },
	{ "rehab", N_("Follow-up care and rehabilitation"),
	    "rehab.present", 0 },
	{ "had", N_("Hospital at home"), "home.places", 0 },
	{ "palliative", N_("Palliative care unit"), "palliative.unit_beds", 0 },
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

const char *
sae_measure_group(const struct sae_measure *m)
{
	return _(m->group);
}

const char *
sae_measure_label(const struct sae_measure *m)
{
	return _(m->label);
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

const char *
sae_activity_label(const struct sae_activity *a)
{
	return _(a->label);
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
		error_set(cause, _("--with: '%s' is no activity mediflux knows "
		    "(%s)"), shown, keys);
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
				error_set(cause, _("--with: %s takes no level "
				    "(':%s')"), a->key, shown);
			else
				error_set(cause, _("--with: %s's level is 1 to "
				    "%d, not '%s'"), a->key, a->levels, shown);
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
			return error_set(cause, _("--with: at most %zu "
			    "activities"), max);
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
		return error_set(cause, "%s", _("--with: no activity given "
		    "(such as maternity:3,icu,mri)"));
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
