"""Derive germany_municipalities.csv and germany_districts.csv from the raw reference tables.

Run once when the sources change (SOURCE.md names them):
    python bildungsportal/places/data/derive_germany.py /work/shared/data/geo
"""

import csv
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
# GV-ISys "textkennzeichen" 66: unpopulated unincorporated area (forest, lake): nobody lives
# there, so it is no town of a region.
UNPOPULATED = "66"


def number(text):
    """'  90 164' → 90164, '8,622171' → 8.622171, '' → None."""
    text = (text or "").replace(" ", "").replace(",", ".")
    return float(text) if text else None


def main(source):
    source = Path(source)
    census = {}
    with open(source / "zensus2022_bevoelkerung_gemeinden.csv", encoding="utf-8") as file:
        for row in csv.DictReader(file):
            ars = row["ags"]  # 12-digit ARS: Land, RB, Kreis (5), Verband (4), Gemeinde (3)
            census[ars[:5] + ars[9:]] = int(row["population"])
    postcodes = defaultdict(set)
    with open(source / "zuordnung_plz_ort_ags.csv", encoding="utf-8") as file:
        for row in csv.DictReader(file):
            postcodes[row["ags"]].add(row["plz"])

    towns, districts = [], []
    with open(source / "gv_isys_auszug_gemeinden.csv", encoding="utf-8-sig") as file:
        for row in csv.DictReader(file):
            key = row["land"] + row["rb"] + row["kreis"]
            if row["satzart"] == "40":
                districts.append((key, row["gemeindename"].strip()))
            if row["satzart"] != "60" or row["textkennzeichen"] == UNPOPULATED:
                continue
            ags = key + row["gemeinde"]
            official = row["gemeindename"].strip()
            codes = postcodes.get(ags) or {row["postleitzahl"].strip()}
            codes.discard("")
            # Zensus 2022 where it has the town; else the Gemeindeverzeichnis (31.12.2019).
            population = census.get(ags, int(number(row["bevoelkerung"]) or 0))
            towns.append((
                ags, official.split(",")[0].strip(), official, ";".join(sorted(codes)),
                number(row["breitengrad"]), number(row["laengengrad"]), population,
                number(row["flaeche"]),
            ))
    with open(HERE / "germany_municipalities.csv", "w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(["ags", "name", "official_name", "postcodes", "latitude", "longitude",
                         "population", "area_km2"])
        writer.writerows(sorted(towns))
    with open(HERE / "germany_districts.csv", "w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(["key", "name"])
        writer.writerows(sorted(districts))
    print(f"{len(towns)} municipalities, {len(districts)} districts")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data/geo")
