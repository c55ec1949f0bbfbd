#!/usr/bin/env python3
"""Builds examples/data/cdnow_customers.csv, the quickstart's customer table,
from the CDNOW transaction sample (Fader & Hardie; see examples/data/README.md).

Observed per customer (1997-01-01 .. 1998-06-30, 78 weeks):
  average_order_value  mean dollar value of the customer's orders
  purchase_frequency   orders per year (orders / 1.5)
  cohort               month of first purchase: 0 = Jan, 1 = Feb, 2 = Mar 1997
Assumed (illustrative, stated in the README, the same for everyone):
  gross_margin 0.25; acquisition_cost 15 dollars;
  retention (per year) 0.75 when the customer bought in the last 26 weeks, else 0.35;
  lifespan (years) = 1 / (1 - retention), the mean of a geometric lifetime.
Usage: python3 scripts/make_quickstart_data.py ../shared/data/CDNOW_sample.txt > examples/data/cdnow_customers.csv
"""
import datetime
import sys

path = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/CDNOW_sample.txt"
orders, spend, first, last = {}, {}, {}, {}
with open(path) as f:
    for line_no, line in enumerate(f, 1):
        fields = line.split()
        if len(fields) != 5:
            sys.exit(f"{path}:{line_no}: expected 5 fields, got {len(fields)}")
        cid = int(fields[1])
        day = datetime.datetime.strptime(fields[2], "%Y%m%d").date()
        orders[cid] = orders.get(cid, 0) + 1
        spend[cid] = spend.get(cid, 0.0) + float(fields[4])
        first[cid] = min(first.get(cid, day), day)
        last[cid] = max(last.get(cid, day), day)

recent = datetime.date(1998, 6, 30) - datetime.timedelta(weeks=26)
print("id,cohort,average_order_value,purchase_frequency,gross_margin,retention,lifespan,acquisition_cost")
for cid in sorted(orders):
    retention = 0.75 if last[cid] > recent else 0.35
    print(f"{cid},{first[cid].month - 1},{spend[cid] / orders[cid]:.4f},{orders[cid] / 1.5:.4f},"
          f"0.25,{retention},{1 / (1 - retention):.4f},15")
