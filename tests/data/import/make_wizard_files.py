#!/usr/bin/python3
"""Regenerates the wizard/CLI test files (customers_wizard_*); expected outcomes are in README.md and asserted
by tests/integration/cli/import_cli_test.cpp.

Run from this directory with Debian's python3 (python3-openpyxl) and LibreOffice:
    /usr/bin/python3 make_wizard_files.py
openpyxl writes the .xlsx files; LibreOffice converts the Czech one to .ods, that .ods back to .xlsx
(customers_wizard_cs_lo.xlsx) and to .xls; the Windows-1250 .csv is written with Python's csv module.
"""
import csv
import os
import shutil
import subprocess
import tempfile

import openpyxl


def ico_check_digit(first7):
    total = sum(int(d) * w for d, w in zip(first7, range(8, 1, -1)))
    return (11 - total % 11) % 10


def valid_ico(first7):
    return first7 + str(ico_check_digit(first7))


ICO_DELTA = valid_ico("2707435")
ICO_GAMA = valid_ico("4531780")
ICO_ETA = valid_ico("6123457")
ICO_THETA = valid_ico("2598134")
ICO_IOTA = valid_ico("0891235")
assert valid_ico("0000694") == "00006947"       # stored as the number 6947: leading zeros restored
assert ico_check_digit("0000123") != 4           # 1234 -> 00001234 fails the checksum

LONG_NOTE = ("Dlouhá poznámka ze schůzky: " + "objednávka materiálu, termíny, ceny; " * 200)[:5000]
assert len(LONG_NOTE) == 5000

# Rows 4.. of the sheet; IČO as a number as Excel keeps it after someone typed it (leading zeros lost).
# Columns: Název firmy, IČ, DIČ, E-mail, Telefon, Mobil, Ulice, Město, PSČ, Kontaktní osoba, Poznámka, Štítky
ROWS = [
    ["Alfa Stavby s.r.o.", 6947, "CZ00006947", "info@alfastavby.cz", "602 123 456", "777 111 222",
     "Vinohradská 12", "Praha", "120 00", "Jan Novák", "Stálý zákazník", "stavebnictví, VIP"],
    ["Beta Obchod a.s.", 1234, "", "obchod@betaobchod.cz", "+420 541 000 111", "",
     "Masarykova 5", "Brno", "602 00", "", "IČO s chybným kontrolním číslem", "velkoobchod"],
    ["Gama Servis s.r.o.", int(ICO_GAMA), "", "gama@@servis", "", "",
     "Nádražní 1", "Ostrava", "702 00", "", "špatný e-mail", ""],
    ["Delta Trade s.r.o.", int(ICO_DELTA), "CZ" + ICO_DELTA, "delta@deltatrade.cz", "", "603 555 666",
     "Palackého 20", "Olomouc", "779 00", "Petra Svobodová", "", "export"],
    ["DELTA TRADE, s.r.o.", int(ICO_DELTA), "", "objednavky@deltatrade.cz", "", "",
     "Palackého 20", "Olomouc", "779 00", "", "stejné IČO jako řádek 7", ""],
    ["Epsilon Kft.", "", "", "info@alfastavby.cz", "", "", "", "Győr", "", "", "stejný e-mail jako řádek 4", ""],
    ["Zeta Nábytek s.r.o.", "", "", "zeta@zetanabytek.cz", "", "", "Cejl 8", "Brno", "602 00", "", "", "nábytek"],
    ["Zeta Nábytek s. r. o.", "", "", "prodej@zetanabytek.cz", "", "", "Cejl 8", "Brno", "602 00", "",
     "stejný název a město jako řádek 10", ""],
    ["Éta Skrytá s.r.o.", int(ICO_ETA), "", "eta@etaskryta.cz", "", "", "", "Plzeň", "301 00", "",
     "skrytý řádek", ""],
    ["Théta Kavárna 😊 s.r.o.", int(ICO_THETA), "", "theta@thetakavarna.cz", "", "", "", "Liberec", "460 01",
     "Eva Malá", "Skvělá káva ☕ 👍🎉", "gastro, 🍰"],
    ["Ióta Dlouhá s.r.o.", int(ICO_IOTA), "", "iota@iotadlouha.cz", "", "", "", "Zlín", "760 01", "",
     LONG_NOTE, ""],
]
HIDDEN_ROW = 12  # Éta
HEADERS_CS = ["Název firmy", "IČ", "DIČ", "E-mail", "Telefon", "Mobil", "Ulice", "Město", "PSČ",
              "Kontaktní osoba", "Poznámka", "Štítky"]
HEADERS_EN = ["Company name", "Company ID", "VAT ID", "Email", "Phone", "Mobile", "Street", "City",
              "Postal code", "Contact person", "Note", "Tags"]


def write_xlsx(name, headers, title):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Zákazníci"
    ws["A1"] = title                 # a title row above the header, then an empty row
    ws.append([])
    ws.append(headers)               # row 3
    for row in ROWS:                 # rows 4..14
        ws.append([None if cell == "" else cell for cell in row])
    ws.row_dimensions[HIDDEN_ROW].hidden = True
    ws.column_dimensions["A"].width = 30
    ws2 = wb.create_sheet("Poznámky")
    ws2["A1"] = "druhý list, neimportuje se"
    wb.save(name)


write_xlsx("customers_wizard_cs.xlsx", HEADERS_CS, "Seznam zákazníků – stav k 31. 12. 2024")
write_xlsx("customers_wizard_en.xlsx", HEADERS_EN, "Customer list as of 2024-12-31")

# LibreOffice: xlsx -> ods, then that ods -> xlsx and xls (a separate profile so it runs beside a desktop one).
with tempfile.TemporaryDirectory() as work:
    profile = "-env:UserInstallation=file://" + os.path.join(work, "profile")

    def convert(source, target_format, out_dir):
        subprocess.run(["soffice", profile, "--headless", "--convert-to", target_format, "--outdir", out_dir,
                        source], check=True, stdout=subprocess.DEVNULL)

    convert("customers_wizard_cs.xlsx", "ods", ".")
    lo_dir = os.path.join(work, "lo")
    convert("customers_wizard_cs.ods", "xlsx", lo_dir)
    shutil.copy(os.path.join(lo_dir, "customers_wizard_cs.xlsx"), "customers_wizard_cs_lo.xlsx")
    convert("customers_wizard_cs.ods", "xls", ".")

# Czech Excel's "CSV (oddělený středníkem)": Windows-1250, `;`, CRLF. It cannot hold emoji (Excel writes "?"),
# and a CSV has no hidden rows; the rest is the same sheet, title rows included.
with open("customers_wizard_cp1250.csv", "w", encoding="cp1250", errors="replace", newline="") as out:
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Seznam zákazníků – stav k 31. 12. 2024"])
    # Not an empty line: a CSV reader skips empty records and numbers the rest, and the row numbers here
    # should be those of the spreadsheets.
    writer.writerow(["Export z účetnictví"])
    writer.writerow(HEADERS_CS)
    for row in ROWS:
        writer.writerow(["" if cell is None else str(cell) for cell in row])

print("ICO delta", ICO_DELTA, "gama", ICO_GAMA, "eta", ICO_ETA, "theta", ICO_THETA, "iota", ICO_IOTA)
