# SPDX-License-Identifier: ISC
# Random keys and random resizes (seeded, bounded) through every pane: the
# interface never crashes, quits when asked, and leaves the terminal restored.
# Under --enable-asan any sanitizer report fails the run (its exit status).
. "$top_srcdir/tests/tui/lib.sh"

# The keys a session may press: text, moves, pane keys, every action key.
# q, F10 and Ctrl-C are kept for the end, so that each run lasts.
KEYS="a e i o s t l y Y n N d c p f g G j k / 0 1 2 3 4 5 6 7 9 é è ç Space
Up Down Left Right PageUp PageDown Home End Enter BSpace Escape Tab BTab
F1 F2 F3 F4 F5 F6 F7 F8 F9 S D C-u C-w C-l"

for seed in 1 2 3; do
	start_ui 80 24 LC_ALL=fr_FR.UTF-8 -- --db "$REFDB"
	wait_for " F2Hôpitaux " >/dev/null
	python3 - "$seed" $KEYS > "$TEST_TMP/script" <<'PY'
import random, sys
rnd = random.Random(int(sys.argv[1]))
keys = sys.argv[2:]
for _ in range(250):
    if rnd.random() < 0.04:
        print("resize %d %d" % rnd.choice([(40, 10), (60, 15), (59, 14),
                                           (100, 30), (80, 24), (20, 5)]))
    else:
        print("key " + rnd.choice(keys))
PY
	while read -r what a b; do
		case $what in
		key) keys "$a" ;;
		resize) tm resize-window -t t -x "$a" -y "$b" ;;
		esac
	done < "$TEST_TMP/script"
	tm resize-window -t t -x 80 -y 24
	# Leave any prompt, help or field, then quit.
	keys Escape Escape Escape F10
	sleep 0.5
	[ -f "$TEST_TMP/exit" ] || keys C-c
	sleep 0.3
	[ -f "$TEST_TMP/exit" ] || keys C-c
	is "$(wait_exit)" 0 "seed $seed: 250 random keys and resizes, then a clean exit"
	ok "seed $seed: the terminal is restored" terminal_restored
	is "$(screen | grep -c 'Sanitizer\|runtime error')" 0 "seed $seed: no sanitizer report"
done

done_testing
