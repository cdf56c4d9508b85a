# SPDX-License-Identifier: ISC
# A published Open Medic file lists each product's rows together. The import then
# finishes each product as its rows end: its cells summed by ATC chain and rolled up as
# the products' level, then forgotten; it reads back each run of facts written while the
# reader's thread is behind. When a product's rows come back after another's, the cells
# of the products finished are summed again from the facts stored, and the year is
# finished as a whole after reading. The same rows in three orders (the sample year's,
# in products; shuffled; one product cut in two, its first half moved to the end) must
# give the same totals and the same packed cells, byte for byte, and a year that health
# finds whole.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/import_lib.sh"

SAMPLE_ZIP="$top_builddir/data/sample/OPEN_MEDIC_2024.zip"
# Rows taken from the sample year: some 600 products, a few seconds under valgrind.
NROWS=30000

# om_orders DIR: DIR/{grouped,shuffled,cut}/OPEN_MEDIC_2024.CSV from the sample's
# first NROWS rows; prints the number of distinct CIP13s and the product cut.
om_orders() {
	python3 - "$SAMPLE_ZIP" "$1" "$NROWS" <<'PY'
import os, random, sys, zipfile
zpath, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
z = zipfile.ZipFile(zpath)
data = z.read(z.namelist()[0])
lines = data.split(b"\r\n")
header, rows = lines[0], [l for l in lines[1:n + 1] if l]
header_fields = header.split(b";")
cip = header_fields.index(b"CIP13")
products = []
for r in rows:
    c = r.split(b";")[cip]
    if not products or products[-1] != c:
        products.append(c)
# Each product's rows together in the sample, as published.
assert len(products) == len(set(products)), "the sample's products are not grouped"
shuffled = rows[:]
random.Random(7).shuffle(shuffled)
# The product with most rows, its first half moved after every other row.
counts = {}
for r in rows:
    c = r.split(b";")[cip]
    counts[c] = counts.get(c, 0) + 1
big = max(products, key=lambda c: (counts[c], c))
mine = [r for r in rows if r.split(b";")[cip] == big]
first = mine[:len(mine) // 2]
cut = [r for r in rows if r not in set(first)] + first
for name, body in (("grouped", rows), ("shuffled", shuffled), ("cut", cut)):
    os.makedirs(os.path.join(out, name))
    with open(os.path.join(out, name, "OPEN_MEDIC_2024.CSV"), "wb") as f:
        f.write(b"".join(l + b"\r\n" for l in [header] + body))
print(len(products), big.decode(), len(first))
PY
}

# cells DB: every roll-up of med_total and every packed cell of med_cell, in one order.
cells() {
	q "$1" "SELECT 't', level, region, age, sex, prescriber, code, rows, boxes,
	    reimbursed_cents, base_cents FROM med_total ORDER BY level, region, age,
	    sex, prescriber, code"
	q "$1" "SELECT 'c', level, code, hex(cells) FROM med_cell ORDER BY level, code"
}

# totals DB: the control totals the import stored.
totals() {
	q "$1" "SELECT control_totals FROM dataset WHERE kind = 'openmedic'"
}

set -- $(om_orders "$TEST_TMP")
NPRODUCTS=$1 CUT=$2 MOVED=$3
ok "the sample's first $NROWS rows hold products (here $NPRODUCTS)" \
    test "${NPRODUCTS:-0}" -gt 100
ok "and one of them has rows to move ($MOVED of $CUT's)" test "${MOVED:-0}" -gt 10

for order in grouped shuffled cut; do
	import_into "$TEST_TMP/$order.db" --quiet "$TEST_TMP/$order/OPEN_MEDIC_2024.CSV"
	is "$RC:$ERR" "0:" "$order: the rows import"
	run --db "$TEST_TMP/$order.db" health
	is "$RC" 0 "$order: health finds every aggregate adding up"
done

DB="$TEST_TMP/grouped.db"
is "$(q "$DB" "SELECT count(*) FROM med_fact")" "$NROWS" "grouped: every row kept"
is "$(q "$DB" "SELECT count(*) FROM med_cell WHERE level = 6")" "$NPRODUCTS" \
    "grouped: a packed BLOB for each product"
is "$(q "$DB" "SELECT count(*) FROM med_total WHERE level = 6 AND region = -2
    AND age = -2 AND sex = -2 AND prescriber = -2")" "$NPRODUCTS" \
    "grouped: an all-France total for each product"
is "$(q "$DB" "SELECT sum(rows) FROM med_total WHERE level = 1 AND region = -2
    AND age = -2 AND sex = -2 AND prescriber = -2")" "$NROWS" \
    "grouped: the ATC level 1 totals add up to the rows"

GROUPED=$(cells "$DB")
for order in shuffled cut; do
	ok "$order: the same roll-ups and packed cells as in products" \
	    test "$(cells "$TEST_TMP/$order.db")" = "$GROUPED"
	is "$(totals "$TEST_TMP/$order.db")" "$(totals "$DB")" \
	    "$order: the same control totals"
done

done_testing
