// Issue 5 over HTTP against the real binary: search, filters, sort, cursors, counts and bad parameters of
// GET /api/v1/customers. Every test scopes its rows by a unique tag, since the server is shared.
#include <set>

#include "api_fixture.hpp"

namespace kartoteka::api_test {
namespace {

class CustomerSearchApi : public ApiTest {
protected:
    void SetUp() override {
        ApiTest::SetUp();
        client_ = std::make_unique<ApiClient>(ApiClient::admin_bearer(port()));
        tag_ = unique_suffix();
    }

    const ApiClient& client() const { return *client_; }

    std::int64_t create(nlohmann::json body) const {
        body["tags"] = body.contains("tags") ? body["tags"] : nlohmann::json::array();
        body["tags"].push_back(tag_);
        const auto response = client().post("/api/v1/customers", body);
        EXPECT_EQ(response.status, 201u) << response.body;
        const auto parsed = response.json();
        return parsed.is_object() && parsed.contains("id") ? parsed["id"].get<std::int64_t>() : 0;
    }

    /// Ids of every row (all pages) for `query`, limited to this test's rows.
    std::vector<std::int64_t> find(const std::string& query, int limit = 500) const {
        std::vector<std::int64_t> found;
        for (const auto& item : list_all(client(), "/api/v1/customers?tag=" + tag_ + "&" + query, limit)) {
            found.push_back(item["id"].get<std::int64_t>());
        }
        return found;
    }

    std::set<std::int64_t> found_set(const std::string& query) const {
        const auto ids = find(query);
        return {ids.begin(), ids.end()};
    }

    std::vector<std::string> names(const std::string& query, int limit = 500) const {
        std::vector<std::string> result;
        for (const auto& item : list_all(client(), "/api/v1/customers?tag=" + tag_ + "&" + query, limit)) {
            result.push_back(item["name"].get<std::string>());
        }
        return result;
    }

    std::string tag_;

private:
    std::unique_ptr<ApiClient> client_;
};

nlohmann::json person(const std::string& first, const std::string& last, const std::string& city) {
    return {
        {"kind", "person"},
        {"first_name", first},
        {"last_name", last},
        {"billing_address", {{"street", "Dlouhá 1"}, {"city", city}, {"postal_code", "602 00"}}},
    };
}

TEST_F(CustomerSearchApi, FindsByFragmentsAsSalesPeopleTypeThem) {
    auto novak_json = person("Jan", "Novák", "Brno");
    novak_json["email"] = "jan.novak@seznam.cz";
    novak_json["phone"] = "+420777123456";
    const auto novak = create(novak_json);
    const auto praha = create(person("Petr", "Nováček", "Praha"));
    auto firm_json = ApiTest::company("Žluťoučký kůň s.r.o.");
    firm_json["ico"] = "07654308";
    const auto firm = create(firm_json);

    EXPECT_EQ(found_set("q=novak"), (std::set<std::int64_t>{novak}));
    EXPECT_EQ(found_set("q=nov"), (std::set<std::int64_t>{novak, praha}));
    EXPECT_EQ(found_set("q=nov%20brno"), (std::set<std::int64_t>{novak}));
    EXPECT_EQ(found_set("q=zlutoucky"), (std::set<std::int64_t>{firm}));
    EXPECT_EQ(found_set("q=7654308"), (std::set<std::int64_t>{firm}));  // IČO without its leading zero
    EXPECT_EQ(found_set("q=07654308"), (std::set<std::int64_t>{firm}));
    EXPECT_EQ(found_set("q=" + url_encode("+420 777 123 456")), (std::set<std::int64_t>{novak}));
    EXPECT_EQ(found_set("q=" + url_encode("777 123")), (std::set<std::int64_t>{novak}));
    EXPECT_EQ(found_set("q=" + url_encode("@seznam")), (std::set<std::int64_t>{novak}));
    EXPECT_TRUE(found_set("q=nov%20plzen").empty());
}

TEST_F(CustomerSearchApi, ExactIcoRanksFirst) {
    const auto by_name = create(ApiTest::company("07654308 Obchod"));  // the number in the name
    auto firm_json = ApiTest::company("Alfa");
    firm_json["ico"] = "07654308";
    const auto firm = create(firm_json);
    EXPECT_EQ(find("q=07654308"), (std::vector<std::int64_t>{firm, by_name}));
}

TEST_F(CustomerSearchApi, FtsSyntaxIsTextAndNeverAServerError) {
    create(ApiTest::company("Novák a syn"));
    for (const char* text :
         {"\"", "nov*", "-novak", "(novak", "novak AND", "NEAR(a b)", "name:novak", "OR", "NOT", "a\"b", "*", ":"}) {
        const auto response = client().get("/api/v1/customers?tag=" + tag_ + "&q=" + url_encode(text));
        EXPECT_EQ(response.status, 200u) << text << ": " << response.body;
    }
    EXPECT_EQ(find("q=" + url_encode("(novak")).size(), 1u);
}

TEST_F(CustomerSearchApi, EachFilterAndTheirCombination) {
    auto brno_json = ApiTest::company("Brněnská");
    brno_json["status"] = "active";
    brno_json["billing_address"] = {{"street", "Masarykova 1"}, {"city", "Brno"}, {"postal_code", "602 00"}};
    brno_json["tags"] = {"vip", "odběratel"};
    const auto brno = create(brno_json);
    auto sk_json = ApiTest::company("Slovenská");
    sk_json["billing_address"] = {
        {"street", "Hlavná 1"}, {"city", "Bratislava"}, {"postal_code", "811 01"}, {"country", "SK"}};
    sk_json["tags"] = {"vip"};
    const auto sk = create(sk_json);
    const auto person_id = create(person("Eva", "Malá", "Brno"));

    EXPECT_EQ(found_set("status=active"), (std::set<std::int64_t>{brno}));
    EXPECT_EQ(found_set("status=lead,active"), (std::set<std::int64_t>{brno, sk, person_id}));
    EXPECT_EQ(found_set("kind=person"), (std::set<std::int64_t>{person_id}));
    EXPECT_EQ(found_set("city=brno"), (std::set<std::int64_t>{brno, person_id}));
    EXPECT_EQ(found_set("country=SK"), (std::set<std::int64_t>{sk}));
    EXPECT_EQ(found_set("tags_any=vip,nic"), (std::set<std::int64_t>{brno, sk}));
    EXPECT_EQ(found_set("tags_all=vip," + url_encode("odběratel")), (std::set<std::int64_t>{brno}));
    EXPECT_EQ(found_set("owner_id=none"), (std::set<std::int64_t>{brno, sk, person_id}));
    EXPECT_TRUE(found_set("owner_id=1").empty());
    EXPECT_EQ(
        found_set("created_from=2000-01-01&created_to=2999-12-31"), (std::set<std::int64_t>{brno, sk, person_id})
    );
    EXPECT_TRUE(found_set("updated_to=2000-01-01").empty());
    EXPECT_TRUE(found_set("has_open_tasks=true").empty());
    EXPECT_EQ(found_set("has_overdue_tasks=false").size(), 3u);
    EXPECT_EQ(found_set("last_contact_older_than_days=30").size(), 3u);  // never contacted counts
    EXPECT_EQ(found_set("q=brno&tags_any=vip&status=active"), (std::set<std::int64_t>{brno}));
}

TEST_F(CustomerSearchApi, CzechSortOrderOfAKnownNameSetAndTiesById) {
    for (const char* name : {"Chrudim", "Hana", "Čech", "Cyril", "Adam", "Žofie", "Zdeněk", "Adam"}) {
        create(ApiTest::company(name));
    }
    const std::vector<std::string> ascending{"Adam", "Adam", "Cyril", "Čech", "Hana", "Chrudim", "Zdeněk", "Žofie"};
    EXPECT_EQ(names("sort=name", 2), ascending);
    EXPECT_EQ(names("sort=-name", 3), (std::vector<std::string>(ascending.rbegin(), ascending.rend())));
    const auto adams = find("sort=name&q=adam", 1);
    ASSERT_EQ(adams.size(), 2u);
    EXPECT_LT(adams[0], adams[1]);
}

TEST_F(CustomerSearchApi, DeepCursorsVisitEveryRowOnceInEverySort) {
    for (int i = 0; i < 23; ++i) {
        auto customer = ApiTest::company("Firma " + std::to_string(i % 7));
        customer["status"] = i % 3 == 0 ? "active" : "lead";
        create(customer);
    }
    for (const char* sort : {"name", "-name", "status", "-created", "updated", "city", "owner", "ico"}) {
        const auto paged = find(std::string("sort=") + sort, 4);
        const auto whole = find(std::string("sort=") + sort, 500);
        EXPECT_EQ(paged, whole) << sort;
        EXPECT_EQ(std::set<std::int64_t>(paged.begin(), paged.end()).size(), 23u) << sort;
    }
}

TEST_F(CustomerSearchApi, CountIsExactBelowTheCap) {
    for (int i = 0; i < 3; ++i) {
        create(ApiTest::company("Počítaná " + std::to_string(i)));
    }
    const auto response = client().get("/api/v1/customers?count=true&limit=1&tag=" + tag_);
    ASSERT_EQ(response.status, 200u) << response.body;
    const auto body = response.json();
    EXPECT_EQ(body["count"], 3);
    EXPECT_EQ(body["count_is_estimate"], false);
    EXPECT_EQ(body["items"].size(), 1u);
    const auto without = client().get("/api/v1/customers?limit=1&tag=" + tag_).json();
    EXPECT_FALSE(without.contains("count"));
}

TEST_F(CustomerSearchApi, BadParametersAre400NamingTheParameter) {
    const std::vector<std::pair<std::string, std::string>> cases{
        {"colour=red", "colour"},
        {"created_from=2024-02-30", "created_from"},
        {"updated_to=yesterday", "updated_to"},
        {"cursor=garbage", "cursor"},
        {"cursor=AAAA", "cursor"},
        {"sort=colour", "sort"},
        {"has_open_tasks=maybe", "has_open_tasks"},
        {"last_contact_older_than_days=-1", "last_contact_older_than_days"},
        {"owner_id=abc", "owner_id"},
        {"status=vip", "status"},
        {"limit=0", "limit"},
    };
    for (const auto& [query, parameter] : cases) {
        const auto response = client().get("/api/v1/customers?" + query);
        EXPECT_EQ(response.status, 400u) << query << ": " << response.body;
        EXPECT_TRUE(response.is_problem()) << query;
        EXPECT_TRUE(response.has_field_error(parameter)) << query << ": " << response.body;
    }
    // A cursor from another sort would skip or repeat rows; it is refused.
    for (int i = 0; i < 3; ++i) {
        create(ApiTest::company("Kurzor " + std::to_string(i)));
    }
    const auto first = client().get("/api/v1/customers?limit=1&sort=name&tag=" + tag_).json();
    ASSERT_TRUE(first["next_cursor"].is_string());
    const auto mixed = client().get(
        "/api/v1/customers?limit=1&sort=-created&tag=" + tag_ + "&cursor=" + first["next_cursor"].get<std::string>()
    );
    EXPECT_EQ(mixed.status, 400u) << mixed.body;
    EXPECT_TRUE(mixed.has_field_error("cursor")) << mixed.body;
}

}  // namespace
}  // namespace kartoteka::api_test
