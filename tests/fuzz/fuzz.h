/* SPDX-License-Identifier: ISC */
/*
 * What the libFuzzer targets share: the entry points libFuzzer (or replay.c)
 * calls, a csv_read_fn over memory with chosen read sizes, and the reference
 * geography copied into memory once.
 */
#ifndef MEDIFLUX_FUZZ_H
#define MEDIFLUX_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <sqlite3.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);
int	LLVMFuzzerInitialize(int *, char ***);

/* Memory read by a csv_reader in pieces of at most chunk bytes (0: all at once). */
struct fuzz_mem {
	const uint8_t	*data;
	size_t		 size, pos;
	size_t		 chunk;
};

ssize_t	fuzz_mem_read(void *, char *, size_t, char **);

/*
 * A private in-memory copy of data/geography.db ($MEDIFLUX_FUZZ_GEOGRAPHY, else
 * found from the program's path); exits with a message when there is none.
 */
sqlite3	*fuzz_geography_open(const char *argv0);

#endif
