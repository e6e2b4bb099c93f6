#!/usr/bin/env python3
"""Builds the seed corpus in fuzz/corpus/ from the importer's test files (tests/data/import).

xlsx seeds are "sheet XML + separator + shared strings + separator + styles" as fuzz_reader.cpp expects;
ods seeds are content.xml; csv and xls seeds are whole files. Large parts are cut to keep the corpus small.
"""
import pathlib
import shutil
import zipfile

SEPARATOR = b"\n--part--\n"
LIMIT = 60_000
data = pathlib.Path(__file__).resolve().parent.parent / "tests" / "data" / "import"
corpus = pathlib.Path(__file__).resolve().parent / "corpus"
shutil.rmtree(corpus, ignore_errors=True)
for sub in ("xlsx", "ods", "csv", "xls"):
    (corpus / sub).mkdir(parents=True)


def part(archive, names):
    for name in names:
        if name in archive.namelist():
            return archive.read(name)[:LIMIT]
    return b""


for path in sorted(data.glob("*.xlsx")):
    if path.name in ("zip_bomb.xlsx", "truncated.xlsx", "png_as.xlsx"):
        continue
    with zipfile.ZipFile(path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")]
        seed = SEPARATOR.join([part(archive, sheets[:1]), part(archive, ["xl/sharedStrings.xml"]),
                               part(archive, ["xl/styles.xml"])])
        (corpus / "xlsx" / (path.stem + ".seed")).write_bytes(seed)
for path in sorted(data.glob("*.ods")):
    with zipfile.ZipFile(path) as archive:
        (corpus / "ods" / (path.stem + ".seed")).write_bytes(part(archive, ["content.xml"]))
for path in sorted(data.glob("*.csv")):
    (corpus / "csv" / (path.stem + ".seed")).write_bytes(path.read_bytes()[:LIMIT])
for path in sorted(data.glob("*.xls")):
    (corpus / "xls" / (path.stem + ".seed")).write_bytes(path.read_bytes())
