#include "importer/column_mapping.hpp"

#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "importer/import_engine.hpp"
#include "test_files.hpp"

namespace kartoteka::importer {
namespace {

using domain::CustomerColumn;
using Mapped = std::vector<std::optional<CustomerColumn>>;

constexpr std::optional<CustomerColumn> kNone = std::nullopt;

// The header of every customers_* file from ../shared/testdata/import and its expected suggestion.
const Mapped kCustomersFileMapping{
    CustomerColumn::Kind,         // Typ
    CustomerColumn::Name,         // Název / jméno
    CustomerColumn::Ico,          // IČO
    CustomerColumn::Dic,          // DIČ
    CustomerColumn::Street,       // Ulice
    CustomerColumn::City,         // Město
    CustomerColumn::PostalCode,   // PSČ
    CustomerColumn::Email,        // E-mail
    CustomerColumn::Phone,        // Telefon
    CustomerColumn::Web,          // Web
    CustomerColumn::ContactName,  // Kontaktní osoba
    CustomerColumn::Note,         // Poznámka
    kNone,                        // Datum vytvoření: no such field
    kNone,                        // Úvěrový limit (Kč): no such field
    CustomerColumn::Tags,         // Štítky
};

class RealFileHeaders : public ::testing::TestWithParam<const char*> {};

TEST_P(RealFileHeaders, SuggestsTheCzechColumnsOfTheFile) {
    auto reader = open_reader(testing::data_file(GetParam()));
    ASSERT_TRUE(reader) << reader.error().message;
    auto overview = inspect_sheet(**reader, 0);
    ASSERT_TRUE(overview) << overview.error().message;
    EXPECT_EQ(overview->header_row, 1u);
    EXPECT_EQ(overview->headers.at(1), "Název / jméno");
    EXPECT_EQ(overview->suggested_mapping.columns, kCustomersFileMapping);
}

INSTANTIATE_TEST_SUITE_P(
    CustomersFiles,
    RealFileHeaders,
    ::testing::Values(
        "customers_small_clean.csv",
        "customers_small_clean.xlsx",
        "customers_small_clean.ods",
        "customers_small_clean.xls",
        "customers_excel_style_cp1250.csv",
        "customers_utf8_bom.csv"
    )
);

TEST(SuggestMapping, WizardFileWithTitleRowsFindsHeaderAndLeavesMobileUnmapped) {
    for (const char* name : {"customers_wizard_cs.xlsx", "customers_wizard_cs.ods", "customers_wizard_cp1250.csv"}) {
        SCOPED_TRACE(name);
        auto reader = open_reader(testing::data_file(name));
        ASSERT_TRUE(reader) << reader.error().message;
        auto overview = inspect_sheet(**reader, 0);
        ASSERT_TRUE(overview) << overview.error().message;
        // Title in row 1, blank row 2, header in row 3 (a CSV's blank line is a record too).
        EXPECT_EQ(overview->header_row, 3u);
        EXPECT_EQ(overview->headers.at(0), "Název firmy");
        const auto& headers = overview->headers;
        const auto& columns = overview->suggested_mapping.columns;
        ASSERT_EQ(headers.size(), columns.size());
        for (std::size_t i = 0; i < headers.size(); ++i) {
            if (headers[i] == "Název firmy")
                EXPECT_EQ(columns[i], CustomerColumn::Name);
            if (headers[i] == "IČ")
                EXPECT_EQ(columns[i], CustomerColumn::Ico);
            if (headers[i] == "Telefon")
                EXPECT_EQ(columns[i], CustomerColumn::Phone);
            if (headers[i] == "Mobil")
                EXPECT_EQ(columns[i], kNone) << "phone is taken by Telefon";
            if (headers[i] == "Kontaktní osoba")
                EXPECT_EQ(columns[i], CustomerColumn::ContactName);
            if (headers[i] == "Štítky")
                EXPECT_EQ(columns[i], CustomerColumn::Tags);
        }
    }
}

TEST(SuggestMapping, EnglishWizardFile) {
    auto reader = open_reader(testing::data_file("customers_wizard_en.xlsx"));
    ASSERT_TRUE(reader) << reader.error().message;
    auto overview = inspect_sheet(**reader, 0);
    ASSERT_TRUE(overview) << overview.error().message;
    const auto& headers = overview->headers;
    const auto& columns = overview->suggested_mapping.columns;
    std::size_t checked = 0;
    for (std::size_t i = 0; i < headers.size(); ++i) {
        const std::string& header = headers[i];
        std::optional<CustomerColumn> expected;
        if (header == "Company name")
            expected = CustomerColumn::Name;
        else if (header == "Company ID")
            expected = CustomerColumn::Ico;
        else if (header == "VAT ID")
            expected = CustomerColumn::Dic;
        else if (header == "Email")
            expected = CustomerColumn::Email;
        else if (header == "Phone")
            expected = CustomerColumn::Phone;
        else if (header == "Postal code")
            expected = CustomerColumn::PostalCode;
        else if (header == "Contact person")
            expected = CustomerColumn::ContactName;
        else if (header == "Tags")
            expected = CustomerColumn::Tags;
        else
            continue;
        EXPECT_EQ(columns.at(i), expected) << header;
        ++checked;
    }
    EXPECT_EQ(checked, 8u);
}

TEST(SuggestMapping, CzechAndEnglishAliasesIgnoringCaseDiacriticsAndPunctuation) {
    const std::vector<std::string> headers{
        "NÁZEV FIRMY", "ič:",    "DIC",      "e-mail", "Tel.",      "www",      "Adresa",
        "obec",        "PSC",    "Stát",     "stav",   "Obchodník", "tagy",     "Poznámky",
        "Kontakt",     "Funkce", "Příjmení", "Jméno",  "Typ",       "Reg. No.", "Whatever",
    };
    const Mapped expected{
        CustomerColumn::Name,
        CustomerColumn::Ico,
        CustomerColumn::Dic,
        CustomerColumn::Email,
        CustomerColumn::Phone,
        CustomerColumn::Web,
        CustomerColumn::Street,
        CustomerColumn::City,
        CustomerColumn::PostalCode,
        CustomerColumn::Country,
        CustomerColumn::Status,
        CustomerColumn::Owner,
        CustomerColumn::Tags,
        CustomerColumn::Note,
        CustomerColumn::ContactName,
        CustomerColumn::ContactRole,
        CustomerColumn::LastName,
        CustomerColumn::FirstName,
        CustomerColumn::Kind,
        kNone,  // "Reg. No." is IČO too, but IČO is taken by "ič:"
        kNone,
    };
    EXPECT_EQ(suggest_mapping(headers).columns, expected);
}

TEST(SuggestMapping, EnglishAliases) {
    const std::vector<std::string> headers{
        "Company",
        "Registration number",
        "VAT number",
        "Mail",
        "Mobile",
        "Website",
        "Street",
        "Town",
        "ZIP",
        "Country",
        "Status",
        "Sales rep",
        "Labels",
        "Comment",
        "Contact person",
        "Contact e-mail",
        "Contact phone",
        "Contact role",
        "First name",
        "Surname",
        "Kind",
    };
    const Mapped expected{
        CustomerColumn::Name,         CustomerColumn::Ico,          CustomerColumn::Dic,
        CustomerColumn::Email,        CustomerColumn::Phone,        CustomerColumn::Web,
        CustomerColumn::Street,       CustomerColumn::City,         CustomerColumn::PostalCode,
        CustomerColumn::Country,      CustomerColumn::Status,       CustomerColumn::Owner,
        CustomerColumn::Tags,         CustomerColumn::Note,         CustomerColumn::ContactName,
        CustomerColumn::ContactEmail, CustomerColumn::ContactPhone, CustomerColumn::ContactRole,
        CustomerColumn::FirstName,    CustomerColumn::LastName,     CustomerColumn::Kind,
    };
    EXPECT_EQ(suggest_mapping(headers).columns, expected);
}

TEST(SuggestMapping, ExportLabelsReimportInBothLanguages) {
    std::vector<std::string> czech;
    std::vector<std::string> english;
    Mapped expected;
    for (const auto& info : domain::customer_columns()) {
        czech.emplace_back(info.label_cs);
        english.emplace_back(info.label_en);
        expected.push_back(info.importable ? std::optional(info.column) : kNone);
    }
    EXPECT_EQ(suggest_mapping(czech).columns, expected);
    EXPECT_EQ(suggest_mapping(english).columns, expected);
}

TEST(SuggestMapping, ColumnTakenByAnEarlierHeaderIsNotSuggestedAgain) {
    const auto mapping = suggest_mapping({"Telefon", "Mobil", "E-mail", "Mail", "", "Firma"});
    const Mapped expected{CustomerColumn::Phone, kNone, CustomerColumn::Email, kNone, kNone, CustomerColumn::Name};
    EXPECT_EQ(mapping.columns, expected);
}

TEST(ApplySavedMapping, FollowsHeadersThatMovedAndFoldsTheirSpelling) {
    domain::SavedImportMapping saved;
    saved.by_header = {{"Firma", CustomerColumn::Name}, {"IČO", CustomerColumn::Ico}, {"Mobil", CustomerColumn::Phone}};
    const auto mapping = apply_saved_mapping(saved, {"Poznámka", "ičo ", "Mobil", "FIRMA"});
    const Mapped expected{kNone, CustomerColumn::Ico, CustomerColumn::Phone, CustomerColumn::Name};
    EXPECT_EQ(mapping.columns, expected);
}

TEST(ApplySavedMapping, ExactHeaderWinsAndNonImportableColumnsAreDropped) {
    domain::SavedImportMapping saved;
    saved.by_header = {
        {"E-mail", CustomerColumn::ContactEmail}, {"EMAIL", CustomerColumn::Email}, {"ID", CustomerColumn::Id}};
    const auto mapping = apply_saved_mapping(saved, {"ID", "EMAIL", "E-mail"});
    const Mapped expected{kNone, CustomerColumn::Email, CustomerColumn::ContactEmail};
    EXPECT_EQ(mapping.columns, expected);
}

TEST(HeaderKey, DropsCaseDiacriticsSpacesAndPunctuation) {
    EXPECT_EQ(header_key("Název / jméno"), "nazevjmeno");
    EXPECT_EQ(header_key(" E-mail: "), "email");
    EXPECT_EQ(header_key("PSČ"), "psc");
}

}  // namespace
}  // namespace kartoteka::importer
