# SPDX-License-Identifier: ISC
# Hostile archives: compression bombs (zip, 7z, gzip), names outside the archive,
# links, devices, FIFOs and sockets, escape sequences in entry names. Each is
# refused with its exact message, exit status 1, the target byte-identical, no
# temporary file, bounded memory; a bomb is stopped after 64 MiB of output.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/import_lib.sh"
. "$top_srcdir/tests/cli/hostile_lib.sh"

OM="$FIX/openmedic/OPEN_MEDIC_2022.CSV"
hostile_target

BOMB="expands more than 200 times: not a file as published (a compression bomb?)"
GIB=$((1024 * 1024 * 1024))

# bomb_line: the line the last bomb was stopped at, from its message.
bomb_line() {
	printf '%s' "$ERR" | sed -n 's/.*: line \([0-9]*\): expands.*/\1/p'
}

# --- Bombs: 2 GiB of Open Medic rows (each row 201 bytes), read as a table. ------
python3 "$BOMBS" zip "$W/bomb.zip" OPEN_MEDIC_2022.CSV $((2 * GIB))
python3 "$BOMBS" 7z "$W/bomb.7z" OPEN_MEDIC_2022.CSV $((2 * GIB))
python3 "$BOMBS" gzip "$W/OPEN_MEDIC_2022.CSV.gz" x $((2 * GIB))
is "$(bsdtar -tvf "$W/bomb.7z" | awk '{print $5, $NF}')" "2147361722 OPEN_MEDIC_2022.CSV" \
    "bsdtar reads the 7z bomb: one entry of 2 GiB"
is "$(bsdtar -tvf "$W/bomb.zip" | awk '{print $5, $NF}')" "2147361722 OPEN_MEDIC_2022.CSV" \
    "and the zip bomb"
ok "each bomb file is under 9 MB" test "$(cat "$W/bomb.zip" "$W/bomb.7z" "$W/OPEN_MEDIC_2022.CSV.gz" | wc -c)" -lt 27000000

for f in bomb.zip bomb.7z; do
	refused "a $f of 2 GiB of rows" "~$W/$f: OPEN_MEDIC_2022.CSV: line [0-9]*: $BOMB" "$DB" "$W/$f"
	line=$(bomb_line)
	ok "$f is stopped within the first 100 MiB (line $line of 10 683 392)" \
	    test "${line:-99999999}" -lt 520000
done
refused "a gzip of 2 GiB of rows" "~$W/OPEN_MEDIC_2022.CSV.gz: line [0-9]*: $BOMB" "$DB" "$W/OPEN_MEDIC_2022.CSV.gz"
line=$(bomb_line)
ok "the gzip bomb is stopped within the first 100 MiB (line $line)" test "${line:-99999999}" -lt 520000

# --- Bombs of zeros in entries nobody reads (skipped, yet expanded by a solid 7z). ---
python3 "$BOMBS" zip "$W/zeros.zip" "Documentation/junk.sas7bdat" $((2 * GIB)) zeros
python3 "$BOMBS" 7z "$W/zeros.7z" "Documentation/junk.sas7bdat" $((2 * GIB)) zeros
for f in zeros.zip zeros.7z; do
	refused "a $f of 2 GiB in a skipped entry" "$W/$f: Documentation/junk.sas7bdat: $BOMB" "$DB" "$W/$f"
done
# Zeros read as a table: a NUL byte at once.
python3 "$BOMBS" zip "$W/zeros-table.zip" OPEN_MEDIC_2022.CSV $((2 * GIB)) zeros
refused "a zip of 2 GiB of zeros as a table" \
    "$W/zeros-table.zip: OPEN_MEDIC_2022.CSV: line 1: a NUL byte: binary data, not a CSV file" \
    "$DB" "$W/zeros-table.zip"
# A real sample archive (14 times) passes the limit: imported whole.
import_into "$TEST_TMP/sample.db" --quiet "$top_builddir/data/sample/OPEN_MEDIC_2024.zip"
is "$RC" 0 "the sample OPEN_MEDIC_2024.zip (25 MB, 14.2 times) imports"

# --- Names outside the archive (libarchive shows a DOS zip's '..\' as '../'). ------------
cp "$OM" "$W/"
bsdtar --format zip -cf "$W/up.zip" -P -s ',^,../,' -C "$W" OPEN_MEDIC_2022.CSV
bsdtar --format pax -cf "$W/abs.tar" -P -s ',^,/tmp/,' -C "$W" OPEN_MEDIC_2022.CSV
bsdtar --format 7zip -cf "$W/up.7z" -P -s ',^,../../,' -C "$W" OPEN_MEDIC_2022.CSV
python3 - "$OM" "$W" <<'PY'
import sys, zipfile
data = open(sys.argv[1], 'rb').read()
for out, name in (('mid.zip', 'data/../../OPEN_MEDIC_2022.CSV'),
                  ('back.zip', '..\\OPEN_MEDIC_2022.CSV')):
    with zipfile.ZipFile(sys.argv[2] + '/' + out, 'w') as z:
        z.writestr(zipfile.ZipInfo(name), data)
PY
for c in "up.zip:../OPEN_MEDIC_2022.CSV" "abs.tar:/tmp/OPEN_MEDIC_2022.CSV" \
    "up.7z:../../OPEN_MEDIC_2022.CSV" "mid.zip:data/../../OPEN_MEDIC_2022.CSV" \
    "back.zip:../OPEN_MEDIC_2022.CSV"; do
	f=${c%%:*}
	name=${c#*:}
	refused "$f, an entry named $name" \
	    "$W/$f: entry '$name': a name outside the archive (absolute or with '..'): refused" \
	    "$DB" "$W/$f"
done

# --- Links, devices, FIFOs and sockets, after a good entry. -------------------------------
python3 - "$OM" "$W" <<'PY'
import io, sys, tarfile, zipfile
data = open(sys.argv[1], 'rb').read()
w = sys.argv[2]
def tar(out, name, kind, **attrs):
    with tarfile.open(w + '/' + out, 'w', format=tarfile.PAX_FORMAT) as t:
        ti = tarfile.TarInfo('OPEN_MEDIC_2022.CSV')
        ti.size = len(data)
        t.addfile(ti, io.BytesIO(data))
        ti = tarfile.TarInfo(name)
        ti.type = kind
        for k, v in attrs.items():
            setattr(ti, k, v)
        t.addfile(ti)
tar('sym.tar', 'link.csv', tarfile.SYMTYPE, linkname='/etc/shadow')
tar('hard.tar', 'again.csv', tarfile.LNKTYPE, linkname='OPEN_MEDIC_2022.CSV')
tar('chr.tar', 'null.csv', tarfile.CHRTYPE, devmajor=1, devminor=3)
tar('blk.tar', 'sda.csv', tarfile.BLKTYPE, devmajor=8, devminor=0)
tar('fifo.tar', 'pipe.csv', tarfile.FIFOTYPE)
def zip_(out, name, mode, content=b''):
    with zipfile.ZipFile(w + '/' + out, 'w') as z:
        z.writestr('OPEN_MEDIC_2022.CSV', data)
        zi = zipfile.ZipInfo(name)
        zi.create_system = 3
        zi.external_attr = mode << 16
        z.writestr(zi, content)
zip_('sym.zip', 'link.csv', 0o120777, b'/etc/shadow')
zip_('sock.zip', 'sock.csv', 0o140644)
zip_('chr.zip', 'null.csv', 0o020644)
zip_('blk.zip', 'sda.csv', 0o060644)
zip_('fifo.zip', 'pipe.csv', 0o010644)
zip_('esc.zip', 'evil\x1b[31m\x1b]0;owned\x07.csv', 0o120777, b'/etc/shadow')
with zipfile.ZipFile(w + '/dir.zip', 'w') as z:
    z.writestr(zipfile.ZipInfo('Open Medic/'), b'')
    z.writestr('Open Medic/OPEN_MEDIC_2022.CSV', data)
PY
for c in "sym.tar:link.csv:a symbolic link" "hard.tar:again.csv:a hard link" \
    "chr.tar:null.csv:a character device" "blk.tar:sda.csv:a block device" \
    "fifo.tar:pipe.csv:a FIFO (named pipe)" "sym.zip:link.csv:a symbolic link" \
    "sock.zip:sock.csv:a socket" "chr.zip:null.csv:a character device" \
    "blk.zip:sda.csv:a block device"; do
	f=${c%%:*}
	rest=${c#*:}
	name=${rest%%:*}
	type=${rest#*:}
	refused "$f, $type" "$W/$f: entry '$name': $type: not a file as published, refused" \
	    "$DB" "$W/$f"
done
# libarchive reads a FIFO in a zip as an empty regular file: refused as empty.
refused "fifo.zip, a FIFO in a zip" "~*fifo.zip*pipe.csv*" "$DB" "$W/fifo.zip"
# Directories are in real zips: skipped without a word.
import_into "$TEST_TMP/dir.db" --quiet "$W/dir.zip"
is "$RC:$ERR" "0:" "a zip with a directory entry imports, silently"

# --- Escape sequences in names are shown harmlessly. ---------------------------------------
refused "an entry name with escape sequences" \
    "$W/esc.zip: entry 'evil[31m]0;owned.csv': a symbolic link: not a file as published, refused" \
    "$DB" "$W/esc.zip"
esc=$(printf '%s/OPEN\033[2J\033]0;x\007.zip' "$W")
cp "$W/sym.zip" "$esc"
refused "a file name with escape sequences" \
    "$W/OPEN[2J]0;x.zip: entry 'link.csv': a symbolic link: not a file as published, refused" \
    "$DB" "$esc"

report_inputs
done_testing
