#include "domain/import.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace kartoteka::domain {
namespace {

TEST(NormalizedNameKey, DropsCaseDiacriticsPunctuationAndLegalForm) {
    EXPECT_EQ(normalized_name_key("Novák & syn, s.r.o."), "novak syn");
    EXPECT_EQ(normalized_name_key("NOVÁK & SYN s. r. o."), "novak syn");
    EXPECT_EQ(normalized_name_key("Zeta Nábytek s.r.o."), normalized_name_key("Zeta Nábytek s. r. o."));
    EXPECT_EQ(normalized_name_key("Pneuservis Brněnsko spol. s r.o."), "pneuservis brnensko");
    EXPECT_EQ(normalized_name_key("Zahradnictví Žďár a.s."), "zahradnictvi zdar");
    EXPECT_EQ(normalized_name_key("Čech stavby v.o.s."), "cech stavby");
    EXPECT_EQ(normalized_name_key("Dušek řeznictví k.s."), "dusek reznictvi");
    EXPECT_EQ(normalized_name_key("Spolek přátel z.s."), "spolek pratel");
    EXPECT_EQ(normalized_name_key("Nadace o.p.s."), "nadace");
    EXPECT_EQ(normalized_name_key("Lesy ČR, s.p."), "lesy cr");
    EXPECT_EQ(normalized_name_key("Škoda Auto SE"), "skoda auto");
    EXPECT_EQ(normalized_name_key("Acme Ltd."), "acme");
    EXPECT_EQ(normalized_name_key("Müller GmbH"), "muller");
    EXPECT_EQ(normalized_name_key("Widgets, Inc."), "widgets");
    EXPECT_EQ(normalized_name_key("  Alfa   Stavby  "), "alfa stavby");
}

TEST(NormalizedNameKey, KeepsANameThatIsOnlyALegalFormWord) {
    EXPECT_EQ(normalized_name_key("AS"), "as");
    EXPECT_EQ(normalized_name_key(""), "");
    EXPECT_EQ(normalized_name_key("s.r.o."), "s r o");
}

TEST(MatchKeys, FoldsEmailAsciiNameAndCity) {
    Customer customer;
    customer.name = "Pila Marek, s.r.o.";
    customer.ico = "00111678";
    customer.email = "Sekretariat@Pila-Marek.CZ";
    customer.billing_address.city = "Český Krumlov";
    const MatchKeys keys = match_keys(customer);
    EXPECT_EQ(keys.ico, "00111678");
    EXPECT_EQ(keys.email, "sekretariat@pila-marek.cz");
    EXPECT_EQ(keys.name, "pila marek");
    EXPECT_EQ(keys.city, "cesky krumlov");
}

TEST(ImportEnums, RoundTripThroughTheirJsonNames) {
    for (auto mode : {ImportMode::Create, ImportMode::Upsert, ImportMode::Skip}) {
        EXPECT_EQ(parse_import_mode(to_string(mode)), mode);
    }
    for (auto policy : {FieldPolicy::FillEmpty, FieldPolicy::Overwrite, FieldPolicy::Keep}) {
        EXPECT_EQ(parse_field_policy(to_string(policy)), policy);
    }
    for (auto atomicity : {ImportAtomicity::AllOrNothing, ImportAtomicity::ValidRows}) {
        EXPECT_EQ(parse_import_atomicity(to_string(atomicity)), atomicity);
    }
    for (auto action : {DuplicateAction::Create, DuplicateAction::Update, DuplicateAction::Skip}) {
        EXPECT_EQ(parse_duplicate_action(to_string(action)), action);
    }
    for (auto status :
         {ImportStatus::Draft,
          ImportStatus::Running,
          ImportStatus::Succeeded,
          ImportStatus::Failed,
          ImportStatus::Cancelled,
          ImportStatus::Interrupted,
          ImportStatus::Reverted}) {
        EXPECT_EQ(parse_import_status(to_string(status)), status);
    }
    EXPECT_STREQ(to_string(MatchRule::NameCity), "name_city");
    EXPECT_STREQ(to_string(FieldPolicy::FillEmpty), "fill_empty");
    EXPECT_EQ(parse_import_mode("Create"), std::nullopt);
    EXPECT_EQ(parse_import_status(""), std::nullopt);
}

class MergeForImport : public ::testing::Test {
protected:
    MergeForImport() {
        stored_.id = 5;
        stored_.name = "Alfa s.r.o.";
        stored_.email = "old@alfa.cz";
        stored_.phone = "";
        stored_.tags = {"VIP"};
        stored_.status = CustomerStatus::Active;
        stored_.contacts = {Contact{.id = 3, .name = "Jan Novák", .email = "jan@alfa.cz"}};
        incoming_.name = "Alfa Stavby s.r.o.";
        incoming_.email = "new@alfa.cz";
        incoming_.phone = "+420602123456";
        incoming_.web = "";  // an empty incoming value never clears a stored one
        incoming_.tags = {"Gastro", "VIP"};
        incoming_.status = CustomerStatus::Lead;
        incoming_.contacts = {Contact{.name = "Eva Malá", .email = "eva@alfa.cz"}};
        stored_.web = "alfa.cz";
    }

    std::vector<CustomerColumn> mapped_{
        CustomerColumn::Name,
        CustomerColumn::Email,
        CustomerColumn::Phone,
        CustomerColumn::Web,
        CustomerColumn::Tags,
        CustomerColumn::Status,
        CustomerColumn::ContactName,
        CustomerColumn::ContactEmail};
    Customer stored_;
    Customer incoming_;
};

TEST_F(MergeForImport, FillEmptyOnlyFillsEmptyFieldsAndUnitesTagsAndContacts) {
    const Customer merged = merge_for_import(stored_, incoming_, mapped_, FieldPolicy::FillEmpty);
    EXPECT_EQ(merged.id, 5);
    EXPECT_EQ(merged.name, "Alfa s.r.o.");
    EXPECT_EQ(merged.email, "old@alfa.cz");
    EXPECT_EQ(merged.phone, "+420602123456");
    EXPECT_EQ(merged.web, "alfa.cz");
    EXPECT_EQ(merged.status, CustomerStatus::Active);
    EXPECT_EQ(merged.tags, (std::vector<std::string>{"VIP", "Gastro"}));
    ASSERT_EQ(merged.contacts.size(), 2u);
    EXPECT_EQ(merged.contacts[1].name, "Eva Malá");
}

TEST_F(MergeForImport, OverwriteReplacesWithEveryNonEmptyIncomingValue) {
    const Customer merged = merge_for_import(stored_, incoming_, mapped_, FieldPolicy::Overwrite);
    EXPECT_EQ(merged.name, "Alfa Stavby s.r.o.");
    EXPECT_EQ(merged.email, "new@alfa.cz");
    EXPECT_EQ(merged.phone, "+420602123456");
    EXPECT_EQ(merged.web, "alfa.cz");
    EXPECT_EQ(merged.status, CustomerStatus::Lead);
    EXPECT_EQ(merged.tags, (std::vector<std::string>{"VIP", "Gastro"}));
}

TEST_F(MergeForImport, KeepChangesNothing) {
    EXPECT_EQ(merge_for_import(stored_, incoming_, mapped_, FieldPolicy::Keep), stored_);
}

TEST_F(MergeForImport, UnmappedColumnsAreLeftAloneEvenWhenOverwriting) {
    const Customer merged = merge_for_import(stored_, incoming_, {CustomerColumn::Phone}, FieldPolicy::Overwrite);
    EXPECT_EQ(merged.name, "Alfa s.r.o.");
    EXPECT_EQ(merged.email, "old@alfa.cz");
    EXPECT_EQ(merged.phone, "+420602123456");
    EXPECT_EQ(merged.contacts.size(), 1u);
    EXPECT_EQ(merged.tags, std::vector<std::string>{"VIP"});
}

TEST_F(MergeForImport, KnownContactBySameNameOrEmailIsNotAddedTwice) {
    incoming_.contacts = {Contact{.name = "JAN NOVÁK"}, Contact{.name = "Honza", .email = "jan@alfa.cz"}};
    const Customer merged = merge_for_import(stored_, incoming_, mapped_, FieldPolicy::Overwrite);
    EXPECT_EQ(merged.contacts.size(), 1u);
}

}  // namespace
}  // namespace kartoteka::domain
