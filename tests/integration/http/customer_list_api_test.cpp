#include <algorithm>
#include <set>
#include <thread>

#include "api_fixture.hpp"

namespace kartoteka::api_test {
namespace {

class CustomerListApi : public ApiTest {
protected:
    void SetUp() override {
        ApiTest::SetUp();
        client_ = std::make_unique<ApiClient>(ApiClient::admin_bearer(port()));
    }

    const ApiClient& client() const { return *client_; }

    std::int64_t create(const nlohmann::json& body) const {
        const auto response = client().post("/api/v1/customers", body);
        EXPECT_EQ(response.status, 201u) << response.body;
        const auto parsed = response.json();
        return parsed.is_object() && parsed.contains("id") ? parsed["id"].get<std::int64_t>() : 0;
    }

    static std::vector<std::string> names(const std::vector<nlohmann::json>& items) {
        std::vector<std::string> result;
        for (const auto& item : items) {
            result.push_back(item["name"].get<std::string>());
        }
        return result;
    }

    static std::vector<std::int64_t> ids(const std::vector<nlohmann::json>& items) {
        std::vector<std::int64_t> result;
        for (const auto& item : items) {
            result.push_back(item["id"].get<std::int64_t>());
        }
        return result;
    }

private:
    std::unique_ptr<ApiClient> client_;
};

TEST_F(CustomerListApi, CursorPagesCoverEveryRowExactlyOnce) {
    const std::string tag = unique_suffix();
    std::set<std::int64_t> created;
    for (int i = 0; i < 7; ++i) {
        created.insert(create(company("Stránka " + std::to_string(i) + " " + tag, tag)));
    }

    std::vector<std::int64_t> seen;
    std::string cursor;
    int pages = 0;
    do {
        std::string target = "/api/v1/customers?limit=3&tag=" + tag;
        if (!cursor.empty()) {
            target += "&cursor=" + url_encode(cursor);
        }
        const auto response = client().get(target);
        ASSERT_EQ(response.status, 200u) << response.body;
        const auto body = response.json();
        ASSERT_LE(body["items"].size(), 3u);
        for (const auto& item : body["items"]) {
            seen.push_back(item["id"].get<std::int64_t>());
        }
        cursor = body.contains("next_cursor") && body["next_cursor"].is_string()
                     ? body["next_cursor"].get<std::string>()
                     : std::string{};
        ++pages;
    } while (!cursor.empty() && pages < 20);

    EXPECT_EQ(pages, 3);
    EXPECT_EQ(seen.size(), 7u) << "a row was repeated or skipped";
    EXPECT_EQ(std::set<std::int64_t>(seen.begin(), seen.end()), created);
}

TEST_F(CustomerListApi, LastPageHasNullNextCursor) {
    const std::string tag = unique_suffix();
    create(company("Jediný " + tag, tag));
    const auto body = client().get("/api/v1/customers?limit=10&tag=" + tag).json();
    ASSERT_EQ(body["items"].size(), 1u);
    EXPECT_TRUE(body["next_cursor"].is_null()) << body.dump();
}

TEST_F(CustomerListApi, SortByNameUsesCzechOrder) {
    const std::string tag = unique_suffix();
    for (const char* name : {"Chrudim", "Hana", "Čech", "Cyril", "Adam", "Žofie", "Zdeněk"}) {
        create(company(name, tag));
    }
    const auto items = list_all(client(), "/api/v1/customers?sort=name&tag=" + tag);
    EXPECT_EQ(names(items), (std::vector<std::string>{"Adam", "Cyril", "Čech", "Hana", "Chrudim", "Zdeněk", "Žofie"}));

    const auto descending = list_all(client(), "/api/v1/customers?sort=name&order=desc&tag=" + tag);
    EXPECT_EQ(
        names(descending), (std::vector<std::string>{"Žofie", "Zdeněk", "Chrudim", "Hana", "Čech", "Cyril", "Adam"})
    );
}

TEST_F(CustomerListApi, SortByNamePagesKeepCzechOrder) {
    const std::string tag = unique_suffix();
    for (const char* name : {"Chrudim", "Hana", "Čech", "Cyril", "Adam"}) {
        create(company(name, tag));
    }
    const auto items = list_all(client(), "/api/v1/customers?sort=name&tag=" + tag, 2);
    EXPECT_EQ(names(items), (std::vector<std::string>{"Adam", "Cyril", "Čech", "Hana", "Chrudim"}));
}

TEST_F(CustomerListApi, SortByCreatedDescendingListsNewestFirst) {
    const std::string tag = unique_suffix();
    std::vector<std::int64_t> created;
    for (const char* name : {"Bravo", "Alfa", "Charlie"}) {
        created.push_back(create(company(name, tag)));
        std::this_thread::sleep_for(std::chrono::milliseconds(5));  // distinct created_at milliseconds
    }
    const auto items = list_all(client(), "/api/v1/customers?sort=created&order=desc&tag=" + tag, 2);
    EXPECT_EQ(ids(items), (std::vector<std::int64_t>{created[2], created[1], created[0]}));

    const auto ascending = list_all(client(), "/api/v1/customers?sort=created&tag=" + tag, 2);
    EXPECT_EQ(ids(ascending), created);
}

TEST_F(CustomerListApi, SortByUpdatedDescendingListsLastChangedFirst) {
    const std::string tag = unique_suffix();
    std::vector<std::int64_t> created;
    for (const char* name : {"První", "Druhý", "Třetí"}) {
        created.push_back(create(company(name, tag)));
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    const auto patched =
        client().patch("/api/v1/customers/" + std::to_string(created[0]), {{"note", "just changed"}}, if_match(1));
    ASSERT_EQ(patched.status, 200u) << patched.body;
    const auto items = list_all(client(), "/api/v1/customers?sort=updated&order=desc&tag=" + tag);
    EXPECT_EQ(ids(items), (std::vector<std::int64_t>{created[0], created[2], created[1]}));
}

TEST_F(CustomerListApi, QueryMatchesSubstringIgnoringCaseAndDiacritics) {
    const std::string tag = unique_suffix();
    const auto jana = create({{"kind", "person"}, {"first_name", "Jana"}, {"last_name", "Nováková"}, {"tags", {tag}}});
    create(company("Dvořák a syn", tag));

    const auto folded = list_all(client(), "/api/v1/customers?q=novak&tag=" + tag);
    EXPECT_EQ(ids(folded), (std::vector<std::int64_t>{jana}));

    const auto accented = list_all(client(), "/api/v1/customers?q=" + url_encode("NOVÁK") + "&tag=" + tag);
    EXPECT_EQ(ids(accented), (std::vector<std::int64_t>{jana}));

    const auto middle = list_all(client(), "/api/v1/customers?q=" + url_encode("vořá") + "&tag=" + tag);
    EXPECT_EQ(names(middle), (std::vector<std::string>{"Dvořák a syn"}));

    EXPECT_TRUE(list_all(client(), "/api/v1/customers?q=zzzznothing&tag=" + tag).empty());
}

TEST_F(CustomerListApi, FiltersByStatusTagAndCity) {
    const std::string tag = unique_suffix();
    const std::string other_tag = unique_suffix();
    auto active_in_brno = company("Aktivní Brno", tag);
    active_in_brno["status"] = "active";
    active_in_brno["billing_address"] = {{"street", "Masarykova 1"}, {"city", "Brno"}, {"postal_code", "602 00"}};
    const auto brno = create(active_in_brno);
    const auto praha = create(company("Lead Praha", tag));
    const auto other = create(company("Jiný štítek", other_tag));

    EXPECT_EQ(ids(list_all(client(), "/api/v1/customers?status=active&tag=" + tag)), (std::vector<std::int64_t>{brno}));
    EXPECT_EQ(ids(list_all(client(), "/api/v1/customers?status=lead&tag=" + tag)), (std::vector<std::int64_t>{praha}));
    EXPECT_EQ(ids(list_all(client(), "/api/v1/customers?city=Brno&tag=" + tag)), (std::vector<std::int64_t>{brno}));
    EXPECT_EQ(ids(list_all(client(), "/api/v1/customers?tag=" + other_tag)), (std::vector<std::int64_t>{other}));
    EXPECT_EQ(list_all(client(), "/api/v1/customers?tag=" + tag).size(), 2u);
}

TEST_F(CustomerListApi, UnknownStatusFilterIsRefused) {
    const auto response = client().get("/api/v1/customers?status=vip");
    EXPECT_EQ(response.status, 400u) << response.body;
    EXPECT_TRUE(response.has_field_error("status")) << response.body;
}

TEST_F(CustomerListApi, LimitZeroIsRefusedNamingLimit) {
    const auto response = client().get("/api/v1/customers?limit=0");
    EXPECT_EQ(response.status, 400u) << response.body;
    EXPECT_TRUE(response.is_problem()) << response.body;
    EXPECT_TRUE(response.has_field_error("limit")) << response.body;
}

TEST_F(CustomerListApi, AbsurdLimitIsRefusedNamingLimit) {
    for (const char* limit : {"100000", "-5", "99999999999999999999999"}) {
        const auto response = client().get(std::string("/api/v1/customers?limit=") + limit);
        EXPECT_EQ(response.status, 400u) << limit << ": " << response.body;
        EXPECT_TRUE(response.has_field_error("limit")) << limit << ": " << response.body;
    }
}

TEST_F(CustomerListApi, NonNumericLimitIsRefusedNamingLimit) {
    const auto response = client().get("/api/v1/customers?limit=abc");
    EXPECT_EQ(response.status, 400u) << response.body;
    EXPECT_TRUE(response.has_field_error("limit")) << response.body;
}

TEST_F(CustomerListApi, MaximumLimitIsAccepted) {
    const auto response = client().get("/api/v1/customers?limit=500");
    EXPECT_EQ(response.status, 200u) << response.body;
}

TEST_F(CustomerListApi, GarbageCursorIsRefusedNamingCursor) {
    for (const char* cursor : {"garbage", "%00%01%02", "AAAA"}) {
        const auto response = client().get(std::string("/api/v1/customers?cursor=") + cursor);
        EXPECT_EQ(response.status, 400u) << cursor << ": " << response.body;
        EXPECT_TRUE(response.has_field_error("cursor")) << cursor << ": " << response.body;
    }
}

TEST_F(CustomerListApi, UnknownSortIsRefused) {
    const auto response = client().get("/api/v1/customers?sort=colour");
    EXPECT_EQ(response.status, 400u) << response.body;
    EXPECT_TRUE(response.has_field_error("sort")) << response.body;
}

}  // namespace
}  // namespace kartoteka::api_test
