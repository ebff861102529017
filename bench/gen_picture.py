#!/usr/bin/env python3
"""Writes the data of the situational-picture benchmark (bench/picture.sh): a plain CSV of
official area codes with N indicators (ids from 800001) x the ten municipalities of the
demo's Paijat-Hame, the region (07) and the whole country (358) x 25 years (1999-2023),
about one value in twenty missing, and the catalogue file declaring the indicators (the
first fifth of them additive counts, whose region figure is the members' sum). The output
is the same for the same N.

Usage: bench/gen_picture.py N DATA.csv CATALOGUE.json
"""

import json
import random
import sys
from pathlib import Path

MUNICIPALITIES = ("016", "081", "098", "111", "142", "316", "398", "560", "576", "781")
YEARS = range(1999, 2024)
FIRST_ID = 800001


def main() -> None:
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    count = int(sys.argv[1])
    data, catalogue = Path(sys.argv[2]), Path(sys.argv[3])
    rng = random.Random(2026)
    areas = [("municipality", code) for code in MUNICIPALITIES] + [("region", "07"), ("country", "358")]
    written = 0
    with data.open("w", encoding="utf-8", newline="") as out:
        out.write("indicator,area_kind,area_code,value,year\n")
        for indicator in range(FIRST_ID, FIRST_ID + count):
            scale = 10 ** rng.randint(0, 4)
            for kind, code in areas:
                level = rng.uniform(0.5, 2.0) * scale * (50 if kind == "country" else 1)
                for year in YEARS:
                    value = "" if rng.random() < 0.05 else f"{level * (1 + 0.01 * (year - 1999)) * rng.uniform(0.97, 1.03):.1f}"
                    out.write(f"{indicator},{kind},{code},{value},{year}\n")
                    written += 1
    entries = [
        {
            "id": i,
            "name": {"fi": f"Synteettinen indikaattori {i}", "sv": f"Syntetisk indikator {i}", "en": f"Synthetic indicator {i}"},
            "source": "THL, Sotkanet",
            "decimals": 1,
            "additive": i < FIRST_ID + count // 5,
        }
        for i in range(FIRST_ID, FIRST_ID + count)
    ]
    catalogue.write_text(json.dumps({"format": "foorumi-indicators/1", "indicators": entries}, indent=1), encoding="utf-8")
    ids = ",".join(str(i) for i in range(FIRST_ID, FIRST_ID + count))
    print(ids)
    print(f"{written} values of {count} indicators in {data}, catalogue in {catalogue}", file=sys.stderr)


if __name__ == "__main__":
    main()
