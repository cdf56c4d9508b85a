# SPDX-License-Identifier: ISC
# The translations: every string the sources mark (_, N_, C_, NC_, ngettext)
# has its French in po/fr.po, none untranslated nor fuzzy; every source file
# that marks strings is in po/POTFILES.in; the catalogue compiles with its
# format strings checked against the English (msgfmt --check), and the
# catalogue the tests read is the one po/fr.po compiles to.
. "$top_srcdir/tests/lib.sh"

PO="$top_srcdir/po/fr.po"
for tool in xgettext msgfmt msgcmp; do
	command -v "$tool" >/dev/null || { echo "1..0 # SKIP $tool (gettext) is not installed"; exit 0; }
done

# The files POTFILES.in lists, and those that mark strings.
sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$top_srcdir/po/POTFILES.in" | sort > "$TEST_TMP/listed"
(cd "$top_srcdir" && grep -l -E '(^|[^A-Za-z0-9_])(_|N_|C_|NC_|ngettext)\(' src/*.c ui/*.c) |
    grep -v '^src/i18n\.c$' | sort > "$TEST_TMP/marking"
missing=$(comm -13 "$TEST_TMP/listed" "$TEST_TMP/marking")
is "$missing" "" "every source file that marks strings is in po/POTFILES.in"
absent=$(cd "$top_srcdir" && while read -r f; do [ -f "$f" ] || echo "$f"; done < "$TEST_TMP/listed")
is "$absent" "" "and every file it lists exists"

# The template as the sources give it now, with po/Makevars' keywords.
keywords=$(awk '/^XGETTEXT_OPTIONS =/ { on = 1; sub(/^XGETTEXT_OPTIONS = /, "") }
    on { more = sub(/\\$/, ""); printf "%s ", $0; if (!more) exit }' "$top_srcdir/po/Makevars")
# shellcheck disable=SC2086
(cd "$top_srcdir" && xgettext $keywords -o "$TEST_TMP/mediflux.pot" \
    $(cat "$TEST_TMP/listed")) 2>"$TEST_TMP/xgettext.err"
is "$?|$(cat "$TEST_TMP/xgettext.err")" "0|" "xgettext reads every listed file without a warning"
n=$(grep -c '^msgid ' "$TEST_TMP/mediflux.pot")
ok "the template has the interface's strings ($((n - 1)))" test "$n" -gt 250

msgcmp "$PO" "$TEST_TMP/mediflux.pot" 2>"$TEST_TMP/msgcmp.err"
is "$?" 0 "po/fr.po has every string the sources mark"
[ -s "$TEST_TMP/msgcmp.err" ] && sed 's/^/# /' "$TEST_TMP/msgcmp.err" | head -20

stats=$(LC_ALL=C msgfmt --check --statistics -o "$TEST_TMP/fr.mo" "$PO" 2>&1)
is "$?" 0 "msgfmt --check: formats and headers agree"
case $stats in
*untranslated*|*fuzzy*) bad=$stats ;;
*) bad= ;;
esac
is "$bad" "" "no untranslated or fuzzy entry ($stats)"
ok "the tests read the catalogue po/fr.po compiles to" \
    cmp -s "$TEST_TMP/fr.mo" "$MEDIFLUX_LOCALEDIR/fr/LC_MESSAGES/mediflux.mo"

# French typography: a space before ':' and ';' after a word, as fr.po writes
# "Règles appliquées :". Left out: "%s: " and "mediflux: ", where a file or
# the program names what follows, as every GNU program writes it.
loose=$(msgcat --no-wrap "$PO" | awk '/^$/ { body = 1; on = 0 } /^#/ { on = 0 } /^msgstr/ { on = body } /^msgid/ { on = 0 }
    on && /[[:alpha:])][:;]([ ]|\\n|"$)/ && !/^msgstr "mediflux: / { print }' |
    grep -v -E '%s[:;]' | head -5)
is "$loose" "" "every French ':' and ';' after a word has its space"

# A string the catalogue lacks is caught: a made-up one added to a copy of a source.
mkdir -p "$TEST_TMP/src/ui"
cp "$top_srcdir/ui/keymap.c" "$TEST_TMP/src/ui/keymap.c"
printf 'static const char *probe = N_("A string no one translated");\n' >> "$TEST_TMP/src/ui/keymap.c"
# shellcheck disable=SC2086
(cd "$TEST_TMP/src" && xgettext $keywords -o "$TEST_TMP/probe.pot" ui/keymap.c)
ok "and msgcmp would fail on a string fr.po lacks" sh -c '! msgcmp "$1" "$2" 2>/dev/null' sh "$PO" "$TEST_TMP/probe.pot"

done_testing
