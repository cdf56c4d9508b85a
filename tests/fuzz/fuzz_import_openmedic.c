/* SPDX-License-Identifier: ISC */
/* The Open Medic reader: its three published layouts (2014, 2016 to 2021, 2022 on). */
#include "config.h"

#include "fuzz.h"
#include "fuzz_import.h"

static const struct fuzz_import_layout fuzz_layouts[] = {
	{ "OPEN_MEDIC_2014.CSV", "OPEN_MEDIC_2014.CSV", "ATC1;ATC2;ATC3;ATC4;ATC5;"
	  "CIP13;TOP_GEN;GEN_NUM;AGE;sexe;BEN_REG;PSP_SPE;BOITES;REM;BSE" },
	{ "OPEN_MEDIC_2016.CSV", "OPEN_MEDIC_2016.CSV", "\xef\xbb\xbf" "ATC1;l_ATC1;"
	  "ATC2;L_ATC2;ATC3;L_ATC3;ATC4;L_ATC4;ATC5;L_ATC5;CIP13;L_CIP13;TOP_GEN;"
	  "GEN_NUM;AGE;sexe;BEN_REG;PSP_SPE;BOITES;REM;BSE" },
	{ "OPEN_MEDIC_2022.CSV", "OPEN_MEDIC_2022.CSV", "ATC1;l_ATC1;ATC2;L_ATC2;"
	  "ATC3;L_ATC3;ATC4;L_ATC4;ATC5;L_ATC5;CIP13;l_cip13;TOP_GEN;GEN_NUM;age;"
	  "sexe;BEN_REG;PSP_SPE;BOITES;REM;BSE" },
};

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	return fuzz_import_initialize(argc, argv);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_import_run(&import_openmedic_kind, fuzz_layouts,
	    sizeof fuzz_layouts / sizeof fuzz_layouts[0], data, size);
}
