#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""make bench: the command line against the sqlite3 shell running the same SQL.

    cli.py --mediflux PATH --sqlite3 PATH --db DB --work DIR [--samples N]
           [--near-bench PATH]

For each command (search by city, by département and around a place,
regions, meds, drug), runs it once with MEDIFLUX_TRACE_SQL to record every
statement it runs on the reference database, values in place; then times,
paired (A B A B ...), N runs of the command, output to /dev/null, and N runs
of the sqlite3 shell reading that same SQL on the same database. Prints the
p50 and p99 of each and the ratio of the medians against issue 18's target
(<= 1.2). The floor, timed the same way: `mediflux --version` against
`sqlite3 DB 'SELECT 1'`, what starting each costs. mediflux's figure holds
all it does besides the SQL: the history it records, the table it lays out.
With --near-bench (tests/bench/near_bench), the floor of `search --near`
too: loading GeographicLib for its distances, which the shell never does, timed in
as many fresh processes.
"""
import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time


def timed(argv, env, stdin=None):
    with open(stdin, "rb") if stdin else open(os.devnull, "rb") as inp:
        start = time.monotonic()
        rc = subprocess.call(argv, stdin=inp, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, env=env)
        took = (time.monotonic() - start) * 1000
    if rc != 0:
        sys.exit("bench: %s exited %d" % (" ".join(argv), rc))
    return took


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mediflux", required=True)
    ap.add_argument("--sqlite3", required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--samples", type=int, default=200)
    ap.add_argument("--near-bench")
    a = ap.parse_args()
    if shutil.which(a.sqlite3) is None:
        sys.exit("bench: %s: no sqlite3 shell" % a.sqlite3)
    os.makedirs(a.work, exist_ok=True)
    # An absolute data home of the bench's own (a relative one is ignored,
    # as XDG says), empty at each run so that runs record the same history.
    xdg = os.path.abspath(os.path.join(a.work, "cli-xdg"))
    shutil.rmtree(xdg, ignore_errors=True)
    env = dict(os.environ, XDG_DATA_HOME=xdg)
    for var in ("MEDIFLUX_DB", "MEDIFLUX_USER_DB", "MEDIFLUX_TRACE_SQL"):
        env.pop(var, None)

    con = sqlite3.connect("file:%s?mode=ro" % a.db, uri=True)
    drug = con.execute("SELECT name FROM bdpm_cis ORDER BY cis"
                       " LIMIT 1").fetchone()[0].split()[0].lower()
    con.close()
    commands = [["search", "lyon"], ["search", "69"],
                ["search", "paris", "--near"], ["regions"],
                ["meds", "--atc", "N02"], ["drug", drug]]

    rows = []
    for i, args in enumerate(commands):
        trace = os.path.join(a.work, "cli-%d.sql" % i)
        if os.path.exists(trace):
            os.unlink(trace)
        timed([a.mediflux, "--db", a.db] + args,
              dict(env, MEDIFLUX_TRACE_SQL=trace))
        with open(trace) as f:
            statements = sum(1 for line in f if line.strip())
        mine, shell = [], []
        for _ in range(a.samples):
            mine.append(timed([a.mediflux, "--db", a.db] + args, env))
            shell.append(timed([a.sqlite3, "-readonly", a.db], env, trace))
        rows.append((" ".join(args), statements, mine, shell))
    mine, shell = [], []
    for _ in range(a.samples):
        mine.append(timed([a.mediflux, "--version"], env))
        shell.append(timed([a.sqlite3, "-readonly", a.db, "SELECT 1"], env))

    print("\nThe command line against the sqlite3 shell running the same SQL"
          " on %s (%d paired runs each, wall time per process):"
          % (a.db, a.samples))
    print("  %-22s %5s  %-23s  %-23s  %s" % ("command", "stmts",
          "mediflux p50 / p99 ms", "sqlite3 p50 / p99 ms",
          "ratio p50 (target <= 1.2)"))
    for name, n, m, s in rows:
        ratio = statistics.median(m) / statistics.median(s)
        print("  %-22s %5d  %8.2f / %8.2f     %8.2f / %8.2f     %5.2f  %s"
              % (name, n, statistics.median(m), pct(m, 99),
                 statistics.median(s), pct(s, 99), ratio,
                 "met" if ratio <= 1.2 else "NOT met"))
    print("  floor: mediflux --version %.2f ms p50, sqlite3 'SELECT 1' %.2f ms"
          " p50: starting costs %.2f times the shell's"
          % (statistics.median(mine), statistics.median(shell),
             statistics.median(mine) / statistics.median(shell)))
    if a.near_bench:
        out = subprocess.run([a.near_bench, "--geodesic-load", str(a.samples)],
                             capture_output=True, text=True)
        if out.returncode != 0:
            sys.exit("bench: %s --geodesic-load: %s" % (a.near_bench,
                                                    out.stderr.strip()))
        load = float(out.stdout.split()[2])
        for name, n, m, s in rows:
            if name.endswith("--near"):
                print("  floor of %s: loading GeographicLib for its distances"
                      " (and libstdc++), which the shell never"
                      " does, %.2f ms p50; the rest against the shell: %.2f"
                      % (name, load, (statistics.median(m) - load)
                         / statistics.median(s)))


if __name__ == "__main__":
    main()
