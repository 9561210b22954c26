#!/usr/bin/env python3
"""The fake WooCommerce shop's figures, worked out independently of Storelens' code.

Starts tests/e2e/servers/woocommerce.mjs, reads its REST API as any client would (GET
/wp-json/wc/v3/orders and /orders/<id>/refunds, Basic auth behind an https proxy), computes the
Overview's figures by the definitions of /work/shared/REFERENCE.md ("Sales and customers"), then
asks the fake for its second day (POST /__fake/day-two) and computes them again:

  orders     placed orders (not pending, failed or a draft) by their day in Europe/Berlin
  gross      price x quantity (the line subtotal, before discounts), gift cards left out
  discounts  line subtotal - line total, gift cards left out
  returns    each refund's goods (its refunded lines' totals; a refund without lines of the
             whole order: the order less its shipping, taxes and gift cards) on the refund's
             day; a cancelled order's goods on its own day (the API has no cancel date)
  net sales  gross - discounts - returns
  total      the placed orders' totals less gift cards (a cancelled order's taken back on its
             day), less each refund's amount on the refund's day

Run: python3 tests/e2e/servers/woocommerce-expected.py   (the printed figures are in
tests/e2e/extension/connect-woo.spec.ts)
"""
import base64
import datetime as dt
import json
import subprocess
import sys
import time
import urllib.request
from zoneinfo import ZoneInfo

PORT = 4198
BASE = f"http://127.0.0.1:{PORT}"
KEY = "ck_0a1b2c3d4e5f60718293a4b5c6d7e8f901234567"
SECRET = "cs_fedcba9876543210fedcba9876543210fedcba98"
ZONE = ZoneInfo("Europe/Berlin")
NOT_PLACED = {"pending", "failed", "checkout-draft", "draft", "auto-draft"}


def get(path):
    auth = base64.b64encode(f"{KEY}:{SECRET}".encode()).decode()
    req = urllib.request.Request(
        BASE + path,
        headers={"Authorization": f"Basic {auth}", "X-Forwarded-Proto": "https"},
    )
    with urllib.request.urlopen(req) as r:
        return json.load(r), r.headers


def all_pages(path):
    out, page = [], 1
    while True:
        sep = "&" if "?" in path else "?"
        items, headers = get(f"{path}{sep}per_page=100&page={page}")
        out += items
        if page >= int(headers["X-WP-TotalPages"]):
            return out
        page += 1


def cents(s):
    return round(float(s) * 100)


def day(gmt):
    return dt.datetime.fromisoformat(gmt).replace(tzinfo=dt.timezone.utc).astimezone(ZONE).date()


def is_gift(line):
    return any(m["key"].startswith("wc_gc_giftcard_") for m in line["meta_data"])


def figures(start, end):
    orders = gross = discounts = returns = total = 0
    for o in all_pages("/wp-json/wc/v3/orders"):
        if o["status"] in NOT_PLACED:
            continue
        goods = [li for li in o["line_items"] if not is_gift(li)]
        o_gross = sum(cents(li["subtotal"]) for li in goods)
        o_disc = sum(cents(li["subtotal"]) - cents(li["total"]) for li in goods)
        gift = sum(cents(li["total"]) for li in o["line_items"] if is_gift(li))
        if start <= day(o["date_created_gmt"]) <= end:
            orders += 1
            gross += o_gross
            discounts += o_disc
            if o["status"] != "cancelled":
                total += cents(o["total"]) - gift
            if o["status"] == "cancelled":
                returns += o_gross - o_disc
        refunds = all_pages(f"/wp-json/wc/v3/orders/{o['id']}/refunds") if o["refunds"] else []
        for r in refunds:
            if not start <= day(r["date_created_gmt"]) <= end:
                continue
            total -= cents(r["amount"])
            if r["line_items"] or r["shipping_lines"]:
                returns += sum(-cents(li["total"]) for li in r["line_items"])
            elif cents(r["amount"]) == cents(o["total"]):
                returns += (
                    cents(o["total"]) - cents(o["shipping_total"]) - cents(o["total_tax"]) - gift
                )
            else:
                sys.exit(f"refund {r['id']} has no lines and is not the whole order")
    return {
        "orders": orders,
        "returns": returns / 100,
        "net_sales": (gross - discounts - returns) / 100,
        "total_sales": total / 100,
    }


def main():
    server = subprocess.Popen(
        ["node", "tests/e2e/servers/woocommerce.mjs", str(PORT)], stdout=subprocess.PIPE
    )
    try:
        server.stdout.readline()
        today = dt.datetime.now(ZONE).date()
        nov = (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
        to_today = (dt.date(2026, 11, 1), today)
        print("first day:  November", figures(*nov), " 1 Nov to today", figures(*to_today))
        # Order 1002's two refunds, each on its own day (the mug on the 22nd, the shipping on the 25th).
        for d in (dt.date(2026, 11, 22), dt.date(2026, 11, 25)):
            print(f"            {d} only", figures(d, d))
        urllib.request.urlopen(urllib.request.Request(f"{BASE}/__fake/day-two", method="POST"))
        time.sleep(0.1)
        print("second day: November", figures(*nov), " 1 Nov to today", figures(*to_today))
    finally:
        server.terminate()


main()
