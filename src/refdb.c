/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "db.h"
#include "i18n.h"
#include "med_pack.h"
#include "refdb.h"
#include "xmalloc.h"

/*
 * Version 1. Codes stay text (leading zeros, 2A/2B, 971). Populations are the
 * INSEE "population municipale"; NULL where INSEE gives none, never 0.
 */
static const char refdb_schema_v1[] =
	"CREATE TABLE region ("
	" code TEXT PRIMARY KEY,"
	" name TEXT NOT NULL,"
	" name_key TEXT NOT NULL,"
	" chef_lieu TEXT,"
	" zone TEXT NOT NULL,"
	" population INTEGER"
	");"
	"CREATE TABLE departement ("
	" code TEXT PRIMARY KEY,"
	" name TEXT NOT NULL,"
	" name_key TEXT NOT NULL,"
	" region_code TEXT NOT NULL REFERENCES region(code),"
	" chef_lieu TEXT,"
	" zone TEXT NOT NULL,"
	" population INTEGER"
	");"
	"CREATE INDEX departement_region ON departement(region_code);"
	"CREATE TABLE commune ("
	" code TEXT PRIMARY KEY,"
	" name TEXT NOT NULL,"
	" name_key TEXT NOT NULL,"
	" departement_code TEXT NOT NULL REFERENCES departement(code),"
	" region_code TEXT NOT NULL REFERENCES region(code),"
	" population INTEGER"
	");"
	"CREATE INDEX commune_name_key ON commune(name_key);"
	"CREATE INDEX commune_departement ON commune(departement_code);"
	"CREATE INDEX commune_region ON commune(region_code);"
	/* Paris, Lyon and Marseille districts: FINESS and SAE codes point at them. */
	"CREATE TABLE arrondissement ("
	" code TEXT PRIMARY KEY,"
	" name TEXT NOT NULL,"
	" name_key TEXT NOT NULL,"
	" commune_code TEXT NOT NULL REFERENCES commune(code),"
	" departement_code TEXT NOT NULL REFERENCES departement(code),"
	" region_code TEXT NOT NULL REFERENCES region(code),"
	" population INTEGER"
	");"
	"CREATE INDEX arrondissement_commune ON arrondissement(commune_code);"
	/* Postcodes of communes and of arrondissements (place_code is either). */
	"CREATE TABLE postcode ("
	" postal_code TEXT NOT NULL,"
	" place_code TEXT NOT NULL,"
	" PRIMARY KEY (postal_code, place_code)"
	") WITHOUT ROWID;"
	"CREATE INDEX postcode_place ON postcode(place_code);"
	/* Provenance of everything loaded (DESIGN §3). */
	"CREATE TABLE dataset ("
	" id INTEGER PRIMARY KEY,"
	" kind TEXT NOT NULL,"
	" year INTEGER,"
	" source TEXT NOT NULL,"
	" file_name TEXT NOT NULL,"
	" file_size INTEGER NOT NULL,"
	" sha256 TEXT NOT NULL,"
	" rows_read INTEGER NOT NULL,"
	" rows_kept INTEGER NOT NULL,"
	" rows_rejected INTEGER NOT NULL,"
	" control_totals TEXT,"
	" imported_at TEXT NOT NULL,"
	" sample INTEGER NOT NULL DEFAULT 0"
	");";

/*
 * Version 2: what `mediflux import` loads. Money is kept in integer cents so
 * that sums are exact; an empty published cell is NULL, never 0. Static code
 * lists from the Open Medic descriptif come with the schema.
 */
static const char refdb_schema_v2[] =
	/* FINESS établissements (one row per nofinesset, from the latest extract). */
	"CREATE TABLE establishment ("
	" finess TEXT PRIMARY KEY,"
	" finess_ej TEXT,"
	" name TEXT NOT NULL,"
	" long_name TEXT,"
	" name_extra TEXT,"
	" address TEXT,"
	" address_extra TEXT,"
	" postal_code TEXT,"
	" city TEXT,"
	" commune_code TEXT,"		/* INSEE code, an arrondissement's for Paris/Lyon/Marseille */
	" commune_known INTEGER NOT NULL,"	/* 1 when commune_code is in the reference */
	" finess_departement TEXT,"	/* as published: 01, 2A, 9A ... */
	" departement TEXT,"		/* INSEE code: 01, 2A, 971 ... */
	" region TEXT,"
	" phone TEXT,"
	" fax TEXT,"
	" category_code TEXT,"
	" category_label TEXT,"
	" category_group_code TEXT,"
	" category_group_label TEXT,"
	" siret TEXT,"
	" ape TEXT,"
	" mft_code TEXT,"
	" mft_label TEXT,"
	" sph_code TEXT,"
	" sph_label TEXT,"
	" opened TEXT,"
	" authorised TEXT,"
	" updated TEXT,"
	" coord_x REAL,"		/* as published, in coord_epsg */
	" coord_y REAL,"
	" coord_epsg INTEGER,"
	" coord_source TEXT,"
	" coord_updated TEXT,"
	" name_key TEXT NOT NULL,"
	" city_key TEXT,"
	" dataset_id INTEGER NOT NULL"
	");"
	"CREATE INDEX establishment_commune ON establishment(commune_code);"
	"CREATE INDEX establishment_postal ON establishment(postal_code);"
	"CREATE INDEX establishment_city_key ON establishment(city_key);"
	"CREATE INDEX establishment_departement ON establishment(departement, category_code);"
	/* SAE: one row per site (FINESS géographique) and year. */
	"CREATE TABLE sae_site ("
	" finess TEXT NOT NULL,"
	" year INTEGER NOT NULL,"
	" finess_ej TEXT,"
	" name TEXT,"
	" category_code TEXT,"
	" departement TEXT,"		/* INSEE code */
	" commune_code TEXT,"
	" beds_mco INTEGER,"
	" places_mco INTEGER,"
	" stays_full_mco INTEGER,"
	" stays_partial_mco INTEGER,"
	" er_passages_general INTEGER,"
	" er_passages_paediatric INTEGER,"
	" er_authorised INTEGER,"
	" beds_source TEXT,"		/* SYGEN or MCO */
	" dataset_id INTEGER NOT NULL,"
	" PRIMARY KEY (finess, year)"
	") WITHOUT ROWID;"
	"CREATE INDEX sae_site_year ON sae_site(year, departement);"
	/* Open Medic dictionaries. */
	"CREATE TABLE atc ("
	" code TEXT PRIMARY KEY,"
	" level INTEGER NOT NULL,"
	" label TEXT,"
	" parent TEXT"
	") WITHOUT ROWID;"
	"CREATE TABLE med_product ("
	" id INTEGER PRIMARY KEY,"
	" cip13 TEXT NOT NULL UNIQUE,"
	" label TEXT,"
	" atc1 TEXT, atc2 TEXT, atc3 TEXT, atc4 TEXT, atc5 TEXT,"
	" generic_status INTEGER,"	/* TOP_GEN */
	" generic_group INTEGER"	/* GEN_NUM */
	");"
	/*
	 * Every published row. id = year << 32 | row number, so that one year is
	 * one rowid range (replaced without an index).
	 */
	"CREATE TABLE med_fact " REFDB_MED_FACT_COLUMNS ";"
	/* Aggregates for browsing; atc '' gathers rows without a code at that level. */
	"CREATE TABLE med_atc_total ("
	" year INTEGER NOT NULL,"
	" level INTEGER NOT NULL,"
	" atc TEXT NOT NULL,"
	" region INTEGER NOT NULL,"	/* -1: not declared */
	" age INTEGER NOT NULL,"
	" sex INTEGER NOT NULL,"
	" rows INTEGER NOT NULL,"
	" boxes INTEGER,"
	" reimbursed_cents INTEGER,"
	" base_cents INTEGER,"
	" PRIMARY KEY (year, level, atc, region, age, sex)"
	") WITHOUT ROWID;"
	"CREATE TABLE med_product_total ("
	" year INTEGER NOT NULL,"
	" product_id INTEGER NOT NULL,"
	" region INTEGER NOT NULL,"
	" rows INTEGER NOT NULL,"
	" boxes INTEGER,"
	" reimbursed_cents INTEGER,"
	" base_cents INTEGER,"
	" PRIMARY KEY (year, product_id, region)"
	") WITHOUT ROWID;"
	"CREATE INDEX med_product_total_region ON med_product_total(year, region);"
	/* BEN_REG: 2016 codes, 93 = PACA and Corse, 5 = every overseas region. */
	"CREATE TABLE med_region ("
	" code INTEGER PRIMARY KEY,"
	" label TEXT NOT NULL,"
	" regions TEXT"			/* INSEE regions whose population it covers */
	");"
	"INSERT INTO med_region VALUES"
	" (0, 'Inconnu', NULL),"
	" (5, 'Régions et Départements d''outre-mer', '01,02,03,04,06'),"
	" (11, 'Ile-de-France', '11'),"
	" (24, 'Centre-Val de Loire', '24'),"
	" (27, 'Bourgogne-Franche-Comté', '27'),"
	" (28, 'Normandie', '28'),"
	" (32, 'Nord-Pas-de-Calais-Picardie', '32'),"
	" (44, 'Alsace-Champagne-Ardenne-Lorraine', '44'),"
	" (52, 'Pays de la Loire', '52'),"
	" (53, 'Bretagne', '53'),"
	" (75, 'Aquitaine-Limousin-Poitou-Charentes', '75'),"
	" (76, 'Languedoc-Roussillon-Midi-Pyrénées', '76'),"
	" (84, 'Auvergne-Rhône-Alpes', '84'),"
	" (93, 'Provence-Alpes-Côte d''Azur et Corse', '93,94'),"
	" (99, 'Inconnu', NULL);"
	/* The descriptif's other code lists: age, sexe, TOP_GEN, PSP_SPE. */
	"CREATE TABLE med_code ("
	" dimension TEXT NOT NULL,"
	" code INTEGER NOT NULL,"
	" label TEXT NOT NULL,"
	" PRIMARY KEY (dimension, code)"
	") WITHOUT ROWID;"
	"INSERT INTO med_code VALUES"
	" ('age', 0, '0-19 ans'), ('age', 20, '20-59 ans'),"
	" ('age', 60, '60 ans et +'), ('age', 99, 'Âge inconnu'),"
	" ('sex', 1, 'Masculin'), ('sex', 2, 'Féminin'), ('sex', 9, 'Valeur inconnue'),"
	" ('generic', 0, 'Pas dans une famille de générique'),"
	" ('generic', 1, 'Générique'), ('generic', 4, 'Princeps'),"
	" ('generic', 9, 'Inconnu'),"
	" ('prescriber', 1, 'Médecine générale libérale'),"
	" ('prescriber', 2, 'Anesthésiologie - réanimation libérale'),"
	" ('prescriber', 3, 'Pathologie cardio-vasculaire libérale'),"
	" ('prescriber', 4, 'Chirurgie libérale'),"
	" ('prescriber', 5, 'Dermatologie et vénérologie libérale'),"
	" ('prescriber', 6, 'Radiologie libérale'),"
	" ('prescriber', 7, 'Gynécologie obstétrique libérale'),"
	" ('prescriber', 8, 'Gastro-entérologie et hépatologie libérale'),"
	" ('prescriber', 9, 'Médecine interne libérale'),"
	" ('prescriber', 11, 'Oto rhino-laryngologie libérale'),"
	" ('prescriber', 12, 'Pédiatrie libérale'),"
	" ('prescriber', 13, 'Pneumologie libérale'),"
	" ('prescriber', 14, 'Rhumatologie libérale'),"
	" ('prescriber', 15, 'Ophtalmologie libérale'),"
	" ('prescriber', 17, 'Psychiatrie libérale'),"
	" ('prescriber', 18, 'Stomatologie libérale'),"
	" ('prescriber', 19, 'Chirurgie dentaire'),"
	" ('prescriber', 31, 'Médecine physique et de réadaptation libérale'),"
	" ('prescriber', 32, 'Neurologie libérale'),"
	" ('prescriber', 35, 'Néphrologie libérale'),"
	" ('prescriber', 36, 'Chirurgie dentaire (spécialiste O.D.F.)'),"
	" ('prescriber', 37, 'Anatomie-cytologie-pathologique libérale'),"
	" ('prescriber', 38, 'Directeur laboratoire médecin libéral'),"
	" ('prescriber', 42, 'Endocrinologie et métabolismes libéral'),"
	" ('prescriber', 90, 'Prescripteurs salariés (principalement hôpitaux publics)'),"
	" ('prescriber', 98, 'Prescripteurs de ville autres que médecins'),"
	" ('prescriber', 99, 'Valeur inconnue');"
	/* DREES démographie: one row per published cell group (year × territory × dimensions). */
	"CREATE TABLE professional ("
	" profession TEXT NOT NULL,"
	" year INTEGER NOT NULL,"
	" level TEXT NOT NULL,"		/* france, region, departement */
	" territory TEXT NOT NULL,"	/* INSEE code; '' for France */
	" territory_label TEXT,"
	/* Dimensions as published; '' where the file has no such column. */
	" specialty_group TEXT NOT NULL,"
	" specialty TEXT NOT NULL,"
	" practice TEXT NOT NULL,"
	" age_band TEXT NOT NULL,"
	" sex TEXT NOT NULL,"
	" is_total INTEGER NOT NULL,"	/* every dimension is 'Ensemble' */
	" count INTEGER,"
	" density REAL,"		/* per 100 000 inhabitants, as published */
	" mean_age REAL,"
	" dataset_id INTEGER NOT NULL"
	");"
	"CREATE UNIQUE INDEX professional_key ON professional(profession, year,"
	" level, territory, specialty_group, specialty, practice, age_band, sex);"
	"CREATE INDEX professional_total ON professional(is_total, profession, level, territory, year);"
	/*
	 * Derived regional metrics, rebuilt after every import. Open Medic figures
	 * of a region use the population its BEN_REG covers (meds_basis).
	 */
	"CREATE TABLE region_metric ("
	" level TEXT NOT NULL,"		/* region, departement */
	" code TEXT NOT NULL,"
	" year INTEGER NOT NULL,"
	" population INTEGER,"
	" establishments INTEGER,"	/* SAE sites reporting that year */
	" beds_mco INTEGER,"
	" places_mco INTEGER,"
	" beds_per_100k REAL,"
	" er_passages INTEGER,"
	" er_per_1000 REAL,"
	" doctors INTEGER,"
	" doctors_per_100k REAL,"
	" boxes INTEGER,"
	" reimbursed_cents INTEGER,"
	" meds_population INTEGER,"
	" meds_basis TEXT,"		/* BEN_REG and the regions it covers, e.g. '93: 93,94' */
	" boxes_per_inhabitant REAL,"
	" reimbursed_per_inhabitant REAL,"
	" PRIMARY KEY (level, code, year)"
	") WITHOUT ROWID;";


/*
 * Version 3: what the query layer reads.
 *
 * place holds the folded city of every establishment (as FINESS spells it,
 * and as the reference commune and arrondissement are named), and
 * place_search indexes it for word-prefix search (since version 11 through
 * place_key); import rebuilds both (REFDB_PLACE_SEARCH_SQL).
 *
 * med_total replaces the two Open Medic aggregates of version 2 with one
 * table every drill-down reads by primary key: per year, ATC level (1-5) or
 * product (6), the finest cells (BEN_REG x age x sex x prescriber group) and
 * their roll-ups where every dimension (MED_ALL, -2) or all but one is summed.
 * A product without a code at a level is counted under its deepest code above
 * (V03AX at level 5), '' when it has none. A product's code is its deepest
 * ATC code, a space and its CIP13. So what is under an ATC prefix is always
 * one key range, at every level. -1 is "not declared".
 */
static const char refdb_schema_v3[] =
	"CREATE TABLE place ("
	" id INTEGER PRIMARY KEY,"
	" key TEXT NOT NULL,"		/* folded place name */
	" finess TEXT NOT NULL,"
	/* What ranks a search, so that it never looks up the establishments it drops. */
	" category_code TEXT,"
	" category_group_code TEXT,"
	" name_key TEXT NOT NULL"
	");"
	"CREATE VIRTUAL TABLE place_search USING fts5(key, content = 'place',"
	" content_rowid = 'id', tokenize = 'ascii', prefix = '1 2 3');"
	REFDB_PLACE_SQL
	"INSERT INTO place_search (place_search) VALUES ('rebuild');"
	"DROP TABLE med_atc_total;"
	"DROP TABLE med_product_total;"
	"CREATE TABLE med_total ("
	" year INTEGER NOT NULL,"
	" level INTEGER NOT NULL,"	/* 1-5 ATC level, 6 product */
	" region INTEGER NOT NULL,"	/* BEN_REG */
	" age INTEGER NOT NULL,"
	" sex INTEGER NOT NULL,"
	" prescriber INTEGER NOT NULL,"	/* med_prescriber_group.code */
	" code TEXT NOT NULL,"
	" rows INTEGER NOT NULL,"
	" boxes INTEGER,"
	" reimbursed_cents INTEGER,"
	" base_cents INTEGER,"
	" PRIMARY KEY (year, level, region, age, sex, prescriber, code)"
	") WITHOUT ROWID;"
	/* PSP_SPE in groups a user can choose from (med_prescriber_group_of). */
	"CREATE TABLE med_prescriber_group ("
	" code INTEGER PRIMARY KEY,"
	" name TEXT NOT NULL UNIQUE,"
	" label TEXT NOT NULL"
	");"
	"INSERT INTO med_prescriber_group VALUES"
	" (1, 'generaliste', 'Médecins généralistes libéraux'),"
	" (2, 'specialiste', 'Médecins spécialistes libéraux'),"
	" (3, 'dentiste', 'Chirurgiens-dentistes libéraux'),"
	" (4, 'salarie', 'Prescripteurs salariés (principalement hôpitaux publics)'),"
	" (5, 'autre', 'Prescripteurs de ville autres que médecins'),"
	" (6, 'inconnu', 'Prescripteur inconnu');"
	/* A database of version 2 keeps its years: the totals are rebuilt from the rows. */
	REFDB_MED_TOTAL_FROM_SQL("med_fact")
	REFDB_MED_ROLLUP_SQL
	/* The values each filter takes in a year, for queries that sum over them. */
	"CREATE TABLE med_value ("
	" year INTEGER NOT NULL,"
	" dimension TEXT NOT NULL,"	/* a column of med_total */
	" value INTEGER NOT NULL,"
	" PRIMARY KEY (year, dimension, value)"
	") WITHOUT ROWID;"
	REFDB_MED_VALUE_SQL
	/* Row counts as of the last import, so that a screen opens without counting. */
	"CREATE TABLE table_count ("
	" name TEXT PRIMARY KEY,"
	" rows INTEGER NOT NULL"
	") WITHOUT ROWID;";

/*
 * Version 4: where `mediflux update` fetched a dataset's file from, when, and
 * the validators (ETag, Last-Modified) its next run asks the server with, so
 * that an unchanged source costs one request (NULL for a local import); and
 * emergency passages of every kind of unit URGENCES2 publishes, beyond
 * general and paediatric ones (NULL in years imported before).
 */
static const char refdb_schema_v4[] =
	"ALTER TABLE dataset ADD COLUMN url TEXT;"
	"ALTER TABLE dataset ADD COLUMN retrieved_at TEXT;"
	"ALTER TABLE dataset ADD COLUMN etag TEXT;"
	"ALTER TABLE dataset ADD COLUMN last_modified TEXT;"
	"ALTER TABLE sae_site ADD COLUMN er_passages_other INTEGER;";

/*
 * Version 5: the BDPM (base de données publique des médicaments), one table
 * per published file and one dataset per file (kind = the table's name), so
 * that a new CIS_CIP_bdpm.txt replaces the presentations alone. Codes stay
 * text (CIS, CIP13, substance codes keep their digits); dates are ISO
 * whichever of the three published formats they came in; multi-value fields
 * keep their ';' as published; prices are cents, NULL when not published.
 * bdpm_key and bdpm_search index the folded names and substances of every
 * speciality for word-prefix search (REFDB_BDPM_SEARCH_SQL, rebuilt by import).
 */
static const char refdb_schema_v5[] =
	"CREATE TABLE bdpm_cis ("
	" cis TEXT PRIMARY KEY,"
	" name TEXT NOT NULL,"
	" name_key TEXT NOT NULL,"
	" form TEXT,"
	" routes TEXT,"
	" amm_status TEXT,"
	" amm_procedure TEXT,"
	" marketed TEXT,"
	" amm_date TEXT,"
	" bdm_status TEXT,"
	" eu_number TEXT,"
	" holders TEXT,"
	" surveillance INTEGER,"	/* 1 black triangle, 0 not, NULL not said */
	" dataset_id INTEGER NOT NULL"
	") WITHOUT ROWID;"
	"CREATE TABLE bdpm_cip ("
	" cip13 TEXT PRIMARY KEY,"
	" cis TEXT NOT NULL,"
	" cip7 TEXT,"
	" label TEXT,"
	" status TEXT,"
	" marketing TEXT,"
	" marketing_date TEXT,"
	" collectivites TEXT,"
	" rates TEXT,"			/* as published: '65%', '30%;65%' */
	" rate_pct INTEGER,"		/* the highest of them; NULL: not reimbursed */
	" price_cents INTEGER,"
	" price_fee_cents INTEGER,"	/* with the dispensing fee: the base */
	" fee_cents INTEGER,"
	" indications TEXT,"
	" dataset_id INTEGER NOT NULL"
	") WITHOUT ROWID;"
	"CREATE INDEX bdpm_cip_cis ON bdpm_cip(cis);"
	"CREATE TABLE bdpm_compo ("
	" id INTEGER PRIMARY KEY,"	/* the file's order */
	" cis TEXT NOT NULL,"
	" element TEXT,"
	" substance_code TEXT,"
	" substance TEXT NOT NULL,"
	" substance_key TEXT NOT NULL,"
	" dosage TEXT,"
	" reference TEXT,"
	" nature TEXT,"			/* SA active substance, FT/ST therapeutic fraction */
	" link INTEGER,"
	" dataset_id INTEGER NOT NULL"
	");"
	"CREATE INDEX bdpm_compo_cis ON bdpm_compo(cis);"
	"CREATE TABLE bdpm_gener ("
	" id INTEGER PRIMARY KEY,"
	" group_id INTEGER NOT NULL,"
	" label TEXT,"
	" cis TEXT NOT NULL,"
	" type INTEGER NOT NULL,"	/* 0 princeps, 1 generic, 2 posology, 3/4 substitutable */
	" sort INTEGER,"
	" dataset_id INTEGER NOT NULL"
	");"
	"CREATE INDEX bdpm_gener_cis ON bdpm_gener(cis);"
	"CREATE INDEX bdpm_gener_group ON bdpm_gener(group_id);"
	"CREATE TABLE bdpm_cpd ("
	" id INTEGER PRIMARY KEY,"
	" cis TEXT NOT NULL,"
	" condition TEXT NOT NULL,"
	" dataset_id INTEGER NOT NULL"
	");"
	"CREATE INDEX bdpm_cpd_cis ON bdpm_cpd(cis);"
	"CREATE TABLE bdpm_has_smr ("
	" id INTEGER PRIMARY KEY,"
	" cis TEXT NOT NULL,"
	" dossier TEXT,"
	" motive TEXT,"
	" date TEXT,"
	" value TEXT,"
	" label TEXT,"
	" dataset_id INTEGER NOT NULL"
	");"
	"CREATE INDEX bdpm_has_smr_cis ON bdpm_has_smr(cis);"
	"CREATE TABLE bdpm_has_asmr ("
	" id INTEGER PRIMARY KEY,"
	" cis TEXT NOT NULL,"
	" dossier TEXT,"
	" motive TEXT,"
	" date TEXT,"
	" value TEXT,"
	" label TEXT,"
	" dataset_id INTEGER NOT NULL"
	");"
	"CREATE INDEX bdpm_has_asmr_cis ON bdpm_has_asmr(cis);"
	"CREATE TABLE bdpm_has_link ("
	" dossier TEXT PRIMARY KEY,"
	" url TEXT NOT NULL,"
	" dataset_id INTEGER NOT NULL"
	") WITHOUT ROWID;"
	"CREATE TABLE bdpm_info ("
	" id INTEGER PRIMARY KEY,"
	" cis TEXT NOT NULL,"
	" start_date TEXT,"
	" end_date TEXT,"
	" text TEXT,"			/* the notice's words, without its HTML */
	" url TEXT,"
	" dataset_id INTEGER NOT NULL"
	");"
	"CREATE INDEX bdpm_info_cis ON bdpm_info(cis);"
	"CREATE TABLE bdpm_dispo ("
	" id INTEGER PRIMARY KEY,"
	" cis TEXT NOT NULL,"
	" cip13 TEXT,"			/* NULL: every presentation of the CIS */
	" status_code INTEGER NOT NULL,"	/* 1 rupture, 2 tension, 3 arrêt, 4 remise */
	" status TEXT,"
	" start_date TEXT,"
	" updated TEXT,"
	" back_date TEXT,"
	" url TEXT,"
	" dataset_id INTEGER NOT NULL"
	");"
	"CREATE INDEX bdpm_dispo_cis ON bdpm_dispo(cis);"
	"CREATE TABLE bdpm_mitm ("
	" id INTEGER PRIMARY KEY,"
	" cis TEXT NOT NULL,"
	" atc TEXT,"
	" name TEXT,"
	" url TEXT,"
	" dataset_id INTEGER NOT NULL"
	");"
	"CREATE INDEX bdpm_mitm_cis ON bdpm_mitm(cis);"
	"CREATE TABLE bdpm_key ("
	" id INTEGER PRIMARY KEY,"	/* rank in name order: the index's order */
	" cis TEXT NOT NULL,"
	" key TEXT NOT NULL"		/* folded name, then substances */
	");"
	"CREATE VIRTUAL TABLE bdpm_search USING fts5(key, content = 'bdpm_key',"
	" content_rowid = 'id', tokenize = 'ascii', prefix = '1 2 3');";

/*
 * Version 6: what each establishment does, from the SAE's activity tables
 * (src/sae_activity.c names each measure's table and column): one row per
 * site, year and measure, none where the figure was not declared.
 */
static const char refdb_schema_v6[] =
	"CREATE TABLE sae_activity ("
	" finess TEXT NOT NULL,"
	" year INTEGER NOT NULL,"
	" measure TEXT NOT NULL,"	/* sae_measures' key: maternity.level */
	" value INTEGER NOT NULL,"
	" dataset_id INTEGER NOT NULL,"
	" PRIMARY KEY (finess, year, measure)"
	") WITHOUT ROWID;"
	"CREATE INDEX sae_activity_measure ON sae_activity(measure, year, value);";

/*
 * Version 7: where things are, in degrees of latitude and longitude (WGS 84
 * to within a metre): the centre of each commune and arrondissement (from
 * the reference geography), each establishment's position (FINESS's
 * projected coordinates converted by PROJ at import, src/position.c), and
 * an R*Tree of the establishments placed (REFDB_POSITION_SQL, rebuilt by
 * import) so that a radius search reads a box, not the table; its third
 * dimension, kind, is 1 for hospitals and clinics (FINESS group 11xx), 0
 * for the rest, so that a search of hospitals never reads the 95 % of
 * FINESS that are not.
 */
static const char refdb_schema_v7[] =
	"ALTER TABLE commune ADD COLUMN latitude REAL;"
	"ALTER TABLE commune ADD COLUMN longitude REAL;"
	"ALTER TABLE arrondissement ADD COLUMN latitude REAL;"
	"ALTER TABLE arrondissement ADD COLUMN longitude REAL;"
	"ALTER TABLE establishment ADD COLUMN latitude REAL;"
	"ALTER TABLE establishment ADD COLUMN longitude REAL;"
	"CREATE VIRTUAL TABLE establishment_rtree USING rtree(id,"
	" min_lat, max_lat, min_lon, max_lon, min_kind, max_kind);"
	REFDB_POSITION_SQL;

/*
 * Version 8: the ranking of the searches that find the most establishments
 * (a letter, a large city, a département), stored so that a search reads
 * its first page instead of ranking thousands of candidates. Built at import
 * by the search engine itself (src/search_rank.c); empty here, so that the
 * searches take the general path until then. search_rank_source says what
 * the rows were ranked from (a digest of the tables searched) and by which
 * ranking (SEARCH_RANK_ENGINE): a search uses them only when it ranks the
 * same way.
 */
static const char refdb_schema_v8[] =
	"CREATE TABLE search_rank ("
	" kind INTEGER NOT NULL,"	/* enum hospital_query_kind */
	" key TEXT NOT NULL,"		/* the folded query, as the search reads it */
	" all_kinds INTEGER NOT NULL,"	/* 1: every kind of establishment (--all) */
	" total INTEGER NOT NULL,"
	" total_all INTEGER NOT NULL,"
	" PRIMARY KEY (kind, key, all_kinds)"
	") WITHOUT ROWID;"
	"CREATE TABLE search_rank_row ("
	" kind INTEGER NOT NULL,"
	" key TEXT NOT NULL,"
	" all_kinds INTEGER NOT NULL,"
	" rank INTEGER NOT NULL,"	/* 0 first */
	" finess TEXT NOT NULL,"
	" match INTEGER NOT NULL,"	/* enum hospital_match */
	" PRIMARY KEY (kind, key, all_kinds, rank)"
	") WITHOUT ROWID;"
	"CREATE TABLE search_rank_source ("
	" engine INTEGER NOT NULL,"
	" digest TEXT NOT NULL"
	");";

/*
 * Version 9: med_total's finest cells (every dimension given), three in four
 * of its rows, packed in med_cell, one row per year, level and code
 * (med_pack.h: some fifteen bytes a cell instead of fifty); med_total keeps
 * the roll-ups, which answer a query of one filter or none row for row. A
 * query of several filters sums the cells of each code.
 * The facts move the same way from med_fact to med_fact_run.
 */
static const char refdb_schema_v9[] =
	"CREATE TABLE med_cell ("
	" year INTEGER NOT NULL,"
	" level INTEGER NOT NULL,"	/* as med_total's */
	" code TEXT NOT NULL,"
	" cells BLOB NOT NULL,"		/* med_pack: region, age, sex, prescriber, sums */
	" PRIMARY KEY (year, level, code)"
	") WITHOUT ROWID;"
	REFDB_MED_PACK_SQL
	/*
	 * The published rows, packed too: each row of med_fact_run is a run
	 * of consecutive rows of one product (a file lists a product's rows
	 * together), some fourteen bytes a row instead of thirty-five.
	 */
	"CREATE TABLE med_fact_run ("
	" id INTEGER PRIMARY KEY,"	/* year << 32 | its first row's number */
	" year INTEGER NOT NULL,"
	" product_id INTEGER NOT NULL,"
	" facts BLOB NOT NULL"		/* med_pack: a cell per row, -1 not declared */
	");"
	REFDB_MED_FACT_PACK_SQL("med_fact")
	"DROP TABLE med_fact;";

/*
 * Version 10: med_cell is a rowid table, its key in an index of its own. As
 * a WITHOUT ROWID table it kept each row whole in its key's b-tree, so that
 * every comparison of a lookup read a 14 KB BLOB through its overflow pages:
 * a drill-down of several filters read some 130 pages cold instead of 70.
 * The rows are copied in key order, which keeps each level's BLOBs together.
 */
static const char refdb_schema_v10[] =
	"CREATE TABLE med_cell_v10 ("
	" year INTEGER NOT NULL,"
	" level INTEGER NOT NULL,"
	" code TEXT NOT NULL,"
	" cells BLOB NOT NULL,"
	" PRIMARY KEY (year, level, code)"
	");"
	"INSERT INTO med_cell_v10 (year, level, code, cells)"
	" SELECT year, level, code, cells FROM med_cell ORDER BY year, level, code;"
	"DROP TABLE med_cell;"
	"ALTER TABLE med_cell_v10 RENAME TO med_cell;";

/*
 * Version 11: place_search indexes each place name once (place_key), not once
 * per establishment: on make bench's 100,000 establishments "sai" found
 * 12,312 rows of place, of 263 names, and a search read the positions of
 * every one. place_key holds the range of the name's rows in place, which
 * import numbers in name order.
 */
static const char refdb_schema_v11[] =
	"DROP TABLE place_search;"
	"CREATE TABLE place_key ("
	" id INTEGER PRIMARY KEY,"
	" key TEXT NOT NULL,"		/* folded place name, once */
	" first INTEGER NOT NULL,"	/* its rows in place: ids first to last */
	" last INTEGER NOT NULL"
	");"
	"CREATE VIRTUAL TABLE place_search USING fts5(key, content = 'place_key',"
	" content_rowid = 'id', tokenize = 'ascii', prefix = '1 2 3');"
	REFDB_PLACE_SEARCH_SQL;

static const char *const refdb_steps[] = {
	refdb_schema_v1, refdb_schema_v2, refdb_schema_v3, refdb_schema_v4,
	refdb_schema_v5, refdb_schema_v6, refdb_schema_v7, refdb_schema_v8,
	refdb_schema_v9, refdb_schema_v10, refdb_schema_v11,
};

_Static_assert(sizeof refdb_steps / sizeof refdb_steps[0] ==
    REFDB_SCHEMA_VERSION, "one step per schema version");

int
refdb_create_schema(sqlite3 *db, char **cause)
{
	return refdb_migrate(db, cause);
}

int
refdb_migrate(sqlite3 *db, char **cause)
{
	if (med_pack_register(db, cause) != 0)
		return -1;
	return db_migrate(db, refdb_steps, REFDB_SCHEMA_VERSION, DB_APPID_REFERENCE,
	    cause);
}

int
refdb_migrate_to(sqlite3 *db, int version, char **cause)
{
	if (version < 0 || version > REFDB_SCHEMA_VERSION)
		return error_set(cause, "no reference schema version %d", version);
	if (med_pack_register(db, cause) != 0)
		return -1;
	return db_migrate(db, refdb_steps, version, DB_APPID_REFERENCE, cause);
}

int
refdb_open(const char *path, sqlite3 **out, char **cause)
{
	struct db_identity id;
	sqlite3 *db;

	if (db_identify_open(path, &id, &db, cause) != 0)
		return -1;
	if (id.kind != DB_KIND_REFERENCE)
		error_set(cause, _("%s: a mediflux user database, not a "
		    "reference database"), path);
	else if (id.version < REFDB_SCHEMA_VERSION)
		error_set(cause, _("%s: reference database of schema version "
		    "%d, older than this mediflux reads (%d): rebuild it"),
		    path, id.version, REFDB_SCHEMA_VERSION);
	else {
		*out = db;
		return 0;
	}
	sqlite3_close(db);
	return -1;
}

int
med_prescriber_group_of(int psp, int declared)
{
	if (!declared)
		return -1;
	if (psp == 1)
		return 1;
	if (psp == 19 || psp == 36)
		return 3;
	if (psp >= 2 && psp <= 89)
		return 2;
	if (psp == 90)
		return 4;
	return psp == 98 ? 5 : 6;
}
