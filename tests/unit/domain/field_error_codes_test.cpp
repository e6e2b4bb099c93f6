#include <string>

#include <gtest/gtest.h>

#include "domain/validation.hpp"

// The UI translates field errors by these codes, so each one is part of the API contract.
namespace kartoteka::domain {
namespace {

Customer valid_company() {
    Customer customer;
    customer.kind = CustomerKind::Company;
    customer.name = "Stavby Dvořák a.s.";
    customer.ico = "25596641";
    customer.billing_address = {.street = "Husova 12", .city = "Brno", .postal_code = "602 00", .country = "CZ"};
    return customer;
}

// The code validate_customer gives `field`; fails the test when the field has no error or no code.
std::string code_of(const Customer& customer, const std::string& field) {
    const auto result = validate_customer(customer);
    if (result) {
        ADD_FAILURE() << "customer was accepted; expected an error on " << field;
        return {};
    }
    const Error& error = result.error();
    EXPECT_TRUE(error.field_errors.contains(field)) << field << " has no message";
    const auto code = error.field_codes.find(field);
    if (code == error.field_codes.end()) {
        ADD_FAILURE() << field << " has no code";
        return {};
    }
    return code->second;
}

TEST(FieldErrorCodes, IcoWithBadCheckDigit) {
    Customer customer = valid_company();
    customer.ico = "25596642";
    EXPECT_EQ(code_of(customer, "ico"), "ico.check_digit");
}

TEST(FieldErrorCodes, IcoWithWrongLength) {
    Customer customer = valid_company();
    customer.ico = "1234567";
    EXPECT_EQ(code_of(customer, "ico"), "ico.format");
}

TEST(FieldErrorCodes, DicOutsideTheEu) {
    Customer customer = valid_company();
    customer.dic = "US123456789";
    EXPECT_EQ(code_of(customer, "dic"), "dic.country");
}

TEST(FieldErrorCodes, DicWithWrongShape) {
    Customer customer = valid_company();
    customer.dic = "CZ12";
    EXPECT_EQ(code_of(customer, "dic"), "dic.format");
}

TEST(FieldErrorCodes, DicWhoseIcoPartHasBadCheckDigit) {
    Customer customer = valid_company();
    customer.dic = "CZ25596642";
    EXPECT_EQ(code_of(customer, "dic"), "dic.check_digit");
}

TEST(FieldErrorCodes, EmailWithoutAt) {
    Customer customer = valid_company();
    customer.email = "info.firma.cz";
    EXPECT_EQ(code_of(customer, "email"), "email.format");
}

TEST(FieldErrorCodes, PhoneWithLetters) {
    Customer customer = valid_company();
    customer.phone = "777 12x 456";
    EXPECT_EQ(code_of(customer, "phone"), "phone.format");
}

TEST(FieldErrorCodes, WebWithFtpScheme) {
    Customer customer = valid_company();
    customer.web = "ftp://firma.cz";
    EXPECT_EQ(code_of(customer, "web"), "web.format");
}

TEST(FieldErrorCodes, CzechPostalCodeShapeAndFirstDigit) {
    Customer customer = valid_company();
    customer.billing_address.postal_code = "6020";
    EXPECT_EQ(code_of(customer, "billing_address.postal_code"), "postal_code.format");
    customer.billing_address.postal_code = "902 00";
    EXPECT_EQ(code_of(customer, "billing_address.postal_code"), "postal_code.first_digit");
}

TEST(FieldErrorCodes, CountryNotAlpha2) {
    Customer customer = valid_company();
    customer.billing_address.country = "Czechia";
    EXPECT_EQ(code_of(customer, "billing_address.country"), "country.format");
}

TEST(FieldErrorCodes, RequiredAndTooLong) {
    Customer customer = valid_company();
    customer.name = "   ";
    customer.note = std::string(10001, 'x');
    EXPECT_EQ(code_of(customer, "name"), "required");
    EXPECT_EQ(code_of(customer, "note"), "too_long");
}

TEST(FieldErrorCodes, InvalidUtf8) {
    Customer customer = valid_company();
    customer.billing_address.city = "Br\xC3no";
    EXPECT_EQ(code_of(customer, "billing_address.city"), "invalid_utf8");
}

TEST(FieldErrorCodes, TagsAndContacts) {
    Customer customer = valid_company();
    customer.tags = {"ok", ""};
    for (int i = 0; i < 101; ++i) {
        customer.contacts.push_back(Contact{.name = "Jana " + std::to_string(i)});
    }
    customer.contacts[3].email = "jana@";
    EXPECT_EQ(code_of(customer, "tags[1]"), "tag.length");
    EXPECT_EQ(code_of(customer, "contacts"), "contacts.too_many");
    EXPECT_EQ(code_of(customer, "contacts[3].email"), "email.format");
}

TEST(FieldErrorCodes, TooManyTags) {
    Customer customer = valid_company();
    for (int i = 0; i < 51; ++i) {
        customer.tags.push_back("tag " + std::to_string(i));
    }
    EXPECT_EQ(code_of(customer, "tags"), "tags.too_many");
}

TEST(FieldErrorCodes, EveryMessageHasACode) {
    Customer customer = valid_company();
    customer.name = "";
    customer.ico = "x";
    customer.dic = "x";
    customer.email = "x";
    customer.phone = "x";
    customer.web = "x";
    customer.billing_address.country = "x";
    const auto result = validate_customer(customer);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().field_errors.size(), 7U);
    for (const auto& [field, message] : result.error().field_errors) {
        EXPECT_TRUE(result.error().field_codes.contains(field)) << field;
    }
    EXPECT_EQ(result.error().field_codes.size(), result.error().field_errors.size());
}

}  // namespace
}  // namespace kartoteka::domain
