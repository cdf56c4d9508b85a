/* SPDX-License-Identifier: ISC */
/*
 * One importer's row parser under the fuzzer: the input is one or more
 * entries separated by FUZZ_IMPORT_SPLIT; each entry's first byte picks one
 * of the kind's known layouts (its header line, entry and file name), or,
 * with its high bit set, no header at all (the bytes bring their own).
 */
#ifndef MEDIFLUX_FUZZ_IMPORT_H
#define MEDIFLUX_FUZZ_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "import_engine.h"

#define FUZZ_IMPORT_SPLIT "\n@@ENTRY@@\n"

struct fuzz_import_layout {
	const char	*file_name;	/* the FILE, as named on the command line */
	const char	*entry;		/* the entry inside it */
	const char	*header;	/* first line, without its line break */
};

/* Set-up shared by every importer target: the geography in memory. */
int	fuzz_import_initialize(int *argc, char ***argv);

/* Runs one input through kind, in a transaction rolled back afterwards. */
int	fuzz_import_run(const struct import_kind *kind,
	    const struct fuzz_import_layout *layouts, size_t nlayouts,
	    const uint8_t *data, size_t size);

#endif
