#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""make bench, third part: the terminal interface itself, driven through a
pseudo-terminal at 80x24 on the ten-year database: time to the first complete
screen, time from each key to its updated screen in every pane (measured by
the program, MEDIFLUX_TIMINGS), and peak memory. Baseline in the same run:
one `mediflux search`/`regions`/`meds` command, a process per query, as a
script would pay it.

usage: tui.py MEDIFLUX DB WORKDIR
"""
import os
import pty
import select
import statistics
import subprocess
import sys
import time

# xterm key sequences.
F = {2: "\x1bOQ", 3: "\x1bOR", 4: "\x1bOS", 5: "\x1b[15~", 6: "\x1b[17~",
     7: "\x1b[18~", 10: "\x1b[21~"}
DOWN, ENTER, BACK, RIGHT, ESC = "\x1b[B", "\r", "\x7f", "\x1b[C", "\x1b"

# What a user does in each pane: typing, moving, drilling, sorting.
SCRIPT = (
    [F[2]] + list("saint etienne") + [BACK] * 13 + list("lyon") + [DOWN] * 3
    + [ENTER, DOWN, BACK] + [BACK] * 4 + list("42000") + [ESC]
    + [F[3], "l", "y", "Y", "s", "s", "S"] + [DOWN] * 10 + ["l"]
    + [F[4], ENTER, ENTER, ENTER, BACK, BACK, "f", RIGHT, "f", RIGHT, "t", "t"]
    + [DOWN] * 5 + [ENTER, BACK]
    + [F[5], DOWN, DOWN]
    + [F[6], DOWN, DOWN, "/", "l", "y", ENTER]
    + [F[7], DOWN, DOWN]
    + [F[10]]
)


def drain(fd, seconds):
    end = time.monotonic() + seconds
    while True:
        left = end - time.monotonic()
        if left <= 0:
            return
        r, _, _ = select.select([fd], [], [], left)
        if not r:
            return
        try:
            if not os.read(fd, 65536):
                return
        except OSError:
            return


def run_ui(mediflux, db, work):
    timings = os.path.join(work, "tui.timings")
    if os.path.exists(timings):
        os.unlink(timings)
    env = dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8",
               LINES="24", COLUMNS="80", MEDIFLUX_TIMINGS=timings,
               XDG_DATA_HOME=os.path.join(work, "tui-xdg"))
    pid, fd = pty.fork()
    if pid == 0:
        import fcntl, struct, termios
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        os.execve(mediflux, [mediflux, "--db", db], env)
    drain(fd, 1.0)
    for key in SCRIPT:
        os.write(fd, key.encode())
        drain(fd, 0.06)
    drain(fd, 0.5)
    os.waitpid(pid, 0)
    os.close(fd)
    panes, first, rss = {}, None, None
    with open(timings) as f:
        for line in f:
            what, value = line.rstrip("\n").split("\t")
            if what == "first_screen":
                first = float(value)
            elif what == "peak_rss_kb":
                rss = int(value)
            elif what == "draw":
                pass
            else:
                panes.setdefault(what, []).append(float(value))
    return first, panes, rss


def p99(values):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(0.99 * (len(values) - 1))))]


def baseline(mediflux, db, work):
    env = dict(os.environ, XDG_DATA_HOME=os.path.join(work, "tui-xdg"))
    times = []
    for args in (["search", "lyon"], ["regions"], ["meds", "--atc", "N02"]) * 3:
        t = time.monotonic()
        subprocess.run([mediflux, "--db", db] + args, env=env, check=True,
                       stdout=subprocess.DEVNULL)
        times.append((time.monotonic() - t) * 1000)
    return statistics.median(times)


def main():
    mediflux, db, work = sys.argv[1:4]
    first, panes, rss = run_ui(mediflux, db, work)
    base = baseline(mediflux, db, work)
    allkeys = [v for vs in panes.values() for v in vs]
    print("\nThe interface at 80x24 on %s (%d keys in a scripted session):"
          % (db, len(allkeys)))
    print("  first complete screen %8.2f ms   target < 50 ms: %s"
          % (first, "met" if first < 50 else "NOT met"))
    for name, values in panes.items():
        print("  %-12s %4d keys  p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms"
              "  target p99 < 16 ms: %s"
              % (name, len(values), statistics.median(values), p99(values),
                 max(values), "met" if p99(values) < 16 else "NOT met"))
    print("  peak memory            %8.1f MB   target < 20 MB: %s"
          % (rss / 1024.0, "met" if rss / 1024.0 < 20 else "NOT met"))
    print("  baseline: one command a query (search, regions, meds), median"
          " %.1f ms; ratio key p50 / baseline %.3f"
          % (base, statistics.median(allkeys) / base))


if __name__ == "__main__":
    main()
