#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <utility>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "auth/auth_service.hpp"
#include "domain/customer_service.hpp"
#include "domain/note_service.hpp"
#include "http/api_routes.hpp"
#include "http/openapi.hpp"
#include "http/router.hpp"
#include "store/store.hpp"

namespace kartoteka::http {
namespace {

using RouteKey = std::pair<std::string, std::string>;  // (lower-case method, path pattern)

constexpr std::array<std::string_view, 8> kHttpMethods{
    "get", "put", "post", "delete", "options", "head", "patch", "trace"};

/// Builds the real route table. The handlers need services, so a throwaway store backs them;
/// no request is ever dispatched.
class OpenApiCoverage : public testing::Test {
protected:
    void SetUp() override {
        data_dir_ = std::filesystem::temp_directory_path() /
                    ("kt-openapi-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
                     std::to_string(reinterpret_cast<std::uintptr_t>(this)));
        auto store = store::open_sqlite_store(store::StoreOptions{.data_dir = data_dir_});
        ASSERT_TRUE(store) << store.error().message;
        store_ = std::move(*store);
        auth_ = std::make_unique<auth::AuthService>(store_->users(), store_->sessions(), store_->api_tokens());
        customers_ = std::make_unique<domain::CustomerService>(store_->customers(), store_->users());
        notes_ = std::make_unique<domain::NoteService>(store_->notes());
        api_ = std::make_unique<Api>(ApiServices{
            .auth = *auth_, .customers = *customers_, .notes = *notes_, .store = *store_});
        api_->register_routes(router_);
    }

    void TearDown() override {
        api_.reset();
        notes_.reset();
        customers_.reset();
        auth_.reset();
        store_.reset();
        std::error_code ignored;
        std::filesystem::remove_all(data_dir_, ignored);
    }

    std::set<RouteKey> router_routes() const {
        std::set<RouteKey> keys;
        for (const auto& route : router_.routes()) {
            std::string method = route.method;
            std::transform(method.begin(), method.end(), method.begin(), [](unsigned char c) {
                return static_cast<char>(std::tolower(c));
            });
            keys.emplace(method, route.pattern);
        }
        return keys;
    }

    static std::set<RouteKey> documented_routes() {
        const auto document = nlohmann::json::parse(openapi_document());
        std::set<RouteKey> keys;
        for (const auto& [path, item] : document.at("paths").items()) {
            for (const auto method : kHttpMethods) {
                if (item.contains(std::string(method))) {
                    keys.emplace(std::string(method), path);
                }
            }
        }
        return keys;
    }

    std::filesystem::path data_dir_;
    std::unique_ptr<store::Store> store_;
    std::unique_ptr<auth::AuthService> auth_;
    std::unique_ptr<domain::CustomerService> customers_;
    std::unique_ptr<domain::NoteService> notes_;
    std::unique_ptr<Api> api_;
    Router router_;
};

TEST_F(OpenApiCoverage, DocumentIsOpenApi31) {
    const auto document = nlohmann::json::parse(openapi_document());
    EXPECT_EQ(document.at("openapi"), "3.1.0");
    EXPECT_TRUE(document.at("components").at("securitySchemes").contains("cookieAuth"));
    EXPECT_TRUE(document.at("components").at("securitySchemes").contains("bearerAuth"));
}

TEST_F(OpenApiCoverage, EveryRouteIsDocumented) {
    const auto documented = documented_routes();
    const auto routes = router_routes();
    ASSERT_FALSE(routes.empty());
    for (const auto& [method, pattern] : routes) {
        EXPECT_TRUE(documented.contains({method, pattern}))
            << method << " " << pattern << " is missing from openapi.json";
    }
}

TEST_F(OpenApiCoverage, EveryDocumentedOperationIsRouted) {
    const auto routes = router_routes();
    for (const auto& [method, path] : documented_routes()) {
        EXPECT_TRUE(routes.contains({method, path})) << method << " " << path << " is documented but not routed";
    }
}

TEST_F(OpenApiCoverage, EveryOperationHasAnOperationId) {
    const auto document = nlohmann::json::parse(openapi_document());
    std::set<std::string> ids;
    for (const auto& [path, item] : document.at("paths").items()) {
        for (const auto method : kHttpMethods) {
            if (item.contains(std::string(method))) {
                const auto& operation = item.at(std::string(method));
                ASSERT_TRUE(operation.contains("operationId")) << method << " " << path;
                EXPECT_TRUE(ids.insert(operation.at("operationId").get<std::string>()).second)
                    << "duplicate operationId on " << method << " " << path;
            }
        }
    }
}

}  // namespace
}  // namespace kartoteka::http
