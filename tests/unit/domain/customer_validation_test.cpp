#include <string>

#include <gtest/gtest.h>

#include "domain/validation.hpp"

namespace kartoteka::domain {
namespace {

Customer valid_company() {
    Customer customer;
    customer.kind = CustomerKind::Company;
    customer.name = "Stavby Dvořák a.s.";
    customer.ico = "25596641";
    customer.dic = "CZ25596641";
    customer.email = "info@stavby-dvorak.cz";
    customer.phone = "+420777123456";
    customer.web = "www.stavby-dvorak.cz";
    customer.billing_address = {.street = "Husova 12", .city = "Brno", .postal_code = "602 00", .country = "CZ"};
    customer.tags = {"VIP"};
    customer.contacts = {Contact{.name = "Jana Nováková", .role = "účetní", .email = "jana@stavby-dvorak.cz"}};
    return customer;
}

TEST(CustomerValidation, AcceptsValidCompany) {
    auto result = validate_customer(valid_company());
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_EQ(result->name, "Stavby Dvořák a.s.");
}

TEST(CustomerValidation, CollectsAllFieldErrorsAtOnce) {
    Customer customer = valid_company();
    customer.name = "  ";
    customer.ico = "12345678";
    customer.email = "not-an-email";
    customer.billing_address.postal_code = "999 99";
    customer.delivery_address = Address{.city = std::string(101, 'x'), .country = "cz"};
    customer.contacts.push_back(Contact{.name = "Petr Malý"});
    customer.contacts.push_back(Contact{.name = "", .email = "petr@"});

    auto result = validate_customer(customer);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, ErrorCode::InvalidArgument);
    const FieldErrors& errors = result.error().field_errors;
    for (const char* field :
         {"name",
          "ico",
          "email",
          "billing_address.postal_code",
          "delivery_address.city",
          "delivery_address.country",
          "contacts[2].name",
          "contacts[2].email"}) {
        EXPECT_TRUE(errors.contains(field)) << field;
    }
    EXPECT_EQ(errors.size(), 8U);
}

TEST(CustomerValidation, RequiresCompanyName) {
    Customer customer = valid_company();
    customer.name = "";
    auto result = validate_customer(customer);
    ASSERT_FALSE(result);
    EXPECT_TRUE(result.error().field_errors.contains("name"));
}

TEST(CustomerValidation, DerivesPersonNameFromParts) {
    Customer customer;
    customer.kind = CustomerKind::Person;
    customer.name = "whatever the client sent";
    customer.first_name = " Jana ";
    customer.last_name = "Nováková\t";
    auto result = validate_customer(customer);
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_EQ(result->first_name, "Jana");
    EXPECT_EQ(result->last_name, "Nováková");
    EXPECT_EQ(result->name, "Jana Nováková");
}

TEST(CustomerValidation, RequiresBothPersonNames) {
    Customer customer;
    customer.kind = CustomerKind::Person;
    customer.name = "Jana Nováková";
    auto result = validate_customer(customer);
    ASSERT_FALSE(result);
    EXPECT_TRUE(result.error().field_errors.contains("first_name"));
    EXPECT_TRUE(result.error().field_errors.contains("last_name"));
    EXPECT_FALSE(result.error().field_errors.contains("name"));
}

TEST(CustomerValidation, NormalisesPhonesAndPostalCodes) {
    Customer customer = valid_company();
    customer.phone = "777 123 456";
    customer.billing_address.postal_code = "60200";
    customer.contacts[0].phone = "00421 905 123 456";
    auto result = validate_customer(customer);
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_EQ(result->phone, "+420777123456");
    EXPECT_EQ(result->billing_address.postal_code, "602 00");
    EXPECT_EQ(result->contacts[0].phone, "+421905123456");
}

TEST(CustomerValidation, ValidatesPostalCodeAsCzechOnlyInCzechia) {
    Customer customer = valid_company();
    customer.billing_address = {.street = "Hlavná 1", .city = "Bratislava", .postal_code = "811 01", .country = "SK"};
    EXPECT_TRUE(validate_customer(customer));
    customer.billing_address.country = "CZ";
    EXPECT_FALSE(validate_customer(customer));
}

TEST(CustomerValidation, RequiresTwoUppercaseLetterCountry) {
    for (const char* country : {"", "cz", "CZE", "C1"}) {
        Customer customer = valid_company();
        customer.billing_address.country = country;
        auto result = validate_customer(customer);
        ASSERT_FALSE(result) << country;
        EXPECT_TRUE(result.error().field_errors.contains("billing_address.country")) << country;
    }
}

TEST(CustomerValidation, AcceptsEmptyOptionalFields) {
    Customer customer;
    customer.name = "Pekárna U Zlatého klasu";
    EXPECT_TRUE(validate_customer(customer));
}

TEST(CustomerValidation, TrimsAndDeduplicatesTags) {
    Customer customer = valid_company();
    customer.tags = {" VIP", "Praha", "VIP ", "e-shop", "Praha"};
    auto result = validate_customer(customer);
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_EQ(result->tags, (std::vector<std::string>{"VIP", "Praha", "e-shop"}));
}

TEST(CustomerValidation, RejectsEmptyAndOverlongTags) {
    Customer customer = valid_company();
    customer.tags = {"VIP", " ", std::string(51, 't')};
    auto result = validate_customer(customer);
    ASSERT_FALSE(result);
    EXPECT_TRUE(result.error().field_errors.contains("tags[1]"));
    EXPECT_TRUE(result.error().field_errors.contains("tags[2]"));
    EXPECT_FALSE(result.error().field_errors.contains("tags[0]"));
}

TEST(CustomerValidation, CountsTagLengthInCharacters) {
    Customer customer = valid_company();
    std::string fifty_letters;
    for (int i = 0; i < 50; ++i) {
        fifty_letters += "ž";  // two bytes each
    }
    customer.tags = {fifty_letters};
    EXPECT_TRUE(validate_customer(customer));
}

TEST(CustomerValidation, LimitsTagCount) {
    Customer customer = valid_company();
    customer.tags.clear();
    for (int i = 0; i < 51; ++i) {
        customer.tags.push_back("tag" + std::to_string(i));
    }
    auto result = validate_customer(customer);
    ASSERT_FALSE(result);
    EXPECT_TRUE(result.error().field_errors.contains("tags"));
}

TEST(CustomerValidation, LimitsNameAndNoteLength) {
    Customer customer = valid_company();
    customer.name = std::string(201, 'a');
    customer.note = std::string(10001, 'n');
    auto result = validate_customer(customer);
    ASSERT_FALSE(result);
    EXPECT_TRUE(result.error().field_errors.contains("name"));
    EXPECT_TRUE(result.error().field_errors.contains("note"));

    customer.name = std::string(200, 'a');
    customer.note = std::string(10000, 'n');
    EXPECT_TRUE(validate_customer(customer));
}

TEST(CustomerValidation, RejectsInvalidUtf8) {
    Customer customer = valid_company();
    customer.note = "caf\xE9";
    auto result = validate_customer(customer);
    ASSERT_FALSE(result);
    EXPECT_TRUE(result.error().field_errors.contains("note"));
}

TEST(ApplyPatch, LeavesAbsentMembersAlone) {
    const Customer stored = valid_company();
    EXPECT_EQ(apply_patch(stored, CustomerPatch{}).name, stored.name);
    const Customer patched = apply_patch(stored, CustomerPatch{.email = "obchod@stavby-dvorak.cz"});
    EXPECT_EQ(patched.email, "obchod@stavby-dvorak.cz");
    EXPECT_EQ(patched.name, stored.name);
    EXPECT_EQ(patched.ico, stored.ico);
    EXPECT_EQ(patched.tags, stored.tags);
    EXPECT_EQ(patched.contacts, stored.contacts);
}

TEST(ApplyPatch, ReplacesCollectionsWhole) {
    const Customer stored = valid_company();
    const Customer patched = apply_patch(
        stored, CustomerPatch{.tags = std::vector<std::string>{"e-shop"}, .contacts = std::vector<Contact>{}}
    );
    EXPECT_EQ(patched.tags, std::vector<std::string>{"e-shop"});
    EXPECT_TRUE(patched.contacts.empty());
}

TEST(ApplyPatch, ClearsDeliveryAddressAndOwnerWithInnerNullopt) {
    Customer stored = valid_company();
    stored.delivery_address = Address{.city = "Brno"};
    stored.owner_id = 7;
    CustomerPatch patch;
    patch.delivery_address = std::optional<Address>{};
    patch.owner_id = std::optional<UserId>{};
    const Customer patched = apply_patch(stored, patch);
    EXPECT_FALSE(patched.delivery_address.has_value());
    EXPECT_FALSE(patched.owner_id.has_value());
}

TEST(ApplyPatch, SetsOwnerAndEmptiesText) {
    const Customer stored = valid_company();
    CustomerPatch patch;
    patch.owner_id = std::optional<UserId>{3};
    patch.web = "";
    const Customer patched = apply_patch(stored, patch);
    EXPECT_EQ(patched.owner_id, std::optional<UserId>{3});
    EXPECT_EQ(patched.web, "");
}

TEST(ApplyPatch, KeepsIdentityAndVersion) {
    Customer stored = valid_company();
    stored.id = 42;
    stored.version = 5;
    stored.created_at = 1000;
    const Customer patched = apply_patch(stored, CustomerPatch{.kind = CustomerKind::Person});
    EXPECT_EQ(patched.kind, CustomerKind::Person);
    EXPECT_EQ(patched.id, 42);
    EXPECT_EQ(patched.version, 5);
    EXPECT_EQ(patched.created_at, 1000);
}

}  // namespace
}  // namespace kartoteka::domain
