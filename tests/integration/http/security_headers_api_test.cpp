#include <algorithm>
#include <cctype>

#include "api_fixture.hpp"

namespace kartoteka::api_test {
namespace {

class SecurityHeadersApi : public ApiTest {};

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text;
}

bool has_secure_attribute(const std::string& cookie) {
    const std::string lowered = lower(cookie);
    return lowered.find("; secure") != std::string::npos;
}

TEST_F(SecurityHeadersApi, SessionCookieIsNotSecureByDefault) {
    ApiClient client(port());
    const auto login = client.login("admin", kAdminPassword);
    ASSERT_EQ(login.status, 200u) << login.body;
    ASSERT_FALSE(login.headers_named("Set-Cookie").empty());
    // Plain-HTTP deployments (the default) would lose the session if the browser were told to withhold it.
    EXPECT_FALSE(has_secure_attribute(login.headers_named("Set-Cookie").front()));
}

TEST(SecureCookies, FlagMarksLoginAndLogoutCookiesSecure) {
    TestServer server({.extra_arguments = {"--secure-cookies"}});
    ApiClient client(server.port());
    const auto login = client.login("admin", kAdminPassword);
    ASSERT_EQ(login.status, 200u) << login.body;
    ASSERT_FALSE(login.headers_named("Set-Cookie").empty());
    EXPECT_TRUE(has_secure_attribute(login.headers_named("Set-Cookie").front()))
        << login.headers_named("Set-Cookie").front();

    const auto logout = client.request("POST", "/api/v1/auth/logout");
    ASSERT_FALSE(logout.headers_named("Set-Cookie").empty()) << logout.status;
    EXPECT_TRUE(has_secure_attribute(logout.headers_named("Set-Cookie").front()));
}

TEST_F(SecurityHeadersApi, IndexPageForbidsFramingAndForeignScripts) {
    for (const std::string target : {"/", "/index.html", "/customers/5"}) {
        const auto response = http_request(port(), "GET", target);
        ASSERT_EQ(response.status, 200u) << target;
        const auto policy = response.header("Content-Security-Policy");
        EXPECT_NE(policy.find("default-src 'self'"), std::string::npos) << target << ": " << policy;
        EXPECT_NE(policy.find("frame-ancestors 'none'"), std::string::npos) << target << ": " << policy;
        EXPECT_EQ(policy.find("script-src"), std::string::npos) << "scripts must stay on default-src 'self'";
        EXPECT_EQ(response.header("X-Frame-Options"), "DENY") << target;
        EXPECT_EQ(response.header("Referrer-Policy"), "same-origin") << target;
        EXPECT_EQ(response.header("X-Content-Type-Options"), "nosniff") << target;
    }
}

TEST_F(SecurityHeadersApi, ApiResponsesAreNotCachedOrSniffed) {
    const auto client = ApiClient::admin_session(port());
    const std::vector<std::pair<std::string, HttpResponse>> responses{
        {"GET /api/v1/customers", client.get("/api/v1/customers")},
        {"GET /api/v1/customers/999999999", client.get("/api/v1/customers/999999999")},
        {"anonymous GET /api/v1/customers", http_request(port(), "GET", "/api/v1/customers")},
        {"GET /api/v1/nothing-here", client.get("/api/v1/nothing-here")},
        {"GET /healthz", http_request(port(), "GET", "/healthz")},
    };
    for (const auto& [what, response] : responses) {
        EXPECT_EQ(response.header("X-Content-Type-Options"), "nosniff") << what;
        EXPECT_EQ(response.header("Cache-Control"), "no-store") << what;
        EXPECT_EQ(response.headers_named("Cache-Control").size(), 1u) << what;
    }
}

}  // namespace
}  // namespace kartoteka::api_test
