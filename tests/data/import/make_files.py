#!/usr/bin/python3
"""Regenerates the importer's extra test files (the customers_* files come from ../shared/testdata/import).

Run with Debian's python3 (python3-openpyxl) from this directory; the .ods copies need LibreOffice:
    /usr/bin/python3 make_files.py && soffice --headless --convert-to ods features_openpyxl.xlsx
Expected outcomes are in README.md and asserted by tests/unit/importer/*_test.cpp.
"""
import datetime
import io
import zipfile

import openpyxl
from openpyxl.styles import numbers

# --- features_openpyxl.xlsx: written by openpyxl (a real writer), every cell kind the reader must map.
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Zákazníci"
ws["A1"] = "Seznam zákazníků 2024"          # a title row above the header
ws.append([])
ws.append(["Název", "IČO", "Datum", "Čas", "Kdy", "Limit", "Aktivní", "Poznámka"])   # row 3: header
ws.append(["Alfa s.r.o.", "00212113", datetime.date(2019, 12, 22), datetime.time(10, 30, 15),
           datetime.datetime(2021, 3, 4, 5, 6, 7), 1855105.15, True, "řádek 1\nřádek 2 😊👍"])
ws.append(["Beta a.s.", 212113, datetime.date(1900, 3, 1), None, None, 0, False, "x" * 5000])
ws["C4"].number_format = "D.M.YYYY"
ws["C5"].number_format = 'yyyy\\-mm\\-dd'
ws["D4"].number_format = "h:mm:ss"
ws["E4"].number_format = "d.m.yyyy h:mm"
ws["F4"].number_format = '#,##0.00\\ "Kč"'
ws["A6"] = "Gama"
ws["B6"] = 45000
ws["B6"].number_format = '"day "0'       # 'd' only inside quotes: a number, not a date
ws["C6"] = 45000
ws["C6"].number_format = "[$-405]d\\.\\ mmmm\\ yyyy"   # locale bracket + escaped literals: a date
ws["D6"] = "=1+2"                          # a formula (openpyxl writes no cached value)
ws["A7"] = "skrytý řádek"
ws.row_dimensions[7].hidden = True
ws.column_dimensions["H"].hidden = True
ws.merge_cells("A9:C10")
ws["A9"] = "sloučeno"
ws2 = wb.create_sheet("Skrytý")
ws2.sheet_state = "hidden"
ws2["A1"] = "jen list"
wb.save("features_openpyxl.xlsx")

# --- date1904.xlsx: the Mac 1904 date system.
wb = openpyxl.Workbook()
wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
ws = wb.active
ws["A1"] = datetime.date(2019, 12, 22)
ws["A1"].number_format = "DD.MM.YYYY"
ws["A2"] = 0
ws["A2"].number_format = "DD.MM.YYYY"
wb.save("date1904.xlsx")


def write_zip(name, parts, compression=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(name, "w", compression) as archive:
        for part, content in parts:
            archive.writestr(part, content)


CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 '<Default Extension="xml" ContentType="application/xml"/></Types>')
WORKBOOK = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            '<sheet name="List1" sheetId="1" r:id="rId1"/></sheets></workbook>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        'Target="/xl/worksheets/data.xml"/></Relationships>')
STYLES = ('<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
          '<numFmts count="1"><numFmt numFmtId="164" formatCode="&quot;Date:&quot;\\ 0"/></numFmts>'
          '<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="22"/><xf numFmtId="164"/><xf numFmtId="46"/></cellXfs>'
          '</styleSheet>')
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def sheet(rows_xml, extra=""):
    return f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}><sheetData>{rows_xml}</sheetData>{extra}</worksheet>'


# --- handmade.xlsx: what openpyxl never writes: inline strings, cached formula values of every type,
# cells and rows without r attributes, the 1900 leap-year bug around serial 60, styles by index, an absolute
# relationship target, shared strings with rich text and phonetic runs.
shared = ('<?xml version="1.0" encoding="UTF-8"?><sst ' + NS + '>'
          '<si><t>Název</t></si><si><r><t>Bo</t></r><r><t>ld</t></r><rPh><t>ふりがな</t></rPh></si></sst>')
rows = ('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
        '<c r="C1" t="inlineStr"><is><t>inline ž</t></is></c></row>'
        '<row r="2"><c r="A2" s="1"><v>59</v></c><c r="B2" s="1"><v>60</v></c><c r="C2" s="1"><v>61</v></c>'
        '<c r="D2" s="2"><v>43821.5</v></c><c r="E2" s="3"><v>7</v></c><c r="F2" s="4"><v>0.75</v></c></row>'
        '<row r="4"><c r="A4" t="str"><f>CONCAT("a","b")</f><v>ab</v></c><c r="B4"><f>1/0</f><v>#DIV/0!</v></c>'
        '<c r="C4" t="e"><f>NA()</f><v>#N/A</v></c><c r="D4" t="b"><f>TRUE()</f><v>1</v></c>'
        '<c r="E4"><f>2*3</f><v>6</v></c></row>'
        '<row><c><v>1</v></c><c><v>2</v></c><c r="E5"><v>5</v></c><c><v>6</v></c></row>'
        '<row r="7" hidden="1"><c r="A7" t="d"><v>2020-02-29T13:14:15Z</v></c></row>')
write_zip("handmade.xlsx", [
    ("[Content_Types].xml", CONTENT_TYPES), ("xl/workbook.xml", WORKBOOK), ("xl/_rels/workbook.xml.rels", RELS),
    ("xl/styles.xml", STYLES), ("xl/sharedStrings.xml", shared),
    ("xl/worksheets/data.xml", sheet(rows, '<mergeCells count="1"><mergeCell ref="B4:C5"/></mergeCells>'))])


def xlsx_with_sheet(name, sheet_xml, shared_xml=None, compression=zipfile.ZIP_DEFLATED):
    parts = [("[Content_Types].xml", CONTENT_TYPES), ("xl/workbook.xml", WORKBOOK), ("xl/_rels/workbook.xml.rels", RELS),
             ("xl/worksheets/data.xml", sheet_xml)]
    if shared_xml is not None:
        parts.append(("xl/sharedStrings.xml", shared_xml))
    write_zip(name, parts, compression)


# --- hostile files.
xlsx_with_sheet("xxe_external.xlsx",
                '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                f'<worksheet {NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&e;</t></is></c></row>'
                '</sheetData></worksheet>')
laughs = '<!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa">' + "".join(
    f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)) + ']>'
xlsx_with_sheet("billion_laughs.xlsx", sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'),
                '<?xml version="1.0"?>' + laughs + f'<sst {NS}><si><t>&j;</t></si></sst>')
# 64 MiB of whitespace inside the sheet: deflates about 1000:1.
padding = " " * (64 << 20)
xlsx_with_sheet("zip_bomb.xlsx", sheet('<row r="1"><c r="A1"><v>1</v></c></row>' + padding))
too_wide = "".join(f'<c><v>{i}</v></c>' for i in range(16385))
xlsx_with_sheet("columns_16385.xlsx", sheet(f'<row r="1">{too_wide}</row>'))
widest = '<c r="XFD1" t="inlineStr"><is><t>last</t></is></c>'
xlsx_with_sheet("column_xfd.xlsx", sheet(f'<row r="1"><c r="A1"><v>1</v></c>{widest}</row>'))
xlsx_with_sheet("row_1048577.xlsx", sheet('<row r="1048576"><c r="A1048576"><v>1</v></c></row>'
                                          '<row r="1048577"><c r="A1048577"><v>2</v></c></row>'))
xlsx_with_sheet("bad_shared_index.xlsx", sheet('<row r="1"><c r="A1" t="s"><v>5</v></c></row>'),
                f'<sst {NS}><si><t>only</t></si></sst>')
with open("features_openpyxl.xlsx", "rb") as f:
    data = f.read()
with open("truncated.xlsx", "wb") as f:
    f.write(data[: len(data) // 2])

# --- ODS by hand: repeats (bounded), covered cells, annotations, text:s, value types.
ODS_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"')


def ods(name, tables_xml, automatic_styles=""):
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NS}>'
               f'<office:automatic-styles>{automatic_styles}</office:automatic-styles>'
               f'<office:body><office:spreadsheet>{tables_xml}</office:spreadsheet></office:body></office:document-content>')
    with zipfile.ZipFile(name, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)


cells = ('<table:table-row><table:table-cell office:value-type="string"><text:p>a<text:s text:c="3"/>b</text:p>'
         '<text:p>druhý</text:p></table:table-cell>'
         '<table:table-cell office:value-type="percentage" office:value="0.25"><text:p>25 %</text:p></table:table-cell>'
         '<table:table-cell office:value-type="currency" office:value="1500.5"><text:p>1 500,50 Kč</text:p></table:table-cell>'
         '<table:table-cell office:value-type="time" office:time-value="PT13H05M09S"><text:p>13:05:09</text:p></table:table-cell>'
         '<table:table-cell office:value-type="date" office:date-value="2024-02-29T08:00:00"><text:p>x</text:p></table:table-cell>'
         '<table:table-cell office:value-type="boolean" office:boolean-value="true"><text:p>PRAVDA</text:p></table:table-cell>'
         '<table:table-cell office:value-type="string"><office:annotation><text:p>komentář</text:p></office:annotation>'
         '<text:p>s komentářem</text:p></table:table-cell></table:table-row>'
         '<table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="2" '
         'office:value-type="float" office:value="7"><text:p>7</text:p></table:table-cell></table:table-row>'
         '<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="16384"/>'
         '</table:table-row>')
merged = ('<table:table-column table:number-columns-repeated="2"/><table:table-column table:visibility="collapse"/>'
          '<table:table-column table:number-columns-repeated="16381"/>'
          '<table:table-row><table:table-cell table:number-columns-spanned="2" table:number-rows-spanned="2" '
          'office:value-type="string"><text:p>sloučeno</text:p></table:table-cell><table:covered-table-cell/>'
          '<table:table-cell table:number-columns-repeated="10"/>'
          '<table:table-cell office:value-type="string"><text:p>za prázdnými</text:p></table:table-cell></table:table-row>'
          '<table:table-row table:visibility="collapse"><table:covered-table-cell table:number-columns-repeated="2"/>'
          '<table:table-cell office:value-type="float" office:value="3"><text:p>3</text:p></table:table-cell></table:table-row>')
ods("handmade.ods",
    f'<table:table table:name="Typy">{cells}</table:table>'
    f'<table:table table:name="Sloučené" table:style-name="ta2">{merged}</table:table>',
    '<style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/></style:style>')
ods("ods_repeat_bomb.ods",
    '<table:table table:name="A"><table:table-row table:number-rows-repeated="2000000000">'
    '<table:table-cell office:value-type="float" office:value="1"/></table:table-row></table:table>')
ods("ods_far_column.ods",
    '<table:table table:name="A"><table:table-row><table:table-cell table:number-columns-repeated="100000000"/>'
    '<table:table-cell office:value-type="string"><text:p>daleko</text:p></table:table-cell></table:table-row></table:table>')
ods("ods_column_bomb.ods",
    '<table:table table:name="A"><table:table-row><table:table-cell table:number-columns-repeated="2000000000" '
    'office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row></table:table>')

# --- CSV edge cases.
with open("semicolon_cp1250.csv", "wb") as f:
    f.write("Název;Město;Poznámka\r\nŽluťoučký kůň, s.r.o.;Ústí nad Labem;\"víc\r\nřádků; a \"\"uvozovky\"\"\"\r\n"
            ";;\r\nČSAD;Přerov;–\r\n".encode("windows-1250"))
with open("tab_utf8.csv", "wb") as f:
    f.write("Name\tCity\tNote\nAcme, Inc.\tBrno\t\"a;b\"\nBeta\tPraha\t\n".encode("utf-8"))
with open("comma_utf8.csv", "wb") as f:
    f.write('name,city\n"Gama; spol.",Plzeň\nDelta,"Hradec\nKrálové"\n'.encode("utf-8"))
with open("unterminated_quote.csv", "wb") as f:
    f.write(b'a;b\n"never closed;' + b"x" * 300000)
with open("not_a_spreadsheet.html", "wb") as f:
    f.write(b"<html><body><table><tr><td>1</td></tr></table></body></html>")
with open("binary.bin", "wb") as f:
    f.write(bytes(range(256)) * 4)
with open("png_as.xlsx", "wb") as f:
    f.write(b"\x89PNG\r\n\x1a\n" + bytes(100))
write_zip("plain.zip", [("readme.txt", "hello")])

# --- layout bombs: 2,000 <col> elements hiding every column, 200,000 identical mergeCell elements.
cols = '<cols>' + '<col min="1" max="16384" hidden="1"/>' * 2000 + '</cols>'
xlsx_with_sheet("layout_bomb.xlsx",
                f'<?xml version="1.0"?><worksheet {NS}>{cols}<sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
                '</sheetData><mergeCells>' + '<mergeCell ref="A1:B2"/>' * 200000 + '</mergeCells></worksheet>')
