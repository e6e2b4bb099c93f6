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

TEST_F(BadInputApi, JsonBodyRoutesRefuseOtherContentTypes) {
    const auto created = client().post("/api/v1/customers", company("Content type " + unique_suffix()));
    ASSERT_EQ(created.status, 201u) << created.body;
    const std::string path = "/api/v1/customers/" + std::to_string(created.json()["id"].get<std::int64_t>());
    const std::size_t before = count_customers(client());
    const std::string body = company("Form post " + unique_suffix()).dump();
    const std::vector<std::pair<std::string, std::string>> routes{
        {"POST", "/api/v1/customers"},
        {"PATCH", path},
        {"POST", "/api/v1/auth/tokens"},
        {"POST", "/api/v1/auth/login"},
    };
    for (const auto& [method, target] : routes) {
        for (const std::string content_type :
             {"text/plain", "application/x-www-form-urlencoded", "application/jsonx"}) {
            const auto response =
                client().request(method, target, body, {{"Content-Type", content_type}, {"If-Match", if_match(1)}});
            EXPECT_EQ(response.status, 415u)
                << method << " " << target << " as " << content_type << ": " << response.body;
            EXPECT_TRUE(response.is_problem()) << method << " " << target << ": " << response.body;
        }
    }
    EXPECT_EQ(count_customers(client()), before);
    EXPECT_EQ(client().get(path).json()["version"], 1) << "a refused PATCH must not write";
    const auto with_charset =
        client().request("POST", "/api/v1/customers", body, {{"Content-Type", "Application/JSON; charset=utf-8"}});
    EXPECT_EQ(with_charset.status, 201u) << with_charset.body;
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

TEST(StaticWithoutUi, RootWithoutBuiltUiServesThePlaceholderPage) {
    TestServer server;  // an empty --web directory
    const auto response = http_request(server.port(), "GET", "/");
    EXPECT_EQ(response.status, 200u) << response.body;
    EXPECT_NE(response.body.find("not built"), std::string::npos) << response.body;
}

TEST_F(BadInputApi, StaticPathTraversalIsRefused) {
    // Sent byte for byte: an HTTP client library might normalise the dots away before the server sees them.
    for (const std::string target :
         {"/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
          "/../../../../etc/passwd",
          "/assets/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd"}) {
        const auto answer =
            raw_http_exchange(port(), "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        ASSERT_TRUE(answer.starts_with("HTTP/1.1 ")) << target << ": " << answer;
        const auto status = std::stoi(answer.substr(9, 3));
        EXPECT_TRUE(status == 200 || status == 400 || status == 404) << target << ": " << answer;
        EXPECT_EQ(answer.find("root:"), std::string::npos) << target << " returned the file";
        if (status == 200) {
            EXPECT_NE(answer.find("test-index-marker"), std::string::npos) << target << " must fall back to index.html";
        }
    }
}

TEST_F(BadInputApi, HashedAssetIsServedImmutable) {
    const auto response = http_request(port(), "GET", "/assets/app-abc123.js");
    ASSERT_EQ(response.status, 200u) << response.body;
    EXPECT_EQ(response.body, kHashedAsset);
    EXPECT_NE(response.header("Cache-Control").find("immutable"), std::string::npos)
        << response.header("Cache-Control");
    EXPECT_EQ(response.header("Content-Type").rfind("text/javascript", 0), 0u) << response.header("Content-Type");
}

TEST_F(BadInputApi, ClientSideRouteFallsBackToIndexWithoutCaching) {
    for (const std::string target : {"/", "/customers/5", "/trash"}) {
        const auto response = http_request(port(), "GET", target);
        ASSERT_EQ(response.status, 200u) << target;
        EXPECT_EQ(response.body, kIndexHtml) << target;
        EXPECT_EQ(response.header("Cache-Control"), "no-cache") << target;
    }
}

TEST_F(BadInputApi, MissingAssetIsNotFoundRatherThanIndex) {
    const auto response = http_request(port(), "GET", "/assets/x.js");
    EXPECT_EQ(response.status, 404u);
    EXPECT_EQ(response.body.find("test-index-marker"), std::string::npos);
}

}  // namespace
}  // namespace kartoteka::api_test
