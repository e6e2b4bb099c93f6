#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "importer/header_row.hpp"
#include "importer/sheet_reader.hpp"
#include "test_files.hpp"

namespace kartoteka::importer {
namespace {

using testing::cell_at;
using testing::data_file;
using testing::read_file;

std::vector<nlohmann::json> expected_customers(const std::string& name) {
    std::vector<nlohmann::json> customers;
    std::ifstream file(data_file(name));
    std::string line;
    while (std::getline(file, line)) {
        if (!line.empty()) {
            customers.push_back(nlohmann::json::parse(line));
        }
    }
    return customers;
}

std::string trimmed(const std::string& text) {
    std::size_t first = text.find_first_not_of(' ');
    std::size_t last = text.find_last_not_of(' ');
    return first == std::string::npos ? std::string() : text.substr(first, last - first + 1);
}

const Row* find_row(const std::vector<Row>& rows, std::uint32_t number) {
    for (const Row& row : rows) {
        if (row.number == number) {
            return &row;
        }
    }
    return nullptr;
}

class SmallCleanFile : public ::testing::TestWithParam<std::pair<std::string, Format>> {};

// The same 50 customers saved by LibreOffice in four formats read the same: names, IČO kept as text with its
// leading zeros, cities with diacritics, multi-line notes, and (in the spreadsheets) dates as dates.
TEST_P(SmallCleanFile, ReadsTheFiftyCustomersLikeTheExpectedOutcome) {
    auto [file, format] = GetParam();
    auto reader = open_reader(data_file(file));
    ASSERT_TRUE(reader) << reader.error().message;
    EXPECT_EQ((*reader)->format(), format);
    ASSERT_EQ((*reader)->sheets().size(), 1u);
    if (format != Format::Csv) {
        EXPECT_EQ((*reader)->sheets()[0].name, "Zákazníci");
    }
    auto content = testing::read_sheet(**reader);
    ASSERT_FALSE(content.error) << content.error->message;
    ASSERT_EQ(content.rows.size(), 51u);
    EXPECT_EQ(find_header_row(content.rows), 0u);
    EXPECT_EQ(cell_at(content.rows[0], 2).text, "IČO");
    EXPECT_EQ(cell_at(content.rows[0], 14).text, "Štítky");

    auto customers = expected_customers("customers_small_clean.expected.jsonl");
    ASSERT_EQ(customers.size(), 50u);
    for (const auto& customer : customers) {
        const Row* row = find_row(content.rows, customer["row"].get<std::uint32_t>());
        ASSERT_NE(row, nullptr) << customer["row"];
        EXPECT_EQ(cell_at(*row, 1).text, customer["name"].get<std::string>());
        EXPECT_EQ(cell_at(*row, 2).text, customer["ico"].is_null() ? "" : customer["ico"].get<std::string>());
        EXPECT_EQ(cell_at(*row, 5).text, customer["city"].get<std::string>());
        if (!customer["note"].is_null()) {
            EXPECT_EQ(cell_at(*row, 11).text, customer["note"].get<std::string>()) << "row " << row->number;
        }
        if (format != Format::Csv) {
            EXPECT_EQ(cell_at(*row, 12).type, CellType::Date) << "row " << row->number;
            EXPECT_EQ(cell_at(*row, 12).text, customer["created"].get<std::string>());
        }
    }
}

INSTANTIATE_TEST_SUITE_P(
    Formats,
    SmallCleanFile,
    ::testing::Values(
        std::pair{std::string("customers_small_clean.xlsx"), Format::Xlsx},
        std::pair{std::string("customers_small_clean.ods"), Format::Ods},
        std::pair{std::string("customers_small_clean.xls"), Format::Xls},
        std::pair{std::string("customers_small_clean.csv"), Format::Csv}
    ),
    [](const auto& info) { return std::string(format_name(info.param.second)); }
);

TEST(CsvReader, DecodesWindows1250SemicolonFileAsCzechExcelWritesIt) {
    auto content = read_file(data_file("customers_excel_style_cp1250.csv"));
    ASSERT_FALSE(content.error) << content.error->message;
    ASSERT_EQ(content.rows.size(), 151u);  // header + 150 records
    for (const auto& customer : expected_customers("customers_excel_style_cp1250.expected.jsonl")) {
        const Row* row = find_row(content.rows, customer["row"].get<std::uint32_t>());
        ASSERT_NE(row, nullptr) << customer["row"];
        EXPECT_EQ(cell_at(*row, 1).text, customer["name"].get<std::string>());
        EXPECT_EQ(cell_at(*row, 5).text, customer["city"].get<std::string>());
        if (!customer["note"].is_null()) {
            EXPECT_EQ(cell_at(*row, 11).text, customer["note"].get<std::string>()) << "row " << row->number;
        }
    }
}

TEST(CsvReader, ReadsUtf8WithBomQuotedNewlinesAndEmojiByRecordNumber) {
    auto content = read_file(data_file("customers_utf8_bom.csv"));
    ASSERT_FALSE(content.error) << content.error->message;
    EXPECT_EQ(content.rows.size(), 61u);  // 62 records; record 32 is empty and skipped
    EXPECT_EQ(find_row(content.rows, 32), nullptr);
    EXPECT_EQ(cell_at(content.rows[0], 0).text, "Typ");  // no BOM glued to the first header
    for (const auto& customer : expected_customers("customers_utf8_bom.expected.jsonl")) {
        const Row* row = find_row(content.rows, customer["row"].get<std::uint32_t>());
        ASSERT_NE(row, nullptr) << customer["row"];
        // The reader keeps what the file holds; trimming is the mapper's decision.
        EXPECT_EQ(trimmed(cell_at(*row, 1).text), customer["name"].get<std::string>());
        if (!customer["note"].is_null()) {
            EXPECT_EQ(cell_at(*row, 11).text, customer["note"].get<std::string>()) << "row " << row->number;
        }
    }
}

TEST(CsvReader, DetectsSemicolonTabAndCommaAndKeepsQuotedDelimiters) {
    auto semicolon = read_file(data_file("semicolon_cp1250.csv"));
    ASSERT_FALSE(semicolon.error);
    ASSERT_EQ(semicolon.rows.size(), 3u);
    EXPECT_EQ(cell_at(semicolon.rows[1], 0).text, "Žluťoučký kůň, s.r.o.");
    EXPECT_EQ(cell_at(semicolon.rows[1], 2).text, "víc\nřádků; a \"uvozovky\"");  // CRLF in a cell becomes LF
    EXPECT_EQ(semicolon.rows[2].number, 4u);
    EXPECT_EQ(cell_at(semicolon.rows[2], 2).text, "–");

    auto tab = read_file(data_file("tab_utf8.csv"));
    ASSERT_FALSE(tab.error);
    EXPECT_EQ(cell_at(tab.rows[1], 0).text, "Acme, Inc.");
    EXPECT_EQ(cell_at(tab.rows[1], 2).text, "a;b");

    auto comma = read_file(data_file("comma_utf8.csv"));
    ASSERT_FALSE(comma.error);
    EXPECT_EQ(cell_at(comma.rows[1], 0).text, "Gama; spol.");
    EXPECT_EQ(cell_at(comma.rows[2], 1).text, "Hradec\nKrálové");
}

TEST(XlsxReader, MapsEveryCellKindOpenpyxlWrites) {
    auto reader = open_reader(data_file("features_openpyxl.xlsx"));
    ASSERT_TRUE(reader);
    ASSERT_EQ((*reader)->sheets().size(), 2u);
    EXPECT_FALSE((*reader)->sheets()[0].hidden);
    EXPECT_EQ((*reader)->sheets()[1].name, "Skrytý");
    EXPECT_TRUE((*reader)->sheets()[1].hidden);
    auto content = testing::read_sheet(**reader);
    ASSERT_FALSE(content.error) << content.error->message;
    ASSERT_EQ(content.rows.size(), 7u);
    EXPECT_EQ(find_header_row(content.rows), 1u);  // the title row above is skipped
    const Row& alfa = content.rows[2];
    EXPECT_EQ(alfa.number, 4u);
    EXPECT_EQ(cell_at(alfa, 1).text, "00212113");
    EXPECT_EQ(cell_at(alfa, 2).type, CellType::Date);
    EXPECT_EQ(cell_at(alfa, 2).text, "2019-12-22");
    EXPECT_EQ(cell_at(alfa, 3).type, CellType::Time);
    EXPECT_EQ(cell_at(alfa, 3).text, "10:30:15");
    EXPECT_EQ(cell_at(alfa, 4).type, CellType::DateTime);
    EXPECT_EQ(cell_at(alfa, 4).text, "2021-03-04T05:06:07");
    EXPECT_EQ(cell_at(alfa, 5).type, CellType::Number);
    EXPECT_DOUBLE_EQ(cell_at(alfa, 5).number, 1855105.15);
    EXPECT_EQ(cell_at(alfa, 6).type, CellType::Boolean);
    EXPECT_EQ(cell_at(alfa, 7).text, "řádek 1\nřádek 2 😊👍");
    const Row& beta = content.rows[3];
    EXPECT_EQ(cell_at(beta, 1).type, CellType::Number);
    EXPECT_EQ(cell_at(beta, 1).text, "212113");
    EXPECT_EQ(cell_at(beta, 2).text, "1900-03-01");
    EXPECT_EQ(cell_at(beta, 7).text, std::string(5000, 'x'));
    const Row& gama = content.rows[4];
    EXPECT_EQ(cell_at(gama, 1).type, CellType::Number);  // "day "0: the d is quoted
    EXPECT_EQ(cell_at(gama, 2).type, CellType::Date);    // [$-405]d\.\ mmmm\ yyyy
    EXPECT_EQ(cell_at(gama, 2).text, "2023-03-15");
    EXPECT_TRUE(cell_at(gama, 3).empty());  // a formula without a cached value
    EXPECT_TRUE(content.rows[5].hidden);
    EXPECT_EQ(content.layout.hidden_rows, std::vector<std::uint32_t>{7});
    EXPECT_EQ(content.layout.hidden_columns, std::vector<std::uint32_t>{7});
    ASSERT_EQ(content.layout.merged_ranges.size(), 1u);
    EXPECT_EQ(content.layout.merged_ranges[0].first_row, 9u);
    EXPECT_EQ(content.layout.merged_ranges[0].last_row, 10u);
    EXPECT_EQ(content.layout.merged_ranges[0].last_column, 2u);

    auto hidden_sheet = testing::read_sheet(**reader, 1);
    ASSERT_FALSE(hidden_sheet.error);
    EXPECT_EQ(cell_at(hidden_sheet.rows.at(0), 0).text, "jen list");
}

TEST(XlsxReader, ReadsInlineStringsCachedFormulaValuesAndTheLeapYearBug) {
    auto content = read_file(data_file("handmade.xlsx"));
    ASSERT_FALSE(content.error) << content.error->message;
    ASSERT_EQ(content.rows.size(), 5u);
    EXPECT_EQ(cell_at(content.rows[0], 0).text, "Název");
    EXPECT_EQ(cell_at(content.rows[0], 1).text, "Bold");  // rich text runs joined, phonetic hint dropped
    EXPECT_EQ(cell_at(content.rows[0], 2).text, "inline ž");
    const Row& dates = content.rows[1];
    EXPECT_EQ(cell_at(dates, 0).text, "1900-02-28");
    EXPECT_EQ(cell_at(dates, 1).text, "1900-02-29");  // serial 60, the day Excel invented
    EXPECT_EQ(cell_at(dates, 2).text, "1900-03-01");
    EXPECT_EQ(cell_at(dates, 3).text, "2019-12-22T12:00:00");  // built-in format 22
    EXPECT_EQ(cell_at(dates, 4).type, CellType::Number);       // "Date:" 0 is quoted text
    EXPECT_EQ(cell_at(dates, 5).type, CellType::Time);         // built-in format 46
    EXPECT_EQ(cell_at(dates, 5).text, "18:00:00");
    const Row& formulas = content.rows[2];
    EXPECT_EQ(cell_at(formulas, 0).text, "ab");
    EXPECT_EQ(cell_at(formulas, 2).type, CellType::Error);
    EXPECT_EQ(cell_at(formulas, 2).text, "#N/A");
    EXPECT_EQ(cell_at(formulas, 3).type, CellType::Boolean);
    EXPECT_EQ(cell_at(formulas, 4).text, "6");
    const Row& without_references = content.rows[3];
    EXPECT_EQ(without_references.number, 5u);  // follows row 4
    EXPECT_EQ(cell_at(without_references, 1).text, "2");
    EXPECT_EQ(cell_at(without_references, 5).text, "6");  // follows E5
    EXPECT_EQ(content.rows[4].number, 7u);
    EXPECT_TRUE(content.rows[4].hidden);
    EXPECT_EQ(cell_at(content.rows[4], 0).text, "2020-02-29T13:14:15");
}

TEST(XlsxReader, ReadsThe1904DateSystem) {
    auto content = read_file(data_file("date1904.xlsx"));
    ASSERT_FALSE(content.error);
    ASSERT_EQ(content.rows.size(), 2u);
    EXPECT_EQ(cell_at(content.rows[0], 0).text, "2019-12-22");
    EXPECT_EQ(cell_at(content.rows[1], 0).text, "1904-01-01");
}

TEST(OdsReader, ReadsLibreOfficeConversionLikeTheXlsx) {
    auto reader = open_reader(data_file("features_openpyxl.ods"));
    ASSERT_TRUE(reader);
    EXPECT_EQ((*reader)->format(), Format::Ods);
    ASSERT_EQ((*reader)->sheets().size(), 2u);
    EXPECT_TRUE((*reader)->sheets()[1].hidden);
    auto content = testing::read_sheet(**reader);
    ASSERT_FALSE(content.error);
    ASSERT_EQ(content.rows.size(), 7u);
    const Row& alfa = content.rows[2];
    EXPECT_EQ(cell_at(alfa, 2).text, "2019-12-22");
    EXPECT_EQ(cell_at(alfa, 3).text, "10:30:15");
    EXPECT_EQ(cell_at(alfa, 4).text, "2021-03-04T05:06:07");
    EXPECT_EQ(cell_at(alfa, 7).text, "řádek 1\nřádek 2 😊👍");
    EXPECT_EQ(cell_at(content.rows[3], 7).text.size(), 5000u);
    EXPECT_EQ(cell_at(content.rows[4], 3).text, "3");  // LibreOffice computed =1+2
    EXPECT_EQ(content.layout.hidden_rows, std::vector<std::uint32_t>{7});
    ASSERT_EQ(content.layout.merged_ranges.size(), 1u);
    EXPECT_EQ(content.layout.merged_ranges[0].first_row, 9u);
    EXPECT_EQ(content.layout.merged_ranges[0].last_column, 2u);
}

TEST(OdsReader, ExpandsRepeatsAndReadsValueTypes) {
    auto reader = open_reader(data_file("handmade.ods"));
    ASSERT_TRUE(reader);
    auto content = testing::read_sheet(**reader);
    ASSERT_FALSE(content.error) << content.error->message;
    ASSERT_EQ(content.rows.size(), 4u);  // 1 + 3 repeated; 1,048,570 empty repeated rows are skipped
    const Row& types = content.rows[0];
    EXPECT_EQ(cell_at(types, 0).text, "a   b\ndruhý");
    EXPECT_DOUBLE_EQ(cell_at(types, 1).number, 0.25);
    EXPECT_EQ(cell_at(types, 1).display, "25 %");
    EXPECT_DOUBLE_EQ(cell_at(types, 2).number, 1500.5);
    EXPECT_EQ(cell_at(types, 3).text, "13:05:09");
    EXPECT_EQ(cell_at(types, 4).text, "2024-02-29T08:00:00");
    EXPECT_EQ(cell_at(types, 5).type, CellType::Boolean);
    EXPECT_EQ(cell_at(types, 6).text, "s komentářem");  // the annotation is not the value
    EXPECT_EQ(content.rows[3].number, 4u);
    EXPECT_EQ(cell_at(content.rows[3], 1).text, "7");

    auto merged = testing::read_sheet(**reader, 1);
    ASSERT_FALSE(merged.error) << merged.error->message;
    EXPECT_TRUE((*reader)->sheets()[1].hidden);
    ASSERT_EQ(merged.rows.size(), 2u);
    EXPECT_EQ(cell_at(merged.rows[0], 12).text, "za prázdnými");
    EXPECT_TRUE(cell_at(merged.rows[1], 0).empty());  // covered cell
    EXPECT_TRUE(merged.rows[1].hidden);
    EXPECT_EQ(merged.layout.hidden_columns, std::vector<std::uint32_t>{2});
    ASSERT_EQ(merged.layout.merged_ranges.size(), 1u);
    EXPECT_EQ(merged.layout.merged_ranges[0].last_row, 2u);
    EXPECT_EQ(merged.layout.merged_ranges[0].last_column, 1u);
}

TEST(XlsReader, ReadsTheLibreOfficeBiff8Conversion) {
    auto content = read_file(data_file("features_openpyxl.xls"));
    ASSERT_FALSE(content.error) << content.error->message;
    ASSERT_EQ(content.rows.size(), 7u);
    const Row& alfa = content.rows[2];
    EXPECT_EQ(cell_at(alfa, 1).text, "00212113");
    EXPECT_EQ(cell_at(alfa, 2).type, CellType::Date);
    EXPECT_EQ(cell_at(alfa, 2).text, "2019-12-22");
    EXPECT_EQ(cell_at(alfa, 4).text, "2021-03-04T05:06:07");
    EXPECT_EQ(cell_at(alfa, 7).text, "řádek 1\nřádek 2 😊👍");
    EXPECT_EQ(cell_at(content.rows[3], 1).text, "212113");
}

TEST(HeaderRow, SkipsTitleRowsAndNeedsData) {
    auto text_row = [](std::uint32_t number, std::vector<std::string> texts) {
        Row row;
        row.number = number;
        for (auto& text : texts) {
            Cell cell;
            if (!text.empty()) {
                cell.type = CellType::Text;
                cell.text = text;
            }
            row.cells.push_back(cell);
        }
        return row;
    };
    std::vector<Row> rows = {
        text_row(1, {"Export zákazníků"}),
        text_row(2, {"", "stav k 1. 1. 2024"}),
        text_row(4, {"Firma", "IČO", "Město"}),
        text_row(5, {"Alfa", "12345678", "Praha"}),
    };
    EXPECT_EQ(find_header_row(rows), 2u);
    std::vector<Row> repeated = {text_row(1, {"x", "x", "x", "x"})};
    EXPECT_EQ(find_header_row(repeated), std::nullopt);
}

}  // namespace
}  // namespace kartoteka::importer
