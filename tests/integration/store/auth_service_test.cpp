#include "auth/auth_service.hpp"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "auth/hash_limiter.hpp"
#include "store/store.hpp"

// AuthService against a real SQLite store: the parts whose behaviour lives in how auth and store work together.
namespace kartoteka::auth {
namespace {

using namespace std::chrono_literals;

class AuthTempDir {
public:
    AuthTempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "kt_auth_test.XXXXXX").string();
        path_ = mkdtemp(pattern.data());
    }
    ~AuthTempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

class AuthServiceStoreTest : public testing::Test {
protected:
    void SetUp() override {
        auto opened = store::open_sqlite_store({.data_dir = dir_.path() / "data"});
        ASSERT_TRUE(opened) << opened.error().message;
        store_ = std::move(*opened);
        auth_ = std::make_unique<AuthService>(
            store_->users(),
            store_->sessions(),
            store_->api_tokens(),
            AuthOptions{.hash_cost = HashCost::Minimal, .hash_slot_wait_ms = 100}
        );
        auto user = auth_->create_user("jana", "Jana", "stare-heslo-1", false);
        ASSERT_TRUE(user) << user.error().message;
    }

    AuthTempDir dir_;
    std::unique_ptr<store::Store> store_;
    std::unique_ptr<AuthService> auth_;
};

TEST_F(AuthServiceStoreTest, LoginIsUnavailableWhileEveryHashSlotIsTaken) {
    auto first = password_hash_limiter().try_acquire_for(1s);
    auto second = password_hash_limiter().try_acquire_for(1s);
    ASSERT_TRUE(first);
    ASSERT_TRUE(second);

    auto refused = auth_->login("jana", "stare-heslo-1");
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::Unavailable);

    second = HashLimiter::Slot{};
    EXPECT_TRUE(auth_->login("jana", "stare-heslo-1"));
    EXPECT_EQ(password_hash_limiter().in_use(), 1U) << "login must give its slot back";
}

TEST_F(AuthServiceStoreTest, SetPasswordEndsEverySessionOfThatUserOnly) {
    auto other = auth_->create_user("petr", "Petr", "petrovo-heslo", false);
    ASSERT_TRUE(other) << other.error().message;
    auto first = auth_->login("jana", "stare-heslo-1");
    auto second = auth_->login("jana", "stare-heslo-1");
    auto petr = auth_->login("petr", "petrovo-heslo");
    ASSERT_TRUE(first && second && petr);
    // Resolve once so the principal cache holds the sessions: the change must evict them from it too.
    ASSERT_TRUE(auth_->authenticate_session(first->session_token));
    ASSERT_TRUE(auth_->authenticate_session(second->session_token));

    ASSERT_TRUE(auth_->set_password("jana", "nove-heslo-22"));

    EXPECT_FALSE(auth_->authenticate_session(first->session_token));
    EXPECT_FALSE(auth_->authenticate_session(second->session_token));
    EXPECT_TRUE(auth_->authenticate_session(petr->session_token)) << "another user's session must survive";
    EXPECT_TRUE(auth_->login("jana", "nove-heslo-22"));
}

TEST_F(AuthServiceStoreTest, RemoveForUserCountsTheRemovedSessions) {
    auto jana = store_->users().find_by_username("jana");
    ASSERT_TRUE(jana);
    ASSERT_TRUE(auth_->login("jana", "stare-heslo-1"));
    ASSERT_TRUE(auth_->login("jana", "stare-heslo-1"));
    auto removed = store_->sessions().remove_for_user(jana->id);
    ASSERT_TRUE(removed) << removed.error().message;
    EXPECT_EQ(*removed, 2U);
    auto again = store_->sessions().remove_for_user(jana->id);
    ASSERT_TRUE(again);
    EXPECT_EQ(*again, 0U);
}

}  // namespace
}  // namespace kartoteka::auth
