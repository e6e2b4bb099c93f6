#include "domain/history_diff.hpp"

#include <string>

#include <gtest/gtest.h>

namespace kartoteka::domain {
namespace {

Customer sample() {
    Customer customer;
    customer.id = 7;
    customer.name = "Pekárna U Mlýna s.r.o.";
    customer.email = "info@pekarna.cz";
    customer.billing_address = {.street = "Mlýnská 1", .city = "Brno", .postal_code = "602 00", .country = "CZ"};
    customer.tags = {"pekárna"};
    customer.contacts = {Contact{.id = 3, .name = "Jan Novák", .role = "jednatel", .phone = "+420777123456"}};
    customer.version = 4;
    customer.updated_at = 1'000;
    return customer;
}

const FieldChange* find_change(const std::vector<FieldChange>& changes, const std::string& field) {
    for (const auto& change : changes) {
        if (change.field == field) {
            return &change;
        }
    }
    return nullptr;
}

TEST(HistoryDiff, NothingChangedGivesNoChanges) {
    auto after = sample();
    after.version = 5;
    after.updated_at = 2'000;
    EXPECT_TRUE(diff_customer(sample(), after).empty());
}

TEST(HistoryDiff, ChangedTextFieldHasBeforeAndAfterAsJson) {
    auto after = sample();
    after.email = "obchod@pekarna.cz";
    const auto changes = diff_customer(sample(), after);
    ASSERT_EQ(changes.size(), 1U);
    EXPECT_EQ(changes[0], (FieldChange{"email", "\"info@pekarna.cz\"", "\"obchod@pekarna.cz\""}));
}

TEST(HistoryDiff, ClearedTextIsNull) {
    auto after = sample();
    after.email.clear();
    const auto changes = diff_customer(sample(), after);
    ASSERT_EQ(changes.size(), 1U);
    EXPECT_EQ(changes[0].after_json, "null");
}

TEST(HistoryDiff, TagsAndAddressesAreWholeValues) {
    auto after = sample();
    after.tags.push_back("brno");
    after.billing_address.city = "Praha";
    after.delivery_address = Address{.street = "Sklad 2", .city = "Brno", .postal_code = "602 00"};
    const auto changes = diff_customer(sample(), after);
    ASSERT_EQ(changes.size(), 3U);
    EXPECT_EQ(find_change(changes, "tags")->after_json, R"(["pekárna","brno"])");
    EXPECT_EQ(
        find_change(changes, "billing_address")->after_json,
        R"({"city":"Praha","country":"CZ","postal_code":"602 00","street":"Mlýnská 1"})"
    );
    EXPECT_EQ(find_change(changes, "delivery_address")->before_json, "null");
}

TEST(HistoryDiff, ContactEditChangesTheWholeContactsValue) {
    auto after = sample();
    after.contacts[0].note = "Volat po 10. hodině";
    const auto changes = diff_customer(sample(), after);
    ASSERT_EQ(changes.size(), 1U);
    EXPECT_EQ(changes[0].field, "contacts");
    EXPECT_NE(changes[0].before_json.find(R"("id":3)"), std::string::npos);
    EXPECT_NE(changes[0].after_json.find(R"("note":"Volat po 10. hodině")"), std::string::npos);
}

TEST(HistoryDiff, CreatedListsOnlyNonEmptyFields) {
    const auto changes = created_changes(sample());
    EXPECT_NE(find_change(changes, "name"), nullptr);
    EXPECT_NE(find_change(changes, "email"), nullptr);
    EXPECT_NE(find_change(changes, "contacts"), nullptr);
    EXPECT_EQ(find_change(changes, "ico"), nullptr);
    EXPECT_EQ(find_change(changes, "delivery_address"), nullptr);
    EXPECT_EQ(find_change(changes, "owner_id"), nullptr);
    for (const auto& change : changes) {
        EXPECT_EQ(change.before_json, "null") << change.field;
    }
}

TEST(HistoryDiff, ContactsAreMatchedById) {
    const std::vector<Contact> before{
        Contact{.id = 1, .name = "Jan Novák", .email = "jan@firma.cz"},
        Contact{.id = 2, .name = "Eva Malá"},
    };
    const std::vector<Contact> after{
        Contact{.id = 2, .name = "Eva Malá"},  // moved up: not a change of the contact itself
        Contact{.id = 1, .name = "Jan Novák", .email = "novak@firma.cz"},
        Contact{.id = 9, .name = "Petr Svoboda", .role = "nákupčí"},
    };
    const auto changes = diff_contacts(before, after);
    ASSERT_EQ(changes.size(), 2U);
    EXPECT_EQ(changes[0].contact_id, 1);
    EXPECT_EQ(changes[0].action, HistoryAction::Updated);
    EXPECT_EQ(changes[0].changes, (std::vector<FieldChange>{{"email", "\"jan@firma.cz\"", "\"novak@firma.cz\""}}));
    EXPECT_EQ(changes[1].contact_id, 9);
    EXPECT_EQ(changes[1].action, HistoryAction::Created);
    EXPECT_EQ(changes[1].label, "Petr Svoboda");
}

TEST(HistoryDiff, RemovedContactKeepsItsLastValues) {
    const auto changes = diff_contacts({Contact{.id = 4, .name = "Eva Malá", .role = "účetní"}}, {});
    ASSERT_EQ(changes.size(), 1U);
    EXPECT_EQ(changes[0].action, HistoryAction::Trashed);
    EXPECT_EQ(changes[0].label, "Eva Malá");
    EXPECT_EQ(changes[0].changes.size(), 2U);
    EXPECT_EQ(changes[0].changes[1], (FieldChange{"role", "\"účetní\"", "null"}));
}

}  // namespace
}  // namespace kartoteka::domain
