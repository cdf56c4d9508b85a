# SPDX-License-Identifier: ISC
# mediflux ordonnance: a three-line prescription rendered at test time from text
# (tests/ocr/mkscan: cairo, DejaVu Sans) at 200 dpi, at 300 dpi speckled and turned
# 1.5 degrees, as a PDF, as a TIFF at 200 dpi speckled and turned, and as a JPEG,
# read with Tesseract and matched to the bundled sample database's BDPM: the exact
# presentations (CIP13), boxes and total left to pay without a mutuelle and with one
# at 100 %, in English and in French. Then the files it must refuse, each within
# `timeout 60`, naming the file, exit status 1: a text file, a truncated PNG, JPEG
# and TIFF, a PNG and a TIFF whose headers claim 20 000 x 20 000 pixels, a PDF of
# 3 000 pages and one with a 5 m page, a damaged PDF, one inflating to 900 MB and
# (make check-long) one drawn for minutes, a blank page, an English text, a
# missing file and a FIFO.
. "$top_srcdir/tests/lib.sh"

MKSCAN="$top_builddir/tests/ocr/mkscan"
if ! [ -f /usr/share/tesseract-ocr/5/tessdata/fra.traineddata ] && [ -z "${TESSDATA_PREFIX:-}" ]; then
	echo "1..0 # SKIP Tesseract's French model is not installed (Debian: tesseract-ocr-fra)"
	exit 0
fi
W="$TEST_TMP/w"
mkdir -p "$W"
DATE=2026-12-07

# ordo ARG...: mediflux ordonnance on the sample database, bounded in time.
ordo() {
	OUT=$(timeout 60 "$MEDIFLUX" --db "$REFDB" ordonnance --date "$DATE" "$@" 2>"$TEST_TMP/stderr")
	RC=$?
	ERR=$(cat "$TEST_TMP/stderr")
}

# The three lines, the heading and the instructions a doctor writes (the bench reads them too).
cp "$top_srcdir/tests/fixtures/ordonnance/three-lines.txt" "$W/rx.txt"
"$MKSCAN" -d 200 "$W/rx200.png" < "$W/rx.txt"
is "$?" 0 "the prescription renders at 200 dpi"
"$MKSCAN" -d 300 -r 1.5 -n 5 "$W/rx300.png" < "$W/rx.txt"
is "$?" 0 "and at 300 dpi, turned 1.5 degrees and speckled"
"$MKSCAN" "$W/rx.pdf" < "$W/rx.txt"
is "$?" 0 "and as a PDF"

MATCHES="Line  Medicine                                       CIP13          Match  Boxes
   1  EUPANTOL 40 mg, comprimé                       3400907973242   100%      1
   2  AMOXICILLINE SANDOZ 500 mg, gélule             3400905544673   100%      2
   3  LEVOTHYROXINE ALMUS 75 microgrammes, comprimé  3400907032147   100%      1"

# --- Without a mutuelle (the profile is empty). ---------------------------------------
ordo "$W/rx200.png"
is "$RC" 0 "a 200 dpi prescription is read"
is "$ERR" "" "and neither Tesseract nor leptonica says anything on stderr"
contains "$OUT" "Prescription $W/rx200.png: 3 medicines recognised; costs on $DATE without a mutuelle (none in your profile)" \
    "it says how many medicines and that no mutuelle is counted"
contains "$OUT" "without a mutuelle (none in your profile)
Prescribed on 2026-12-07
" "the prescription's day as read on the page: Poitiers, le 7 décembre 2026"
contains "$OUT" "$MATCHES" "each line is its presentation: EUPANTOL 40, AMOXICILLINE SANDOZ 500, LEVOTHYROXINE ALMUS 75"
# 8.61 x 65 % = 5.60, + 1.00 franchise: 4.01; two boxes of 3.55: 2 x (3.55 - 2.31 + 1.00);
# 4.37 - 2.84 + 1.00 = 2.53.
contains "$OUT" " Line   Base  Assurance Maladie  Mutuelle  Franchise  Left to pay
    1   8.61               5.60      0.00       1.00         4.01
    2   7.10               4.62      0.00       2.00         4.48
    3   4.37               2.84      0.00       1.00         2.53
Total  20.08              13.06      0.00       4.00        11.02" \
    "each line's boxes cost what the rules say, 11.02 left to pay in all"
contains "$OUT" '   instructions: "2 gélules matin et soir pendant 6 jours": 24 units, 2 boxes' \
    "the instructions become 24 gélules, two boxes of 12"
contains "$OUT" '   instructions: "1 cp le matin QSP 1 mois": 30 units, 1 box' "QSP 1 mois is 30 comprimés"
contains "$OUT" "   or: EUPANTOL 20 mg, comprimé (3400917107071, 70%)" "the runner-up is said with its score"
contains "$OUT" "SAMPLE DATA" "the sample database's figures are flagged"

ordo --json "$W/rx200.png"
is "$RC" 0 "--json reads it too"
is "$(printf '%s' "$OUT" | json "' '.join(l['match']['cip13'] for l in d['lines'] if l['status'] == 'matched')")" \
    "3400907973242 3400905544673 3400907032147" "--json: the three CIP13s, in the page's order"
is "$(printf '%s' "$OUT" | json "d['total']['left_to_pay_cents'], d['mutuelle_coverage_pct'], d['sample'], d['unmatched'], d['prescribed_on']")" \
    "1102 None True 0 2026-12-07" "--json: 11.02 left, no mutuelle, sample data, no unmatched line, the day read"
is "$(printf '%s' "$OUT" | json "[l['boxes'] for l in d['lines']], d['lines'][1]['units_needed'], d['lines'][0]['instructions']")" \
    "[1, 2, 1] 24 1 cp le soir pendant 14 jours" "--json: boxes, units and instructions as read"

# --- With a mutuelle covering 100 % of the base: the franchises alone are left. ------
"$MEDIFLUX" profile set mutuelle.coverage 100 >/dev/null
ordo --json "$W/rx200.png"
is "$(printf '%s' "$OUT" | json "d['total']['left_to_pay_cents'], d['total']['mutuelle_cents'], d['mutuelle_coverage_pct']")" \
    "400 702 100" "with a mutuelle at 100 %: 4.00 left (the franchises), 7.02 from the mutuelle"

ordo "$W/rx300.png"
is "$RC" 0 "the speckled, turned 300 dpi page is read"
contains "$OUT" "$MATCHES" "to the same three presentations"
contains "$OUT" "Total  20.08              13.06      7.02       4.00         4.00" \
    "and the same total, 4.00 left with the mutuelle"

ordo "$W/rx.pdf"
is "$RC" 0 "the PDF's page is rendered and read"
contains "$OUT" "$MATCHES" "to the same three presentations"
contains "$OUT" "Total  20.08              13.06      7.02       4.00         4.00" "and the same total"

"$MKSCAN" -d 200 -r 1.5 -n 5 "$W/rx200.tif" < "$W/rx.txt"
ordo "$W/rx200.tif"
is "$RC|$ERR" "0|" "a TIFF at 200 dpi, turned and speckled, is read through leptonica"
contains "$OUT" "$MATCHES" "to the same three presentations"
contains "$OUT" "Total  20.08              13.06      7.02       4.00         4.00" "and the same total"

# A JPEG at 300 dpi, through leptonica and libjpeg.
"$MKSCAN" -d 300 "$W/rx.jpg" < "$W/rx.txt"
ordo "$W/rx.jpg"
is "$RC|$ERR" "0|" "a JPEG at 300 dpi is read"
contains "$OUT" "$MATCHES" "to the same three presentations"

# --- Bad input: refused, naming the file, in bounded time. -----------------------------
# refused FILE MESSAGE WHAT: ordonnance FILE exits 1 with MESSAGE alone on stderr.
refused() {
	ordo "$1"
	is "$RC|$OUT|$ERR" "1||mediflux: $2" "$3"
}
refused "$W/rx.txt" "$W/rx.txt is not an image or a PDF (mediflux reads PNG, JPEG, TIFF and PDF files)" \
    "a text file is not an image"
head -c 3000 "$W/rx200.png" > "$W/cut.png"
refused "$W/cut.png" "$W/cut.png is a damaged or truncated image (it cannot be decoded)" \
    "a truncated PNG is refused before libpng complains"
# A PNG whose IHDR claims 20 000 x 20 000 pixels, 69 bytes: never allocated.
python3 - "$W/huge.png" <<'PY'
import struct, sys, zlib
def chunk(t, d):
    return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
ihdr = struct.pack('>IIBBBBB', 20000, 20000, 8, 0, 0, 0, 0)
open(sys.argv[1], 'wb').write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', ihdr)
    + chunk(b'IDAT', zlib.compress(b'\0' * 100)) + chunk(b'IEND', b''))
PY
refused "$W/huge.png" "$W/huge.png is an image of 20000 × 20000 pixels: more than mediflux reads (16000 pixels a side, 60 megapixels)" \
    "a 20 000 x 20 000 header is refused from its header"
head -c 20000 "$W/rx.jpg" > "$W/cut.jpg"
refused "$W/cut.jpg" "$W/cut.jpg is a damaged or truncated image (it cannot be decoded)" \
    "a truncated JPEG is refused, libjpeg's \"Premature end of JPEG file\" kept off stderr"
head -c 100000 "$W/rx200.tif" > "$W/cut.tif"
refused "$W/cut.tif" "$W/cut.tif is a damaged or truncated image (it cannot be decoded)" \
    "a truncated TIFF is refused, libtiff's own words kept off stderr"
# The TIFF's IFD made to claim 20 000 x 20 000 pixels, its first 4 kB kept.
python3 - "$W/rx200.tif" "$W/huge.tif" <<'PY'
import struct, sys
b = bytearray(open(sys.argv[1], 'rb').read()[:4096])
struct.pack_into('<I', b, 18, 20000)
struct.pack_into('<I', b, 30, 20000)
open(sys.argv[2], 'wb').write(b)
PY
refused "$W/huge.tif" "$W/huge.tif is an image of 20000 × 20000 pixels: more than mediflux reads (16000 pixels a side, 60 megapixels)" \
    "a TIFF claiming 20 000 x 20 000 is refused from its header, before decoding"
# PDFs made by hand: 3 000 pages (300 kB), and one page of 14 400 x 14 400 points.
# pdf.py: writes a PDF of the given objects, their offsets in its xref.
cat > "$TEST_TMP/pdf.py" <<'PY'
def pdf(objs, path):
    out, offs = b'%PDF-1.4\n', []
    for i, o in enumerate(objs, 1):
        offs.append(len(out))
        out += b'%d 0 obj\n' % i + o + b'\nendobj\n'
    xref = len(out)
    out += b'xref\n0 %d\n0000000000 65535 f \n' % (len(objs) + 1)
    out += b''.join(b'%010d 00000 n \n' % o for o in offs)
    out += b'trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n' % (len(objs) + 1, xref)
    open(path, 'wb').write(out)
def stream(d, data):
    return d[:-2] + b' /Length %d >>\nstream\n' % len(data) + data + b'\nendstream'
PY
PYTHONPATH="$TEST_TMP" python3 - "$W" <<'PY'
import sys
from pdf import pdf
n = 3000
kids = b' '.join(b'%d 0 R' % (i + 3) for i in range(n))
pdf([b'<< /Type /Catalog /Pages 2 0 R >>', b'<< /Type /Pages /Kids [' + kids + b'] /Count %d >>' % n]
    + [b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>'] * n, sys.argv[1] + '/pages.pdf')
pdf([b'<< /Type /Catalog /Pages 2 0 R >>', b'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 14400 14400] >>'], sys.argv[1] + '/huge.pdf')
PY
refused "$W/pages.pdf" "$W/pages.pdf is a PDF of 3000 pages: a prescription has at most 10" \
    "a PDF of 3 000 pages is refused by its page count"
refused "$W/huge.pdf" "page 1 of $W/huge.pdf is too large to read (14400 × 14400 points; at most 16000 pixels a side and 60 megapixels at 300 dpi)" \
    "a page of 5 m is refused before a surface is made for it"
# Made by hand too: an image of 30 000 x 30 000 grey pixels inflating from 900 kB
# to 900 MB, and (in the long run only) a page of 20 000 full-page fills, 2 kB that
# take minutes to draw. Poppler works on them in a child of bounded memory and
# time: the one answers within bounds, the other is given up at the deadline.
PYTHONPATH="$TEST_TMP" python3 - "$W" <<'PY'
import sys, zlib
from pdf import pdf, stream
def page(path, resources, content, extra=[]):
    pdf([b'<< /Type /Catalog /Pages 2 0 R >>', b'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
         b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << ' + resources
         + b' >> /Contents 4 0 R >>', stream(b'<< /Filter /FlateDecode >>', zlib.compress(content))]
        + extra, path)
side, c = 30000, zlib.compressobj(9)
img = b''.join(c.compress(bytes(side)) for _ in range(side)) + c.flush()
page(sys.argv[1] + '/inflating.pdf', b'/XObject << /I 5 0 R >>', b'q 595 0 0 842 0 0 cm /I Do Q',
     [stream(b'<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray'
             b' /BitsPerComponent 8 /Filter /FlateDecode >>' % (side, side), img)])
page(sys.argv[1] + '/slow.pdf', b'', b'0 0 m 595 842 l 595 0 l h f\n' * 20000)
PY
# A sanitizer reserves terabytes of address space up front, so its build sets no
# RLIMIT_AS on the child; the sanitizer's own bound on one allocation stands in
# for it here (its warning when it refuses one is dropped), else the child holds
# the image whole (4 GB) and takes tens of seconds on a loaded machine.
BOUND=
if [ "${MEDIFLUX_SANITIZED:-no}" = yes ]; then
	BOUND="${ASAN_OPTIONS:+$ASAN_OPTIONS:}max_allocation_size_mb=1024:allocator_may_return_null=1"
fi
python3 - "$W/inflating.pdf" "$TEST_TMP/peak" "$BOUND" "$MEDIFLUX" --db "$REFDB" ordonnance "$W/inflating.pdf" \
    > /dev/null 2> "$TEST_TMP/stderr" <<'PY'
import os, resource, subprocess, sys
env = dict(os.environ)
if sys.argv[3]:
    env['ASAN_OPTIONS'] = sys.argv[3]
rc = subprocess.call(['timeout', '60'] + sys.argv[4:], env=env)
open(sys.argv[2], 'w').write('%d %d' % (rc, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
PY
read -r RC PEAK < "$TEST_TMP/peak"
is "$RC|$(grep -v '^==[0-9]*==WARNING: AddressSanitizer failed to allocate' "$TEST_TMP/stderr")" \
    "1|mediflux: no text found in $W/inflating.pdf: a blank page, or writing too faint or too small to read" \
    "an image inflating to 900 MB: answered, its page blank"
ok "and the renderer's memory stayed bounded (${PEAK} KiB)" test "$PEAK" -lt 1100000
if [ -n "${MEDIFLUX_TEST_LONG:-}" ]; then
	t0=$(date +%s)
	refused "$W/slow.pdf" "$W/slow.pdf took more than 30 seconds to render: given up" \
	    "a page that would take minutes to draw is given up at the deadline"
	ok "within the deadline ($(( $(date +%s) - t0 )) s)" test $(( $(date +%s) - t0 )) -lt 45
	is "$(ps -eo comm=,args= | awk '$1 == "mediflux" && /slow\.pdf/' | wc -l)" 0 \
	    "and its renderer is gone"
else
	for i in 1 2 3; do
		skip "a page drawn for 30 seconds: make check-long"
	done
fi
printf '%%PDF-1.4\nnothing else\n' > "$W/junk.pdf"
refused "$W/junk.pdf" "$W/junk.pdf is a damaged PDF, or one protected by a password" \
    "a PDF that poppler cannot open is said damaged"
"$MKSCAN" -d 200 "$W/blank.png" < /dev/null
refused "$W/blank.png" "no text found in $W/blank.png: a blank page, or writing too faint or too small to read" \
    "a blank page has no text"
printf '%s\n' "The quick brown fox jumps over the lazy dog." \
    "Please remember to buy milk and bread tomorrow." | "$MKSCAN" -d 200 "$W/english.png"
refused "$W/english.png" "no medicine found in $W/english.png (2 lines of text read, none a medicine of the BDPM)" \
    "an English text is read, and holds no medicine"
refused "$W/none.png" "cannot open $W/none.png: No such file or directory" "a missing file is said so"
mkfifo "$W/fifo.png"
refused "$W/fifo.png" "$W/fifo.png is not a regular file" "a FIFO is refused, not waited on"

# A line that names no medicine is listed as such, the others still matched.
printf '%s\n' "EUPANTOL 40 mg, comprimé" "1 cp le soir pendant 14 jours" \
    "Kinésithérapie 10 séances" | "$MKSCAN" -d 200 "$W/mixed.png"
ordo "$W/mixed.png"
is "$RC" 0 "a page with a medicine and another line is read"
contains "$OUT" 'Lines not recognised as a medicine:
2. "Kinésithérapie 10 séances"' "the line that is no medicine is listed as such"
is "$(printf '%s\n' "$OUT" | grep -c '^Prescribed on')" 0 "a page without a day says none"

# In French: the same reading, the words and numbers in French.
OUT=$(LC_ALL=fr_FR.UTF-8 timeout 60 "$MEDIFLUX" --db "$REFDB" ordonnance --date "$DATE" "$W/rx200.png" 2>&1)
contains "$OUT" "Ordonnance $W/rx200.png : 3 médicaments reconnus ; coûts au $DATE avec une mutuelle couvrant 100 % de la base" \
    "in French, the title says how many medicines and the mutuelle"
contains "$OUT" "de la base
Prescrite le 2026-12-07
" "and the day read on the page"
contains "$OUT" "Ligne   Base  Assurance Maladie  Mutuelle  Franchise  Reste à payer" "the costs' headings in French"
contains "$OUT" "Total  20,08              13,06      7,02       4,00           4,00" "the total with French decimals"
contains "$OUT" '   posologie « 2 gélules matin et soir pendant 6 jours » : 24 unités, 2 boîtes' \
    "the instructions' count in French"
OUT=$(LC_ALL=fr_FR.UTF-8 "$MEDIFLUX" --db "$REFDB" ordonnance "$W/rx.txt" 2>&1)
is "$OUT" "mediflux : $W/rx.txt n'est ni une image ni un PDF (mediflux lit les fichiers PNG, JPEG, TIFF et PDF)" \
    "a refusal in French"

run ordonnance
is "$RC" 2 "ordonnance without a file is a usage error"
done_testing
