#!/usr/bin/env python3
"""Writes the static table of annual mean carbon intensity per zone (runneriq-carbon resource).

Input: the Electricity Maps 2023 hourly data-portal exports (one <ZONE>_2023_hourly.csv per zone,
UTF-8, header per docs/formats/carbon.md section 2; the 16 files used are those of
github.com/HewlettPackard/green-dcc data/carbon_intensity/<ZONE>/2023/ at commit c2eedd05). For each file: the zone is the `Zone Id`
column (it differs from the file name for BR-SP -> BR-CS, CL-SIC -> CL-SEN, DE-LU -> DE); the means
are the plain arithmetic means over all hourly rows of the `direct` and `LCA` columns (every hour
weighs the same); `estimated_hours` counts rows with `Data Estimated` = true.

Usage: scripts/carbon_annual_means.py DIR > runneriq-carbon/src/main/resources/dev/runneriq/carbon/annual-means-2023.csv
"""
import csv
import pathlib
import sys

DIRECT = "Carbon Intensity gCO\u2082eq/kWh (direct)"
LCA = "Carbon Intensity gCO\u2082eq/kWh (LCA)"


def main(folder: str) -> None:
    out = csv.writer(sys.stdout, lineterminator="\n")
    print("# Annual mean grid carbon intensity per zone, 2023, gCO2eq/kWh.")
    print("# Data: Electricity Maps (https://www.electricitymaps.com), 2023 hourly data-portal export,")
    print("# licensed under the Open Database License (ODbL 1.0); this table is a derived database under ODbL.")
    print("# Computed by scripts/carbon_annual_means.py: arithmetic mean over the 8760 hourly rows of each file.")
    out.writerow(["zone", "zone_name", "year", "hours", "estimated_hours", "mean_direct", "mean_lca"])
    rows = []
    for path in sorted(pathlib.Path(folder).glob("*_2023_hourly.csv")):
        with open(path, encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            zones, names, direct, lca, estimated = set(), set(), [], [], 0
            for r in reader:
                zones.add(r["Zone Id"])
                names.add(r["Zone Name"])
                direct.append(float(r[DIRECT]))
                lca.append(float(r[LCA]))
                estimated += r["Data Estimated"].strip().lower() == "true"
        if len(zones) != 1:
            sys.exit(f"{path}: expected one Zone Id, found {sorted(zones)}")
        rows.append((zones.pop(), names.pop(), 2023, len(direct), estimated,
                     f"{sum(direct) / len(direct):.1f}", f"{sum(lca) / len(lca):.1f}"))
    for row in sorted(rows):
        out.writerow(row)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
