/* SPDX-License-Identifier: ISC */
/*
 * Runs a fuzz target without libFuzzer over the files named (or every file
 * of the directories named), so that what the fuzzer found stays a test in
 * the normal build; prints one line per input run.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"
#include "xmalloc.h"

/* Targets without costly set-up do not define it. */
__attribute__((weak)) int LLVMFuzzerInitialize(int *, char ***);

/* Runs the target over one file's bytes; 0, or -1 when it cannot be read. */
static int
replay_file(const char *path)
{
	struct stat st;
	uint8_t *data;
	size_t n = 0;
	FILE *f;

	if ((f = fopen(path, "rb")) == NULL || fstat(fileno(f), &st) != 0) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		if (f != NULL)
			fclose(f);
		return -1;
	}
	/* A copy of exactly the file's size, so that ASan sees reads past it. */
	data = xmalloc(st.st_size > 0 ? (size_t)st.st_size : 1);
	if (st.st_size > 0)
		n = fread(data, 1, (size_t)st.st_size, f);
	fclose(f);
	LLVMFuzzerTestOneInput(data, n);
	free(data);
	printf("ran %s (%zu bytes)\n", path, n);
	fflush(stdout);
	return 0;
}

/* Runs every regular file of a directory, in name order. */
static int
replay_dir(const char *dir)
{
	struct dirent **names;
	char *path;
	int i, n, rc = 0;

	if ((n = scandir(dir, &names, NULL, alphasort)) < 0) {
		fprintf(stderr, "%s: %s\n", dir, strerror(errno));
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (names[i]->d_name[0] != '.') {
			path = xasprintf("%s/%s", dir, names[i]->d_name);
			if (replay_file(path) != 0)
				rc = -1;
			free(path);
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

int
main(int argc, char **argv)
{
	struct stat st;
	int i, rc = 0;

	if (LLVMFuzzerInitialize != NULL)
		LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			if (replay_dir(argv[i]) != 0)
				rc = 1;
		} else if (replay_file(argv[i]) != 0)
			rc = 1;
	}
	return rc;
}
