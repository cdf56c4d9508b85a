/* SPDX-License-Identifier: ISC */
/* The SAE reader: every bordereau it reads, as published in 2021 and 2022. */
#include "config.h"

#include "fuzz.h"
#include "fuzz_import.h"

static const struct fuzz_import_layout fuzz_layouts[] = {
	{ "sae-2022.zip", "ID_2022r.csv", "\"an\";\"fi\";\"fi_ej\";\"rs\";\"rscom\";"
	  "\"bor\";\"cat\";\"catr\";\"stj\";\"stjr\";\"reg\";\"dep\";\"nomcom\";"
	  "\"cpo\";\"COMINSEE\";\"ARMT\";\"ETAT_SAISIE\"" },
	{ "sae-2022.zip", "MCO_2022r.csv", "BOR;AN;FI;RS;FI_EJ;LIT_MCO;PLA_MCO" },
	{ "sae-2022.zip", "URGENCES2_2022r.csv",
	  "BOR;AN;FI;RS;FI_EJ;URG;PASSU;LIT_UHCD" },
	{ "sae-2022.zip", "URGENCES_2022r.csv",
	  "BOR;AN;FI;RS;FI_EJ;AUTSU;AUTGEN;AUTSAIS;AUTPED;EX_GEN;EX_PED" },
	{ "sae-2022.zip", "SYGEN_2022r.csv", "BOR;AN;FI;RS;FI_EJ;LIT_MCO;PLA_MCO;"
	  "SEJHC_MCO;SEJHP_MCO;JOU_MCO" },
	{ "sae-2022.zip", "REA_2022r.csv", "BOR;AN;FI;RS;FI_EJ;UNI;LIT" },
};

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	return fuzz_import_initialize(argc, argv);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_import_run(&import_sae_kind, fuzz_layouts,
	    sizeof fuzz_layouts / sizeof fuzz_layouts[0], data, size);
}
