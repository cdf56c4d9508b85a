# SPDX-License-Identifier: ISC
# Escape injection in the interface (issue 15, point 4): a hospital and a
# département name holding ESC sequences, the C1 CSI, bidi controls and
# zero-width characters are drawn without them in the Hôpitaux pane.
. "$top_srcdir/tests/tui/lib.sh"

# ESC [31m, ESC [2J, BEL, C1 CSI 1m, RLO, LRI, ZWSP, ZWJ, BOM, LRM, ALM, x, LINE SEPARATOR, y.
P=$(printf '\033[31m\033[2J\007\302\2331m\342\200\256\342\201\246\342\200\213\342\200\215\357\273\277\342\200\216\330\234x\342\200\250y')
SHOWN='[31m[2J1mx y'
H="$TEST_TMP/hostile.db"
cp "$REFDB" "$H"
sqlite3 "$H" "UPDATE establishment SET name = name || '$P' WHERE finess = '010000024';
UPDATE departement SET name = name || '$P' WHERE code = '01';"

# bad_chars: the characters of the screen that must not reach a terminal.
bad_chars() {
	screen | python3 -c '
import sys
t = sys.stdin.buffer.read().decode("utf-8", "replace")
bad = {0x1B, 0x07, 0x61C, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2028,
       0x2029, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2060, 0x2066,
       0x2067, 0x2068, 0x2069, 0xFEFF}
print(" ".join(sorted("U+%04X" % ord(c) for c in set(t)
                      if ord(c) in bad or 0x80 <= ord(c) < 0xA0)))'
}

start_ui 100 24 LC_ALL=fr_FR.UTF-8 -- --db "$H"
ok "Hôpitaux opens" wait_for "Rechercher :"
keys 01
ok "the département's hospitals are listed" wait_for "département 01 (Ain"
contains "$(screen)" "département 01 (Ain$SHOWN)" "the département name is drawn sanitised"
contains "$(screen)" "010000024 CH DE FLEYRIAT$SHOWN " "the hospital name is drawn sanitised"
is "$(bad_chars)" "" "no escape, C1, bidi or zero-width character on the screen"
# Ctrl-C clears the field, a second one quits.
keys C-c
ok "Ctrl-C clears the field" wait_gone "département 01"
keys C-c
is "$(wait_exit)" 0 "a second Ctrl-C quits with status 0"

done_testing
