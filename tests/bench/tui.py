#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""make bench, third part: the terminal interface, timed from outside.

    tui.py MEDIFLUX DB WORKDIR [--sessions N]

Runs mediflux through a pseudo-terminal at 80x24 on the ten-year database,
as a user's terminal sees it, and times from this side of the terminal:

  - start: from exec to the last byte of the first screen (the output then
    quiet for QUIET seconds);
  - each key of a scripted session, repeated so that every figure rests on
    at least 200 samples: from the key written to the last byte of the
    screen it updates, in every pane;
  - peak memory, from the kernel's accounting of the process (wait4).

The user's history holds 10 000 entries, the retention's default maximum,
so that Historique is timed at its largest; each session adds to it.

Floors, measured the same way in the same run: from exec to the first
screen of a program that draws one and waits (`sh -c 'printf ...; cat'`),
and a key echoed back by `cat` through the same kind of terminal. Each key
waits for QUIET seconds of silence before the next, so that the times never
overlap; the silence itself is not counted.
"""
import argparse
import json
import os
import pty
import select
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time

QUIET = 0.04		# seconds of silence that end an update
FIRST = 1.0		# a key with no output by then changed nothing on screen
LONGEST = 5.0		# an update that takes longer is a failure
STARTS = 20		# starts timed, the program's and the floor's
HISTORY = 10000		# entries in the history, the retention's maximum
CITIES = ("lyon", "paris", "marseille", "saint etienne", "42000", "bordeaux",
          "rennes", "lille", "nantes", "strasbourg", "2A", "cayenne")
ATC = ("N02", "A10", "C09", "J01", "R03", "N", "A", "C10BA", "N02BE01")

# What xterm sends (terminfo's xterm-256color) once the program has put the
# keypad in application mode, as ncurses does: arrows are ESC O B, not ESC [ B,
# which ncurses would read as Escape, '[' and 'B'.
F = {2: "\x1bOQ", 3: "\x1bOR", 4: "\x1bOS", 5: "\x1b[15~", 6: "\x1b[17~",
     7: "\x1b[18~", 10: "\x1b[21~"}
DOWN, ENTER, BACK, RIGHT, ESC = "\x1bOB", "\r", "\x7f", "\x1bOC", "\x1b"
PANES = {F[2]: "hospitals", F[3]: "regions", F[4]: "meds", F[5]: "profile",
         F[6]: "history", F[7]: "data"}

# What a user does in each pane: typing, moving, drilling, sorting. Each
# session leaves every pane as it found it, so that it can be repeated.
SESSION = (
    [F[2]] + list("saint etienne") + [BACK] * 13 + list("lyon") + [DOWN] * 3
    + [ENTER, DOWN, BACK] + [BACK] * 4 + list("42000") + [BACK] * 5
    + [ESC, ESC]  # to the list, and back to the field the next session types in
    + [F[3], "l", "y", "Y", "s", "s", "S"] + [DOWN] * 10 + ["l"]
    + [F[4], ENTER, ENTER, ENTER, BACK, BACK, "f", RIGHT, "f", RIGHT, "t",
       "t"] + [DOWN] * 5 + [ENTER, BACK, BACK, BACK]
    + [F[5], DOWN, DOWN]
    + [F[6], DOWN, DOWN, "/", "l", "y", ENTER]
    + [F[7], DOWN, DOWN]
)


def read_until_quiet(fd, start, first=FIRST):
    """Reads until QUIET seconds pass without output once some came (first
    seconds for the first byte); returns the time of the last byte after
    start (None when nothing came) and the bytes."""
    last, data = None, b""
    while True:
        r, _, _ = select.select([fd], [], [], QUIET if last is not None
                                else max(0, start + first - time.monotonic()))
        now = time.monotonic()
        if not r:
            return (last - start if last is not None else None), data
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            chunk = b""
        if not chunk:
            return (last - start if last is not None else None), data
        last, data = now, data + chunk
        if now - start > LONGEST:
            sys.exit("bench: the terminal never went quiet")


def spawn(argv, env):
    """Starts argv on a new 80x24 pseudo-terminal; returns pid, fd, start."""
    start = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:
        import fcntl
        import struct
        import termios
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        try:
            os.execve(argv[0], argv, env)
        finally:
            os._exit(127)
    return pid, fd, start


def finish(pid, fd, keys=b""):
    if keys:
        os.write(fd, keys)
    read_until_quiet(fd, time.monotonic(), LONGEST)
    _, status, usage = os.wait4(pid, 0)
    os.close(fd)
    return usage.ru_maxrss


def seed_history(mediflux, db, xdg):
    """A fresh user database whose history holds HISTORY entries, the
    retention's default maximum: Historique is timed at its largest."""
    shutil.rmtree(xdg, ignore_errors=True)
    env = dict(os.environ, XDG_DATA_HOME=xdg)
    subprocess.run([mediflux, "--db", db, "history"], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    kinds = [
        ("hospitals", "search", lambda i: {"query": CITIES[i % len(CITIES)],
                                           "limit": 0, "all": False}),
        ("meds", "meds", lambda i: {"year": 2015 + i % 10,
                                    "atc": ATC[i % len(ATC)]}),
        ("regions", "regions", lambda i: {"sort": ("beds_per_100k", "name",
                                                   "population")[i % 3]}),
        ("meds", "drug", lambda i: {"query": ("doliprane", "amoxicilline",
                                              "levothyrox")[i % 3]}),
    ]
    con = sqlite3.connect(os.path.join(xdg, "mediflux", "user.db"))
    with con:
        con.executemany(
            "INSERT INTO history (at, pane, command, params, result_count,"
            " duration_ms) VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now',"
            " ?), ?, ?, ?, ?, ?)",
            [("-%d seconds" % (HISTORY - i), kinds[i % 4][0], kinds[i % 4][1],
              json.dumps(kinds[i % 4][2](i), separators=(",", ":")),
              i % 97, 0.5 + i % 13) for i in range(HISTORY)])
    con.close()
    return xdg


def run_ui(mediflux, db, xdg, sessions):
    env = dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8",
               XDG_DATA_HOME=xdg)
    env.pop("LINES", None)
    env.pop("COLUMNS", None)
    pid, fd, start = spawn([mediflux, "--db", db], env)
    first, screen = read_until_quiet(fd, start, LONGEST)
    if first is None:
        sys.exit("bench: mediflux drew nothing")
    panes, silent, pane = {}, 0, "hospitals"
    for _ in range(sessions):
        for key in SESSION:
            pane = PANES.get(key, pane)
            t = time.monotonic()
            os.write(fd, key.encode())
            took, _ = read_until_quiet(fd, t)
            if took is None:
                silent += 1
            else:
                panes.setdefault(pane, []).append(took * 1000)
    rss = finish(pid, fd, F[10].encode())
    return first * 1000, panes, silent, rss


def floors(env, n):
    """The same measures on programs that do nothing else."""
    starts, echoes = [], []
    for _ in range(n):
        pid, fd, start = spawn(["/bin/sh", "-c", "printf 'x%.0s' "
                                "$(seq 80); exec cat"], env)
        took, _ = read_until_quiet(fd, start, LONGEST)
        starts.append(took * 1000)
        finish_cat(pid, fd)
    pid, fd, _ = spawn(["/bin/sh", "-c", "stty raw -echo; exec cat"], env)
    time.sleep(0.2)
    read_until_quiet(fd, time.monotonic(), QUIET)
    for _ in range(200):
        t = time.monotonic()
        os.write(fd, b"a")
        took, _ = read_until_quiet(fd, t)
        if took is not None:
            echoes.append(took * 1000)
    finish_cat(pid, fd)
    return starts, echoes


def finish_cat(pid, fd):
    os.kill(pid, 15)
    read_until_quiet(fd, time.monotonic(), QUIET)
    os.waitpid(pid, 0)
    os.close(fd)


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mediflux")
    ap.add_argument("db")
    ap.add_argument("work")
    ap.add_argument("--sessions", type=int, default=4)
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    env = dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8")

    # Absolute: a relative XDG_DATA_HOME is ignored, as XDG says.
    xdg = seed_history(a.mediflux, a.db,
                       os.path.abspath(os.path.join(a.work, "tui-xdg")))
    starts = []
    for _ in range(STARTS):
        first, panes, silent, rss = run_ui(a.mediflux, a.db, xdg,
                                           a.sessions if not starts else 0)
        starts.append(first)
        if len(starts) == 1:
            kept = (panes, silent, rss)
    panes, silent, rss = kept
    floor_start, floor_echo = floors(env, STARTS)
    keys = [v for vs in panes.values() for v in vs]

    print("\nThe interface at 80x24 on %s, timed through a pseudo-terminal"
          " (an update ends after %d ms of silence, not counted):"
          % (a.db, QUIET * 1000))
    print("  start, exec to first screen  median %7.2f ms of %d  target < 50"
          " ms: %s   floor (sh drawing a line) %.2f ms"
          % (statistics.median(starts), len(starts),
             "met" if statistics.median(starts) < 50 else "NOT met",
             statistics.median(floor_start)))
    print("  every key, to screen updated %4d keys  p50 %6.2f ms  p99 %6.2f"
          " ms  target p99 < 16 ms: %s   floor (cat's echo) p50 %.3f ms"
          " p99 %.3f ms" % (len(keys), statistics.median(keys),
                             pct(keys, 99), "met" if pct(keys, 99) < 16
                             else "NOT met", statistics.median(floor_echo),
                             pct(floor_echo, 99)))
    for name, values in panes.items():
        print("    %-10s %4d keys  p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms%s"
              % (name, len(values), statistics.median(values),
                 pct(values, 99), max(values),
                 "" if len(values) >= 200 else "  (fewer than 200: p99 is"
                 " near the max)"))
    if silent:
        print("    %d keys changed nothing on screen (not counted)" % silent)
    print("  peak memory (kernel's count)  %6.1f MB   target < 20 MB: %s"
          % (rss / 1024.0, "met" if rss / 1024.0 < 20 else "NOT met"))


if __name__ == "__main__":
    main()
