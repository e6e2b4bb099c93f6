#include "api_fixture.hpp"

namespace kartoteka::api_test {
namespace {

constexpr std::size_t kOneMebibyte = 1024 * 1024;

class BadInputApi : public ApiTest {
protected:
    void SetUp() override {
        ApiTest::SetUp();
        client_ = std::make_unique<ApiClient>(ApiClient::admin_session(port()));
    }

    const ApiClient& client() const { return *client_; }

    HttpResponse post_raw(const std::string& body, Headers headers = {}) const {
        return client().request("POST", "/api/v1/customers", body, std::move(headers));
    }

private:
    std::unique_ptr<ApiClient> client_;
};

TEST_F(BadInputApi, MalformedJsonIsBadRequest) {
    const std::size_t before = count_customers(client());
    for (const char* body : {R"({"kind": "company", "name": )", "{name: 'x'}", "not json at all", "{}}"}) {
        const auto response = post_raw(body);
        EXPECT_EQ(response.status, 400u) << body << " -> " << response.body;
        EXPECT_TRUE(response.is_problem()) << body << " -> " << response.body;
    }
    EXPECT_EQ(count_customers(client()), before);
}

TEST_F(BadInputApi, JsonArrayBodyIsRefused) {
    const std::size_t before = count_customers(client());
    const auto response = post_raw(nlohmann::json::array({company("In an array " + unique_suffix())}).dump());
    EXPECT_TRUE(response.status == 400u || response.status == 422u) << response.status << " " << response.body;
    EXPECT_TRUE(response.is_problem()) << response.body;
    EXPECT_EQ(count_customers(client()), before);
}

TEST_F(BadInputApi, EmptyBodyIsRefused) {
    const auto response = post_raw("", {{"Content-Type", "application/json"}});
    EXPECT_TRUE(response.status == 400u || response.status == 422u) << response.status << " " << response.body;
    EXPECT_TRUE(response.is_problem()) << response.body;
}

TEST_F(BadInputApi, WrongTypesAreRefusedNamingTheField) {
    const std::size_t before = count_customers(client());
    const std::vector<std::pair<std::string, nlohmann::json>> cases{
        {"name", 123},
        {"tags", "vip"},
        {"tags", nlohmann::json::array({1, 2})},
        {"billing_address", "Praha"},
        {"owner_id", "one"},
        {"contacts", nlohmann::json::object()},
        {"kind", true},
    };
    for (const auto& [field, value] : cases) {
        auto body = company("Wrong type " + unique_suffix());
        body[field] = value;
        const auto response = post_raw(body.dump());
        EXPECT_EQ(response.status, 422u) << body.dump() << " -> " << response.body;
        const auto errors = response.field_errors();
        bool named = false;
        for (const auto& [key, message] : errors.items()) {
            named = named || key == field || key.rfind(field + ".", 0) == 0 || key.rfind(field + "[", 0) == 0;
        }
        EXPECT_TRUE(named) << "expected an error for \"" << field << "\" in " << response.body;
    }
    EXPECT_EQ(count_customers(client()), before);
}

TEST_F(BadInputApi, UnknownFieldIsRefusedNamingIt) {
    const std::size_t before = count_customers(client());
    auto body = company("Unknown field " + unique_suffix());
    body["colour"] = "red";
    const auto response = post_raw(body.dump());
    EXPECT_EQ(response.status, 422u) << response.body;
    EXPECT_TRUE(response.has_field_error("colour")) << response.body;
    EXPECT_EQ(count_customers(client()), before);
}

TEST_F(BadInputApi, UnknownFieldInPatchIsRefused) {
    const auto created = client().post("/api/v1/customers", company("Patch unknown " + unique_suffix()));
    ASSERT_EQ(created.status, 201u) << created.body;
    const std::string target = "/api/v1/customers/" + std::to_string(created.json()["id"].get<std::int64_t>());
    const auto response = client().patch(target, {{"colour", "red"}}, if_match(1));
    EXPECT_EQ(response.status, 422u) << response.body;
    EXPECT_TRUE(response.has_field_error("colour")) << response.body;
    EXPECT_EQ(client().get(target).json()["version"], 1);
}

TEST_F(BadInputApi, InvalidUtf8IsBadRequest) {
    const std::size_t before = count_customers(client());
    const std::string body = std::string(R"({"kind":"company","name":"Bad )") + "\xC3\x28\xFF" + R"("})";
    const auto response = post_raw(body);
    EXPECT_EQ(response.status, 400u) << response.body;
    EXPECT_TRUE(response.is_problem()) << response.body;
    EXPECT_EQ(count_customers(client()), before);
}

TEST_F(BadInputApi, BodyOverOneMebibyteIsTooLarge) {
    const std::size_t before = count_customers(client());
    auto body = company("Huge " + unique_suffix());
    body["note"] = std::string(kOneMebibyte + 1024, 'x');
    const auto response = post_raw(body.dump());
    EXPECT_EQ(response.status, 413u) << response.body.substr(0, 300);
    EXPECT_EQ(count_customers(client()), before);
}

TEST_F(BadInputApi, UnknownApiRouteIsNotFoundProblem) {
    const auto response = client().get("/api/v1/no-such-thing");
    EXPECT_EQ(response.status, 404u) << response.body;
    EXPECT_TRUE(response.is_problem()) << response.header("Content-Type") << " " << response.body;
}

TEST_F(BadInputApi, WrongMethodOnKnownRouteIsMethodNotAllowed) {
    const std::vector<std::pair<std::string, std::string>> cases{
        {"PUT", "/api/v1/customers"},
        {"DELETE", "/api/v1/customers"},
        {"PUT", "/api/v1/customers/1"},
        {"POST", "/api/v1/customers/1"},
        {"GET", "/api/v1/customers/1/restore"},
        {"DELETE", "/api/v1/trash/customers"},
    };
    for (const auto& [method, target] : cases) {
        const auto response = client().request(method, target, method == "GET" ? "" : "{}");
        EXPECT_EQ(response.status, 405u) << method << " " << target << ": " << response.body;
        EXPECT_TRUE(response.is_problem()) << method << " " << target << ": " << response.body;
        EXPECT_FALSE(response.header("Allow").empty()) << method << " " << target << " sent no Allow header";
    }
}

TEST_F(BadInputApi, ServerKeepsServingAfterBadInput) {
    const std::size_t before = count_customers(client());
    post_raw("{\"kind\":");
    post_raw(std::string("\xFF\xFE\xFD"));
    post_raw(std::string(2 * kOneMebibyte, '['));
    client().get("/api/v1/customers?limit=-1");
    client().get("/api/v1/customers/99999999999999999999999999");
    client().get("/api/v1/customers?cursor=%FF%FE");
    client().request("BREW", "/api/v1/customers");
    http_request(port(), "GET", "/api/v1/customers/%2e%2e/%2e%2e");

    const auto health = http_request(port(), "GET", "/healthz");
    EXPECT_EQ(health.status, 200u);
    EXPECT_EQ(count_customers(client()), before);
    EXPECT_EQ(client().post("/api/v1/customers", company("Still works " + unique_suffix())).status, 201u);
}

TEST_F(BadInputApi, RootWithoutBuiltUiStillAnswers) {
    const auto response = http_request(port(), "GET", "/");
    EXPECT_GT(response.status, 0u);
    EXPECT_LT(response.status, 500u) << response.body;
}

TEST_F(BadInputApi, StaticPathTraversalIsRefused) {
    const auto response = http_request(port(), "GET", "/../../../../etc/passwd");
    EXPECT_LT(response.status, 500u);
    EXPECT_EQ(response.body.find("root:"), std::string::npos);
}

}  // namespace
}  // namespace kartoteka::api_test
