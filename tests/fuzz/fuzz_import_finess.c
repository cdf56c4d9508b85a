/* SPDX-License-Identifier: ISC */
/* The FINESS extract reader: structureet and geolocalisation records after its first line. */
#include "config.h"

#include "fuzz.h"
#include "fuzz_import.h"

static const struct fuzz_import_layout fuzz_layouts[] = {
	{ "etalab-cs1100507-stock-20260512-0339.csv",
	  "etalab-cs1100507-stock-20260512-0339.csv", "finess;etalab;98;2026-05-12" },
};

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	return fuzz_import_initialize(argc, argv);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_import_run(&import_finess_kind, fuzz_layouts,
	    sizeof fuzz_layouts / sizeof fuzz_layouts[0], data, size);
}
