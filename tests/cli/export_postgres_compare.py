#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Compares every value of tables in PostgreSQL with the SQLite database they came from.

Usage: export_postgres_compare.py SQLITE_DB TABLE [SOURCE REFDB_SQL] -- PSQL_COMMAND...

With SOURCE and REFDB_SQL, SQLite's rows are SOURCE's as tests/refdb_sql
prints them (it reads mediflux's packed tables as rows: med_fact, or
med_total_all for med_total), fields split at '|' (integers and codes).

PSQL_COMMAND is how to run psql against the loaded database (it gets -A -t
and -c added). Prints one line: "same N rows" or what differs first, and
exits 0 only when both sides hold the same rows (as multisets: order is not
part of a table). Values are compared exactly: integers as integers, doubles
by their IEEE bits, text by its bytes, blobs by their hex.
"""
import decimal
import sqlite3
import struct
import subprocess
import sys

NULL = '\x1d'
FIELD = '\x1f'
RECORD = '\x1e'


def canon(pgtype, v):
    """A comparable form of a value, the same for both sides when they agree."""
    if v is None:
        return ('null',)
    if pgtype == 'bigint':
        return ('int', str(int(v)))
    if pgtype == 'double precision':
        return ('double', struct.pack('>d', float(v)).hex())
    if pgtype == 'numeric':
        return ('numeric', str(decimal.Decimal(repr(v) if isinstance(v, float)
                                               else str(v)).normalize()))
    if pgtype == 'bytea':
        if isinstance(v, str):
            # psql prints bytea as \x followed by hex.
            return ('bytea', v[2:] if v.startswith('\\x') else v.encode().hex())
        return ('bytea', bytes(v).hex())
    return ('text', v if isinstance(v, str) else str(v))


def main():
    sep = sys.argv.index('--')
    dbpath, table = sys.argv[1], sys.argv[2]
    source, refdb_sql = (sys.argv[3], sys.argv[4]) if sep == 5 else (None, None)
    psql = sys.argv[sep + 1:]
    quoted = '"' + table.replace('"', '""') + '"'

    def pg(sql):
        out = subprocess.run(psql + ['-A', '-t', '-F', FIELD, '-R', RECORD,
                                     '-P', 'null=' + NULL, '-c', sql],
                             check=True, stdout=subprocess.PIPE).stdout
        text = out.decode('utf-8')
        if text.endswith('\n'):
            text = text[:-1]
        return [r.split(FIELD) for r in text.split(RECORD)] if text else []

    cols = pg("SELECT column_name, data_type FROM information_schema.columns"
              " WHERE table_schema = 'mediflux' AND table_name = '%s'"
              " ORDER BY ordinal_position" % table.replace("'", "''"))
    names = [c[0] for c in cols]
    types = [c[1] for c in cols]
    select = ', '.join('"' + n.replace('"', '""') + '"' for n in names)

    if source is not None:
        out = subprocess.run([refdb_sql, dbpath, 'SELECT %s FROM %s'
                              % (select, source)], check=True,
                             stdout=subprocess.PIPE).stdout.decode('utf-8')
        read = [[None if v == 'NULL' else v for v in line.split('|')]
                for line in out.splitlines()]
    else:
        db = sqlite3.connect('file:%s?mode=ro' % dbpath, uri=True)
        db.text_factory = lambda b: b.decode('utf-8')
        read = db.execute('SELECT %s FROM %s' % (select, quoted))
    lite = sorted(tuple(canon(t, v) for t, v in zip(types, row))
                  for row in read)
    # Text as PostgreSQL prints it (doubles: the shortest exact form); bytea as hex.
    pgsel = ', '.join(
        ('"%s"::text' if t != 'bytea' else "'\\x' || encode(\"%s\", 'hex')")
        % n.replace('"', '""') for n, t in zip(names, types))
    rows = pg('SELECT %s FROM mediflux.%s'
              % (pgsel, quoted))
    post = sorted(tuple(canon(t, None if v == NULL else v)
                        for t, v in zip(types, row)) for row in rows)
    if len(lite) != len(post):
        print('%s: %d rows in SQLite, %d in PostgreSQL'
              % (table, len(lite), len(post)))
        return 1
    for a, b in zip(lite, post):
        if a != b:
            print('%s: first difference: SQLite %r, PostgreSQL %r'
                  % (table, a, b))
            return 1
    print('same %d rows' % len(lite))
    return 0


if __name__ == '__main__':
    sys.exit(main())
