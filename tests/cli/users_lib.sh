# SPDX-License-Identifier: ISC
# Throwaway Unix users for the tests that need a second user (privacy): made only
# when running as root, removed by users_remove from the test's EXIT trap.
# Sourced after tests/lib.sh; CAP is a directory for captured output.

USERS_MADE=""

# users_make NAME...: makes each user, with no home and no shell; sets why to the
# reason they could not all be made, or to "" when they were.
users_make() {
	why=""
	if [ "$(id -u)" -ne 0 ]; then
		why="not root: cannot make a second Unix user"
		return
	fi
	if ! command -v useradd >/dev/null 2>&1 || ! command -v userdel >/dev/null 2>&1 ||
	    ! command -v runuser >/dev/null 2>&1; then
		why="useradd, userdel or runuser missing (packages passwd, util-linux)"
		return
	fi
	for _u in "$@"; do
		if ! useradd -M -d /nonexistent -s /usr/sbin/nologin "$_u" 2>"$CAP/err"; then
			why="useradd failed: $(head -1 "$CAP/err")"
			return
		fi
		USERS_MADE="$USERS_MADE $_u"
	done
}

# users_remove: removes the users users_make made, and their groups.
users_remove() {
	for _u in $USERS_MADE; do
		userdel "$_u" 2>/dev/null
		getent group "$_u" >/dev/null 2>&1 && groupdel "$_u" 2>/dev/null
	done
	USERS_MADE=""
}

# users_run USER UMASK COMMAND...: runs it as USER (self: as we are) with that umask and
# no input; OUT, ERR and RC as run.
users_run() {
	_ru=$1
	_rm=$2
	shift 2
	if [ "$_ru" = self ]; then
		OUT=$(umask "$_rm" && "$@" 2>"$CAP/stderr" </dev/null)
	else
		OUT=$(runuser -u "$_ru" -- /bin/sh -c 'umask "$0" && exec "$@"' "$_rm" "$@" \
		    2>"$CAP/stderr" </dev/null)
	fi
	RC=$?
	ERR=$(cat "$CAP/stderr")
	rm -f "$CAP/stderr"
}
