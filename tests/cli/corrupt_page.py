# SPDX-License-Identifier: ISC
"""Damages a SQLite file the way a bad disk would, for the tests of what a
command does when SQLite answers an error in the middle of a loop.

corrupt_page.py DB TABLE...: overwrites the root page of each TABLE (and of
its indexes) with bytes no b-tree page begins with, read-only access through
Python's sqlite3 module to find them; the schema (page 1) stays readable, so
the file opens and statements prepare: the error comes when a step reads it.
"""
import sqlite3
import sys

path, tables = sys.argv[1], sys.argv[2:]
con = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
size = con.execute("PRAGMA page_size").fetchone()[0]
pages = set()
for table in tables:
    rows = con.execute("SELECT rootpage FROM sqlite_schema WHERE tbl_name = ?"
                       " AND rootpage > 1", (table,)).fetchall()
    if not rows:
        sys.exit("corrupt_page.py: %s: no table %s" % (path, table))
    pages.update(r[0] for r in rows)
con.close()
with open(path, "r+b") as f:
    for page in sorted(pages):
        f.seek((page - 1) * size)
        f.write(b"\xff" * size)
