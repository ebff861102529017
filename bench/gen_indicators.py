#!/usr/bin/env python3
"""Writes a synthetic Sotkanet CSV data file of N indicator values, and the catalogue file
that declares its indicators, for the import benchmark (bench/indicators.sh).

The values are spread like Sotkanet's: every municipality, region and the country of
Sotkanet's region list (SotkaRegions.json), three genders, the years 2000-2024, as many
indicators (ids from 900001) as N needs; about one value in twenty is missing (an empty
field), as suppressed small counts are. The output is the same for the same N.

Usage: bench/gen_indicators.py N DATA.csv CATALOGUE.json [REGIONS.json]
"""

import json
import random
import sys
from pathlib import Path

KEPT = {"KUNTA", "MAAKUNTA", "MAA", "HYVINVOINTIALUE"}
YEARS = range(2000, 2025)
GENDERS = ("total", "male", "female")
FIRST_ID = 900001


def main() -> None:
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    count = int(sys.argv[1])
    data, catalogue = Path(sys.argv[2]), Path(sys.argv[3])
    default_regions = Path(__file__).resolve().parent.parent / "crates/testkit/tests/data/indicators/SotkaRegions.json"
    regions_file = Path(sys.argv[4]) if len(sys.argv) == 5 else default_regions
    regions = sorted(r["id"] for r in json.loads(regions_file.read_text(encoding="utf-8")) if r["category"] in KEPT)
    per_indicator = len(regions) * len(GENDERS) * len(YEARS)
    indicators = -(-count // per_indicator)
    rng = random.Random(2025)
    written = 0
    with data.open("w", encoding="utf-8", newline="") as out:
        out.write("indicator;region;year;gender;primary value;absolute value\n")
        lines = []
        for indicator in range(FIRST_ID, FIRST_ID + indicators):
            for region in regions:
                for year in YEARS:
                    for gender in GENDERS:
                        if written == count:
                            break
                        value = "" if rng.random() < 0.05 else f"{rng.uniform(0, 1000):.1f}"
                        lines.append(f"{indicator};{region};{year};{gender};{value};\n")
                        written += 1
                if len(lines) >= 100_000:
                    out.writelines(lines)
                    lines.clear()
        out.writelines(lines)
    entries = [
        {
            "id": i,
            "name": {"fi": f"Synteettinen indikaattori {i}", "sv": f"Syntetisk indikator {i}", "en": f"Synthetic indicator {i}"},
            "source": "THL, Sotkanet",
            "decimals": 1,
        }
        for i in range(FIRST_ID, FIRST_ID + indicators)
    ]
    catalogue.write_text(json.dumps({"format": "foorumi-indicators/1", "indicators": entries}, indent=1), encoding="utf-8")
    print(f"{written} values of {indicators} indicators in {data}, catalogue in {catalogue}", file=sys.stderr)


if __name__ == "__main__":
    main()
