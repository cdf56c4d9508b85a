/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd_user.h"
#include "history.h"
#include "i18n.h"
#include "history_pending.h"
#include "out.h"
#include "paths.h"
#include "profile.h"
#include "utf8.h"
#include "xmalloc.h"

sqlite3 *
cmd_user_open(const struct cmd_context *ctx, char **cause)
{
	enum path_origin origin;
	sqlite3 *db = NULL;
	int64_t skipped = 0;
	char *path;

	path = cmd_userdb_locate(ctx, &origin, cause);
	if (path != NULL && history_open_folding(path, origin == PATH_XDG, &db,
	    &skipped, cause) != 0)
		db = NULL;
	if (skipped > 0)
		out_printf(stderr, ngettext("mediflux: warning: %s%s: %lld "
		    "damaged line left out of your history\n", "mediflux: "
		    "warning: %s%s: %lld damaged lines left out of your "
		    "history\n", (unsigned long)skipped), path,
		    HISTORY_PENDING_SUFFIX, (long long)skipped);
	free(path);
	return db;
}

int
cmd_user_profile(const struct cmd_context *ctx, json_t **doc, char **cause)
{
	sqlite3 *udb;
	int rc;

	if ((udb = cmd_user_open(ctx, cause)) == NULL)
		return -1;
	rc = profile_load(udb, doc, cause);
	sqlite3_close(udb);
	return rc;
}

int
cmd_user_fail(char *cause)
{
	cmd_fail(cause);
	free(cause);
	return 1;
}

int
cmd_user_usage(const struct cmd_entry *e, const char *fmt, ...)
{
	va_list ap;
	char *what;
	int rc;

	va_start(ap, fmt);
	what = xvasprintf(fmt, ap);
	va_end(ap);
	rc = cmd_usage_error(e, what);
	free(what);
	return rc;
}
