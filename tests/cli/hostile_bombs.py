#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Writes compression bombs for tests/cli/hostile_archives.sh, in seconds.

    hostile_bombs.py zip|gzip|7z OUT NAME SIZE [text|zeros]

One entry NAME (zip, 7z) of SIZE bytes: the Open Medic header then one row
over and over (text), or zeros. A chunk is compressed once and its bytes
repeated: deflate after a full flush, and LZMA2 chunks that reset their
dictionary, are the same bytes for the same input wherever they fall, so the
archive is exactly what a compressor would write, without the minutes.
"""
import lzma
import struct
import sys
import zlib

HEADER = (b'ATC1;l_ATC1;ATC2;L_ATC2;ATC3;L_ATC3;ATC4;L_ATC4;ATC5;L_ATC5;CIP13;'
          b'l_cip13;TOP_GEN;GEN_NUM;AGE;SEXE;BEN_REG;PSP_SPE;REM;BSE;BOITES\r\n')
ROW = (b'B;SANG ET ORGANES HEMATOPOIETIQUES;B01;ANTITHROMBOTIQUES;B01A;'
       b'ANTITHROMBOTIQUES;B01AF;INHIBITEURS DIRECTS DU FACTEUR XA;B01AF02;'
       b'APIXABAN;3400927731640;ELIQUIS 5MG CPR 60;0;0;65;2;84;1;135,06;'
       b'135,06;2\r\n')
CHUNK = 2 * 1024 * 1024


def chunks(size, kind):
    """The content as (bytes, count) runs of whole rows: a head, then one chunk repeated."""
    if kind == 'zeros':
        unit = bytes(CHUNK)
        runs = [(unit, max(1, size // CHUNK))]
    else:
        unit = ROW * (CHUNK // len(ROW))
        runs = [(HEADER + unit[len(ROW):], 1), (unit, max(0, size // len(unit) - 1))]
    return runs, sum(len(data) * count for data, count in runs)


def crc_of(runs):
    crc = 0
    for data, count in runs:
        for _ in range(count):
            crc = zlib.crc32(data, crc)
    return crc


def deflate_block(data):
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush(zlib.Z_FULL_FLUSH)


def deflate_end():
    return zlib.compressobj(9, zlib.DEFLATED, -15).flush(zlib.Z_FINISH)


def write_deflate(f, runs):
    n = 0
    for data, count in runs:
        block = deflate_block(data)
        for _ in range(count):
            f.write(block)
            n += len(block)
    end = deflate_end()
    f.write(end)
    return n + len(end)


def make_gzip(out, runs, size):
    with open(out, 'wb') as f:
        f.write(b'\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff')
        write_deflate(f, runs)
        f.write(struct.pack('<II', crc_of(runs), size & 0xffffffff))


def make_zip(out, name, runs, size):
    name = name.encode()
    crc = crc_of(runs)
    with open(out, 'wb') as f:
        f.write(struct.pack('<IHHHHHIIIHH', 0x04034b50, 20, 0, 8, 0, 0, crc,
                            0, 0, len(name), 0) + name)
        start = f.tell()
        csize = write_deflate(f, runs)
        assert f.tell() - start == csize
        # The sizes, now known, go back into the local header.
        f.seek(18)
        f.write(struct.pack('<II', csize, size))
        f.seek(0, 2)
        cd = f.tell()
        f.write(struct.pack('<IHHHHHHIIIHHHHHII', 0x02014b50, 0x031e, 20, 0,
                            8, 0, 0, crc, csize, size, len(name), 0, 0, 0, 0,
                            0o100644 << 16, 0) + name)
        cdsize = f.tell() - cd
        f.write(struct.pack('<IHHHHIIH', 0x06054b50, 0, 0, 1, 1, cdsize, cd, 0))


def number(n):
    """A 7z NUMBER: the leading one bits of the first byte count the bytes after it."""
    for i in range(8):
        if n < 1 << (7 * (i + 1)):
            first = ((0xff << (8 - i)) & 0xff) | (n >> (8 * i))
            return bytes([first]) + (n & ((1 << (8 * i)) - 1)).to_bytes(i, 'little')
    return b'\xff' + n.to_bytes(8, 'little')


def lzma2_chunk(data):
    c = lzma.LZMACompressor(format=lzma.FORMAT_RAW, filters=[
        {'id': lzma.FILTER_LZMA2, 'preset': 1, 'dict_size': 1 << 20}])
    out = c.compress(data) + c.flush()
    assert out[0] >= 0xe0 and out[-1] == 0   # starts with a dictionary reset
    return out[:-1]                          # without the end marker


def make_7z(out, name, runs, size):
    with open(out, 'wb') as f:
        f.write(bytes(32))
        packed = 0
        for data, count in runs:
            chunk = lzma2_chunk(data)
            for _ in range(count):
                f.write(chunk)
                packed += len(chunk)
        f.write(b'\x00')
        packed += 1
        uname = name.encode('utf-16-le') + b'\x00\x00'
        header = (b'\x01'                                   # Header
                  b'\x04'                                   # MainStreamsInfo
                  b'\x06' + number(0) + number(1) +         # PackInfo
                  b'\x09' + number(packed) + b'\x00'
                  b'\x07\x0b' + number(1) + b'\x00' +       # UnPackInfo, 1 folder
                  number(1) + b'\x21\x21' + number(1) + bytes([16]) +  # LZMA2, 1 MiB
                  b'\x0c' + number(size) + b'\x00'
                  b'\x08\x0a\x01' + struct.pack('<I', crc_of(runs)) +  # SubStreamsInfo
                  b'\x00'
                  b'\x00'
                  b'\x05' + number(1) +                     # FilesInfo
                  b'\x11' + number(len(uname) + 1) + b'\x00' + uname +
                  b'\x00'
                  b'\x00')
        f.write(header)
        start = struct.pack('<QQI', packed, len(header), zlib.crc32(header))
        f.seek(0)
        f.write(b'7z\xbc\xaf\x27\x1c\x00\x04' +
                struct.pack('<I', zlib.crc32(start)) + start)


def main():
    fmt, out, name, size = sys.argv[1:5]
    kind = sys.argv[5] if len(sys.argv) > 5 else 'text'
    runs, size = chunks(int(size), kind)
    if fmt == 'zip':
        make_zip(out, name, runs, size)
    elif fmt == 'gzip':
        make_gzip(out, runs, size)
    elif fmt == '7z':
        make_7z(out, name, runs, size)
    else:
        sys.exit('unknown format ' + fmt)


if __name__ == '__main__':
    main()
