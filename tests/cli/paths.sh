# SPDX-License-Identifier: ISC
# Which databases the program picks (DESIGN §4), seen through health --json.
. "$top_srcdir/tests/lib.sh"

refpath() { "$MEDIFLUX" "$@" health --json | json 'd["reference"]["path"] + " " + d["reference"]["origin"]'; }
userpath() { "$MEDIFLUX" "$@" health --json | json 'd["user"]["path"] + " " + d["user"]["origin"]'; }

# From the build tree with nothing else: the freshly built database.
built=$(cd "$top_builddir/data" && pwd -P)/mediflux.db
is "$(refpath)" "$built build tree" "the build tree's database by default"
is "$(userpath)" "$XDG_DATA_HOME/mediflux/user.db user data directory" \
    "the user database under XDG_DATA_HOME"

# A database imported by the user under XDG comes first.
mkdir -p "$XDG_DATA_HOME/mediflux"
cp "$REFDB" "$XDG_DATA_HOME/mediflux/mediflux.db"
is "$(refpath)" "$XDG_DATA_HOME/mediflux/mediflux.db user data directory" \
    "the user's imported database beats the build tree"

# Without XDG_DATA_HOME, HOME/.local/share.
mkdir -p "$HOME/.local/share/mediflux"
cp "$REFDB" "$HOME/.local/share/mediflux/mediflux.db"
is "$(env -u XDG_DATA_HOME "$MEDIFLUX" health --json | json 'd["reference"]["path"]')" \
    "$HOME/.local/share/mediflux/mediflux.db" "HOME/.local/share without XDG_DATA_HOME"

# The variables, then the options.
cp "$REFDB" "$TEST_TMP/env.db"
cp "$REFDB" "$TEST_TMP/opt.db"
is "$(MEDIFLUX_DB=$TEST_TMP/env.db refpath)" "$TEST_TMP/env.db environment" "MEDIFLUX_DB"
is "$(MEDIFLUX_DB=$TEST_TMP/env.db refpath --db "$TEST_TMP/opt.db")" \
    "$TEST_TMP/opt.db option" "--db beats MEDIFLUX_DB"
is "$(MEDIFLUX_DB=$TEST_TMP/env.db "$MEDIFLUX" health --db "$TEST_TMP/opt.db" --json | json 'd["reference"]["path"]')" \
    "$TEST_TMP/opt.db" "--db after the command too"
is "$(MEDIFLUX_USER_DB=$TEST_TMP/u.db userpath)" "$TEST_TMP/u.db environment" "MEDIFLUX_USER_DB"
is "$(MEDIFLUX_USER_DB=$TEST_TMP/u.db userpath --user-db "$TEST_TMP/v.db")" \
    "$TEST_TMP/v.db option" "--user-db beats MEDIFLUX_USER_DB"

# An installed copy of the program finds nothing in a build tree: a clear error.
# (The program itself: $MEDIFLUX may be a wrapper running it under valgrind.)
mkdir -p "$TEST_TMP/bin"
cp "$top_builddir/mediflux" "$TEST_TMP/bin/mediflux"
rm -rf "$XDG_DATA_HOME/mediflux" "$HOME/.local/share/mediflux"
ERR=$(env -u XDG_DATA_HOME "$TEST_TMP/bin/mediflux" health 2>&1 >/dev/null)
is "$?" 1 "no database anywhere exits 1"
contains "$ERR" "no reference database found" "and says so"
contains "$ERR" "$TEST_TMP/bin/data/mediflux.db" "listing where it looked"

done_testing
