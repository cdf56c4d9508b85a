# SPDX-License-Identifier: ISC
# Terminal behaviour: refusals, colours, locales, and restoring the terminal on every exit path.
. "$top_srcdir/tests/tui/lib.sh"
N=$(data_rows)

# The interface opens on Hôpitaux; 6 shows the Données screen these checks read.
open_data() {
	wait_for " F2Hôpitaux " >/dev/null && keys F7 && wait_for "ligne 2/$N"
}

# TERM=dumb or an unknown terminal: a one-line error, status 1, in the
# language of the messages.
start_ui 80 24 TERM=dumb -- --db "$REFDB"
is "$(wait_exit)" 1 "TERM=dumb exits 1"
is "$(screen | grep -c .)" 1 "with one line"
contains "$(screen)" "mediflux : TERM=dumb ne déplace pas le curseur (essayez TERM=xterm-256color)" \
    "saying why, in French"
start_ui 80 24 LC_ALL=C.UTF-8 TERM=dumb -- --db "$REFDB"
is "$(wait_exit)" 1 "TERM=dumb exits 1 in English too"
contains "$(screen)" "mediflux: TERM=dumb cannot move the cursor (try TERM=xterm-256color)" \
    "saying why, in English"
start_ui 80 24 TERM=no-such-terminal -- --db "$REFDB"
is "$(wait_exit)" 1 "an unknown TERM exits 1"
contains "$(screen)" "type de terminal inconnu « no-such-terminal »" "saying which"
start_ui 80 24 LC_ALL=C.UTF-8 -- --db "$TEST_TMP/missing.db"
is "$(wait_exit)" 1 "a missing database exits 1 before the screen is taken"
contains "$(screen)" "missing.db: No such file or directory" "naming the file"

# Colours by default; attributes only with NO_COLOR.
start_ui 80 24 LC_ALL=fr_FR.UTF-8 -- --db "$REFDB"
open_data >/dev/null
ok "colours by default" sh -c "tm() { \"$TMUX_BIN\" -L \"$TMUX_SOCKET\" \"\$@\"; }; tm capture-pane -e -p -t t | grep -q '\[3[0-7];4[0-7]m\|\[4[0-7]m\|\[3[0-7]m'"
keys q
wait_exit >/dev/null
start_ui 80 24 LC_ALL=fr_FR.UTF-8 NO_COLOR=1 -- --db "$REFDB"
ok "NO_COLOR: the screen still appears" open_data
C=$(tm capture-pane -e -p -t t)
ok "NO_COLOR: no colour escapes" sh -c "! printf '%s' \"\$1\" | grep -q '\[3[0-7]m\|\[4[0-7]m\|;3[0-7]m\|;4[0-7]m\|\[3[0-7];'" sh "$C"
ok "NO_COLOR: reverse video marks the bars" sh -c "printf '%s' \"\$1\" | grep -q '\[7m'" sh "$C"
keys q
wait_exit >/dev/null

# Accented text intact with LANG=C.UTF-8, and with a plain C locale too,
# where the interface speaks English (gettext translates nothing under C):
# the names of regions as published, and the headers.
for lang in C.UTF-8 C; do
	start_ui 80 24 LC_ALL= LANG=$lang -- --db "$REFDB"
	wait_for " F2Hospitals " >/dev/null
	keys F3
	ok "LANG=$lang: accents intact" wait_for "04   La Réunion"
	contains "$(screen)" "Estab. MCO beds MCO places" "LANG=$lang: headers intact, in English"
	keys q
	wait_exit >/dev/null
done
# And in French, with LANGUAGE=fr under C.UTF-8.
start_ui 80 24 LC_ALL= LANG=C.UTF-8 LANGUAGE=fr -- --db "$REFDB"
open_data >/dev/null
ok "LANGUAGE=fr: French, accents intact" wait_for "Base de référence"
contains "$(screen)" "Importé le" "LANGUAGE=fr: headers intact"
keys q
wait_exit >/dev/null

# Ctrl-C quits (status 0), SIGTERM and SIGHUP end it with their signal: the
# terminal is restored each time.
start_ui 80 24 -- --db "$REFDB"
open_data >/dev/null
keys C-c
is "$(wait_exit)" 0 "Ctrl-C quits with status 0"
ok "Ctrl-C: terminal restored" terminal_restored
for sig in TERM HUP; do
	start_ui 80 24 -- --db "$REFDB"
	open_data >/dev/null
	kill -$sig "$(ui_pid)"
	case $sig in TERM) want=143 ;; HUP) want=129 ;; esac
	is "$(wait_exit)" "$want" "SIG$sig ends it with the signal's status"
	ok "SIG$sig: terminal restored" terminal_restored
done

# A SIGTERM and a SIGINT pending at once (sent while it is stopped; on resuming,
# the kernel nests both handlers, SIGTERM's running first): the interrupt does not
# overwrite the termination.
start_ui 80 24 -- --db "$REFDB"
open_data >/dev/null
pid=$(ui_pid)
kill -STOP "$pid"
kill -TERM "$pid"
kill -INT "$pid"
kill -CONT "$pid"
is "$(wait_exit)" 143 "SIGTERM and SIGINT at once: ends with SIGTERM's status, not as a Ctrl-C"
ok "SIGTERM and SIGINT: terminal restored" terminal_restored

# Ctrl-Z gives the terminal back to the shell, and fg redraws the screen as
# it was. Job control needs an interactive shell: in the panes start_ui makes,
# the kernel discards terminal stops (an orphaned process group).
tm kill-server 2>/dev/null
tmux_servers=$((tmux_servers + 1))
TMUX_SOCKET="mediflux-test-$$-$tmux_servers"
tm new-session -d -x 80 -y 24 -s t "env PS1='shell> ' bash --norc --noprofile -i"
wait_for "shell>" >/dev/null
keys "LC_ALL=fr_FR.UTF-8 '$MEDIFLUX' --db '$REFDB'" Enter
open_data >/dev/null
keys C-z
ok "Ctrl-Z gives the terminal back to the shell" wait_for "Stopped"
keys "fg" Enter
ok "fg redraws the screen" wait_for "ligne 2/$N"
keys F10
ok "and F10 still quits" wait_for "shell> "

# A lost terminal (the pane killed under it) ends the program instead of spinning.
# Without LeakSanitizer's check at exit in an ASan build: its stop-the-world
# tracer attaches with a SIGSTOP, and the SIGCONT the kernel sends with the
# hangup to a process group left orphaned with a stopped member cancels it, so
# the exiting program waits for its tracer for ever (seen twice in the ASan
# lane: the tracer in wait, SIGHUP and SIGCONT pending). The program's own
# exit is what is tested; its leaks are the other cases'.
start_ui 80 24 "ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" -- --db "$REFDB"
open_data >/dev/null
pid=$(ui_pid)
tm kill-server
# Ended: gone, or a zombie its new parent has not reaped yet (which init may
# take seconds to do on a loaded machine: not the program's doing). Waited for
# as every screen is (10 s, longer under valgrind): an ASan build's exit, leak
# check included, takes seconds on a loaded machine.
running() {
	[ -e "/proc/$1" ] && [ "$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null)" != Z ]
}
i=0
while running "$pid" && [ $i -lt "$tui_polls" ]; do
	sleep 0.1
	i=$((i + 1))
done
ended() {
	! running "$1"
}
ok "a lost terminal ends the program" ended "$pid"

done_testing
