#include "domain/demo_data.hpp"

#include <set>
#include <string>

#include <gtest/gtest.h>

#include "domain/validation.hpp"

namespace kartoteka::domain {
namespace {

constexpr TimestampMs kNow = 1'795'800'317'123;
constexpr std::uint64_t kSeed = 20261127;

TEST(DemoData, GeneratesRequestedCount) {
    EXPECT_EQ(generate_demo_customers(0, kSeed, 0, std::nullopt, kNow).size(), 0U);
    EXPECT_EQ(generate_demo_customers(37, kSeed, 0, std::nullopt, kNow).size(), 37U);
}

TEST(DemoData, EveryIcoIsValid) {
    std::size_t with_ico = 0;
    for (const Customer& customer : generate_demo_customers(5000, kSeed, 0, std::nullopt, kNow)) {
        if (customer.ico.empty()) {
            continue;
        }
        ++with_ico;
        EXPECT_TRUE(validate_ico(customer.ico)) << customer.ico;
    }
    EXPECT_GT(with_ico, 2500U);
}

TEST(DemoData, EveryCustomerPassesValidationUnchanged) {
    for (const Customer& customer : generate_demo_customers(5000, kSeed, 0, std::nullopt, kNow)) {
        auto validated = validate_customer(customer);
        ASSERT_TRUE(validated
        ) << customer.name
          << ": " << validated.error().message << " "
          << (validated.error().field_errors.empty() ? std::string() : validated.error().field_errors.begin()->first);
        // Already canonical: validation has nothing to normalise.
        EXPECT_EQ(validated->name, customer.name);
        EXPECT_EQ(validated->phone, customer.phone);
        EXPECT_EQ(validated->billing_address, customer.billing_address);
        EXPECT_EQ(validated->tags, customer.tags);
    }
}

TEST(DemoData, IsDeterministicForSeed) {
    const auto first = generate_demo_customers(200, kSeed, 0, 1, kNow);
    const auto second = generate_demo_customers(200, kSeed, 0, 1, kNow);
    ASSERT_EQ(first.size(), second.size());
    for (std::size_t i = 0; i < first.size(); ++i) {
        EXPECT_EQ(first[i].name, second[i].name);
        EXPECT_EQ(first[i].ico, second[i].ico);
        EXPECT_EQ(first[i].email, second[i].email);
        EXPECT_EQ(first[i].contacts, second[i].contacts);
        EXPECT_EQ(first[i].created_at, second[i].created_at);
    }
}

TEST(DemoData, BatchesMatchOneLargeRun) {
    const auto whole = generate_demo_customers(100, kSeed, 0, std::nullopt, kNow);
    const auto tail = generate_demo_customers(40, kSeed, 60, std::nullopt, kNow);
    for (std::size_t i = 0; i < tail.size(); ++i) {
        EXPECT_EQ(tail[i].name, whole[60 + i].name);
        EXPECT_EQ(tail[i].ico, whole[60 + i].ico);
        EXPECT_EQ(tail[i].billing_address, whole[60 + i].billing_address);
    }
}

TEST(DemoData, DifferentSeedsGiveDifferentData) {
    const auto first = generate_demo_customers(50, 1, 0, std::nullopt, kNow);
    const auto second = generate_demo_customers(50, 2, 0, std::nullopt, kNow);
    std::size_t same_names = 0;
    for (std::size_t i = 0; i < first.size(); ++i) {
        same_names += first[i].name == second[i].name ? 1 : 0;
    }
    EXPECT_LT(same_names, 10U);
}

TEST(DemoData, IcosAreUniqueAcrossIndices) {
    std::set<std::string> seen;
    for (const Customer& customer : generate_demo_customers(20000, kSeed, 0, std::nullopt, kNow)) {
        if (!customer.ico.empty()) {
            EXPECT_TRUE(seen.insert(customer.ico).second) << customer.ico;
        }
    }
}

TEST(DemoData, CompaniesHaveCzechDicMatchingIco) {
    std::size_t with_dic = 0;
    for (const Customer& customer : generate_demo_customers(1000, kSeed, 0, std::nullopt, kNow)) {
        if (!customer.dic.empty()) {
            ++with_dic;
            EXPECT_EQ(customer.kind, CustomerKind::Company);
            EXPECT_EQ(customer.dic, "CZ" + customer.ico);
        }
    }
    EXPECT_GT(with_dic, 0U);
}

TEST(DemoData, MixesKindsStatusesAndExtras) {
    std::set<CustomerKind> kinds;
    std::set<CustomerStatus> statuses;
    std::size_t with_contacts = 0;
    std::size_t with_note = 0;
    std::size_t with_tags = 0;
    for (const Customer& customer : generate_demo_customers(1000, kSeed, 0, 9, kNow)) {
        kinds.insert(customer.kind);
        statuses.insert(customer.status);
        with_contacts += customer.contacts.empty() ? 0 : 1;
        with_note += customer.note.empty() ? 0 : 1;
        with_tags += customer.tags.empty() ? 0 : 1;
        EXPECT_EQ(customer.owner_id, std::optional<UserId>{9});
        EXPECT_LE(customer.contacts.size(), 3U);
        EXPECT_LE(customer.created_at, customer.updated_at);
        EXPECT_LE(customer.updated_at, kNow);
    }
    EXPECT_EQ(kinds.size(), 2U);
    EXPECT_EQ(statuses.size(), 3U);
    EXPECT_GT(with_contacts, 100U);
    EXPECT_GT(with_note, 50U);
    EXPECT_GT(with_tags, 300U);
}

TEST(DemoData, UsesFeminineSurnamesForWomen) {
    bool found_feminine = false;
    for (const Customer& customer : generate_demo_customers(500, kSeed, 0, std::nullopt, kNow)) {
        if (customer.kind == CustomerKind::Person && customer.first_name == "Jana") {
            const std::string& last = customer.last_name;
            const bool feminine = last.ends_with("ová") || last.ends_with("á");
            EXPECT_TRUE(feminine) << last;
            found_feminine = true;
        }
    }
    EXPECT_TRUE(found_feminine);
}

TEST(DemoData, EmailsAreAscii) {
    for (const Customer& customer : generate_demo_customers(1000, kSeed, 0, std::nullopt, kNow)) {
        for (const char c : customer.email) {
            EXPECT_LT(static_cast<unsigned char>(c), 0x80) << customer.email;
        }
    }
}

}  // namespace
}  // namespace kartoteka::domain
