# SPDX-License-Identifier: ISC
# Terminal tests in the manner of tmux's own regress suite: the program runs in a
# detached tmux pane of fixed size, keys go in with send-keys, the screen comes
# back with capture-pane. Each test has its own server socket and no config.
. "$top_srcdir/tests/lib.sh"

TMUX_BIN=${TMUX_BIN:-$(command -v tmux)}
if [ -z "$TMUX_BIN" ] || [ ! -x "$TMUX_BIN" ]; then
	echo "1..0 # SKIP tmux is not installed"
	exit 0
fi
TMUX_SOCKET="mediflux-test-$$-0"
tmux_servers=0
printf 'set -g remain-on-exit on\nset -g default-terminal screen-256color\nset -g status off\n' \
    > "$TEST_TMP/tmux.conf"

tm() {
	"$TMUX_BIN" -L "$TMUX_SOCKET" -f "$TEST_TMP/tmux.conf" "$@"
}

tui_cleanup() {
	i=0
	while [ $i -le $tmux_servers ]; do
		"$TMUX_BIN" -L "mediflux-test-$$-$i" kill-server 2>/dev/null
		i=$((i + 1))
	done
	rm -rf "$TEST_TMP"
}
trap tui_cleanup EXIT

# start_ui COLS ROWS [ENV=VALUE...] -- [MEDIFLUX ARGS...]: runs mediflux in a
# new pane; when it ends the pane's shell records its exit status and the
# terminal modes (stty -a) it left behind, then stays (tmux may drop the last
# output of a pane that dies at once). The screens these tests read are the
# French ones (LC_ALL=fr_FR.UTF-8, installed or not) unless ENV says otherwise.
start_ui() {
	cols=$1
	rows=$2
	shift 2
	envs="'LC_ALL=fr_FR.UTF-8'"
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do
		envs="$envs '$1'"
		shift
	done
	[ $# -gt 0 ] && shift
	args=
	for a in "$@"; do
		args="$args '$a'"
	done
	rm -f "$TEST_TMP/exit" "$TEST_TMP/stty"
	# A new server each time: a dying one could swallow the new session.
	tm kill-server 2>/dev/null
	tmux_servers=$((tmux_servers + 1))
	TMUX_SOCKET="mediflux-test-$$-$tmux_servers"
	tm new-session -d -x "$cols" -y "$rows" -s t \
	    "env $envs '$MEDIFLUX' $args; echo \$? > '$TEST_TMP/exit.tmp'; stty -a > '$TEST_TMP/stty'; mv '$TEST_TMP/exit.tmp' '$TEST_TMP/exit'; exec sleep 600"
}

screen() {
	tm capture-pane -p -t t "$@"
}

# How many times a wait polls the screen, 0.1 s apart: 10 s, longer when the
# program runs under valgrind (TUI_WAIT_SCALE, set by make check-valgrind).
tui_polls=$((100 * ${TUI_WAIT_SCALE:-1}))

# wait_for TEXT: polls the screen (at most 10 s) until it shows TEXT.
wait_for() {
	i=0
	while [ $i -lt $tui_polls ]; do
		case $(screen) in
		*"$1"*) return 0 ;;
		esac
		sleep 0.1
		i=$((i + 1))
	done
	echo "# timed out waiting for: $1"
	screen | sed 's/^/#   /'
	return 1
}

# retry FN ARGS...: runs a screen check until it passes (2 s at most), so that
# a screen caught while it is being drawn is read again; the last failure
# is what is shown.
retry() {
	n=0
	while ! "$@" > "$TEST_TMP/retry.out"; do
		n=$((n + 1))
		if [ $n -ge 20 ]; then
			cat "$TEST_TMP/retry.out"
			return 1
		fi
		sleep 0.1
	done
}

# wait_gone TEXT: waits (10 s at most) until TEXT is no longer on the screen.
wait_gone() {
	i=0
	while [ $i -lt $tui_polls ]; do
		case $(screen) in
		*"$1"*) ;;
		*) return 0 ;;
		esac
		sleep 0.1
		i=$((i + 1))
	done
	echo "# still on the screen: $1"
	return 1
}

# wait_exit: waits (at most 10 s) for mediflux to end; prints its exit status.
wait_exit() {
	i=0
	while [ $i -lt $tui_polls ] && [ ! -f "$TEST_TMP/exit" ]; do
		sleep 0.1
		i=$((i + 1))
	done
	cat "$TEST_TMP/exit" 2>/dev/null || echo "still running"
}

# The pid of the mediflux process in the pane.
ui_pid() {
	pgrep -P "$(tm display-message -p -t t '#{pane_pid}')" -x mediflux
}

keys() {
	tm send-keys -t t "$@"
}

# Whether the terminal was left in its normal modes (canonical input, echo).
terminal_restored() {
	grep -q -- ' icanon' "$TEST_TMP/stty" && grep -q -- ' echo ' "$TEST_TMP/stty"
}

# One line of the screen (0-based).
line() {
	screen | sed -n "$(($1 + 1))p"
}

# Rows of the Données screen on $REFDB: three headings, the datasets, the
# reference tables, and the five tables of a new user database (profile,
# history, cache, prescription and prescription_line).
data_rows() {
	"$MEDIFLUX" --db "$REFDB" health --json |
	    json '3 + len(d["datasets"]) + len(d["reference"]["tables"]) + 5'
}
