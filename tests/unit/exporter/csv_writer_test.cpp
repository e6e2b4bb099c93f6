#include "exporter/csv_writer.hpp"

#include <gtest/gtest.h>

#include "exporter/customer_export.hpp"

namespace kartoteka::exporter {
namespace {

TEST(CsvWriter, BomOnceThenCrlfRecords) {
    CsvWriter writer;
    writer.write_row({"Název", "IČO"});
    writer.write_row({"Alfa", "00012345"});
    EXPECT_EQ(writer.take(), "\xEF\xBB\xBFNázev;IČO\r\nAlfa;00012345\r\n");
    writer.write_row({"Beta", ""});
    EXPECT_EQ(writer.take(), "Beta;\r\n");  // no second BOM after a take
    EXPECT_EQ(writer.rows_written(), 3u);
}

TEST(CsvWriter, QuotesOnlyWhatNeedsIt) {
    std::string out;
    append_csv_field(out, "plain", ';');
    EXPECT_EQ(out, "plain");
    const auto quoted = [](std::string_view field, char delimiter) {
        std::string text;
        append_csv_field(text, field, delimiter);
        return text;
    };
    EXPECT_EQ(quoted("a;b", ';'), "\"a;b\"");
    EXPECT_EQ(quoted("a;b", ','), "a;b");
    EXPECT_EQ(quoted("a,b", ','), "\"a,b\"");
    EXPECT_EQ(quoted("say \"hi\"", ';'), "\"say \"\"hi\"\"\"");
    EXPECT_EQ(quoted("line\nbreak", ';'), "\"line\nbreak\"");
    EXPECT_EQ(quoted("cr\rhere", ';'), "\"cr\rhere\"");
    EXPECT_EQ(quoted(" padded ", ';'), "\" padded \"");
    EXPECT_EQ(quoted("", ';'), "");
}

TEST(CsvWriter, NoBomWhenAskedAndCommaDelimiter) {
    CsvWriter writer(CsvOptions{.delimiter = ',', .bom = false});
    writer.write_row(std::vector<std::string>{"a", "b,c"});
    std::string out = "x";
    writer.take(out);
    EXPECT_EQ(out, "xa,\"b,c\"\r\n");
    EXPECT_EQ(writer.buffered_size(), 0u);
}

TEST(ExportRequest, DefaultsAndOptions) {
    auto request = parse_export_request({});
    ASSERT_TRUE(request) << request.error().message;
    EXPECT_EQ(request->format, ExportFormat::Csv);
    EXPECT_EQ(request->language, ExportLanguage::Cs);
    EXPECT_EQ(request->delimiter, ';');
    EXPECT_EQ(request->columns, default_export_columns());
    EXPECT_EQ(request->search.limit, CustomerPages::kPageSize);

    auto chosen = parse_export_request(
        {{"format", "xlsx"},
         {"lang", "en"},
         {"delimiter", "comma"},
         {"columns", "ico,name"},
         {"status", "active"},
         {"sort", "-city"},
         {"limit", "50"},
         {"count", "true"},
         {"city", ""}}
    );
    ASSERT_TRUE(chosen) << chosen.error().message;
    EXPECT_EQ(chosen->format, ExportFormat::Xlsx);
    EXPECT_EQ(chosen->language, ExportLanguage::En);
    EXPECT_EQ(chosen->delimiter, ',');
    EXPECT_EQ(chosen->columns, (std::vector{domain::CustomerColumn::Ico, domain::CustomerColumn::Name}));
    EXPECT_EQ(chosen->search.sort, domain::CustomerSortField::City);
    EXPECT_EQ(chosen->search.filter.statuses, std::vector{domain::CustomerStatus::Active});
    EXPECT_EQ(chosen->search.limit, CustomerPages::kPageSize);  // limit is the exporter's, not the list's
    EXPECT_FALSE(chosen->search.with_count);
}

TEST(ExportRequest, EveryBadParameterIsNamed) {
    auto request = parse_export_request(
        {{"format", "pdf"},
         {"lang", "de"},
         {"delimiter", "tab"},
         {"columns", "name,nope"},
         {"cursor", "x"},
         {"colour", "red"}}
    );
    ASSERT_FALSE(request);
    const auto& errors = request.error().field_errors;
    for (const auto* name : {"format", "lang", "delimiter", "columns", "cursor", "colour"}) {
        EXPECT_TRUE(errors.contains(name)) << name;
    }
}

TEST(CustomerExport, CellValuesAsTheUserSeesThem) {
    domain::Customer customer;
    customer.name = "Alfa";
    customer.kind = domain::CustomerKind::Person;
    customer.status = domain::CustomerStatus::Inactive;
    customer.ico = "00012345";
    customer.tags = {"vip", "sever"};
    customer.owner_id = 7;
    customer.contacts = {domain::Contact{.name = "Jana", .email = "jana@example.cz"}, domain::Contact{.name = "Petr"}};
    customer.created_at = 1'767'225'600'000;  // 2026-01-01T00:00:00Z = 01:00 in Prague (CET)
    const OwnerNames owners{{7, "jnovak"}};
    using C = domain::CustomerColumn;
    EXPECT_EQ(cell_text(customer, C::Status, ExportLanguage::Cs, owners), "Neaktivní");
    EXPECT_EQ(cell_text(customer, C::Status, ExportLanguage::En, owners), "Inactive");
    EXPECT_EQ(cell_text(customer, C::Kind, ExportLanguage::Cs, owners), "Osoba");
    EXPECT_EQ(cell_text(customer, C::Kind, ExportLanguage::En, owners), "Person");
    EXPECT_EQ(cell_text(customer, C::Tags, ExportLanguage::Cs, owners), "vip, sever");
    EXPECT_EQ(cell_text(customer, C::Owner, ExportLanguage::Cs, owners), "jnovak");
    EXPECT_EQ(cell_text(customer, C::ContactName, ExportLanguage::Cs, owners), "Jana");
    EXPECT_EQ(cell_text(customer, C::ContactEmail, ExportLanguage::Cs, owners), "jana@example.cz");
    EXPECT_EQ(cell_text(customer, C::Created, ExportLanguage::Cs, owners), "2026-01-01 01:00");

    const auto ico = xlsx_cell(customer, C::Ico, ExportLanguage::Cs, owners);
    EXPECT_EQ(ico.kind, XlsxCell::Kind::Text);
    EXPECT_EQ(ico.text, "00012345");
    const auto created = xlsx_cell(customer, C::Created, ExportLanguage::Cs, owners);
    EXPECT_EQ(created.kind, XlsxCell::Kind::DateTime);
    EXPECT_EQ(created.date_time.year, 2026);
    EXPECT_EQ(created.date_time.day, 1);
    EXPECT_EQ(created.date_time.hour, 1);
    EXPECT_EQ(header_labels({C::Ico, C::PostalCode}, ExportLanguage::Cs), (std::vector<std::string>{"IČO", "PSČ"}));
    EXPECT_EQ(header_labels({C::Ico}, ExportLanguage::En), (std::vector<std::string>{"Company ID"}));
}

}  // namespace
}  // namespace kartoteka::exporter
