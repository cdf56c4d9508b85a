#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Runs one command and records its wall-clock time and peak memory.

    measure.py --result FILE [--stdin FILE] -- COMMAND [ARG...]

FILE receives one line "wall_seconds max_rss_kib exit_status". This process
starts no other child, so RUSAGE_CHILDREN's ru_maxrss (KiB on Linux) is the
command's own peak resident set (or its largest waited-for descendant's).
The command's output goes where this script's goes; the exit status is the
command's.
"""

import resource
import subprocess
import sys
import time


def main(argv):
    result = None
    stdin_path = None
    args = argv[1:]
    while args and args[0] != "--":
        if args[0] == "--result" and len(args) > 1:
            result = args[1]
            args = args[2:]
        elif args[0] == "--stdin" and len(args) > 1:
            stdin_path = args[1]
            args = args[2:]
        else:
            sys.stderr.write("measure.py: unknown option %s\n" % args[0])
            return 2
    if result is None or len(args) < 2:
        sys.stderr.write("usage: measure.py --result FILE [--stdin FILE] -- COMMAND...\n")
        return 2
    command = args[1:]
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    start = time.monotonic()
    try:
        status = subprocess.call(command, stdin=stdin)
    except OSError as e:
        sys.stderr.write("measure.py: %s: %s\n" % (command[0], e))
        status = 127
    wall = time.monotonic() - start
    if stdin_path:
        stdin.close()
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    with open(result, "w") as f:
        f.write("%.3f %d %d\n" % (wall, rss, status))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
