#pragma once

#include <csignal>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "test_server.hpp"

namespace kartoteka::api_test {

/// One real server per test suite (starting one per test would make the suite slow); tests in a suite
/// share its store, so each test works with its own uniquely named customers and tags.
class ApiTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        server_ = std::make_unique<TestServer>(TestServer::Options{.web_files = web_files()});
    }

    /// A miniature built UI, so static serving is exercised for real (not the "UI not built" page).
    static std::map<std::string, std::string> web_files() {
        return {
            {"index.html", std::string(kIndexHtml)},
            {"assets/app-abc123.js", std::string(kHashedAsset)},
        };
    }
    static constexpr std::string_view kIndexHtml =
        "<!doctype html><html><head><script type=\"module\" src=\"/assets/app-abc123.js\"></script></head>"
        "<body><div id=\"root\">test-index-marker</div></body></html>";
    static constexpr std::string_view kHashedAsset = "console.log('test-asset-marker');";

    static void TearDownTestSuite() {
        if (!server_) {
            return;
        }
        const int exit_code = server_->stop(SIGTERM);
        EXPECT_EQ(exit_code, 0) << "the server did not shut down gracefully on SIGTERM. Its output:\n"
                                << server_->output();
        server_.reset();
    }

    void SetUp() override {
        ASSERT_NE(server_, nullptr) << "the server failed to start";
        ASSERT_TRUE(server_->running());
    }

    static unsigned short port() { return server_->port(); }
    static TestServer& server() { return *server_; }

    /// A company that passes validation; `name` should be unique to the test.
    static nlohmann::json company(const std::string& name, const std::string& tag = {}) {
        nlohmann::json customer{
            {"kind", "company"},
            {"name", name},
            {"billing_address", {{"street", "Vinohradská 12"}, {"city", "Praha"}, {"postal_code", "120 00"}}},
        };
        if (!tag.empty()) {
            customer["tags"] = nlohmann::json::array({tag});
        }
        return customer;
    }

    static inline std::unique_ptr<TestServer> server_;
};

}  // namespace kartoteka::api_test
