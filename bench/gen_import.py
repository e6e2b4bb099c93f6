#!/usr/bin/python3
"""Writes a realistic Czech customer list for the end-to-end import benchmark (bench/import_e2e.sh).

    /usr/bin/python3 bench/gen_import.py --rows 100000 --format xlsx --out /tmp/customers-100k.xlsx
    /usr/bin/python3 bench/gen_import.py --rows 1000000 --format csv --out /tmp/customers-1m.csv

xlsx: openpyxl's write_only mode (streams rows; Debian python3-openpyxl), IČO as a number like Excel keeps it.
csv: Windows-1250 with `;` and CRLF, what Czech Excel's "CSV (oddělený středníkem)" writes.
Every row has a unique IČO with a valid check digit, drawn from the same 10^7 prefix permutation as
`kartoteka demo-data` but from index 5,000,000 on, so the rows do not collide with a demo-data store of up to
5 million customers by IČO; e-mails are unique too. Names + cities repeat now and then, as in real lists.
"""
import argparse
import csv
import random

SURNAMES = """Novák Svoboda Novotný Dvořák Černý Procházka Kučera Veselý Horák Němec Marek Pospíšil Pokorný Hájek Král
Jelínek Růžička Beneš Fiala Sedláček Doležal Zeman Kolář Navrátil Čermák Vaněk Urban Blažek Kříž Kovář Kratochvíl
Bartoš Vlček Polák Musil Kopecký Šimek Konečný Malý Holub Štěpánek Kadlec Dostál Soukup Šťastný Mareš Moravec Sýkora
Valenta Vávra Matoušek Říha Ševčík Bureš Hruška Mašek Pavlík Dušek Janda Hrubý Mach Pavlů Müller Staněk Tichý Skála
Šimůnek Hrdlička Vacek Bláha Kubíček Holeček Kopal Hudec Toman Kozák Lukáš Vojtěch Havlíček Sokol Šebesta Charvát
Tůma Kašpar Slavík Brabec Štěpán Koubek Bednář Jireš Vondra Zelenka Cibulka Kalina Dvorský Zajíc Hanák Matějka
Chalupa Šindelář Rybář Brož Kubát Vrba Hovorka Bartáková Křížek Machala Šustr Hejda Koudelka Hronek Komárek""".split()
TRADES = """Stavby Elektro Trans Servis Nábytek Tisk Gastro Auto Obchod Instalace Reality Zahrady Strojírna Pekárna
Kovo Dřevo Textil Plasty Sklo Chemie Farma Agro Logistika Software Audit Účetnictví Projekce Malířství Klempířství
Truhlářství Lakovna Autodoprava Cestovní_kancelář Vinařství Pivovar Mlékárna Optika Lékárna Kadeřnictví""".split()
TRADES = [trade.replace("_", " ") for trade in TRADES]
LEGAL = ["s.r.o.", "s.r.o.", "s.r.o.", "s. r. o.", "a.s.", "spol. s r.o.", "v.o.s.", "k.s.", "z.s."]
CITIES = [("Praha", "110 00"), ("Brno", "602 00"), ("Ostrava", "702 00"), ("Plzeň", "301 00"),
          ("Liberec", "460 01"), ("Olomouc", "779 00"), ("České Budějovice", "370 01"), ("Hradec Králové", "500 02"),
          ("Ústí nad Labem", "400 01"), ("Pardubice", "530 02"), ("Zlín", "760 01"), ("Havířov", "736 01"),
          ("Kladno", "272 01"), ("Most", "434 01"), ("Opava", "746 01"), ("Frýdek-Místek", "738 01"),
          ("Karviná", "733 01"), ("Jihlava", "586 01"), ("Teplice", "415 01"), ("Děčín", "405 02"),
          ("Karlovy Vary", "360 01"), ("Chomutov", "430 01"), ("Jablonec nad Nisou", "466 01"), ("Mladá Boleslav", "293 01"),
          ("Prostějov", "796 01"), ("Přerov", "750 02"), ("Česká Lípa", "470 01"), ("Třebíč", "674 01"),
          ("Třinec", "739 61"), ("Tábor", "390 01"), ("Znojmo", "669 02"), ("Příbram", "261 01"), ("Cheb", "350 02"),
          ("Kolín", "280 02"), ("Trutnov", "541 01"), ("Písek", "397 01"), ("Kroměříž", "767 01"),
          ("Šumperk", "787 01"), ("Vsetín", "755 01"), ("Valašské Meziříčí", "757 01")]
STREETS = """Hlavní|Nádražní|Školní|Masarykova|Palackého|Husova|Komenského|Sokolská|Zahradní|Polní|Lidická|Jiráskova|
Nerudova|Tyršova|Smetanova|Riegrova|Havlíčkova|Dlouhá|Krátká|Luční|Na Výsluní|Pod Lesem|U Potoka|Vinohradská|
Revoluční|Žižkova|Karlova|Purkyňova|Štefánikova|Máchova""".replace("\n", "").split("|")
FIRST = """Jan Petr Josef Pavel Martin Tomáš Jaroslav Miroslav Zdeněk Václav Michal František Jiří Lukáš Jakub David
Eva Jana Marie Hana Anna Lenka Kateřina Lucie Věra Alena Petra Veronika Martina Tereza Michaela Zuzana""".split()
TAGS = ["VIP", "velkoobchod", "maloobchod", "export", "nový", "partner", "dodavatel", "veletrh 2024", "Morava",
        "Čechy", "B2B", "stálý"]
NOTES = ["Platí vždy včas.", "Preferuje komunikaci e-mailem.", "Sleva 5 % na rámcovou smlouvu.",
         "Pozor: fakturovat na pobočku.", "Kontaktovat po 15. hodině.", "Zajímá se o novou řadu výrobků."]
ASCII = str.maketrans("áčďéěíňóřšťúůýžÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ", "acdeeinorstuuyzACDEEINORSTUUYZ")

HEADERS = ["Název firmy", "IČO", "DIČ", "E-mail", "Telefon", "Ulice", "Město", "PSČ", "Kontaktní osoba", "Štítky",
           "Poznámka"]


def ico(index):
    """demo_data.cpp's demo_ico with seed 42: an affine permutation of 10^7 prefixes plus the check digit."""
    prefix = (index * 4_477_457 + 42) % 10_000_000
    digits = f"{prefix:07d}"
    remainder = sum(int(d) * w for d, w in zip(digits, range(8, 1, -1))) % 11
    return digits + str(1 if remainder == 0 else 0 if remainder == 1 else 11 - remainder)


def rows(count, seed):
    rnd = random.Random(seed)
    for n in range(count):
        number = ico(5_000_000 + n)
        surname = rnd.choice(SURNAMES)
        partner = rnd.choice(SURNAMES)
        trade = rnd.choice(TRADES)
        name = f"{surname} & {partner} {trade} {rnd.choice(LEGAL)}" if rnd.random() < 0.5 else \
            f"{trade} {surname} {rnd.choice(LEGAL)}"
        city, psc = rnd.choice(CITIES)
        stem = f"{surname}-{trade}".lower().translate(ASCII).replace(" ", "-")
        email = f"{rnd.choice(['info', 'obchod', 'kancelar', 'objednavky'])}@{stem}-{number}.cz"
        phone = f"+420 {rnd.choice('67')}{rnd.randint(0, 99):02d} {rnd.randint(0, 999):03d} {rnd.randint(0, 999):03d}"
        street = f"{rnd.choice(STREETS)} {rnd.randint(1, 250)}"
        contact = f"{rnd.choice(FIRST)} {rnd.choice(SURNAMES)}" if rnd.random() < 0.7 else ""
        tags = ", ".join(rnd.sample(TAGS, rnd.randint(0, 3)))
        note = rnd.choice(NOTES) if rnd.random() < 0.3 else ""
        dic = "CZ" + number if rnd.random() < 0.8 else ""
        yield [name, int(number), dic, email, phone, street, city, psc, contact, tags, note]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("--format", choices=["xlsx", "csv"], required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args()
    if args.format == "xlsx":
        import openpyxl
        wb = openpyxl.Workbook(write_only=True)
        ws = wb.create_sheet("Zákazníci")
        ws.append(HEADERS)
        for row in rows(args.rows, args.seed):
            ws.append([cell if cell != "" else None for cell in row])
        wb.save(args.out)
    else:
        with open(args.out, "w", encoding="cp1250", newline="") as out:
            writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
            writer.writerow(HEADERS)
            for row in rows(args.rows, args.seed):
                writer.writerow(row)


if __name__ == "__main__":
    main()
