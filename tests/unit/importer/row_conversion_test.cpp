#include "importer/row_conversion.hpp"

#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace kartoteka::importer {
namespace {

using domain::CustomerColumn;

Cell text(std::string value) {
    return Cell{.type = CellType::Text, .text = std::move(value)};
}

Cell number(double value, std::string as_text) {
    return Cell{.type = CellType::Number, .text = std::move(as_text), .number = value};
}

Row row_of(std::vector<Cell> cells, std::uint32_t number = 2) {
    Row row;
    row.number = number;
    row.cells = std::move(cells);
    return row;
}

domain::ImportMapping mapping_of(std::vector<std::optional<CustomerColumn>> columns) {
    return domain::ImportMapping{std::move(columns)};
}

const domain::RowIssue* issue_for(const std::vector<domain::RowIssue>& issues, const std::string& field) {
    for (const auto& issue : issues) {
        if (issue.field == field)
            return &issue;
    }
    return nullptr;
}

class RowConversion : public ::testing::Test {
protected:
    UserDirectory users_{{"jnovak", 7}, {"jan novak", 7}, {"eva", 9}};

    ConvertedRow convert(std::vector<std::optional<CustomerColumn>> columns, std::vector<Cell> cells) {
        const RowConverter converter(mapping_of(std::move(columns)), users_);
        auto converted = converter.convert(row_of(std::move(cells)));
        EXPECT_TRUE(converted.has_value());
        return converted.value_or(ConvertedRow{});
    }

    ConvertedRow company_with_ico(Cell ico) {
        return convert({CustomerColumn::Name, CustomerColumn::Ico}, {text("Firma s.r.o."), std::move(ico)});
    }
};

TEST_F(RowConversion, IcoNumberThatLostLeadingZerosIsRestoredWithAWarning) {
    const auto row = company_with_ico(number(2624061, "2624061"));
    EXPECT_TRUE(row.errors.empty());
    EXPECT_EQ(row.customer.ico, "02624061");
    const auto* warning = issue_for(row.warnings, "ico");
    ASSERT_NE(warning, nullptr);
    EXPECT_EQ(warning->code, "ico.leading_zeros_restored");
}

TEST_F(RowConversion, IcoOfMinistryOfFinanceFromFourDigits) {
    EXPECT_EQ(company_with_ico(number(6947, "6947")).customer.ico, "00006947");
    EXPECT_EQ(company_with_ico(text("6947")).customer.ico, "00006947");
}

TEST_F(RowConversion, EightDigitIcoAsNumberOrSpacedTextNeedsNoRestoring) {
    auto row = company_with_ico(number(27082440, "27082440"));
    EXPECT_EQ(row.customer.ico, "27082440");
    EXPECT_TRUE(row.warnings.empty());
    row = company_with_ico(text("270 82 440"));
    EXPECT_EQ(row.customer.ico, "27082440");
    EXPECT_TRUE(row.errors.empty());
}

TEST_F(RowConversion, ShortIcoWhosePaddedFormFailsTheChecksumIsAnError) {
    const auto row = company_with_ico(number(1234, "1234"));
    const auto* error = issue_for(row.errors, "ico");
    ASSERT_NE(error, nullptr);
    EXPECT_EQ(error->code, "ico.check_digit");
    EXPECT_TRUE(row.customer.ico.empty());
}

TEST_F(RowConversion, IcoWithWrongCheckDigitOrShapeIsAnError) {
    EXPECT_EQ(issue_for(company_with_ico(text("27082441")).errors, "ico")->code, "ico.check_digit");
    EXPECT_EQ(issue_for(company_with_ico(text("123456789")).errors, "ico")->code, "ico.format");
    EXPECT_EQ(issue_for(company_with_ico(text("CZ27082440")).errors, "ico")->code, "ico.format");
    EXPECT_EQ(issue_for(company_with_ico(number(2624061.5, "2624061.5")).errors, "ico")->code, "ico.format");
}

TEST_F(RowConversion, PhonesAreNormalisedToE164IncludingANumberCellThatLostItsPlus) {
    const std::vector<std::optional<CustomerColumn>> columns{CustomerColumn::Name, CustomerColumn::Phone};
    EXPECT_EQ(convert(columns, {text("A"), text("605 351 395")}).customer.phone, "+420605351395");
    EXPECT_EQ(convert(columns, {text("A"), number(420602123456, "420602123456")}).customer.phone, "+420602123456");
    EXPECT_EQ(convert(columns, {text("A"), text("00420 703 627 362")}).customer.phone, "+420703627362");
    const auto bad = convert(columns, {text("A"), text("12 34")});
    ASSERT_NE(issue_for(bad.errors, "phone"), nullptr);
    EXPECT_EQ(issue_for(bad.errors, "phone")->code, "phone.format");
}

TEST_F(RowConversion, TagsAreSplitOnCommaAndSemicolon) {
    const auto row = convert({CustomerColumn::Name, CustomerColumn::Tags}, {text("A"), text("VIP; Gastro, Nový;;VIP")});
    EXPECT_EQ(row.customer.tags, (std::vector<std::string>{"VIP", "Gastro", "Nový"}));
}

TEST_F(RowConversion, StatusInCzechOrEnglishLabelsOrKeys) {
    const std::vector<std::optional<CustomerColumn>> columns{CustomerColumn::Name, CustomerColumn::Status};
    EXPECT_EQ(convert(columns, {text("A"), text("Aktivní")}).customer.status, domain::CustomerStatus::Active);
    EXPECT_EQ(convert(columns, {text("A"), text("active")}).customer.status, domain::CustomerStatus::Active);
    EXPECT_EQ(convert(columns, {text("A"), text("potenciální")}).customer.status, domain::CustomerStatus::Lead);
    EXPECT_EQ(convert(columns, {text("A"), text("lead")}).customer.status, domain::CustomerStatus::Lead);
    EXPECT_EQ(convert(columns, {text("A"), text("NEAKTIVNÍ")}).customer.status, domain::CustomerStatus::Inactive);
    const auto unknown = convert(columns, {text("A"), text("snad")});
    EXPECT_EQ(issue_for(unknown.errors, "status")->code, "status.unknown");
}

TEST_F(RowConversion, PersonRowSplitsTheNameColumnIntoFirstAndLastName) {
    const auto row = convert({CustomerColumn::Kind, CustomerColumn::Name}, {text("FO"), text("Miroslav Jelínek")});
    EXPECT_TRUE(row.errors.empty());
    EXPECT_EQ(row.customer.kind, domain::CustomerKind::Person);
    EXPECT_EQ(row.customer.first_name, "Miroslav");
    EXPECT_EQ(row.customer.last_name, "Jelínek");
    EXPECT_EQ(row.customer.name, "Miroslav Jelínek");
    EXPECT_EQ(
        convert({CustomerColumn::Kind, CustomerColumn::Name}, {text("PO"), text("Pila s.r.o.")}).customer.kind,
        domain::CustomerKind::Company
    );
    EXPECT_EQ(
        issue_for(convert({CustomerColumn::Kind, CustomerColumn::Name}, {text("?"), text("X")}).errors, "kind")->code,
        "kind.unknown"
    );
}

TEST_F(RowConversion, OnlyFirstAndLastNameMappedMeansAPerson) {
    const auto row = convert({CustomerColumn::FirstName, CustomerColumn::LastName}, {text("Eva"), text("Malá")});
    EXPECT_TRUE(row.errors.empty());
    EXPECT_EQ(row.customer.kind, domain::CustomerKind::Person);
    EXPECT_EQ(row.customer.name, "Eva Malá");
}

TEST_F(RowConversion, OwnerByUsernameOrFullNameAndUnknownOwnerIsAnError) {
    const std::vector<std::optional<CustomerColumn>> columns{CustomerColumn::Name, CustomerColumn::Owner};
    EXPECT_EQ(convert(columns, {text("A"), text("jnovak")}).customer.owner_id, 7);
    EXPECT_EQ(convert(columns, {text("A"), text("Jan Novák")}).customer.owner_id, 7);
    const auto unknown = convert(columns, {text("A"), text("Petr")});
    EXPECT_EQ(issue_for(unknown.errors, "owner")->code, "owner.unknown");
}

TEST_F(RowConversion, ContactPersonFromContactColumnsWithErrorsNamedByColumn) {
    const std::vector<std::optional<CustomerColumn>> columns{
        CustomerColumn::Name,
        CustomerColumn::ContactName,
        CustomerColumn::ContactRole,
        CustomerColumn::ContactEmail,
        CustomerColumn::ContactPhone};
    const auto row = convert(
        columns, {text("A"), text("Ing. Jana Nová"), text("jednatelka"), text("jana@firma.cz"), text("777 123 456")}
    );
    EXPECT_TRUE(row.errors.empty());
    ASSERT_EQ(row.customer.contacts.size(), 1u);
    EXPECT_EQ(row.customer.contacts[0].name, "Ing. Jana Nová");
    EXPECT_EQ(row.customer.contacts[0].role, "jednatelka");
    EXPECT_EQ(row.customer.contacts[0].phone, "+420777123456");
    const auto bad = convert(columns, {text("A"), text(""), text(""), text("jana@@firma.cz")});
    EXPECT_EQ(issue_for(bad.errors, "contact_email")->code, "email.format");
    EXPECT_EQ(issue_for(bad.errors, "contact_name")->code, "required");
}

TEST_F(RowConversion, ValidatorErrorsAreReportedByColumnKey) {
    const auto row = convert(
        {CustomerColumn::Name, CustomerColumn::Email, CustomerColumn::PostalCode, CustomerColumn::Dic},
        {text(""), text("obchod.firma.cz"), text("0123"), text("CZ12")}
    );
    EXPECT_EQ(issue_for(row.errors, "name")->code, "required");
    EXPECT_EQ(issue_for(row.errors, "email")->code, "email.format");
    EXPECT_EQ(issue_for(row.errors, "postal_code")->code, "postal_code.format");
    EXPECT_EQ(issue_for(row.errors, "dic")->code, "dic.format");
}

TEST_F(RowConversion, NormalisesPostalCodeCountryAndKeepsTheCellsAsText) {
    const auto row = convert(
        {CustomerColumn::Name, CustomerColumn::PostalCode, CustomerColumn::Country, std::nullopt},
        {text("A"), number(77900, "77900"), text("Slovensko"), Cell{.type = CellType::Date, .text = "2019-12-22"}}
    );
    EXPECT_EQ(row.customer.billing_address.postal_code, "77900");  // not CZ: kept as written
    EXPECT_EQ(row.customer.billing_address.country, "SK");
    EXPECT_EQ(row.cells, (std::vector<std::string>{"A", "77900", "Slovensko", "2019-12-22"}));
    const auto czech = convert({CustomerColumn::Name, CustomerColumn::PostalCode}, {text("A"), text("77900")});
    EXPECT_EQ(czech.customer.billing_address.postal_code, "779 00");
}

TEST_F(RowConversion, HiddenRowIsConvertedWithAWarning) {
    const RowConverter converter(mapping_of({CustomerColumn::Name}), users_);
    Row row = row_of({text("Skrytá s.r.o.")});
    row.hidden = true;
    const auto converted = converter.convert(row);
    ASSERT_TRUE(converted);
    EXPECT_TRUE(converted->errors.empty());
    ASSERT_EQ(converted->warnings.size(), 1u);
    EXPECT_EQ(converted->warnings[0].code, "row.hidden");
}

TEST_F(RowConversion, RowWithValuesOnlyInUnmappedColumnsIsNoDataRow) {
    const RowConverter converter(mapping_of({CustomerColumn::Name, std::nullopt}), users_);
    EXPECT_FALSE(converter.convert(row_of({text("  "), text("poznámka mimo mapování")})));
    EXPECT_FALSE(converter.has_mapped_value(row_of({Cell{}, text("x")})));
    EXPECT_TRUE(converter.has_mapped_value(row_of({text("Firma")})));
}

TEST(ColumnKeyForField, MapsValidatorPathsToColumnKeys) {
    EXPECT_EQ(column_key_for_field("billing_address.postal_code"), "postal_code");
    EXPECT_EQ(column_key_for_field("contacts[0].email"), "contact_email");
    EXPECT_EQ(column_key_for_field("tags[3]"), "tags");
    EXPECT_EQ(column_key_for_field("ico"), "ico");
}

}  // namespace
}  // namespace kartoteka::importer
