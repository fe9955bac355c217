#!/usr/bin/env python3
"""Rewrites vessim's WattTime CAISO_NORTH 2023 files into the plain runneriq.carbon/v1 layout.

Usage: scripts/watttime_to_plain.py DIR OUT.csv [--from 2023-06-08T00:00 --to 2023-06-09T00:00]

DIR holds watttime2023_caiso-north_actual.csv (time,Caiso_North; 5-min values, as unpacked from
vessim's datasets/watttime2023_caiso-north.zip, github.com/dos-group/vessim at commit 4ac4e54a) and
watttime2023_caiso-north_forecast_hourly-issued.csv (request_time,forecast_time,Caiso_North: the
rows of the zip's forecast file issued at minute :00). Output rows:
timestamp,zone,gco2_per_kwh,kind,issued_at with zone CAISO_NORTH; actual rows have kind=actual and
no issued_at, forecast rows kind=forecast and issued_at=request_time. Times are UTC (vessim dropped
the +00:00 offsets). Values are copied unchanged (g/kWh, marginal MOER). Optional --from/--to keep
only rows whose timestamp falls in [from, to).
"""
import csv
import sys


def iso(t):
    return t.replace(" ", "T") + "Z"


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    src, out = argv[0], argv[1]
    lo = hi = None
    if "--from" in argv:
        lo = argv[argv.index("--from") + 1].replace("T", " ")
    if "--to" in argv:
        hi = argv[argv.index("--to") + 1].replace("T", " ")

    def keep(t):
        return (lo is None or t >= lo) and (hi is None or t < hi)

    with open(out, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["timestamp", "zone", "gco2_per_kwh", "kind", "issued_at"])
        with open(f"{src}/watttime2023_caiso-north_actual.csv") as a:
            for row in csv.DictReader(a):
                if keep(row["time"]):
                    w.writerow([iso(row["time"]), "CAISO_NORTH", row["Caiso_North"], "actual", ""])
        with open(f"{src}/watttime2023_caiso-north_forecast_hourly-issued.csv") as fc:
            for row in csv.DictReader(fc):
                if keep(row["forecast_time"]) and keep(row["request_time"]):
                    w.writerow(
                        [iso(row["forecast_time"]), "CAISO_NORTH", row["Caiso_North"],
                         "forecast", iso(row["request_time"])])


if __name__ == "__main__":
    main(sys.argv[1:])
