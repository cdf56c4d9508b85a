/* SPDX-License-Identifier: ISC */
/* The DREES demography reader: dimensions, territories and yearly measures. */
#include "config.h"

#include "fuzz.h"
#include "fuzz_import.h"

static const struct fuzz_import_layout fuzz_layouts[] = {
	{ "medecins_rpps_2012_2025.csv", "medecins_rpps_2012_2025.csv",
	  "region;departement;specialites_agregees;specialites;exercice;"
	  "tranche_age;sexe;effectif_2023;effectif_2024;am_2023;am_2024;"
	  "densite_2023;densite_2024" },
};

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	return fuzz_import_initialize(argc, argv);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_import_run(&import_drees_kind, fuzz_layouts,
	    sizeof fuzz_layouts / sizeof fuzz_layouts[0], data, size);
}
