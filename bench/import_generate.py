#!/usr/bin/python3
"""Writes N customer rows as xlsx (openpyxl write-only mode, shared strings like Excel) and csv.
    /usr/bin/python3 bench/import_generate.py 100000 /tmp/import-bench
"""
import csv
import datetime
import pathlib
import random
import sys

import openpyxl

rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
out = pathlib.Path(sys.argv[2] if len(sys.argv) > 2 else ".")
out.mkdir(parents=True, exist_ok=True)
random.seed(6)
cities = ["Praha", "Brno", "Ostrava", "Plzeň", "Liberec", "Olomouc", "České Budějovice", "Hradec Králové", "Ústí nad Labem"]
header = ["Název firmy", "IČO", "DIČ", "Ulice", "Město", "PSČ", "E-mail", "Telefon", "Kontaktní osoba", "Poznámka",
          "Datum vytvoření", "Úvěrový limit (Kč)", "Štítky"]


def record(i):
    ico = f"{random.randrange(10**7, 10**8):08d}"
    return [f"Firma {i} s.r.o.", ico, "CZ" + ico, f"Hlavní {i % 400 + 1}", random.choice(cities),
            f"{random.randrange(100, 799)} {random.randrange(10, 99)}", f"info{i}@firma{i}.cz",
            f"+420 6{random.randrange(10, 99)} {random.randrange(100, 999)} {random.randrange(100, 999)}",
            "Jana Nováková", "Poznámka k zákazníkovi č. %d" % i if i % 3 == 0 else None,
            datetime.date(2015, 1, 1) + datetime.timedelta(days=i % 3000), round(random.random() * 1e6, 2),
            "VIP; Velkoobchod" if i % 7 == 0 else "Nový"]


wb = openpyxl.Workbook(write_only=True)
ws = wb.create_sheet("Zákazníci")
ws.append(header)
for i in range(rows):
    ws.append(record(i))
wb.save(out / f"customers_{rows}.xlsx")
with open(out / f"customers_{rows}.csv", "w", encoding="utf-8", newline="") as f:
    writer = csv.writer(f, delimiter=";")
    writer.writerow(header)
    random.seed(6)
    for i in range(rows):
        r = record(i)
        r[10] = r[10].strftime("%d.%m.%Y")
        writer.writerow(r)
