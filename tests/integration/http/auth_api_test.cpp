#include <algorithm>
#include <cctype>

#include "api_fixture.hpp"
#include "route_table.hpp"

namespace kartoteka::api_test {
namespace {

class AuthApi : public ApiTest {};

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text;
}

TEST_F(AuthApi, HealthzAnswersWithoutAuthentication) {
    const auto response = http_request(port(), "GET", "/healthz");
    EXPECT_EQ(response.status, 200u) << response.body;
}

TEST_F(AuthApi, LoginSetsHttpOnlyStrictCookieAndReturnsCsrfToken) {
    ApiClient client(port());
    const auto response = client.login("admin", kAdminPassword);
    ASSERT_EQ(response.status, 200u) << response.body;

    const auto cookies = response.headers_named("Set-Cookie");
    ASSERT_FALSE(cookies.empty()) << "login sent no Set-Cookie";
    const std::string cookie = lower(cookies.front());
    EXPECT_NE(cookie.find("httponly"), std::string::npos) << cookies.front();
    EXPECT_NE(cookie.find("samesite=strict"), std::string::npos) << cookies.front();

    const auto body = response.json();
    ASSERT_TRUE(body.contains("csrf_token")) << response.body;
    ASSERT_TRUE(body["csrf_token"].is_string());
    EXPECT_FALSE(body["csrf_token"].get<std::string>().empty());

    // The session token lives only in the HttpOnly cookie; script-readable JSON must not carry it.
    const std::string session_value = client.cookie().substr(client.cookie().find('=') + 1);
    ASSERT_FALSE(session_value.empty());
    EXPECT_EQ(response.body.find(session_value), std::string::npos);
    EXPECT_EQ(response.body.find("password_hash"), std::string::npos);
}

TEST_F(AuthApi, LoginWithWrongPasswordIsUnauthorizedProblem) {
    ApiClient client(port());
    const auto response = client.login("admin", "definitely-not-it");
    EXPECT_EQ(response.status, 401u);
    EXPECT_TRUE(response.is_problem()) << response.header("Content-Type") << " " << response.body;
    EXPECT_TRUE(response.headers_named("Set-Cookie").empty() || client.cookie().empty());
}

TEST_F(AuthApi, UnknownUserAndWrongPasswordGetTheSameAnswer) {
    ApiClient client(port());
    const auto wrong_password = client.login("admin", "definitely-not-it");
    const auto unknown_user = client.login("nobody-" + unique_suffix(), "definitely-not-it");
    EXPECT_EQ(wrong_password.status, 401u);
    EXPECT_EQ(unknown_user.status, 401u);
    EXPECT_EQ(wrong_password.body, unknown_user.body) << "the answers must not reveal which usernames exist";
}

TEST_F(AuthApi, MeReturnsTheLoggedInUser) {
    const auto client = ApiClient::admin_session(port());
    const auto response = client.get("/api/v1/auth/me");
    ASSERT_EQ(response.status, 200u) << response.body;
    const auto body = response.json();
    const auto user = body.contains("user") ? body["user"] : body;
    EXPECT_EQ(user.value("username", ""), "admin") << response.body;
    EXPECT_EQ(response.body.find("password_hash"), std::string::npos);
    EXPECT_EQ(response.body.find("$argon2"), std::string::npos);
}

TEST_F(AuthApi, LogoutInvalidatesTheSession) {
    const auto client = ApiClient::admin_session(port());
    ASSERT_EQ(client.get("/api/v1/auth/me").status, 200u);

    const auto logout = client.request("POST", "/api/v1/auth/logout");
    EXPECT_TRUE(logout.status == 200u || logout.status == 204u) << logout.status << " " << logout.body;

    const auto after = client.get("/api/v1/auth/me");
    EXPECT_EQ(after.status, 401u) << "the old cookie still works after logout: " << after.body;
    EXPECT_EQ(client.get("/api/v1/customers").status, 401u);
}

// "/api/v1/customers/{id}/restore" -> "/api/v1/customers/1/restore"
std::string concrete_target(std::string pattern) {
    for (auto open = pattern.find('{'); open != std::string::npos; open = pattern.find('{')) {
        pattern.replace(open, pattern.find('}', open) - open + 1, "1");
    }
    return pattern;
}

TEST_F(AuthApi, EveryApiRouteRequiresAuthentication) {
    // Taken from the router itself, so a route added later is covered without touching this test.
    std::vector<std::pair<std::string, std::string>> routes;
    std::vector<std::string> public_routes;
    for (const auto& route : real_route_table()) {
        if (route.access == http::Access::Public) {
            public_routes.push_back(route.method + " " + route.pattern);
        } else {
            routes.emplace_back(route.method, concrete_target(route.pattern));
        }
    }
    // The calendar feed is public because calendar apps cannot log in: its path carries a secret token.
    EXPECT_EQ(
        public_routes,
        (std::vector<std::string>{"GET /healthz", "POST /api/v1/auth/login", "GET /api/v1/calendar-feeds/{token}"})
    ) << "a new public route needs a deliberate decision";
    ASSERT_GE(routes.size(), 12u);
    const std::string body = company("Anonymous " + unique_suffix()).dump();
    for (const auto& [method, target] : routes) {
        const auto response = http_request(port(), method, target, method == "GET" ? "" : body);
        EXPECT_EQ(response.status, 401u) << method << " " << target << ": " << response.body;
        EXPECT_TRUE(response.is_problem()) << method << " " << target << ": " << response.body;
    }
}

TEST_F(AuthApi, BogusSessionCookieOrBearerTokenIsUnauthorized) {
    const auto session = ApiClient::admin_session(port());
    const std::string cookie_name = session.cookie().substr(0, session.cookie().find('='));
    const auto cookie =
        http_request(port(), "GET", "/api/v1/customers", {}, {{"Cookie", cookie_name + "=forged-session-value"}});
    EXPECT_EQ(cookie.status, 401u) << cookie.body;

    const auto bearer = ApiClient::bearer(port(), "forged-token-value").get("/api/v1/customers");
    EXPECT_EQ(bearer.status, 401u) << bearer.body;
}

TEST_F(AuthApi, CookieWriteWithoutCsrfTokenIsForbiddenAndWritesNothing) {
    auto client = ApiClient::admin_session(port());
    const std::string tag = unique_suffix();
    client.set_send_csrf(false);
    const auto response = client.post("/api/v1/customers", company("No CSRF " + tag, tag));
    EXPECT_EQ(response.status, 403u) << response.body;
    EXPECT_TRUE(response.is_problem()) << response.body;

    client.set_send_csrf(true);
    EXPECT_TRUE(list_all(client, "/api/v1/customers?tag=" + tag).empty()) << "a refused write was stored";
}

TEST_F(AuthApi, CookieWriteWithWrongCsrfTokenIsForbiddenAndWritesNothing) {
    const auto client = ApiClient::admin_session(port());
    const std::string tag = unique_suffix();
    const auto response = client.request(
        "POST",
        "/api/v1/customers",
        company("Wrong CSRF " + tag, tag).dump(),
        {{"X-CSRF-Token", "x" + client.csrf_token().substr(1)}}
    );
    EXPECT_EQ(response.status, 403u) << response.body;
    EXPECT_TRUE(list_all(client, "/api/v1/customers?tag=" + tag).empty()) << "a refused write was stored";
}

TEST_F(AuthApi, CsrfTokenOfAnotherSessionIsRefused) {
    const auto first = ApiClient::admin_session(port());
    const auto second = ApiClient::admin_session(port());
    const std::string tag = unique_suffix();
    const auto response = first.request(
        "POST", "/api/v1/customers", company("Foreign CSRF " + tag, tag).dump(), {{"X-CSRF-Token", second.csrf_token()}}
    );
    EXPECT_EQ(response.status, 403u) << response.body;
    EXPECT_TRUE(list_all(first, "/api/v1/customers?tag=" + tag).empty());
}

TEST_F(AuthApi, CookieDeleteAndPatchWithoutCsrfAreRefused) {
    auto client = ApiClient::admin_session(port());
    const auto created = client.post("/api/v1/customers", company("Guarded " + unique_suffix()));
    ASSERT_EQ(created.status, 201u) << created.body;
    const std::string target = "/api/v1/customers/" + std::to_string(created.json()["id"].get<std::int64_t>());

    client.set_send_csrf(false);
    EXPECT_EQ(client.patch(target, {{"note", "changed"}}, if_match(1)).status, 403u);
    EXPECT_EQ(client.del(target).status, 403u);

    client.set_send_csrf(true);
    const auto stored = client.get(target);
    ASSERT_EQ(stored.status, 200u) << "a DELETE without CSRF token removed the customer";
    EXPECT_EQ(stored.json()["version"], 1);
    EXPECT_TRUE(stored.json()["note"].is_null() || stored.json()["note"] == "");
}

TEST_F(AuthApi, BearerTokenWritesWithoutCsrf) {
    const auto client = ApiClient::admin_bearer(port());
    ASSERT_FALSE(client.bearer_token().empty());
    const auto created = client.post("/api/v1/customers", company("Via token " + unique_suffix()));
    EXPECT_EQ(created.status, 201u) << created.body;
    EXPECT_EQ(client.get("/api/v1/auth/me").status, 200u);
}

TEST_F(AuthApi, TokenWithoutNameIsRefusedNamingIt) {
    const auto client = ApiClient::admin_session(port());
    const auto response = client.post("/api/v1/auth/tokens", nlohmann::json::object());
    EXPECT_EQ(response.status, 422u) << response.body;
    EXPECT_TRUE(response.has_field_error("name")) << response.body;
}

TEST_F(AuthApi, LoginWithMissingFieldsIsRefused) {
    const auto response = http_request(port(), "POST", "/api/v1/auth/login", R"({"username":"admin"})");
    EXPECT_EQ(response.status, 422u) << response.body;
    EXPECT_TRUE(response.has_field_error("password")) << response.body;
    EXPECT_TRUE(response.headers_named("Set-Cookie").empty());
}

TEST_F(AuthApi, BearerTokenCannotBeUsedAsSessionCookie) {
    const auto client = ApiClient::admin_bearer(port());
    const auto session = ApiClient::admin_session(port());
    const std::string cookie_name = session.cookie().substr(0, session.cookie().find('='));
    const auto response =
        http_request(port(), "GET", "/api/v1/auth/me", {}, {{"Cookie", cookie_name + "=" + client.bearer_token()}});
    EXPECT_EQ(response.status, 401u) << response.body;
}

TEST_F(AuthApi, UsersListShowsAdminWithoutPasswordHashes) {
    const auto client = ApiClient::admin_session(port());
    const auto response = client.get("/api/v1/users");
    ASSERT_EQ(response.status, 200u) << response.body;
    const auto body = response.json();
    const auto users = body.is_array() ? body : body.value("items", nlohmann::json::array());
    ASSERT_TRUE(users.is_array()) << response.body;
    const bool has_admin = std::any_of(users.begin(), users.end(), [](const nlohmann::json& user) {
        return user.value("username", "") == "admin";
    });
    EXPECT_TRUE(has_admin) << response.body;
    EXPECT_EQ(response.body.find("password"), std::string::npos) << response.body;
    EXPECT_EQ(response.body.find("$argon2"), std::string::npos);
}

TEST_F(AuthApi, OpenApiDocumentIsJsonOfVersion31) {
    const auto client = ApiClient::admin_session(port());
    const auto response = client.get("/api/v1/openapi.json");
    ASSERT_EQ(response.status, 200u) << response.body.substr(0, 300);
    const auto document = response.json();
    ASSERT_TRUE(document.is_object());
    ASSERT_TRUE(document.contains("openapi"));
    EXPECT_EQ(document["openapi"].get<std::string>().rfind("3.1.", 0), 0u) << document["openapi"];
    EXPECT_TRUE(document.contains("paths"));
}

}  // namespace
}  // namespace kartoteka::api_test
