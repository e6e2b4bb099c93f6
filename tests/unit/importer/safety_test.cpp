#include <fstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "importer/cell_values.hpp"
#include "importer/csv_reader.hpp"
#include "importer/sheet_reader.hpp"
#include "test_files.hpp"

namespace kartoteka::importer {
namespace {

using testing::data_file;
using ::testing::HasSubstr;
using testing::read_file;

void expect_error(const testing::SheetContent& content, const std::string& fragment) {
    ASSERT_TRUE(content.error) << "expected an error mentioning: " << fragment;
    EXPECT_THAT(content.error->message, HasSubstr(fragment));
}

TEST(ImportSafety, RefusesExternalEntities) {
    expect_error(read_file(data_file("xxe_external.xlsx")), "DOCTYPE");
}

TEST(ImportSafety, RefusesEntityExpansion) {
    expect_error(read_file(data_file("billion_laughs.xlsx")), "DOCTYPE");
}

TEST(ImportSafety, StopsAZipBombByItsCompressionRatio) {
    auto content = read_file(data_file("zip_bomb.xlsx"));
    expect_error(content, "zip bomb");
    EXPECT_EQ(content.error->code, ErrorCode::ResourceExhausted);
}

TEST(ImportSafety, StopsAnEntryLargerThanTheDecompressedLimit) {
    Limits limits;
    limits.max_entry_bytes = 1024;
    auto content = read_file(data_file("customers_small_clean.xlsx"), limits);
    ASSERT_TRUE(content.error);
    EXPECT_EQ(content.error->code, ErrorCode::ResourceExhausted);
}

TEST(ImportSafety, BoundsTheSharedStringTable) {
    Limits limits;
    limits.max_shared_strings_bytes = 100;
    auto content = read_file(data_file("customers_small_clean.xlsx"), limits);
    expect_error(content, "shared texts exceed");
}

TEST(ImportSafety, ReportsATruncatedWorkbook) {
    expect_error(read_file(data_file("truncated.xlsx")), "truncated or damaged");
    std::ifstream source(data_file("customers_small_clean.xls"), std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(source)), std::istreambuf_iterator<char>());
    testing::TempDir dir;
    std::ofstream(dir.file("half.xls"), std::ios::binary) << bytes.substr(0, bytes.size() / 2);
    auto half = read_file(dir.file("half.xls"));
    ASSERT_TRUE(half.error);
    EXPECT_EQ(half.error->code, ErrorCode::InvalidArgument);
}

TEST(ImportSafety, RefusesAnXlsWhoseGridExceedsTheCellLimitBeforeLoadingIt) {
    Limits limits;
    limits.max_xls_cells = 100;  // customers_small_clean.xls is 51 x 15
    auto content = read_file(data_file("customers_small_clean.xls"), limits);
    ASSERT_TRUE(content.error);
    EXPECT_EQ(content.error->code, ErrorCode::ResourceExhausted);
}

TEST(ImportSafety, RefusesMislabelledFilesNamingTheAcceptedFormats) {
    for (const char* name : {"png_as.xlsx", "binary.bin", "not_a_spreadsheet.html", "plain.zip"}) {
        auto content = read_file(data_file(name));
        expect_error(content, "Accepted formats: Excel workbook (.xlsx)");
    }
    testing::TempDir dir;
    std::ofstream(dir.file("empty.csv")).flush();
    expect_error(read_file(dir.file("empty.csv")), "empty");
}

TEST(ImportSafety, AcceptsColumnXfdAndRefusesColumn16385) {
    auto widest = read_file(data_file("column_xfd.xlsx"));
    ASSERT_FALSE(widest.error);
    ASSERT_EQ(widest.rows.at(0).cells.size(), 16384u);
    EXPECT_EQ(widest.rows[0].cells[16383].text, "last");
    expect_error(read_file(data_file("columns_16385.xlsx")), "more than 16384 columns");
    expect_error(read_file(data_file("ods_far_column.ods")), "more than 16384 columns");
    expect_error(read_file(data_file("ods_column_bomb.ods")), "more than 16384 columns");
}

TEST(ImportSafety, BoundsTheReportedLayoutOfARepetitiveSheet) {
    auto content = read_file(data_file("layout_bomb.xlsx"));  // 2,000 x "hide all columns", 200,000 merges
    ASSERT_FALSE(content.error);
    EXPECT_EQ(content.rows.size(), 1u);
    EXPECT_EQ(content.layout.hidden_columns.size(), 16384u);
    EXPECT_EQ(content.layout.merged_ranges.size(), 200000u);
}

TEST(ImportSafety, RefusesRowsBeyondExcelsLast) {
    expect_error(read_file(data_file("row_1048577.xlsx")), "more than 1048576 rows");
    expect_error(read_file(data_file("ods_repeat_bomb.ods")), "more than 1048576 rows");
}

TEST(ImportSafety, ReadsExactly1048576CsvRecordsAndRefusesOneMore) {
    testing::TempDir dir;
    {
        std::ofstream file(dir.file("max.csv"), std::ios::binary);
        file << "n;v\n";
        for (int i = 1; i < 1'048'576; ++i) {
            file << i << ";x\n";
        }
    }
    auto reader = open_reader(dir.file("max.csv"));
    ASSERT_TRUE(reader);
    ASSERT_TRUE((*reader)->open(0));
    Row row;
    std::uint32_t rows = 0;
    std::uint32_t last = 0;
    for (;;) {
        auto next = (*reader)->next_row(row);
        ASSERT_TRUE(next) << next.error().message;
        if (!*next) {
            break;
        }
        ++rows;
        last = row.number;
    }
    EXPECT_EQ(rows, 1'048'576u);
    EXPECT_EQ(last, 1'048'576u);
    std::ofstream(dir.file("max.csv"), std::ios::binary | std::ios::app) << "one;more\n";
    ASSERT_TRUE((*reader)->open(0));
    for (;;) {
        auto next = (*reader)->next_row(row);
        if (!next) {
            EXPECT_THAT(next.error().message, HasSubstr("more than 1048576 records"));
            break;
        }
        ASSERT_TRUE(*next) << "the 1,048,577th record was not refused";
    }
}

TEST(ImportSafety, Reads16384CsvColumnsAndRefuses16385) {
    testing::TempDir dir;
    auto write = [&](const std::string& name, int columns) {
        std::ofstream file(dir.file(name), std::ios::binary);
        for (int i = 0; i < columns; ++i) {
            file << (i == 0 ? "" : ";") << "c" << i;
        }
        file << "\n";
    };
    write("wide.csv", 16384);
    write("wider.csv", 16385);
    auto wide = read_file(dir.file("wide.csv"));
    ASSERT_FALSE(wide.error);
    EXPECT_EQ(wide.rows.at(0).cells.size(), 16384u);
    expect_error(read_file(dir.file("wider.csv")), "more than 16384 columns");
}

TEST(ImportSafety, BoundsAnUnterminatedCsvQuote) {
    expect_error(read_file(data_file("unterminated_quote.csv")), "unterminated quote");
}

TEST(ImportSafety, ReadsA5000CharacterCellWithEmoji) {
    testing::TempDir dir;
    std::string long_text;
    for (int i = 0; i < 1250; ++i) {
        long_text += "ž😊ab";  // 5000 characters, 3,750 of them outside ASCII bytes
    }
    std::ofstream(dir.file("long.csv"), std::ios::binary) << "a;b\n\"" << long_text << "\";x\n";
    auto content = read_file(dir.file("long.csv"));
    ASSERT_FALSE(content.error);
    EXPECT_EQ(content.rows.at(1).cells.at(0).text, long_text);
}

TEST(ImportSafety, RefusesACsvThatSwitchesFromUtf8ToAnotherEncoding) {
    testing::TempDir dir;
    std::string head = "a;b\n";
    for (int i = 0; i < 10000; ++i) {
        head += "Plzeň;x\n";  // 90 kB of UTF-8: more than the detection sample
    }
    std::ofstream(dir.file("mixed.csv"), std::ios::binary) << head << "Plze\xF2;x\n";
    expect_error(read_file(dir.file("mixed.csv")), "not valid UTF-8");
}

TEST(CsvDialect, DetectsEncodingAndDelimiter) {
    EXPECT_EQ(detect_csv_dialect("a;b;c\n1;2,5;3\n").delimiter, ';');
    EXPECT_EQ(detect_csv_dialect("a,b,c\n1,2,3\n").delimiter, ',');
    EXPECT_EQ(detect_csv_dialect("a\tb\n\"x;y\"\t2\n").delimiter, '\t');
    EXPECT_EQ(detect_csv_dialect("\"a;b\",c\n\"1;2\",3\n").delimiter, ',');
    EXPECT_EQ(detect_csv_dialect("Plze\xF2;Brno\n").encoding, TextEncoding::Windows1250);
    EXPECT_EQ(detect_csv_dialect("Plzeň;Brno\n").encoding, TextEncoding::Utf8);
    EXPECT_TRUE(detect_csv_dialect("\xEF\xBB\xBFx;y\n").bom);
}

TEST(NumberFormat, ClassifiesDateLettersOutsideQuotesAndBrackets) {
    EXPECT_EQ(classify_format_code("D.M.YYYY"), DateKind::Date);
    EXPECT_EQ(classify_format_code("dd/mm/yyyy hh:mm"), DateKind::DateTime);
    EXPECT_EQ(classify_format_code("h:mm AM/PM"), DateKind::Time);
    EXPECT_EQ(classify_format_code("[h]:mm:ss"), DateKind::Time);
    EXPECT_EQ(classify_format_code("mmm"), DateKind::Date);
    EXPECT_EQ(classify_format_code("#,##0.00\\ \"Kč\""), DateKind::None);
    EXPECT_EQ(classify_format_code("\"day \"0"), DateKind::None);
    EXPECT_EQ(classify_format_code("[Red]0.00"), DateKind::None);
    EXPECT_EQ(classify_format_code("0.00E+00"), DateKind::None);
    EXPECT_EQ(classify_format_code("General"), DateKind::None);
    EXPECT_EQ(classify_format_code("[$-405]d\\.\\ mmmm\\ yyyy"), DateKind::Date);
    EXPECT_EQ(classify_builtin_format(14), DateKind::Date);
    EXPECT_EQ(classify_builtin_format(22), DateKind::DateTime);
    EXPECT_EQ(classify_builtin_format(45), DateKind::Time);
    EXPECT_EQ(classify_builtin_format(4), DateKind::None);
}

TEST(DateSerial, Maps1900And1904Serials) {
    EXPECT_EQ(serial_to_cell(1, DateKind::Date, DateSystem::Excel1900).text, "1900-01-01");
    EXPECT_EQ(serial_to_cell(43821, DateKind::Date, DateSystem::Excel1900).text, "2019-12-22");
    EXPECT_EQ(serial_to_cell(42359, DateKind::Date, DateSystem::Excel1904).text, "2019-12-22");
    EXPECT_EQ(serial_to_cell(43821.999999, DateKind::DateTime, DateSystem::Excel1900).text, "2019-12-23T00:00:00");
    EXPECT_EQ(serial_to_cell(2958465, DateKind::Date, DateSystem::Excel1900).text, "9999-12-31");
    EXPECT_EQ(serial_to_cell(2958466, DateKind::Date, DateSystem::Excel1900).type, CellType::Number);
    EXPECT_EQ(serial_to_cell(-1, DateKind::Date, DateSystem::Excel1900).type, CellType::Number);
    EXPECT_EQ(serial_to_cell(200000, DateKind::None, DateSystem::Excel1900).text, "200000");
}

}  // namespace
}  // namespace kartoteka::importer
