/* SPDX-License-Identifier: ISC */
/*
 * mksample: the files of the Base de données publique des médicaments
 * (BDPM), as published: Windows-1252, tab-separated, no header, LF.
 *
 * A speciality (CIS) is one substance, laboratory (or the princeps) and dose
 * of the Open Medic catalogue; its Open Medic products (CIP13) are its
 * presentations, with the price of a box in OPEN_MEDIC_2024 as the price
 * without fee, so that the database can join presentations to volumes. A few
 * hospital specialities and packs that Open Medic never sees are added. The
 * other files (composition, generic groups, conditions, HAS opinions,
 * safety information, availability, MITM) follow from the specialities.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fold.h"
#include "sample.h"

#define BDPM_YEAR	2024		/* the Open Medic year of the prices */
#define FEE		102		/* honoraire de dispensation, cents */
#define FEE_QUARTER	276		/* for a box of three months */

/* --- What the Open Medic labels abbreviate. -------------------------------- */

struct form {
	const char	*code;		/* as in the Open Medic labels */
	const char	*name;		/* forme pharmaceutique */
	const char	*routes;	/* voies d'administration */
	const char	*element;	/* CIS_COMPO élément */
	const char	*reference;	/* CIS_COMPO référence */
	const char	*unit;		/* what a blister holds; NULL: pres */
	const char	*pres;		/* the presentation, %d the units */
};

static const struct form forms[] = {
	{ "CPR", "comprimé", "orale", "comprimé", "un comprimé", "comprimé", NULL },
	{ "CPR OROD", "comprimé orodispersible", "orale", "comprimé", "un comprimé", "comprimé", NULL },
	{ "CPR ORODISPERSIBLE", "comprimé orodispersible", "orale", "comprimé", "un comprimé", "comprimé", NULL },
	{ "CPR LM", "comprimé à libération modifiée", "orale", "comprimé", "un comprimé", "comprimé", NULL },
	{ "CPR LP", "comprimé à libération prolongée", "orale", "comprimé", "un comprimé", "comprimé", NULL },
	{ "CPR A CROQUER", "comprimé à croquer", "orale", "comprimé", "un comprimé", "comprimé", NULL },
	{ "CPR GASTRO-RESIST", "comprimé gastro-résistant", "orale", "comprimé", "un comprimé", "comprimé", NULL },
	{ "CPR SUBLING", "comprimé sublingual", "sublinguale", "comprimé", "un comprimé", "comprimé", NULL },
	{ "GELULE", "gélule", "orale", "gélule", "une gélule", "gélule", NULL },
	{ "GELULE LP", "gélule à libération prolongée", "orale", "gélule", "une gélule", "gélule", NULL },
	{ "CAPSULE MOLLE", "capsule molle", "orale", "capsule", "une capsule", "capsule", NULL },
	{ "PDRE SOL BUV SACHET", "poudre pour solution buvable en sachet", "orale", "poudre", "un sachet", NULL,
	    "%d sachet(s) papier aluminium polyéthylène" },
	{ "GRANULES HOMEO", "granules", "orale;sublinguale", "granules", "100 g", NULL,
	    "%d tube(s) polypropylène de 4 g" },
	{ "GLOBULES HOMEO", "globules", "orale;sublinguale", "globules", "100 g", NULL,
	    "%d récipient(s) unidose(s) polypropylène de 1 g" },
	{ "GRANULES SACHET", "granulés pour solution buvable en sachet-dose", "orale", "granulés", "un sachet-dose", NULL,
	    "%d sachet(s)-dose(s) papier aluminium polyéthylène de 8 g" },
	{ "SOL BUV AMP", "solution buvable en ampoule", "orale", "solution", "une ampoule", NULL,
	    "%d ampoule(s) en verre brun de 2 ml" },
	{ "SOL INJ STYLO", "solution injectable en stylo prérempli", "sous-cutanée", "solution", "1 ml", NULL,
	    "%d stylo(s) prérempli(s) en verre de 3 ml" },
	{ "SOL INJ SER", "solution injectable en seringue préremplie", "intraveineuse;sous-cutanée", "solution",
	    "une seringue préremplie", NULL, "%d seringue(s) préremplie(s) en verre avec système de sécurité" },
	{ "SUSP INJ SER", "suspension injectable en seringue préremplie", "intramusculaire;sous-cutanée", "suspension",
	    "une dose de 0,5 ml", NULL, "%d seringue(s) préremplie(s) en verre de 0,5 ml avec aiguille" },
	{ "SOL INJ FL", "solution injectable", "intravitréenne", "solution", "1 ml", NULL,
	    "%d flacon(s) en verre de 0,1 ml avec aiguille-filtre" },
	{ "COLLY", "collyre en solution", "ophtalmique", "collyre", "100 ml", NULL,
	    "%d flacon(s) compte-gouttes polyéthylène de 5 ml" },
	{ "COLLY FL5ML", "collyre en solution", "ophtalmique", "collyre", "1 ml", NULL,
	    "%d flacon(s) polyéthylène de 5 ml" },
	{ "COLLY UNIDOSE", "collyre en solution en récipient unidose", "ophtalmique", "collyre", "100 ml", NULL,
	    "%d récipient(s) unidose(s) polyéthylène de 0,4 ml" },
	{ "CREME", "crème", "cutanée", "crème", "100 g", NULL, "%d tube(s) aluminium de 30 g" },
	{ "SUSP NASAL", "suspension pour pulvérisation nasale", "nasale", "suspension", "une pulvérisation", NULL,
	    "%d flacon(s) pulvérisateur(s) polyéthylène de 140 pulvérisations" },
	{ "SUSP INHAL FL PRESSURISE", "suspension pour inhalation en flacon pressurisé", "inhalée", "suspension",
	    "une dose", NULL, "%d flacon(s) pressurisé(s) aluminium de 200 doses avec valve doseuse" },
	{ "PDRE INHAL", "poudre pour inhalation en récipient multidose", "inhalée", "poudre", "une dose", NULL,
	    "%d inhalateur(s) de 60 doses" },
	{ "PDRE INHAL GELULE", "poudre pour inhalation en gélule", "inhalée", "poudre", "une gélule", NULL,
	    "plaquette(s) aluminium de %d gélule(s) avec inhalateur" },
	{ "SOL PR PULV NASAL", "solution pour pulvérisation nasale en récipient unidose", "nasale", "solution",
	    "une pulvérisation", NULL, "%d récipient(s) unidose(s) en verre de 0,1 ml" },
	/* The added specialities. */
	{ "SOL INJ AMP", "solution injectable", "intramusculaire;intraveineuse;rectale", "solution", "1 ml", NULL,
	    "%d ampoule(s) en verre de 1 ml" },
	{ "EMUL INJ", "émulsion injectable ou pour perfusion", "intraveineuse", "émulsion", "1 ml", NULL,
	    "%d ampoule(s) en verre de 20 ml" },
	{ "SOL DIL PERF", "solution à diluer pour perfusion", "intraveineuse", "solution", "1 ml", NULL,
	    "%d flacon(s) en verre de 50 ml" },
	{ "PDRE PERF", "poudre pour solution pour perfusion", "intraveineuse", "poudre", "un flacon", NULL,
	    "%d flacon(s) en verre" },
	{ "GOMME", "gomme à mâcher médicamenteuse", "buccale", "gomme", "une gomme", "gomme", NULL },
};

/* Blisters and bottles of the solid forms. */
static const char *const containers[] = {
	"plaquette(s) PVC aluminium",
	"plaquette(s) PVC PVDC aluminium",
	"plaquette(s) thermoformée(s) PVC-Aluminium",
	"plaquette(s) aluminium",
	"flacon(s) polyéthylène haute densité (PEHD)",
	"pilulier(s) polypropylène",
};

/* The laboratories of sample_labs: in dénominations, and as holders. */
static const struct lab {
	const char	*code;
	const char	*name;
	const char	*holder;
} lab_names[] = {
	{ "ARROW", "ARROW", "ARROW GENERIQUES" },
	{ "BIOGARAN", "BIOGARAN", "BIOGARAN" },
	{ "CRISTERS", "CRISTERS", "CRISTERS" },
	{ "EG", "EG", "EG LABO - LABORATOIRES EUROGENERICS" },
	{ "SDZ", "SANDOZ", "SANDOZ" },
	{ "TEVA", "TEVA", "TEVA SANTE" },
	{ "VIATRIS", "VIATRIS", "VIATRIS SANTE" },
	{ "ZENTIVA", "ZENTIVA", "ZENTIVA FRANCE" },
	{ "ZYDUS", "ZYDUS", "ZYDUS FRANCE" },
	{ "ACC", "ACCORD", "ACCORD HEALTHCARE FRANCE" },
	{ "ALMUS", "ALMUS", "ALMUS FRANCE" },
	{ "KRKA", "KRKA", "KRKA" },
};

static const char *const princeps_holders[] = {
	"SANOFI WINTHROP INDUSTRIE", "PFIZER HOLDING FRANCE", "ASTRAZENECA",
	"NOVARTIS PHARMA SAS", "MSD FRANCE", "LES LABORATOIRES SERVIER",
	"BAYER HEALTHCARE", "JANSSEN-CILAG", "GLAXOSMITHKLINE",
	"BOEHRINGER INGELHEIM FRANCE", "ORGANON FRANCE", "ABBVIE",
	"LABORATOIRES GRUNENTHAL", "MERCK SERONO", "TAKEDA FRANCE",
	"NOVO NORDISK A/S", "ELI LILLY NEDERLAND", "UPJOHN FRANCE",
};

/* Brands whose authorisation is the published one. */
static const struct brand {
	const char	*brand;
	const char	*holder;
	const char	*eu;		/* NULL: national */
	int		 y, m, d;	/* date d'AMM */
} brands[] = {
	{ "AVONEX", "BIOGEN NETHERLANDS", "EU/1/97/033", 1997, 3, 13 },
	{ "ELIQUIS", "BRISTOL-MYERS SQUIBB/PFIZER EEIG", "EU/1/11/691", 2011, 5, 18 },
	{ "VYNDAQEL", "PFIZER EUROPE MA EEIG", "EU/1/11/717", 2011, 11, 16 },
	{ "YELLOX", "BAUSCH & LOMB IRELAND", "EU/1/11/692", 2011, 5, 18 },
	{ "ISOPTINE", "VIATRIS SANTE", NULL, 1968, 5, 2 },
};

/*
 * How CIS_COMPO names a component of a label: accented, and the salt the
 * dose is weighed as. pair: the salt is the SA and the base its FT (same
 * link number); otherwise the salt alone, as SA. factor: salt per base, to
 * write the SA's dosage (0: left empty).
 */
static const struct component {
	const char	*key;		/* as in the labels */
	const char	*name;		/* the base, upper case */
	const char	*salt;		/* NULL: the base is the SA */
	const char	*group;		/* as in generic group labels; NULL: salt */
	int		 pair;
	double		 factor;
} components[] = {
	{ "ACIDE ACETYLSALICYLIQUE", "ACIDE ACÉTYLSALICYLIQUE", "ACÉTYLSALICYLATE DE DL-LYSINE", NULL, 1, 1.8 },
	{ "ACIDE ALENDRONIQUE", "ACIDE ALENDRONIQUE", "ALENDRONATE MONOSODIQUE TRIHYDRATÉ", NULL, 1, 1.306 },
	{ "ACIDE CLAVULANIQUE", "ACIDE CLAVULANIQUE", "CLAVULANATE DE POTASSIUM", NULL, 1, 1.19 },
	{ "ACIDE VALPROIQUE", "ACIDE VALPROÏQUE", "VALPROATE DE SODIUM", NULL, 0, 0 },
	{ "AMLODIPINE", "AMLODIPINE", "BÉSILATE D'AMLODIPINE", "AMLODIPINE (BÉSILATE D')", 1, 1.387 },
	{ "AMOXICILLINE", "AMOXICILLINE", "AMOXICILLINE TRIHYDRATÉE", NULL, 1, 1.148 },
	{ "ATORVASTATINE", "ATORVASTATINE", "ATORVASTATINE CALCIQUE TRIHYDRATÉE", NULL, 1, 1.082 },
	{ "AZITHROMYCINE", "AZITHROMYCINE", "AZITHROMYCINE DIHYDRATÉE", NULL, 1, 1.048 },
	{ "BENSERAZIDE", "BENSÉRAZIDE", "CHLORHYDRATE DE BENSÉRAZIDE", "BENSÉRAZIDE (CHLORHYDRATE DE)", 1, 1.141 },
	{ "BETAMETHASONE", "BÉTAMÉTHASONE", "DIPROPIONATE DE BÉTAMÉTHASONE", "BÉTAMÉTHASONE (DIPROPIONATE DE)", 1, 1.286 },
	{ "BISOPROLOL", "BISOPROLOL", "FUMARATE DE BISOPROLOL", "BISOPROLOL (FUMARATE DE)", 0, 0 },
	{ "BROMFENAC", "BROMFÉNAC", "BROMFÉNAC SODIQUE SESQUIHYDRATÉ", NULL, 1, 1.149 },
	{ "BUDESONIDE", "BUDÉSONIDE", NULL, NULL, 0, 0 },
	{ "BUPRENORPHINE", "BUPRÉNORPHINE", "CHLORHYDRATE DE BUPRÉNORPHINE", "BUPRÉNORPHINE (CHLORHYDRATE DE)", 1, 1.078 },
	{ "CALCIUM", "CALCIUM", "CARBONATE DE CALCIUM", "CALCIUM (CARBONATE DE)", 1, 2.497 },
	{ "CANDESARTAN", "CANDÉSARTAN", "CANDÉSARTAN CILEXÉTIL", NULL, 0, 0 },
	{ "CEFPODOXIME", "CEFPODOXIME", "CEFPODOXIME PROXÉTIL", NULL, 1, 1.3 },
	{ "CETIRIZINE", "CÉTIRIZINE", "DICHLORHYDRATE DE CÉTIRIZINE", "CÉTIRIZINE (DICHLORHYDRATE DE)", 0, 0 },
	{ "CIPROFLOXACINE", "CIPROFLOXACINE", "CHLORHYDRATE DE CIPROFLOXACINE", "CIPROFLOXACINE (CHLORHYDRATE DE)", 1, 1.164 },
	{ "CLOPIDOGREL", "CLOPIDOGREL", "HYDROGÉNOSULFATE DE CLOPIDOGREL", "CLOPIDOGREL (HYDROGÉNOSULFATE DE)", 1, 1.306 },
	{ "COLECALCIFEROL", "COLÉCALCIFÉROL", NULL, NULL, 0, 0 },
	{ "DABIGATRAN", "DABIGATRAN ÉTEXILATE", "MÉSILATE DE DABIGATRAN ÉTEXILATE", NULL, 1, 1.153 },
	{ "DAPAGLIFLOZINE", "DAPAGLIFLOZINE", "DAPAGLIFLOZINE PROPANEDIOL MONOHYDRATÉ", NULL, 1, 1.23 },
	{ "DESOGESTREL", "DÉSOGESTREL", NULL, NULL, 0, 0 },
	{ "DIAZEPAM", "DIAZÉPAM", NULL, NULL, 0, 0 },
	{ "DICLOFENAC", "DICLOFÉNAC", "DICLOFÉNAC SODIQUE", NULL, 0, 0 },
	{ "DOMPERIDONE", "DOMPÉRIDONE", NULL, NULL, 0, 0 },
	{ "EMTRICITABINE", "EMTRICITABINE", NULL, NULL, 0, 0 },
	{ "ENOXAPARINE", "ÉNOXAPARINE", "ÉNOXAPARINE SODIQUE", NULL, 0, 0 },
	{ "ESCITALOPRAM", "ESCITALOPRAM", "OXALATE D'ESCITALOPRAM", "ESCITALOPRAM (OXALATE D')", 1, 1.278 },
	{ "ESOMEPRAZOLE", "ÉSOMÉPRAZOLE", "ÉSOMÉPRAZOLE MAGNÉSIQUE TRIHYDRATÉ", NULL, 1, 1.112 },
	{ "ETHINYLESTRADIOL", "ÉTHINYLESTRADIOL", NULL, NULL, 0, 0 },
	{ "EZETIMIBE", "ÉZÉTIMIBE", NULL, NULL, 0, 0 },
	{ "FLUTICASONE", "FLUTICASONE", "PROPIONATE DE FLUTICASONE", "FLUTICASONE (PROPIONATE DE)", 0, 0 },
	{ "FOLINATE DE CALCIUM", "ACIDE FOLINIQUE", "FOLINATE DE CALCIUM PENTAHYDRATÉ", NULL, 1, 1.27 },
	{ "FORMOTEROL", "FORMOTÉROL", "FUMARATE DE FORMOTÉROL DIHYDRATÉ", "FORMOTÉROL (FUMARATE DE) DIHYDRATÉ", 0, 0 },
	{ "FOSFOMYCINE", "FOSFOMYCINE", "FOSFOMYCINE TROMÉTAMOL", NULL, 1, 1.88 },
	{ "FUROSEMIDE", "FUROSÉMIDE", NULL, NULL, 0, 0 },
	{ "GRIPPE, ANTIGENE PURIFIE", "VIRUS DE LA GRIPPE INACTIVÉ, FRAGMENTÉ", NULL, NULL, 0, 0 },
	{ "HYDROXYCHLOROQUINE", "HYDROXYCHLOROQUINE", "SULFATE D'HYDROXYCHLOROQUINE", "HYDROXYCHLOROQUINE (SULFATE D')", 0, 0 },
	{ "IBUPROFENE", "IBUPROFÈNE", NULL, NULL, 0, 0 },
	{ "IMATINIB", "IMATINIB", "MÉSILATE D'IMATINIB", "IMATINIB (MÉSILATE D')", 1, 1.195 },
	{ "INTERFERON BETA-1A", "INTERFÉRON BÊTA-1A", NULL, NULL, 0, 0 },
	{ "KETOCONAZOLE", "KÉTOCONAZOLE", NULL, NULL, 0, 0 },
	{ "KETOPROFENE", "KÉTOPROFÈNE", NULL, NULL, 0, 0 },
	{ "LARMES ARTIFICIELLES ET AUTRES PREPARATIONS INDIFFERENTES", "CARMELLOSE SODIQUE", NULL, NULL, 0, 0 },
	{ "LENALIDOMIDE", "LÉNALIDOMIDE", NULL, NULL, 0, 0 },
	{ "LETROZOLE", "LÉTROZOLE", NULL, NULL, 0, 0 },
	{ "LEVETIRACETAM", "LÉVÉTIRACÉTAM", NULL, NULL, 0, 0 },
	{ "LEVODOPA", "LÉVODOPA", NULL, NULL, 0, 0 },
	{ "LEVONORGESTREL", "LÉVONORGESTREL", NULL, NULL, 0, 0 },
	{ "LEVOTHYROXINE", "LÉVOTHYROXINE", "LÉVOTHYROXINE SODIQUE", NULL, 0, 0 },
	{ "LOPERAMIDE", "LOPÉRAMIDE", "CHLORHYDRATE DE LOPÉRAMIDE", "LOPÉRAMIDE (CHLORHYDRATE DE)", 0, 0 },
	{ "LOSARTAN", "LOSARTAN", "LOSARTAN POTASSIQUE", NULL, 0, 0 },
	{ "MACROGOL", "MACROGOL 4000", NULL, NULL, 0, 0 },
	{ "METFORMINE", "METFORMINE", "CHLORHYDRATE DE METFORMINE", "METFORMINE (CHLORHYDRATE DE)", 0, 0 },
	{ "METHADONE", "MÉTHADONE", "CHLORHYDRATE DE MÉTHADONE", "MÉTHADONE (CHLORHYDRATE DE)", 0, 0 },
	{ "METHOTREXATE", "MÉTHOTREXATE", NULL, NULL, 0, 0 },
	{ "METOPROLOL", "MÉTOPROLOL", "TARTRATE DE MÉTOPROLOL", "MÉTOPROLOL (TARTRATE DE)", 0, 0 },
	{ "MOMETASONE", "MOMÉTASONE", "FUROATE DE MOMÉTASONE", "MOMÉTASONE (FUROATE DE)", 0, 0 },
	{ "MORPHINE", "MORPHINE", "SULFATE DE MORPHINE", "MORPHINE (SULFATE DE)", 0, 0 },
	{ "NALOXONE", "NALOXONE", "CHLORHYDRATE DE NALOXONE DIHYDRATÉ", NULL, 1, 1.22 },
	{ "NEBIVOLOL", "NÉBIVOLOL", "CHLORHYDRATE DE NÉBIVOLOL", "NÉBIVOLOL (CHLORHYDRATE DE)", 1, 1.089 },
	{ "OMEPRAZOLE", "OMÉPRAZOLE", NULL, NULL, 0, 0 },
	{ "PANTOPRAZOLE", "PANTOPRAZOLE", "PANTOPRAZOLE SODIQUE SESQUIHYDRATÉ", NULL, 1, 1.128 },
	{ "PARACETAMOL", "PARACÉTAMOL", NULL, NULL, 0, 0 },
	{ "PAROXETINE", "PAROXÉTINE", "CHLORHYDRATE DE PAROXÉTINE HÉMIHYDRATÉ", NULL, 1, 1.138 },
	{ "PERINDOPRIL", "PÉRINDOPRIL", "PÉRINDOPRIL ARGININE", NULL, 0, 0 },
	{ "PERMETHRINE", "PERMÉTHRINE", NULL, NULL, 0, 0 },
	{ "PREDNISOLONE", "PREDNISOLONE", "MÉTASULFOBENZOATE SODIQUE DE PREDNISOLONE", NULL, 1, 1.574 },
	{ "PREGABALINE", "PRÉGABALINE", NULL, NULL, 0, 0 },
	{ "QUETIAPINE", "QUÉTIAPINE", "FUMARATE DE QUÉTIAPINE", "QUÉTIAPINE (FUMARATE DE)", 1, 1.151 },
	{ "ROSUVASTATINE", "ROSUVASTATINE", "ROSUVASTATINE CALCIQUE", NULL, 1, 1.04 },
	{ "SALBUTAMOL", "SALBUTAMOL", "SULFATE DE SALBUTAMOL", "SALBUTAMOL (SULFATE DE)", 1, 1.2 },
	{ "SALMETEROL", "SALMÉTÉROL", "XINAFOATE DE SALMÉTÉROL", "SALMÉTÉROL (XINAFOATE DE)", 1, 1.454 },
	{ "SEMAGLUTIDE", "SÉMAGLUTIDE", NULL, NULL, 0, 0 },
	{ "SERTRALINE", "SERTRALINE", "CHLORHYDRATE DE SERTRALINE", "SERTRALINE (CHLORHYDRATE DE)", 1, 1.119 },
	{ "SEVELAMER", "SÉVÉLAMER", "CARBONATE DE SÉVÉLAMER", "SÉVÉLAMER (CARBONATE DE)", 0, 0 },
	{ "SITAGLIPTINE", "SITAGLIPTINE", "PHOSPHATE DE SITAGLIPTINE MONOHYDRATÉ", NULL, 1, 1.285 },
	{ "SULFATE FERREUX", "FER", "SULFATE FERREUX SESQUIHYDRATÉ", NULL, 1, 3.19 },
	{ "SUMATRIPTAN", "SUMATRIPTAN", "SUCCINATE DE SUMATRIPTAN", "SUMATRIPTAN (SUCCINATE DE)", 1, 1.4 },
	{ "TAMOXIFENE", "TAMOXIFÈNE", "CITRATE DE TAMOXIFÈNE", "TAMOXIFÈNE (CITRATE DE)", 1, 1.517 },
	{ "TAMSULOSINE", "TAMSULOSINE", "CHLORHYDRATE DE TAMSULOSINE", "TAMSULOSINE (CHLORHYDRATE DE)", 0, 0 },
	{ "TENOFOVIR DISOPROXIL", "TÉNOFOVIR DISOPROXIL", "FUMARATE DE TÉNOFOVIR DISOPROXIL", NULL, 1, 1.224 },
	{ "TICAGRELOR", "TICAGRÉLOR", NULL, NULL, 0, 0 },
	{ "TIMOLOL", "TIMOLOL", "MALÉATE DE TIMOLOL", "TIMOLOL (MALÉATE DE)", 1, 1.367 },
	{ "TIOTROPIUM", "TIOTROPIUM", "BROMURE DE TIOTROPIUM MONOHYDRATÉ", NULL, 1, 1.25 },
	{ "TRAMADOL", "TRAMADOL", "CHLORHYDRATE DE TRAMADOL", "TRAMADOL (CHLORHYDRATE DE)", 0, 0 },
	{ "VENLAFAXINE", "VENLAFAXINE", "CHLORHYDRATE DE VENLAFAXINE", "VENLAFAXINE (CHLORHYDRATE DE)", 1, 1.131 },
	{ "VERAPAMIL", "VÉRAPAMIL", "CHLORHYDRATE DE VÉRAPAMIL", "VÉRAPAMIL (CHLORHYDRATE DE)", 0, 0 },
	{ "VITAMINE D3", "COLÉCALCIFÉROL", NULL, NULL, 0, 0 },
	{ "ZOLPIDEM", "ZOLPIDEM", "TARTRATE DE ZOLPIDEM", "ZOLPIDEM (TARTRATE DE)", 0, 0 },
};

/* Specialities Open Medic never sees: hospital ones, and one not reimbursed. */
static const struct extra {
	const char	*atc;
	const char	*name;		/* in the dénomination */
	const char	*dose;		/* as written */
	const char	*form;
	const char	*sa;
	const char	*sa_dose;
	const char	*ft;		/* NULL: the SA alone */
	const char	*ft_dose;
	const char	*holder;
	int		 pack;
	int		 hospital;
	int		 stopped;	/* no longer sold */
	const char	*conditions;	/* ;-separated */
} extras[] = {
	{ "N05CD08", "MIDAZOLAM AGUETTANT", "5 mg/1 ml", "SOL INJ AMP", "CHLORHYDRATE DE MIDAZOLAM", "", "MIDAZOLAM",
	    "5 mg", "LABORATOIRE AGUETTANT", 10, 1, 0, "liste I;réservé à l'usage HOSPITALIER" },
	{ "N01AX10", "PROPOFOL FRESENIUS", "10 mg/ml", "EMUL INJ", "PROPOFOL", "10 mg", NULL, NULL,
	    "FRESENIUS KABI FRANCE", 5, 1, 0, "liste I;réservé à l'usage HOSPITALIER" },
	{ "L01XA01", "CISPLATINE ACCORD", "1 mg/ml", "SOL DIL PERF", "CISPLATINE", "1 mg", NULL, NULL,
	    "ACCORD HEALTHCARE FRANCE", 1, 1, 0,
	    "liste I;réservé à l'usage HOSPITALIER;prescription réservée aux spécialistes et services CANCEROLOGIE" },
	{ "J01XA01", "VANCOMYCINE VIATRIS", "1 g", "PDRE PERF", "CHLORHYDRATE DE VANCOMYCINE", "1,025 g", "VANCOMYCINE",
	    "1 g", "VIATRIS SANTE", 1, 1, 0, "liste I;réservé à l'usage HOSPITALIER" },
	{ "C01CA03", "NORADRENALINE RENAUDIN", "2 mg/ml", "SOL DIL PERF", "TARTRATE DE NORADRÉNALINE", "", "NORADRÉNALINE",
	    "2 mg", "LABORATOIRE RENAUDIN", 10, 1, 0, "liste I;réservé à l'usage HOSPITALIER" },
	{ "N01AX03", "KETAMINE PANPHARMA", "50 mg/ml", "SOL INJ AMP", "CHLORHYDRATE DE KÉTAMINE", "57,7 mg", "KÉTAMINE",
	    "50 mg", "PANPHARMA", 10, 1, 1, "stupéfiant;réservé à l'usage HOSPITALIER" },
	{ "N07BA01", "NICOTINE EG", "2 mg", "GOMME", "RÉSINATE DE NICOTINE", "", "NICOTINE", "2 mg",
	    "EG LABO - LABORATOIRES EUROGENERICS", 30, 0, 0, NULL },
};
#define NEXTRAS	(sizeof extras / sizeof extras[0])

/*
 * At full scale, the homeopathic stocks that make up most of the real BDPM's
 * 15 000 specialities (not reimbursed, never in Open Medic): genus x species
 * x laboratory x form, one presentation each.
 */
static const char *const homeo_genus[] = {
	"ACONITUM", "ALLIUM", "APIS", "ARNICA", "ARSENICUM", "BELLADONNA",
	"BRYONIA", "CALCAREA", "CALENDULA", "CANTHARIS", "CAUSTICUM",
	"CHAMOMILLA", "CHELIDONIUM", "COCCULUS", "CUPRUM", "DROSERA",
	"EUPHRASIA", "FERRUM", "GELSEMIUM", "GRAPHITES", "HEPAR", "HYPERICUM",
	"IGNATIA", "IPECA", "KALIUM", "LACHESIS", "LEDUM", "LYCOPODIUM",
	"MERCURIUS", "NATRUM", "NUX", "PHOSPHORUS", "PULSATILLA", "RHUS",
	"RUTA", "SEPIA", "SILICEA", "STAPHYSAGRIA", "SULFUR", "THUJA",
	"ZINCUM",
};
static const char *const homeo_species[] = {
	"ACIDUM", "ALBUM", "AMARA", "CANADENSIS", "CARBONICA", "CEPA",
	"COMPOSITUM", "FLAVA", "IODATUM", "MAJOR", "MARINA", "MELLIFICA",
	"METALLICUM", "MONTANA", "MURIATICUM", "NAPELLUS", "NIGRA",
	"OCCIDENTALIS", "OFFICINALIS", "PHOSPHORICUM", "PRATENSIS", "RUBRA",
	"SOLUBILIS", "SULFURICUM", "TOXICODENDRON", "VOMICA", "VULGARIS",
	"SEMPERVIRENS", "ORIENTALIS", "SYLVESTRIS", "GRAVEOLENS", "ALPINA",
	"MARITIMA", "SATIVA", "MINOR", "PERENNIS", "ALBA", "REPENS", "LUTEA",
	"PALUSTRIS", "VERNA", "AUREA", "GLOBULUS", "ARVENSIS", "CRISPA",
	"LANATA", "ODORATA", "PURPUREA", "SPINOSA", "VIRIDIS", "ANGUSTIFOLIA",
	"HISPANICA", "EUROPAEA", "BOREALIS", "AUSTRALIS", "INDICA",
	"JAPONICA", "SINENSIS", "AMERICANA", "AFRICANA", "ARABICA",
	"GALLICA", "GERMANICA",
};
static const struct {
	const char	*name;
	const char	*holder;
} homeo_labs[] = {
	{ "BOIRON", "BOIRON" },
	{ "LEHNING", "LABORATOIRES LEHNING" },
	{ "WELEDA", "WELEDA" },
};
static const char *const homeo_forms[] = { "GRANULES HOMEO", "GLOBULES HOMEO" };
#define NHOMEO	(sizeof homeo_genus / sizeof homeo_genus[0] * \
	(sizeof homeo_species / sizeof homeo_species[0]) * \
	(sizeof homeo_labs / sizeof homeo_labs[0]) * \
	(sizeof homeo_forms / sizeof homeo_forms[0]))

/* Remboursement conditions published with a few presentations. */
static const struct indication {
	const char	*atc5;
	const char	*text;
} indications[] = {
	{ "A10BJ06", "Ce médicament peut être pris en charge ou remboursé par l'Assurance Maladie dans "
	    "les cas suivants :<br><br>- Traitement du diabète de type 2 insuffisamment contrôlé, en association "
	    "à d'autres médicaments destinés au traitement du diabète. ; JOURNAL OFFICIEL ; 01/04/19" },
	{ "A10BK01", "Ce médicament peut être pris en charge ou remboursé par l'Assurance Maladie dans "
	    "les cas suivants :<br><br>- Diabète de type 2 insuffisamment contrôlé.<br>- Insuffisance cardiaque "
	    "chronique symptomatique à fraction d'éjection réduite. ; JOURNAL OFFICIEL ; 15/02/22" },
	{ "J05AR03", "Ce médicament peut être pris en charge ou remboursé par l'Assurance Maladie dans "
	    "les cas suivants :<br><br>- Traitement de l'infection par le VIH-1.<br>- Prophylaxie pré-exposition "
	    "au VIH-1 chez les adultes à haut risque. ; JOURNAL OFFICIEL ; 03/03/17" },
};

/* ANSM safety information: the specialities of a substance, or one brand. */
static const struct info {
	const char	*atc5;
	int		 princeps_only;
	int		 y, m, d;	/* start */
	int		 months;	/* how long it shows */
	const char	*text;
} infos[] = {
	{ "N03AG01", 0, 2024, 1, 11, 36, "Valproate et dérivés : mesures de réduction des risques chez les patients de sexe masculin" },
	{ "B01AA12", 0, 2025, 6, 2, 18, "Fluindione : arrêt de commercialisation, relais par une autre antivitamine K ou un anticoagulant oral direct" },
	{ "H03AA01", 1, 2023, 9, 14, 36, "Lévothyroxine : surveillance renforcée lors d'un changement de spécialité" },
	{ "A10BJ06", 0, 2025, 10, 7, 12, "Sémaglutide : rappel du bon usage en période de tensions d'approvisionnement" },
	{ "N02AX02", 0, 2025, 3, 1, 24, "Tramadol : la durée de prescription limitée à 12 semaines" },
};

/* Substances on the list of médicaments d'intérêt thérapeutique majeur. */
static const char *const mitm_prefixes[] = {
	"A10", "B01", "C01", "C03", "C07", "H02", "H03", "J01", "J05", "J07",
	"L01", "L02", "L03", "L04", "N01", "N02A", "N03", "N04", "N05A",
	"N05CD", "N07B", "R03", "S01E", "V03AB",
};

/* --- Dates and amounts. ---------------------------------------------------- */

static int64_t
days_from_civil(int y, int m, int d)
{
	int64_t era, yoe, doy;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

static void
civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* A day between the first of January of y0 and the last of December of y1. */
static int64_t
rng_day(struct rng *r, int y0, int y1)
{
	return rng_range(r, days_from_civil(y0, 1, 1),
	    days_from_civil(y1, 12, 31));
}

enum date_style {
	DATE_FR,	/* 16/03/2011 */
	DATE_ISO,	/* 2011-03-16 */
	DATE_HAS,	/* 20110316 */
};

static void
add_date(struct sbuf *b, int64_t day, enum date_style style)
{
	int y, m, d;

	civil_from_days(day, &y, &m, &d);
	switch (style) {
	case DATE_FR:
		sbuf_addf(b, "%02d/%02d/%04d", d, m, y);
		break;
	case DATE_ISO:
		sbuf_addf(b, "%04d-%02d-%02d", y, m, d);
		break;
	case DATE_HAS:
		sbuf_addf(b, "%04d%02d%02d", y, m, d);
		break;
	}
}

/* Euros with a decimal comma and, past a thousand, commas between thousands. */
static void
add_euros(struct sbuf *b, int64_t cents)
{
	char digits[24];
	int n, i;

	n = snprintf(digits, sizeof digits, "%lld", (long long)(cents / 100));
	for (i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			sbuf_addc(b, ',');
		sbuf_addc(b, digits[i]);
	}
	sbuf_addf(b, ",%02d", (int)(cents % 100));
}

/* --- Doses: "5/160MG" -> "5 mg/160 mg". ----------------------------------- */

#define MAXPARTS	4

struct dose {
	char		 num[MAXPARTS][24];	/* "" when the part is a unit only */
	const char	*unit[MAXPARTS];
	size_t		 n;
};

static const char *
dose_unit(const char *u, const char *dose)
{
	static const struct { const char *code, *unit; } units[] = {
		{ "MG", "mg" }, { "G", "g" }, { "ML", "ml" }, { "UI", "UI" },
		{ "MICROG", "microgrammes" }, { "%", "%" }, { "DOSE", "dose" },
	};
	size_t i;

	if (*u == '\0')
		return NULL;
	for (i = 0; i < sizeof units / sizeof units[0]; i++)
		if (strcmp(units[i].code, u) == 0)
			return units[i].unit;
	fatalx("unit %s of dose %s", u, dose);
}

static void
dose_parse(const char *in, struct dose *d)
{
	const char *p = in, *e;
	char unit[16];
	size_t len, i, j;

	memset(d, 0, sizeof *d);
	for (;;) {
		if (d->n == MAXPARTS)
			fatalx("dose %s", in);
		while (*p == ' ')
			p++;
		len = strspn(p, "0123456789,");
		if (len >= sizeof d->num[0])
			fatalx("dose %s", in);
		memcpy(d->num[d->n], p, len);
		p += len;
		while (*p == ' ')
			p++;
		e = strchr(p, '/');
		len = e != NULL ? (size_t)(e - p) : strlen(p);
		if (len >= sizeof unit)
			fatalx("dose %s", in);
		memcpy(unit, p, len);
		unit[len] = '\0';
		d->unit[d->n++] = dose_unit(unit, in);
		if (e == NULL)
			break;
		p = e + 1;
	}
	/* "5/160MG": a number without a unit takes the next one's. */
	for (i = 0; i < d->n; i++)
		for (j = i + 1; d->unit[i] == NULL && j < d->n; j++)
			if (d->num[j][0] != '\0')
				d->unit[i] = d->unit[j];
	for (i = 0; i < d->n; i++)
		if (d->unit[i] == NULL)
			fatalx("dose %s", in);
}

/* One part: "4000 UI" is written "4 000 UI", as the BDPM does. */
static void
add_dose_part(struct sbuf *b, const struct dose *d, size_t i)
{
	const char *num = d->num[i];
	size_t n = strlen(num), k;

	if (n == 0) {
		sbuf_add(b, d->unit[i]);
		return;
	}
	if (strcmp(d->unit[i], "UI") == 0 && strchr(num, ',') == NULL &&
	    n > 3) {
		for (k = 0; k < n; k++) {
			if (k > 0 && (n - k) % 3 == 0)
				sbuf_addc(b, ' ');
			sbuf_addc(b, num[k]);
		}
	} else
		sbuf_add(b, num);
	sbuf_addc(b, ' ');
	sbuf_add(b, d->unit[i]);
}

static void
add_dose(struct sbuf *b, const struct dose *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		if (i > 0)
			sbuf_addc(b, '/');
		add_dose_part(b, d, i);
	}
}

static double
dose_value(const char *num)
{
	char tmp[24], *p;

	snprintf(tmp, sizeof tmp, "%s", num);
	if ((p = strchr(tmp, ',')) != NULL)
		*p = '.';
	return strtod(tmp, NULL);
}

/* A weight with a decimal comma, at most two decimals: 6,94 */
static void
add_weight(struct sbuf *b, double v, const char *unit)
{
	int64_t c = (int64_t)(v * 100 + 0.5);

	sbuf_addf(b, "%lld", (long long)(c / 100));
	if (c % 100 != 0) {
		sbuf_addf(b, ",%02d", (int)(c % 100));
		if (b->data[b->len - 1] == '0')
			b->data[--b->len] = '\0';
	}
	sbuf_addf(b, " %s", unit);
}

/* --- The specialities. ----------------------------------------------------- */

struct spec {
	char				 cis[9];
	const struct sample_substance	*s;	/* NULL: an extra */
	const struct extra		*x;
	int				 lab;	/* -1: princeps */
	int				 dose;
	const struct form		*f;
	const struct sample_product	**p;	/* its Open Medic products */
	size_t				 np;
	char				*denom;
	const char			*holder;
	int64_t				 amm;	/* day */
	const char			*procedure;
	char				 eu[24];
	int				 sold;
	const char			*bdm;
	int				 watch;	/* surveillance renforcée */
	int				 gen_num;
	int				 gen_type;
	const char			*atc;
	struct rng			 r;
};

struct pres {
	const struct spec		*sp;
	const struct sample_product	*p;	/* NULL: not in Open Medic */
	char				 cip[14];
	int				 pack;
	int				 stopped;
	int64_t				 day;
	int				 approved;	/* agrément collectivités */
	int				 rate;		/* 0: not reimbursed */
	int				 rate_space;
	int64_t				 price;		/* cents; -1: none */
	int64_t				 fee;
	const char			*indication;
};

struct bdpm {
	uint64_t		 seed;
	struct sample_catalogue	 cat;
	struct spec		*specs;
	size_t			 nspecs;
	struct pres		*pres;
	size_t			 npres, cappres;
	const struct sample_product **prods;
	char			(*codes)[6];	/* substance codes, by name */
	char			**code_names;
	size_t			 ncodes;
	struct extra		*homeo;		/* full scale: NHOMEO, names owned */
	size_t			 nhomeo;
};

static const struct form *
form_find(const char *code)
{
	size_t i;

	for (i = 0; i < sizeof forms / sizeof forms[0]; i++)
		if (strcmp(forms[i].code, code) == 0)
			return &forms[i];
	fatalx("no BDPM form for %s", code);
}

static const struct component *
component_find(const char *key)
{
	size_t i;

	for (i = 0; i < sizeof components / sizeof components[0]; i++)
		if (strcmp(components[i].key, key) == 0)
			return &components[i];
	return NULL;
}

static const char *
subst_code(const struct sample_substance *s)
{
	return s->atc5[0] != '\0' ? s->atc5 : s->atc4;
}

static const char *
subst_label(const struct sample_substance *s)
{
	return s->lname != NULL ? s->lname : s->name;
}

/* The CIS_COMPO code of a substance name: five digits, one per name. */
static const char *
substance_code(struct bdpm *b, const char *name)
{
	struct rng r;
	char code[6], *key;
	size_t i;

	for (i = 0; i < b->ncodes; i++)
		if (strcmp(b->code_names[i], name) == 0)
			return b->codes[i];
	key = xasprintf("bdpm substance code %s", name);
	rng_init(&r, b->seed, key);
	free(key);
	for (;;) {
		snprintf(code, sizeof code, "%05u", (unsigned)rng_below(&r, 100000));
		for (i = 0; i < b->ncodes; i++)
			if (strcmp(b->codes[i], code) == 0)
				break;
		if (i == b->ncodes)
			break;
	}
	b->codes = xreallocarray(b->codes, b->ncodes + 1, sizeof *b->codes);
	b->code_names = xreallocarray(b->code_names, b->ncodes + 1,
	    sizeof *b->code_names);
	memcpy(b->codes[b->ncodes], code, sizeof code);
	b->code_names[b->ncodes] = xstrdup(name);
	return b->codes[b->ncodes++];
}

static int
cis_taken(const struct bdpm *b, size_t n, const char *cis)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(b->specs[i].cis, cis) == 0)
			return 1;
	return 0;
}

static void
new_cis(struct bdpm *b, size_t n, struct rng *r, char out[9])
{
	do
		snprintf(out, 9, "6%07u", (unsigned)rng_below(r, 10000000));
	while (cis_taken(b, n, out));
}

static int
cip_taken(const struct bdpm *b, const char *cip)
{
	size_t i;

	for (i = 0; i < b->cat.n; i++)
		if (strcmp(b->cat.v[i].cip, cip) == 0)
			return 1;
	for (i = 0; i < b->npres; i++)
		if (b->pres[i].cip != cip && strcmp(b->pres[i].cip, cip) == 0)
			return 1;
	return 0;
}

/* 34009 + 7 digits + the EAN-13 key, not used by any presentation yet. */
static void
new_cip(const struct bdpm *b, struct rng *r, char out[14])
{
	int sum, i;

	out[0] = '\0';
	do {
		snprintf(out, 14, "34009%07u", (unsigned)rng_below(r, 10000000));
		for (sum = 0, i = 0; i < 12; i++)
			sum += (out[i] - '0') * (i % 2 ? 3 : 1);
		out[12] = (char)('0' + (10 - sum % 10) % 10);
		out[13] = '\0';
	} while (cip_taken(b, out));
}

static struct pres *
new_pres(struct bdpm *b, const struct spec *sp)
{
	struct pres *p;

	if (b->npres == b->cappres) {
		b->cappres = b->cappres == 0 ? 1024 : b->cappres * 2;
		b->pres = xreallocarray(b->pres, b->cappres, sizeof *b->pres);
	}
	p = &b->pres[b->npres++];
	memset(p, 0, sizeof *p);
	p->sp = sp;
	p->price = -1;
	return p;
}

static int
product_order(const void *a, const void *b)
{
	const struct sample_product *p = *(const struct sample_product *const *)a;
	const struct sample_product *q = *(const struct sample_product *const *)b;

	if (p->si != q->si)
		return p->si < q->si ? -1 : 1;
	if (p->lab != q->lab)
		return p->lab < q->lab ? -1 : 1;
	if (p->dose != q->dose)
		return p->dose < q->dose ? -1 : 1;
	return strcmp(p->cip, q->cip);
}

static void
spec_denomination(struct spec *sp)
{
	const struct sample_substance *s = sp->s;
	struct sbuf b = { NULL, 0, 0 };
	struct dose d;

	if (sp->lab < 0)
		sbuf_add(&b, s->brand);
	else
		sbuf_addf(&b, "%s %s", subst_label(s), lab_names[sp->lab].name);
	sbuf_addc(&b, ' ');
	dose_parse(s->doses[sp->dose], &d);
	add_dose(&b, &d);
	sbuf_addf(&b, ", %s", sp->f->name);
	sp->denom = b.data;
}

/* Authorisation of a speciality of the catalogue. */
static void
spec_authorisation(struct bdpm *b, struct spec *sp)
{
	const struct sample_substance *s = sp->s;
	struct rng sr;
	char *key;
	int y0, y, i;
	size_t k;

	/* The princeps' year, shared by the substance's specialities. */
	key = xasprintf("bdpm substance %s", subst_code(s));
	rng_init(&sr, b->seed, key);
	free(key);
	y0 = s->price >= 5000 ? (int)rng_range(&sr, 1996, 2016) :
	    (int)rng_range(&sr, 1972, 2008);
	for (i = 0; i < (int)(sizeof brands / sizeof brands[0]); i++)
		if (sp->lab < 0 && s->brand != NULL &&
		    strcmp(brands[i].brand, s->brand) == 0)
			break;
	if (i < (int)(sizeof brands / sizeof brands[0])) {
		sp->amm = days_from_civil(brands[i].y, brands[i].m, brands[i].d);
		sp->holder = brands[i].holder;
		if (brands[i].eu != NULL) {
			sp->procedure = "Procédure centralisée";
			snprintf(sp->eu, sizeof sp->eu, "%s", brands[i].eu);
		} else
			sp->procedure = "Procédure nationale";
		return;
	}
	if (sp->lab < 0) {
		/* Every dose of a brand has its holder and procedure. */
		y = y0 + (int)rng_below(&sp->r, 2);
		sp->amm = rng_day(&sp->r, y, y);
		sp->holder = princeps_holders[rng_below(&sr,
		    sizeof princeps_holders / sizeof princeps_holders[0])];
		if (y0 >= 1995 && (s->price >= 5000 ||
		    strncmp(s->form, "SOL INJ", 7) == 0)) {
			sp->procedure = "Procédure centralisée";
			snprintf(sp->eu, sizeof sp->eu, "EU/1/%02d/%03u",
			    y0 % 100, (unsigned)rng_range(&sr, 1, 999));
		} else
			sp->procedure = rng_chance(&sr, 0.15) ?
			    "Procédure de reconnaissance mutuelle" :
			    "Procédure nationale";
		return;
	}
	/* Generics come ten years or more after the princeps. */
	y = (y0 + 10 > 1998 ? y0 + 10 : 1998) + (int)rng_below(&sp->r, 12);
	if (y > 2022)
		y = 2022 - (int)rng_below(&sp->r, 3);
	for (k = 0; k < sp->np; k++)
		if (sp->p[k]->from >= BDPM_YEAR)
			y = 2023;
	sp->amm = rng_day(&sp->r, y, y);
	sp->holder = lab_names[sp->lab].holder;
	i = (int)rng_below(&sp->r, 10);
	if (y < 2005 && i < 5)	/* no decentralised procedure before 2005 */
		i += 5;
	sp->procedure = i < 5 ? "Procédure décentralisée" : i < 9 ?
	    "Procédure nationale" : "Procédure de reconnaissance mutuelle";
}

/* A presentation of an Open Medic product. */
static void
product_presentation(struct bdpm *b, struct spec *sp,
    const struct sample_product *p)
{
	const struct sample_substance *s = sp->s;
	struct pres *pr = new_pres(b, sp);
	struct rng r;
	char *key;
	size_t i;

	key = xasprintf("bdpm presentation %s", p->cip);
	rng_init(&r, b->seed, key);
	free(key);
	pr->p = p;
	snprintf(pr->cip, sizeof pr->cip, "%s", p->cip);
	pr->pack = p->pack;
	pr->stopped = p->to < BDPM_YEAR;
	if (p->from >= BDPM_YEAR)
		pr->day = days_from_civil(BDPM_YEAR, 1, 2) +
		    (int64_t)rng_below(&r, 180);
	else if (pr->stopped)
		pr->day = days_from_civil(BDPM_YEAR, 1, 1) +
		    (int64_t)rng_below(&r, 120);
	else {
		pr->day = sp->amm + 30 + (int64_t)rng_below(&r, 700);
		if (pr->day > days_from_civil(2023, 12, 31))
			pr->day = days_from_civil(2023, 12, 31) -
			    (int64_t)rng_below(&r, 90);
	}
	pr->approved = !pr->stopped && rng_chance(&r, 0.96);
	pr->rate = s->rate;
	pr->rate_space = rng_chance(&r, 0.04);
	pr->price = p->year_price;
	pr->fee = p->pack >= 84 && sp->f->unit != NULL ? FEE_QUARTER : FEE;
	for (i = 0; i < sizeof indications / sizeof indications[0]; i++)
		if (strcmp(indications[i].atc5, s->atc5) == 0)
			pr->indication = indications[i].text;
}

/* Full scale: the homeopathic specialities, each an extra of its own. */
static void
build_homeo(struct bdpm *b)
{
	const size_t ns = sizeof homeo_species / sizeof homeo_species[0];
	const size_t nl = sizeof homeo_labs / sizeof homeo_labs[0];
	const size_t nf = sizeof homeo_forms / sizeof homeo_forms[0];
	struct extra *x;
	struct spec *sp;
	size_t i;
	char *key;

	b->homeo = xcalloc(NHOMEO, sizeof *b->homeo);
	for (i = 0; i < NHOMEO; i++) {
		x = &b->homeo[b->nhomeo++];
		x->atc = "V03AX";
		x->name = xasprintf("%s %s %s", homeo_genus[i / (ns * nl * nf)],
		    homeo_species[i / (nl * nf) % ns],
		    homeo_labs[i / nf % nl].name);
		x->dose = "degré de dilution compris entre 2CH et 30CH ou "
		    "entre 4DH et 60DH";
		x->form = homeo_forms[i % nf];
		x->sa = xasprintf("%s %s POUR PRÉPARATIONS HOMÉOPATHIQUES",
		    homeo_genus[i / (ns * nl * nf)],
		    homeo_species[i / (nl * nf) % ns]);
		x->sa_dose = "2CH à 30CH et 4DH à 60DH";
		x->holder = homeo_labs[i / nf % nl].holder;
		x->pack = 1;
		sp = &b->specs[b->nspecs];
		sp->x = x;
		sp->lab = -1;
		sp->f = form_find(x->form);
		sp->atc = x->atc;
		key = xasprintf("bdpm homeo %s %s", x->name, x->form);
		rng_init(&sp->r, b->seed, key);
		free(key);
		new_cis(b, b->nspecs, &sp->r, sp->cis);
		b->nspecs++;
		sp->denom = xasprintf("%s, %s, %s", x->name, x->dose,
		    sp->f->name);
		sp->holder = x->holder;
		sp->amm = rng_day(&sp->r, 1990, 2020);
		sp->procedure = "Enreg homéo (Proc. Nat.)";
		sp->sold = 1;
		sp->gen_num = -1;
	}
}

static void
build_specs(struct bdpm *b, const struct sample_geo *geo, int full)
{
	const struct sample_product **v;
	struct spec *sp;
	size_t i, j, k, n, cap;
	char *key;

	sample_medic_catalogue(geo, b->seed, BDPM_YEAR, full, &b->cat);
	n = b->cat.n;
	v = xcalloc(n, sizeof *v);
	for (i = 0; i < n; i++)
		v[i] = &b->cat.v[i];
	qsort(v, n, sizeof *v, product_order);
	b->prods = v;
	cap = n + NEXTRAS + (full ? NHOMEO : 0);
	b->specs = xcalloc(cap, sizeof *b->specs);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && v[j]->si == v[i]->si &&
		    v[j]->lab == v[i]->lab && v[j]->dose == v[i]->dose; j++)
			;
		sp = &b->specs[b->nspecs];
		sp->s = &sample_substances[v[i]->si];
		sp->lab = v[i]->lab;
		sp->dose = v[i]->dose;
		sp->p = &v[i];
		sp->np = j - i;
		sp->f = form_find(sp->s->form);
		sp->atc = subst_code(sp->s);
		if (sp->lab >= 0 && strcmp(lab_names[sp->lab].code,
		    sample_labs[sp->lab]) != 0)
			fatalx("laboratory %s", sample_labs[sp->lab]);
		key = xasprintf("bdpm speciality %s %d %d", sp->atc, sp->lab,
		    sp->dose);
		rng_init(&sp->r, b->seed, key);
		free(key);
		new_cis(b, b->nspecs, &sp->r, sp->cis);
		b->nspecs++;
		spec_denomination(sp);
		spec_authorisation(b, sp);
		sp->gen_num = -1;
		for (k = 0; k < sp->np; k++) {
			if (sp->p[k]->to >= BDPM_YEAR)
				sp->sold = 1;
			if (sp->gen_num <= 0 && sp->p[k]->gen_num > 0) {
				sp->gen_num = sp->p[k]->gen_num;
				sp->gen_type = sp->lab < 0 ? 0 :
				    rng_chance(&sp->r, 0.1) ? 4 : 1;
			}
		}
		sp->watch = sp->lab < 0 && sp->eu[0] != '\0' &&
		    sp->amm >= days_from_civil(2011, 1, 1);
	}
	for (i = 0; i < NEXTRAS; i++) {
		const struct extra *x = &extras[i];

		sp = &b->specs[b->nspecs];
		sp->x = x;
		sp->lab = -1;
		sp->f = form_find(x->form);
		sp->atc = x->atc;
		key = xasprintf("bdpm extra %s", x->name);
		rng_init(&sp->r, b->seed, key);
		free(key);
		new_cis(b, b->nspecs, &sp->r, sp->cis);
		b->nspecs++;
		sp->denom = xasprintf("%s %s, %s", x->name, x->dose,
		    sp->f->name);
		sp->holder = x->holder;
		sp->amm = rng_day(&sp->r, 1990, 2015);
		sp->procedure = "Procédure nationale";
		sp->sold = !x->stopped;
		sp->gen_num = -1;
	}
	if (full)
		build_homeo(b);
}

/* The presentations, speciality by speciality (in CIS order). */
static void
build_presentations(struct bdpm *b)
{
	struct spec *sp;
	struct pres *pr;
	size_t i, k;

	for (i = 0; i < b->nspecs; i++) {
		sp = &b->specs[i];
		if (sp->x != NULL) {
			pr = new_pres(b, sp);
			new_cip(b, &sp->r, pr->cip);
			pr->pack = sp->x->pack;
			pr->stopped = sp->x->stopped;
			pr->day = sp->x->stopped ? rng_day(&sp->r, 2022, 2025) :
			    sp->amm + 90 + (int64_t)rng_below(&sp->r, 300);
			pr->approved = sp->x->hospital;
			continue;
		}
		for (k = 0; k < sp->np; k++)
			product_presentation(b, sp, sp->p[k]);
		/* Now and then a hospital pack of unit doses. */
		if (sp->f->unit != NULL && sp->sold &&
		    rng_chance(&sp->r, 0.06)) {
			pr = new_pres(b, sp);
			new_cip(b, &sp->r, pr->cip);
			pr->pack = rng_chance(&sp->r, 0.5) ? 50 : 100;
			pr->day = sp->amm + 60 + (int64_t)rng_below(&sp->r,
			    2000);
			if (pr->day > days_from_civil(2025, 12, 31))
				pr->day = days_from_civil(2025, 12, 31);
			pr->approved = 1;
		}
	}
}

/* --- Writing. -------------------------------------------------------------- */

struct out {
	struct sbuf	 file;		/* Windows-1252 */
	struct sbuf	 line;		/* UTF-8 */
};

/* A field after the first: a tab, then the text (more may follow). */
static void
field(struct out *o, const char *s)
{
	sbuf_addc(&o->line, '\t');
	sbuf_add(&o->line, s);
}

/* The line so far, the first field written without a tab before it. */
static void
first(struct out *o, const char *s)
{
	o->line.len = 0;
	if (o->line.data != NULL)
		o->line.data[0] = '\0';
	sbuf_add(&o->line, s);
}

static void
end_line(struct out *o, int trailing_tab)
{
	if (trailing_tab)
		sbuf_addc(&o->line, '\t');
	sbuf_addc(&o->line, '\n');
	sbuf_add_cp1252(&o->file, o->line.data);
	o->line.len = 0;
	o->line.data[0] = '\0';
}

static int
write_out(const char *dir, const char *name, struct out *o, char **cause)
{
	int rc;

	if (o->file.data == NULL)
		sbuf_add(&o->file, "");
	rc = sample_write_file(dir, name, o->file.data, o->file.len, cause);
	sbuf_free(&o->file);
	sbuf_free(&o->line);
	return rc;
}

static int
spec_cis_order(const void *a, const void *b)
{
	return strcmp(((const struct spec *)a)->cis,
	    ((const struct spec *)b)->cis);
}

static int
pres_order(const void *a, const void *b)
{
	const struct pres *p = a, *q = b;
	int c = strcmp(p->sp->cis, q->sp->cis);

	return c != 0 ? c : strcmp(p->cip, q->cip);
}

static void
write_cis(struct bdpm *b, struct out *o)
{
	size_t i;

	for (i = 0; i < b->nspecs; i++) {
		const struct spec *sp = &b->specs[i];
		char *holder = xasprintf(" %s", sp->holder);

		first(o, sp->cis);
		field(o, sp->denom);
		field(o, sp->f->name);
		field(o, sp->f->routes);
		field(o, "Autorisation active");
		field(o, sp->procedure);
		field(o, sp->sold ? "Commercialisée" : "Non commercialisée");
		field(o, "");
		add_date(&o->line, sp->amm, DATE_FR);
		field(o, sp->bdm != NULL ? sp->bdm : "");
		field(o, sp->eu);
		field(o, holder);
		field(o, sp->watch ? "Oui" : "Non");
		end_line(o, 0);
		free(holder);
	}
}

static void
add_presentation_label(struct sbuf *b, const struct pres *pr)
{
	const struct form *f = pr->sp->f;
	struct rng r;
	const char *c;

	if (f->unit == NULL) {
		c = strstr(f->pres, "%d");
		sbuf_addn(b, f->pres, (size_t)(c - f->pres));
		sbuf_addf(b, "%d%s", pr->pack, c + 2);
		return;
	}
	if (pr->p == NULL && pr->sp->x == NULL) {
		sbuf_addf(b, "%d plaquette(s) prédécoupée(s) unitaire(s) PVC "
		    "aluminium de 1 %s(s)", pr->pack, f->unit);
		return;
	}
	r = pr->sp->r;
	c = containers[rng_below(&r, pr->pack < 7 ? 4 :
	    sizeof containers / sizeof containers[0])];
	sbuf_addf(b, "%s de %d %s(s)", c, pr->pack, f->unit);
}

static void
write_cip(struct bdpm *b, struct out *o)
{
	size_t i;
	char cip7[8];

	for (i = 0; i < b->npres; i++) {
		const struct pres *pr = &b->pres[i];

		memcpy(cip7, pr->cip + 5, 7);
		cip7[7] = '\0';
		first(o, pr->sp->cis);
		field(o, cip7);
		field(o, "");
		add_presentation_label(&o->line, pr);
		field(o, "Présentation active");
		field(o, pr->stopped ? "Déclaration d'arrêt de commercialisation" :
		    "Déclaration de commercialisation");
		field(o, "");
		add_date(&o->line, pr->day, DATE_FR);
		field(o, pr->cip);
		field(o, pr->approved ? "oui" : "non");
		field(o, "");
		if (pr->rate > 0)
			sbuf_addf(&o->line, "%d%s%%", pr->rate,
			    pr->rate_space ? " " : "");
		field(o, "");
		if (pr->price >= 0)
			add_euros(&o->line, pr->price);
		field(o, "");
		if (pr->price >= 0)
			add_euros(&o->line, pr->price + pr->fee);
		field(o, "");
		if (pr->price >= 0)
			add_euros(&o->line, pr->fee);
		field(o, pr->indication != NULL ? pr->indication : "");
		end_line(o, 0);
	}
}

/* The components of a label: names and their doses, paired when they match. */
struct compo_line {
	char		 code[6];
	char		*name;
	char		*dosage;
	char		*reference;
	const char	*nature;
	int		 link;
};

static int
compo_order(const void *a, const void *b)
{
	const struct compo_line *p = a, *q = b;
	int c = strcmp(p->code, q->code);

	return c != 0 ? c : p->link - q->link;
}

static void
compo_add(struct bdpm *b, struct compo_line *v, size_t *n, const char *name,
    const char *dosage, const char *reference, const char *nature, int link)
{
	struct compo_line *l = &v[(*n)++];

	memcpy(l->code, substance_code(b, name), sizeof l->code);
	l->name = xstrdup(name);
	l->dosage = xstrdup(dosage);
	l->reference = xstrdup(reference);
	l->nature = nature;
	l->link = link;
}

/* The components of a catalogue speciality, each an SA (and its FT). */
static size_t
spec_components(struct bdpm *b, struct spec *sp, struct compo_line *v,
    struct sbuf *group)
{
	const struct sample_substance *s = sp->s;
	struct sbuf dosage = { NULL, 0, 0 }, salt = { NULL, 0, 0 };
	const struct component *c;
	struct dose d;
	char *names = xstrdup(subst_label(s)), *name, *next, *ref;
	size_t n = 0, k = 0, ncomp = 1, part;
	const char *p;

	for (p = names; *p != '\0'; p++)
		ncomp += *p == '/';
	dose_parse(s->doses[sp->dose], &d);
	for (name = names; name != NULL; name = next, k++) {
		if ((next = strchr(name, '/')) != NULL)
			*next++ = '\0';
		c = component_find(name);
		dosage.len = 0;
		sbuf_add(&dosage, "");
		ref = NULL;
		part = ncomp == d.n ? k : 0;
		if (ncomp == 1 && d.n == 2 && d.num[0][0] != '\0' &&
		    (strcmp(d.unit[1], "ml") == 0 ||
		    strcmp(d.unit[1], "dose") == 0)) {
			/* 0,9 mg per ml, 100 microgrammes per dose */
			add_dose_part(&dosage, &d, 0);
			if (strcmp(d.unit[1], "dose") == 0)
				ref = xstrdup("une dose");
			else
				ref = xasprintf("%s ml", d.num[1][0] != '\0' ?
				    d.num[1] : "1");
		} else if (strcmp(d.unit[part], "%") == 0) {
			sbuf_addf(&dosage, "%s g", d.num[part]);
			ref = xstrdup(strcmp(sp->f->element, "crème") == 0 ?
			    "100 g" : "100 ml");
		} else if (ncomp == d.n || k == 0)
			add_dose_part(&dosage, &d, part);
		if (ref == NULL)
			ref = xstrdup(dosage.len > 0 ? sp->f->reference : "");
		if (group->len > 0)
			sbuf_add(group, " + ");
		if (c != NULL && c->salt != NULL && c->pair) {
			salt.len = 0;
			sbuf_add(&salt, "");
			if (c->factor > 0 && dosage.len > 0 &&
			    d.num[part][0] != '\0' && rng_chance(&sp->r, 0.5))
				add_weight(&salt, dose_value(d.num[part]) *
				    c->factor, d.unit[part]);
			compo_add(b, v, &n, c->salt, salt.data,
			    salt.len > 0 ? ref : "", "SA", (int)k + 1);
			compo_add(b, v, &n, c->name, dosage.data, ref, "FT",
			    (int)k + 1);
			sbuf_addf(group, "%s équivalant à %s %s",
			    c->group != NULL ? c->group : c->salt, c->name,
			    dosage.data);
		} else {
			compo_add(b, v, &n, c == NULL ? name : c->salt != NULL ?
			    c->salt : c->name, dosage.data, ref, "SA",
			    (int)k + 1);
			sbuf_addf(group, "%s %s", c == NULL ? name :
			    c->group != NULL ? c->group : c->salt != NULL ?
			    c->salt : c->name, dosage.data);
		}
		while (group->len > 0 && group->data[group->len - 1] == ' ')
			group->data[--group->len] = '\0';
		free(ref);
	}
	sbuf_free(&dosage);
	sbuf_free(&salt);
	free(names);
	return n;
}

static void
write_compo(struct bdpm *b, struct out *o)
{
	struct compo_line v[2 * MAXPARTS + 2];
	struct sbuf group = { NULL, 0, 0 };
	size_t i, n, k;

	for (i = 0; i < b->nspecs; i++) {
		struct spec *sp = &b->specs[i];

		n = 0;
		if (sp->x != NULL) {
			compo_add(b, v, &n, sp->x->sa, sp->x->sa_dose,
			    sp->x->sa_dose[0] != '\0' ? sp->f->reference : "",
			    "SA", 1);
			if (sp->x->ft != NULL)
				compo_add(b, v, &n, sp->x->ft, sp->x->ft_dose,
				    sp->f->reference, "FT", 1);
		} else {
			group.len = 0;
			n = spec_components(b, sp, v, &group);
		}
		qsort(v, n, sizeof *v, compo_order);
		for (k = 0; k < n; k++) {
			first(o, sp->cis);
			field(o, sp->f->element);
			field(o, v[k].code);
			field(o, v[k].name);
			field(o, v[k].dosage);
			field(o, v[k].reference);
			field(o, v[k].nature);
			field(o, "");
			sbuf_addf(&o->line, "%d", v[k].link);
			end_line(o, 1);
			free(v[k].name);
			free(v[k].dosage);
			free(v[k].reference);
		}
	}
	sbuf_free(&group);
}

struct member {
	int		 group;
	const struct spec *sp;
};

static int
member_order(const void *a, const void *b)
{
	const struct member *p = a, *q = b;

	if (p->group != q->group)
		return p->group < q->group ? -1 : 1;
	if ((p->sp->gen_type == 0) != (q->sp->gen_type == 0))
		return p->sp->gen_type == 0 ? -1 : 1;
	return strcmp(p->sp->cis, q->sp->cis);
}

static void
write_gener(struct bdpm *b, struct out *o)
{
	struct member *m = xcalloc(b->nspecs, sizeof *m);
	struct compo_line v[2 * MAXPARTS + 2];
	struct sbuf label = { NULL, 0, 0 };
	size_t i, j, k, n = 0, nc;
	int tri;

	for (i = 0; i < b->nspecs; i++)
		if (b->specs[i].gen_num > 0) {
			m[n].group = b->specs[i].gen_num;
			m[n++].sp = &b->specs[i];
		}
	qsort(m, n, sizeof *m, member_order);
	for (i = 0; i < n; i = j) {
		struct spec ref;

		for (j = i + 1; j < n && m[j].group == m[i].group; j++)
			;
		/* Named after its princeps, or its first generic. */
		label.len = 0;
		sbuf_add(&label, "");
		ref = *m[i].sp;
		nc = spec_components(b, &ref, v, &label);
		for (k = 0; k < nc; k++) {
			free(v[k].name);
			free(v[k].dosage);
			free(v[k].reference);
		}
		sbuf_addf(&label, " - %s", m[i].sp->denom);
		for (k = i, tri = 1; k < j; k++, tri++) {
			first(o, "");
			sbuf_addf(&o->line, "%d", m[k].group);
			field(o, label.data);
			field(o, m[k].sp->cis);
			field(o, "");
			sbuf_addf(&o->line, "%d\t%d", m[k].sp->gen_type, tri);
			end_line(o, 0);
		}
	}
	sbuf_free(&label);
	free(m);
}

static int
starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Conditions de prescription et de délivrance of a substance. */
static const char *
conditions(const struct spec *sp)
{
	static const struct { const char *atc, *cond; } table[] = {
		{ "N02AA01", "stupéfiant;prescription limitée à 28 jours;prescription en toutes lettres sur ordonnance sécurisée" },
		{ "N07BC02", "stupéfiant;prescription limitée à 14 jours;prescription en toutes lettres sur ordonnance sécurisée" },
		{ "N07BC01", "liste I;prescription en toutes lettres sur ordonnance sécurisée;prescription limitée à 28 jours" },
		{ "N05CF02", "liste I;prescription en toutes lettres sur ordonnance sécurisée;prescription limitée à 4 semaines" },
		{ "N05CF01", "liste I;prescription limitée à 4 semaines" },
		{ "N05BA", "liste I;prescription limitée à 12 semaines" },
		{ "N02AX02", "liste I;prescription limitée à 12 semaines" },
		{ "L01EA01", "liste I;prescription hospitalière;prescription réservée aux spécialistes et services CANCEROLOGIE" },
		{ "L04AX04", "liste I;prescription hospitalière;prescription réservée aux spécialistes et services HEMATOLOGIE;médicament nécessitant une surveillance particulière pendant le traitement" },
		{ "L03AB07", "liste I;prescription initiale hospitalière annuelle" },
		{ "L04AB04", "liste I;prescription initiale hospitalière annuelle;prescription réservée aux spécialistes et services RHUMATOLOGIE" },
		{ "S01LA05", "liste I;prescription réservée aux spécialistes et services OPHTALMOLOGIE" },
		{ "N07XX08", "liste I;prescription initiale hospitalière;prescription réservée aux spécialistes et services CARDIOLOGIE" },
		{ "L02", "liste I;prescription réservée aux spécialistes et services CANCEROLOGIE" },
		{ "A02BC", "liste II" },
		{ "R06A", "liste II" },
		{ "D01AC", "liste II" },
		{ "D06AX", "liste II" },
		{ "A06AD", "" }, { "A07DA", "" }, { "A11CC", "" }, { "A12AX", "" },
		{ "B03", "" }, { "N02BE", "" }, { "S01XA", "" },
	};
	size_t i;

	if (sp->x != NULL)
		return sp->x->conditions != NULL ? sp->x->conditions : "";
	for (i = 0; i < sizeof table / sizeof table[0]; i++)
		if (starts(sp->atc, table[i].atc))
			return table[i].cond;
	return "liste I";
}

static void
write_cpd(struct bdpm *b, struct out *o)
{
	const char *c, *e;
	size_t i, len;

	for (i = 0; i < b->nspecs; i++) {
		const struct spec *sp = &b->specs[i];

		/* The published file has a few blank lines. */
		if (i == b->nspecs / 3 || i == 2 * b->nspecs / 3) {
			first(o, "");
			end_line(o, 0);
		}
		for (c = conditions(sp); *c != '\0'; c = *e != '\0' ? e + 1 : e) {
			e = strchr(c, ';');
			if (e == NULL)
				e = c + strlen(c);
			len = (size_t)(e - c);
			first(o, sp->cis);
			field(o, "");
			sbuf_addn(&o->line, c, len);
			end_line(o, 0);
		}
	}
}

/* --- HAS opinions. --------------------------------------------------------- */

struct opinion {
	const struct spec *sp;
	int		 dossier;
	const char	*motif;
	int64_t		 day;
	const char	*smr;
	const char	*asmr;		/* NULL: no ASMR line */
	char		*smr_text;
	char		*asmr_text;
	int		 link;
};

struct opinions {
	struct opinion	*v;
	size_t		 n, cap;
	int		*dossiers;
	int		*links;
	size_t		 ndossiers;
};

static int
new_number(struct rng *r, const int *taken, size_t n, int lo, int hi)
{
	size_t i;
	int x;

	for (;;) {
		x = (int)rng_range(r, lo, hi);
		for (i = 0; i < n && taken[i] != x; i++)
			;
		if (i == n)
			return x;
	}
}

static struct opinion *
opinion_add(struct opinions *ops)
{
	if (ops->n == ops->cap) {
		ops->cap = ops->cap == 0 ? 256 : ops->cap * 2;
		ops->v = xreallocarray(ops->v, ops->cap, sizeof *ops->v);
	}
	memset(&ops->v[ops->n], 0, sizeof ops->v[0]);
	return &ops->v[ops->n++];
}

static int
dossier_add(struct opinions *ops, struct rng *r)
{
	int d = new_number(r, ops->dossiers, ops->ndossiers, 1000, 22999);
	int l = new_number(r, ops->links, ops->ndossiers, 2500000, 3699999);

	ops->dossiers = xreallocarray(ops->dossiers, ops->ndossiers + 1,
	    sizeof *ops->dossiers);
	ops->links = xreallocarray(ops->links, ops->ndossiers + 1,
	    sizeof *ops->links);
	ops->dossiers[ops->ndossiers] = d;
	ops->links[ops->ndossiers++] = l;
	return d;
}

/*
 * The princeps of a substance (and each added speciality) were assessed at
 * their inscription, then at a renewal or two; one dossier covers all the
 * substance's princeps.
 */
static void
build_opinions(struct bdpm *b, struct opinions *ops)
{
	static const char *const levels[] = { "Important", "Modéré", "Faible",
	    "Insuffisant" };
	static const char *const asmr_levels[] = { "I", "II", "III", "IV", "V" };
	static const char *const asmr_words[] = { "majeure", "importante",
	    "modérée", "mineure", "inexistante" };
	size_t i, k;
	int e, ne, level, asmr, dossier[3], y, mm, dd;
	int64_t day[3];
	const char *name;
	struct rng r;
	char *key;

	for (i = 0; i < b->nspecs; i++) {
		const struct spec *sp = &b->specs[i];
		const struct spec *q = NULL;

		if (sp->lab >= 0 || (sp->x != NULL && !sp->x->hospital))
			continue;
		/* The first princeps of the substance draws for all of them. */
		for (k = 0; k < i; k++) {
			q = &b->specs[k];
			if (q->lab < 0 && q->x == NULL && sp->x == NULL &&
			    q->s == sp->s)
				break;
		}
		key = xasprintf("bdpm has %s", sp->x != NULL ? sp->x->name :
		    subst_code(sp->s));
		rng_init(&r, b->seed, key);
		free(key);
		ne = 1 + (int)rng_below(&r, 3);
		day[0] = sp->amm + 120 + (int64_t)rng_below(&r, 200);
		for (e = 1; e < ne; e++)
			day[e] = day[e - 1] + 365 * 5 +
			    (int64_t)rng_below(&r, 200);
		while (ne > 1 && day[ne - 1] > days_from_civil(2026, 3, 31))
			ne--;
		if (k == i || sp->x != NULL)
			for (e = 0; e < ne; e++)
				dossier[e] = dossier_add(ops, &r);
		else
			for (e = 0; e < ne; e++)
				dossier[e] = 0;
		level = rng_chance(&r, 0.8) ? 0 : 1 + (int)rng_below(&r, 3);
		civil_from_days(sp->amm, &y, &mm, &dd);
		asmr = y >= 2005 && sp->eu[0] != '\0' ?
		    1 + (int)rng_below(&r, 4) : 4;
		if (level == 3)
			asmr = 4;
		name = sp->x != NULL ? sp->x->name : sp->s->brand;
		for (e = 0; e < ne; e++) {
			struct opinion *op;
			size_t j;

			if (dossier[e] == 0) {
				/* The same dossiers as the first princeps. */
				for (j = 0; j < ops->n; j++)
					if (ops->v[j].sp == q)
						break;
				if (j + (size_t)e >= ops->n ||
				    ops->v[j + e].sp != q)
					break;
				dossier[e] = ops->v[j + e].dossier;
				day[e] = ops->v[j + e].day;
				level = 0;
				while (strcmp(levels[level],
				    ops->v[j + e].smr) != 0)
					level++;
			}
			op = opinion_add(ops);
			op->sp = sp;
			op->dossier = dossier[e];
			op->day = day[e];
			op->motif = e == 0 ? "Inscription (CT)" :
			    "Renouvellement d'inscription (CT)";
			op->smr = levels[level];
			if (e == 0)
				op->smr_text = xasprintf("Le service médical "
				    "rendu par %s est %s dans les indications "
				    "de l'AMM.", name, level == 0 ? "important" :
				    level == 1 ? "modéré" : level == 2 ?
				    "faible" : "insuffisant pour justifier "
				    "d'une prise en charge par la solidarité "
				    "nationale");
			else
				op->smr_text = xasprintf("Le service médical "
				    "rendu par %s reste %s dans les indications "
				    "de l'AMM.<br>Avis favorable au maintien de "
				    "l'inscription sur la liste des spécialités "
				    "remboursables aux assurés sociaux.", name,
				    level == 0 ? "important" : level == 1 ?
				    "modéré" : level == 2 ? "faible" :
				    "insuffisant");
			if (e == 0) {
				op->asmr = asmr_levels[asmr];
				op->asmr_text = asmr == 4 ? xasprintf("%s "
				    "n'apporte pas d'amélioration du service "
				    "médical rendu (ASMR V, inexistante) par "
				    "rapport aux autres spécialités indiquées "
				    "dans cette situation.", name) :
				    xasprintf("%s apporte une amélioration du "
				    "service médical rendu %s (ASMR %s) dans la "
				    "prise en charge des patients.<br>Cette "
				    "appréciation tient compte des données "
				    "disponibles à la date de l'avis.", name,
				    asmr_words[asmr], asmr_levels[asmr]);
			}
		}
	}
}

static int
opinion_order(const void *a, const void *b)
{
	const struct opinion *p = a, *q = b;
	int c = strcmp(p->sp->cis, q->sp->cis);

	if (c != 0)
		return c;
	return p->day < q->day ? -1 : p->day > q->day;
}

static void
write_has(struct opinions *ops, struct out *smr, struct out *asmr,
    struct out *links)
{
	char dossier[16];
	size_t i, j;
	int t;

	qsort(ops->v, ops->n, sizeof *ops->v, opinion_order);
	for (i = 0; i < ops->n; i++) {
		const struct opinion *op = &ops->v[i];

		snprintf(dossier, sizeof dossier, "CT-%d", op->dossier);
		first(smr, op->sp->cis);
		field(smr, dossier);
		field(smr, op->motif);
		field(smr, "");
		add_date(&smr->line, op->day, DATE_HAS);
		field(smr, op->smr);
		field(smr, op->smr_text);
		end_line(smr, 0);
		if (op->asmr == NULL)
			continue;
		first(asmr, op->sp->cis);
		field(asmr, dossier);
		field(asmr, op->motif);
		field(asmr, "");
		add_date(&asmr->line, op->day, DATE_HAS);
		field(asmr, op->asmr);
		field(asmr, op->asmr_text);
		end_line(asmr, 0);
	}
	/* By dossier number. */
	for (i = 1; i < ops->ndossiers; i++)
		for (j = i; j > 0 && ops->dossiers[j - 1] > ops->dossiers[j];
		    j--) {
			t = ops->dossiers[j];
			ops->dossiers[j] = ops->dossiers[j - 1];
			ops->dossiers[j - 1] = t;
			t = ops->links[j];
			ops->links[j] = ops->links[j - 1];
			ops->links[j - 1] = t;
		}
	for (i = 0; i < ops->ndossiers; i++) {
		snprintf(dossier, sizeof dossier, "CT-%d", ops->dossiers[i]);
		first(links, dossier);
		field(links, "");
		sbuf_addf(&links->line, "https://www.has-sante.fr/jcms/c_%d",
		    ops->links[i]);
		end_line(links, 0);
	}
}

static void
opinions_free(struct opinions *ops)
{
	size_t i;

	for (i = 0; i < ops->n; i++) {
		free(ops->v[i].smr_text);
		free(ops->v[i].asmr_text);
	}
	free(ops->v);
	free(ops->dossiers);
	free(ops->links);
}

/* --- Safety information and availability. ---------------------------------- */

/* "Valproate et dérivés : ..." -> "valproate-et-derives-..." */
static char *
slug(const char *s)
{
	char *k = fold_key(s), *p;

	for (p = k; *p != '\0'; p++)
		if (*p == ' ')
			*p = '-';
	return k;
}

static void
write_infos(struct bdpm *b, struct out *o)
{
	size_t i, k;
	char *sl;
	int64_t start;

	for (i = 0; i < b->nspecs; i++) {
		struct spec *sp = &b->specs[i];

		for (k = 0; k < sizeof infos / sizeof infos[0]; k++) {
			const struct info *in = &infos[k];

			if (sp->s == NULL || strcmp(sp->s->atc5, in->atc5) != 0 ||
			    (in->princeps_only && sp->lab >= 0))
				continue;
			start = days_from_civil(in->y, in->m, in->d);
			first(o, sp->cis);
			field(o, "");
			add_date(&o->line, start, DATE_ISO);
			field(o, "");
			add_date(&o->line, start + in->months * 30, DATE_ISO);
			sl = slug(in->text);
			field(o, "");
			sbuf_addf(&o->line, "<a target='_blank' href='https://"
			    "ansm.sante.fr/informations-de-securite/%s'>%s</a>",
			    sl, in->text);
			free(sl);
			end_line(o, 0);
			if (start + in->months * 30 >=
			    days_from_civil(2026, 5, 4))
				sp->bdm = "Alerte";
		}
	}
}

static void
write_dispo(struct bdpm *b, struct out *o)
{
	static const char *const labels[] = { "", "Rupture de stock",
	    "Tension d'approvisionnement", "Arrêt de commercialisation",
	    "Remise à disposition" };
	static const int other[] = { 1, 2, 4 };
	const int64_t today = days_from_civil(2026, 5, 4);
	size_t i;
	int status;
	int64_t start, update;
	char *sl;
	const char *cip;
	struct rng r;
	char *key;

	for (i = 0; i < b->nspecs; i++) {
		struct spec *sp = &b->specs[i];

		key = xasprintf("bdpm dispo %s", sp->cis);
		rng_init(&r, b->seed, key);
		free(key);
		cip = "";
		if (!sp->sold)
			status = 3;
		else if (sp->s != NULL && strcmp(sp->s->atc5, "A10BJ06") == 0)
			status = 2;
		else if (sp->s != NULL && strcmp(sp->s->atc5, "J01CA04") == 0 &&
		    sp->lab >= 0)
			status = 1;
		else if (rng_chance(&r, 0.03))
			status = other[rng_below(&r, 3)];
		else
			continue;
		if (status == 3 && sp->x == NULL && rng_chance(&r, 0.5))
			continue;
		if (status == 1 && sp->np > 0 && rng_chance(&r, 0.5))
			cip = sp->p[0]->cip;
		if (status == 3)
			start = days_from_civil(BDPM_YEAR, 1, 1) +
			    (int64_t)rng_below(&r, 200);
		else
			start = today - 30 - (int64_t)rng_below(&r, 400);
		update = start + (int64_t)rng_below(&r,
		    (uint64_t)(today - start));
		first(o, sp->cis);
		field(o, cip);
		field(o, "");
		sbuf_addf(&o->line, "%d", status);
		field(o, labels[status]);
		field(o, "");
		add_date(&o->line, start, DATE_FR);
		field(o, "");
		add_date(&o->line, update, DATE_FR);
		field(o, "");
		if (status == 4)
			add_date(&o->line, update, DATE_FR);
		sl = slug(sp->denom);
		field(o, "");
		sbuf_addf(&o->line, "https://ansm.sante.fr/disponibilites-des-"
		    "produits-de-sante/medicaments/%s", sl);
		free(sl);
		end_line(o, 0);
		if (status <= 2 && sp->bdm == NULL)
			sp->bdm = "Warning disponibilité";
	}
}

static void
write_mitm(struct bdpm *b, struct out *o)
{
	size_t i, k;

	for (i = 0; i < b->nspecs; i++) {
		const struct spec *sp = &b->specs[i];

		for (k = 0; k < sizeof mitm_prefixes / sizeof mitm_prefixes[0];
		    k++)
			if (starts(sp->atc, mitm_prefixes[k]))
				break;
		if (k == sizeof mitm_prefixes / sizeof mitm_prefixes[0])
			continue;
		first(o, sp->cis);
		field(o, sp->atc);
		field(o, sp->denom);
		field(o, "");
		sbuf_addf(&o->line, "https://base-donnees-publique.medicaments."
		    "gouv.fr/extrait.php?specid=%s", sp->cis);
		end_line(o, 0);
	}
}

static void
bdpm_free(struct bdpm *b)
{
	size_t i;

	for (i = 0; i < b->nspecs; i++)
		free(b->specs[i].denom);
	for (i = 0; i < b->ncodes; i++)
		free(b->code_names[i]);
	free(b->code_names);
	free(b->codes);
	for (i = 0; i < b->nhomeo; i++) {
		free((char *)b->homeo[i].name);
		free((char *)b->homeo[i].sa);
	}
	free(b->homeo);
	free(b->specs);
	free(b->pres);
	free(b->prods);
	sample_medic_catalogue_free(&b->cat);
}

int
sample_bdpm(const struct sample_geo *geo, uint64_t seed, int full,
    const char *dir, char **cause)
{
	struct bdpm b;
	struct opinions ops;
	struct out cis = { 0 }, cip = { 0 }, compo = { 0 }, gener = { 0 };
	struct out cpd = { 0 }, smr = { 0 }, asmr = { 0 }, links = { 0 };
	struct out infos_out = { 0 }, dispo = { 0 }, mitm = { 0 };
	int rc = -1;

	memset(&b, 0, sizeof b);
	memset(&ops, 0, sizeof ops);
	b.seed = seed;
	build_specs(&b, geo, full);
	qsort(b.specs, b.nspecs, sizeof *b.specs, spec_cis_order);
	build_presentations(&b);
	qsort(b.pres, b.npres, sizeof *b.pres, pres_order);

	/* Availability and safety set the statut BDM of CIS_bdpm. */
	write_infos(&b, &infos_out);
	write_dispo(&b, &dispo);
	write_cis(&b, &cis);
	write_cip(&b, &cip);
	write_compo(&b, &compo);
	write_gener(&b, &gener);
	write_cpd(&b, &cpd);
	build_opinions(&b, &ops);
	write_has(&ops, &smr, &asmr, &links);
	write_mitm(&b, &mitm);

	if (write_out(dir, "CIS_bdpm.txt", &cis, cause) != 0 ||
	    write_out(dir, "CIS_CIP_bdpm.txt", &cip, cause) != 0 ||
	    write_out(dir, "CIS_COMPO_bdpm.txt", &compo, cause) != 0 ||
	    write_out(dir, "CIS_GENER_bdpm.txt", &gener, cause) != 0 ||
	    write_out(dir, "CIS_CPD_bdpm.txt", &cpd, cause) != 0 ||
	    write_out(dir, "CIS_HAS_SMR_bdpm.txt", &smr, cause) != 0 ||
	    write_out(dir, "CIS_HAS_ASMR_bdpm.txt", &asmr, cause) != 0 ||
	    write_out(dir, "HAS_LiensPageCT_bdpm.txt", &links, cause) != 0 ||
	    write_out(dir, "CIS_InfoImportantes_20260504000000_bdpm.txt",
	    &infos_out, cause) != 0 ||
	    write_out(dir, "CIS_CIP_Dispo_Spec.txt", &dispo, cause) != 0 ||
	    write_out(dir, "CIS_MITM.txt", &mitm, cause) != 0)
		goto out;
	rc = 0;
out:
	sbuf_free(&cis.file); sbuf_free(&cis.line);
	sbuf_free(&cip.file); sbuf_free(&cip.line);
	sbuf_free(&compo.file); sbuf_free(&compo.line);
	sbuf_free(&gener.file); sbuf_free(&gener.line);
	sbuf_free(&cpd.file); sbuf_free(&cpd.line);
	sbuf_free(&smr.file); sbuf_free(&smr.line);
	sbuf_free(&asmr.file); sbuf_free(&asmr.line);
	sbuf_free(&links.file); sbuf_free(&links.line);
	sbuf_free(&infos_out.file); sbuf_free(&infos_out.line);
	sbuf_free(&dispo.file); sbuf_free(&dispo.line);
	sbuf_free(&mitm.file); sbuf_free(&mitm.line);
	opinions_free(&ops);
	bdpm_free(&b);
	return rc;
}
