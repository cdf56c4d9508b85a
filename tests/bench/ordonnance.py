#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""make bench: the time mediflux ordonnance takes per page.

    ordonnance.py --mediflux PATH --mkscan PATH --db DB --work DIR
        --prescription TEXT [--samples N]

Renders the three-line prescription of tests/fixtures/ordonnance (tests/ocr/mkscan)
at 200 dpi, at 300 dpi speckled and turned 1.5 degrees, and as a PDF, then
times N runs of `mediflux ordonnance --json` on each, output to /dev/null,
and prints the p50 and p99 per page: reading the file, Tesseract's French
model loaded and run, the matching against the BDPM and the costs. The
floor, timed the same way: `mediflux --version`.
"""
import argparse
import os
import statistics
import subprocess
import sys
import time



def timed(argv, env):
    start = time.monotonic()
    rc = subprocess.call(argv, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, env=env)
    took = (time.monotonic() - start) * 1000
    if rc != 0:
        sys.exit("bench: %s exited %d" % (" ".join(argv), rc))
    return took


def p99(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.99 * (len(ordered) - 1))))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mediflux", required=True)
    ap.add_argument("--mkscan", required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--prescription", required=True)
    ap.add_argument("--samples", type=int, default=10)
    args = ap.parse_args()
    # Absolute: a relative HOME or XDG_DATA_HOME is no place for a user database.
    work = os.path.abspath(os.path.join(args.work, "ordonnance"))
    os.makedirs(work, exist_ok=True)
    os.makedirs(os.path.join(work, "home"), mode=0o700, exist_ok=True)
    env = dict(os.environ, LC_ALL="C.UTF-8", HOME=os.path.join(work, "home"),
               XDG_DATA_HOME=os.path.join(work, "home"))
    with open(args.prescription, "rb") as f:
        prescription = f.read()
    pages = [("200 dpi", "rx200.png", ["-d", "200"]),
             ("300 dpi, speckled, turned 1.5 deg", "rx300.png",
              ["-d", "300", "-r", "1.5", "-n", "5"]),
             ("PDF, rendered at 300 dpi", "rx.pdf", [])]
    for _, name, opts in pages:
        subprocess.run([args.mkscan] + opts + [os.path.join(work, name)],
                       input=prescription, check=True)
    print("mediflux ordonnance, %d runs each (ms per page)" % args.samples)
    floor = [timed([args.mediflux, "--version"], env) for _ in range(args.samples)]
    print("  %-36s p50 %8.1f  p99 %8.1f" % ("floor: mediflux --version",
          statistics.median(floor), p99(floor)))
    for label, name, _ in pages:
        argv = [args.mediflux, "--db", args.db, "ordonnance", "--json",
                os.path.join(work, name)]
        runs = [timed(argv, env) for _ in range(args.samples)]
        print("  %-36s p50 %8.1f  p99 %8.1f" % (label, statistics.median(runs),
              p99(runs)))


if __name__ == "__main__":
    main()
