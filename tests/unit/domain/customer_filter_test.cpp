#include "domain/customer_filter.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace kartoteka::domain {
namespace {

using ::testing::ElementsAre;

CustomerSearch parse_ok(const QueryParams& params) {
    auto parsed = parse_customer_search(params, false);
    EXPECT_TRUE(parsed) << (parsed ? "" : parsed.error().message);
    return parsed ? *parsed : CustomerSearch{};
}

FieldErrors parse_errors(const QueryParams& params) {
    auto parsed = parse_customer_search(params, false);
    EXPECT_FALSE(parsed);
    return parsed ? FieldErrors{} : parsed.error().field_errors;
}

TEST(CustomerFilter, DefaultsToNameOrderOrRelevanceWithSearchText) {
    const auto plain = parse_ok({});
    EXPECT_EQ(plain.sort, CustomerSortField::Name);
    EXPECT_EQ(plain.direction, SortDirection::Ascending);
    EXPECT_EQ(plain.limit, 50U);
    EXPECT_EQ(parse_ok({{"q", "novak"}}).sort, CustomerSortField::Relevance);
    EXPECT_EQ(parse_ok({{"q", "novak"}, {"sort", "city"}}).sort, CustomerSortField::City);
}

TEST(CustomerFilter, ParsesEveryFilter) {
    const auto search = parse_ok({
        {"status", "lead, active"},
        {"kind", "person"},
        {"owner_id", "3,none,7"},
        {"tags_any", "vip,b2b"},
        {"tags_all", "a"},
        {"tag", "b"},
        {"city", "Brno,České Budějovice"},
        {"country", "cz,SK"},
        {"created_from", "2024-01-01"},
        {"created_to", "2024-02-29"},
        {"updated_from", "2025-03-01"},
        {"has_open_tasks", "true"},
        {"has_overdue_tasks", "false"},
        {"last_contact_older_than_days", "90"},
        {"count", "true"},
    });
    const auto& filter = search.filter;
    EXPECT_THAT(filter.statuses, ElementsAre(CustomerStatus::Lead, CustomerStatus::Active));
    EXPECT_EQ(filter.kind, CustomerKind::Person);
    EXPECT_THAT(filter.owner_ids, ElementsAre(3, 7));
    EXPECT_TRUE(filter.owner_none);
    EXPECT_THAT(filter.tags_any, ElementsAre("vip", "b2b"));
    EXPECT_THAT(filter.tags_all, ElementsAre("a", "b"));
    EXPECT_THAT(filter.cities, ElementsAre("brno", "ceske budejovice"));
    EXPECT_THAT(filter.countries, ElementsAre("CZ", "SK"));
    EXPECT_EQ(filter.created.from, "2024-01-01");
    EXPECT_EQ(filter.created.to, "2024-02-29");
    EXPECT_EQ(filter.updated.from, "2025-03-01");
    EXPECT_FALSE(filter.updated.to);
    EXPECT_EQ(filter.has_open_tasks, true);
    EXPECT_EQ(filter.has_overdue_tasks, false);
    EXPECT_EQ(filter.last_contact_older_than_days, 90);
    EXPECT_TRUE(search.with_count);
}

TEST(CustomerFilter, SortFieldWithMinusIsDescending) {
    const auto search = parse_ok({{"sort", "-ico"}});
    EXPECT_EQ(search.sort, CustomerSortField::Ico);
    EXPECT_EQ(search.direction, SortDirection::Descending);
    EXPECT_EQ(parse_ok({{"sort", "created"}, {"order", "desc"}}).direction, SortDirection::Descending);
    EXPECT_EQ(parse_ok({{"sort", "-created"}, {"order", "asc"}}).direction, SortDirection::Descending);
    for (const char* name :
         {"relevance",
          "name",
          "ico",
          "dic",
          "email",
          "phone",
          "city",
          "country",
          "status",
          "kind",
          "owner",
          "created",
          "updated"}) {
        const auto field = parse_customer_sort_field(name);
        ASSERT_TRUE(field) << name;
        EXPECT_STREQ(to_string(*field), name);
    }
}

TEST(CustomerFilter, ErrorsNameTheParameter) {
    EXPECT_THAT(parse_errors({{"colour", "red"}}), ElementsAre(::testing::Key("colour")));
    EXPECT_THAT(parse_errors({{"created_from", "2024-02-30"}}), ElementsAre(::testing::Key("created_from")));
    EXPECT_THAT(parse_errors({{"updated_to", "yesterday"}}), ElementsAre(::testing::Key("updated_to")));
    EXPECT_THAT(parse_errors({{"status", "lead,gone"}}), ElementsAre(::testing::Key("status")));
    EXPECT_THAT(parse_errors({{"owner_id", "x"}}), ElementsAre(::testing::Key("owner_id")));
    EXPECT_THAT(parse_errors({{"sort", "-shoe"}}), ElementsAre(::testing::Key("sort")));
    EXPECT_THAT(parse_errors({{"limit", "501"}}), ElementsAre(::testing::Key("limit")));
    EXPECT_THAT(parse_errors({{"has_open_tasks", "yes"}}), ElementsAre(::testing::Key("has_open_tasks")));
    EXPECT_THAT(
        parse_errors({{"last_contact_older_than_days", "-3"}}),
        ElementsAre(::testing::Key("last_contact_older_than_days"))
    );
    EXPECT_THAT(parse_errors({{"country", "CZE"}}), ElementsAre(::testing::Key("country")));
    EXPECT_THAT(parse_errors({{"kind", "robot"}}), ElementsAre(::testing::Key("kind")));
    EXPECT_THAT(parse_errors({{"status", "lead"}, {"status", "active"}}), ElementsAre(::testing::Key("status")));
    EXPECT_THAT(
        parse_errors({{"created_from", "2024-05-02"}, {"created_to", "2024-05-01"}}),
        ElementsAre(::testing::Key("created_to"))
    );
}

TEST(CustomerFilter, ReportsAllErrorsAtOnce) {
    const auto errors = parse_errors({{"sort", "x"}, {"limit", "0"}, {"bogus", ""}});
    EXPECT_EQ(errors.size(), 3U);
}

TEST(CustomerFilter, ValidDays) {
    EXPECT_TRUE(is_valid_day("2024-02-29"));
    EXPECT_FALSE(is_valid_day("2023-02-29"));
    EXPECT_FALSE(is_valid_day("2100-02-29"));
    EXPECT_TRUE(is_valid_day("2000-02-29"));
    EXPECT_FALSE(is_valid_day("2024-13-01"));
    EXPECT_FALSE(is_valid_day("2024-1-01"));
    EXPECT_FALSE(is_valid_day("2024-01-01T00"));
}

}  // namespace
}  // namespace kartoteka::domain
