#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""make bench: importing a national-size Open Medic year, against its floors.

    import.py --mediflux PATH --mksample PATH --geography DB --sqlite3 PATH
              --work DIR [--pairs N] [--seed N]

Generates Open Medic 2024 at its published size (about 1.96 million rows, by
data/mksample --scale full) as a zip, then times, in this one invocation:

  - the floors: libarchive's own decompression of the zip (bsdtar -xOf, to
    /dev/null) and unzip -p's;
  - the baseline: the sqlite3 shell importing the same zip,
    `.import "|unzip -p ZIP" t`, with the settings mediflux imports with
    (page size read back from mediflux's database, journal off, synchronous
    off, exclusive locking, an 8 MiB cache);
  - mediflux import of the zip, each run into a new database;

the floors, mediflux and the baseline run in turn (A B C A B C ...), each
figure the median of its runs, each run after a sync: none pays for writing
back what the one before left in the page cache (the shell's database is
not synced, mediflux's is). Prints each target of issue 18 with its figure, its ratio and whether
it is met: import <= 0.5 x the sqlite3 shell, <= 3 x libarchive's
decompression, both cores used, peak memory <= 64 MB, database bytes per
Open Medic row <= 40. A benchmark: exits 1 only when a step fails, never on
a target missed.
"""

import argparse
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time


class StepFailed(Exception):
    pass


def run(command, stdin=None, stdout=subprocess.DEVNULL, log=None):
    """Runs command; returns wall seconds, CPU seconds and peak RSS (KiB)."""
    out = open(log, "wb") if log else stdout
    inp = open(stdin, "rb") if stdin else subprocess.DEVNULL
    start = time.monotonic()
    try:
        proc = subprocess.Popen(command, stdin=inp, stdout=out,
                                stderr=out if log else subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    finally:
        if log:
            out.close()
        if stdin:
            inp.close()
    wall = time.monotonic() - start
    if proc.returncode != 0:
        detail = ""
        if log:
            with open(log, errors="replace") as f:
                detail = ":\n" + f.read()[-2000:]
        raise StepFailed("%s exited %d%s" % (command[0], proc.returncode,
                                             detail))
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
            "rss_kib": usage.ru_maxrss}


def settled(command, **kw):
    """run(), once the page cache holds nothing left to write back."""
    os.sync()
    return run(command, **kw)


def median(runs, key):
    return statistics.median(r[key] for r in runs)


def verdict(ok):
    return "met" if ok else "NOT met"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mediflux", required=True)
    ap.add_argument("--mksample", required=True)
    ap.add_argument("--geography", required=True)
    ap.add_argument("--sqlite3", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--pairs", type=int, default=3)
    ap.add_argument("--seed", default="20260504")
    a = ap.parse_args()

    for tool in (a.sqlite3, "unzip", "bsdtar"):
        if not tool or shutil.which(tool) is None:
            sys.exit("bench: %s is needed (Debian: sqlite3, unzip, "
                     "libarchive-tools)" % (tool or "sqlite3"))
    shutil.rmtree(a.work, ignore_errors=True)
    os.makedirs(a.work)
    w = lambda name: os.path.join(a.work, name)
    zip_path = w("OPEN_MEDIC_2024.zip")

    print("bench: generating Open Medic 2024 at full scale in %s ..." % a.work)
    gen = run([a.mksample, "--geography", a.geography, "--out", a.work,
               "--scale", "full", "--seed", a.seed, "--verbose"],
              log=w("generate.log"))
    with open(w("generate.log")) as f:
        m = re.search(r"OPEN_MEDIC_2024: (\d+) rows", f.read())
    rows = int(m.group(1)) if m else None

    floors = {"bsdtar": [], "unzip": []}
    # The settings mediflux imports with, the page size as it left it.
    print("bench: floors (bsdtar -xOf, unzip -p), mediflux import and "
          "sqlite3 .import, in turn ...")
    mine, base = [], []
    db = w("bench.db")
    page_size = None
    for i in range(a.pairs):
        for path in (db, db + ".prev"):
            if os.path.exists(path):
                os.unlink(path)
        floors["bsdtar"].append(settled(["bsdtar", "-xOf", zip_path]))
        floors["unzip"].append(settled(["unzip", "-p", zip_path]))
        mine.append(settled([a.mediflux, "import", "--db", db, "--geography",
                         a.geography, "--quiet", zip_path],
                        log=w("import.log")))
        if page_size is None:
            con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
            page_size = con.execute("PRAGMA page_size").fetchone()[0]
            con.close()
        bare = w("bare.db")
        if os.path.exists(bare):
            os.unlink(bare)
        with open(w("baseline.sql"), "w") as f:
            f.write("PRAGMA page_size = %d;\n"
                    "PRAGMA journal_mode = OFF;\n"
                    "PRAGMA synchronous = OFF;\n"
                    "PRAGMA locking_mode = EXCLUSIVE;\n"
                    "PRAGMA cache_size = -8192;\n"
                    ".bail on\n.mode csv\n.separator \";\"\n"
                    ".import \"|unzip -p %s\" openmedic\n"
                    % (page_size, zip_path))
        base.append(settled([a.sqlite3, bare], stdin=w("baseline.sql"),
                        log=w("baseline.log")))

    con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    imported = con.execute(
        "SELECT sum(rows_kept) FROM dataset WHERE kind = 'openmedic'"
        " AND year = 2024").fetchone()[0]
    try:
        tables = con.execute(
            "SELECT name, sum(pgsize) FROM dbstat GROUP BY name"
            " ORDER BY 2 DESC").fetchall()
    except sqlite3.OperationalError:
        tables = []
    con.close()
    con = sqlite3.connect("file:%s?mode=ro" % w("bare.db"), uri=True)
    base_rows = con.execute("SELECT count(*) FROM openmedic").fetchone()[0]
    con.close()

    t_mine, t_base = median(mine, "wall"), median(base, "wall")
    # Each run against the floor and the baseline run beside it.
    to_base = statistics.median(m["wall"] / b["wall"] for m, b in zip(mine, base))
    to_tar = statistics.median(m["wall"] / t["wall"]
                               for m, t in zip(mine, floors["bsdtar"]))
    t_tar, t_unzip = median(floors["bsdtar"], "wall"), median(floors["unzip"], "wall")
    cores = median(mine, "cpu") / t_mine if t_mine > 0 else 0
    rss_mb = max(r["rss_kib"] for r in mine) * 1024 / 1e6
    size = os.path.getsize(db)
    per_row = size / imported if imported else float("inf")
    mib = lambda p: os.path.getsize(p) / 1048576.0

    print()
    print("Open Medic 2024, full scale: %s rows; zip %.1f MiB; generated in"
          " %.1f s" % ("{:,}".format(rows) if rows else "?", mib(zip_path),
                       gen["wall"]))
    print("  medians of %d runs each, run in turn; each ratio the median of"
          " the runs' own; page size %d" % (a.pairs, page_size))
    print("  floor: libarchive (bsdtar -xOf)      %8.2f s" % t_tar)
    print("  floor: unzip -p                      %8.2f s" % t_unzip)
    print("  sqlite3 .import \"|unzip -p\"          %8.2f s   rows %d"
          % (t_base, base_rows))
    print("  mediflux import                      %8.2f s   rows %d, CPU"
          " %.2f cores, peak RSS %.1f MB" % (t_mine, imported, cores, rss_mb))
    print("  targets:")
    print("    import / sqlite3 shell   %6.2f  (<= 0.5)   %s"
          % (to_base, verdict(to_base <= 0.5)))
    print("    import / libarchive      %6.2f  (<= 3)     %s"
          % (to_tar, verdict(to_tar <= 3)))
    print("    cores used               %6.2f  (both: >= 1.5)  %s"
          % (cores, verdict(cores >= 1.5)))
    print("    peak memory              %6.1f MB (<= 64)  %s"
          % (rss_mb, verdict(rss_mb <= 64)))
    print("    database bytes per row   %6.1f  (<= 40)    %s   (%.1f MiB)"
          % (per_row, verdict(per_row <= 40), size / 1048576.0))
    for name, nbytes in tables[:6]:
        print("      %-28s %6.1f bytes per row" % (name, nbytes / imported))
    if rows is not None and imported != rows:
        print("  warning: mediflux kept %d rows of %d" % (imported, rows))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except StepFailed as e:
        sys.exit("bench: %s" % e)
