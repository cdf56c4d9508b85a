/* SPDX-License-Identifier: ISC */
/* mediflux: the command line dispatch, and the terminal interface without a command. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <archive.h>
#include <jansson.h>
#include <sqlite3.h>

#include "cmd.h"
#include "db.h"
#include "i18n.h"
#include "out.h"
#include "paths.h"
#include "tui.h"
#include "xmalloc.h"

/*
 * libarchive's version is the one built against: opening it to ask would
 * cost --version what no browsing command pays (dynlib.h).
 */
static void
main_print_version(void)
{
	printf("mediflux %s\n"
	    "sqlite %s, jansson %s, %s\n", PACKAGE_VERSION,
	    sqlite3_libversion(), JANSSON_VERSION, ARCHIVE_VERSION_STRING);
	printf(_("shared database directory: %s\n"), paths_shared_dir());
}

int
main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "user-db", required_argument, NULL, 'U' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "mouse", no_argument, NULL, 'M' },
		{ NULL, 0, NULL, 0 },
	};
	struct cmd_context ctx;
	const struct cmd_entry *e;
	int c, mouse = 0;

	memset(&ctx, 0, sizeof ctx);
	db_library_init();
	xmalloc_keep_freed();
	/* Character types and messages: numbers are number.h's. */
	i18n_init();
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:hV", options, NULL)) != -1) {
		switch (c) {
		case 'd':
			ctx.db_option = optarg;
			break;
		case 'U':
			ctx.user_db_option = optarg;
			break;
		case 'h':
			cmd_print_usage(stdout);
			return 0;
		case 'V':
			main_print_version();
			return 0;
		case 'M':
			mouse = 1;
			break;
		case ':':
			out_printf(stderr, _("mediflux: option %s needs a "
			    "value\n"), argv[optind - 1]);
			fputs(_("Try 'mediflux --help'.\n"), stderr);
			return EXIT_USAGE;
		default:
			out_printf(stderr, _("mediflux: unknown option %s\n"),
			    argv[optind - 1]);
			fputs(_("Try 'mediflux --help'.\n"), stderr);
			return EXIT_USAGE;
		}
	}
	if (optind == argc)
		return tui_run(ctx.db_option, ctx.user_db_option, mouse);
	if ((e = cmd_find(argv[optind])) == NULL) {
		out_printf(stderr, _("mediflux: unknown command '%s'\n"),
		    argv[optind]);
		fputs(_("Try 'mediflux --help'.\n"), stderr);
		return EXIT_USAGE;
	}
	return cmd_run(&ctx, e, argc - optind, argv + optind);
}
