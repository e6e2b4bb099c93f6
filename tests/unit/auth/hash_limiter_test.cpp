#include "auth/hash_limiter.hpp"

#include <chrono>
#include <future>

#include <gtest/gtest.h>

namespace kartoteka::auth {
namespace {

using namespace std::chrono_literals;

TEST(HashLimiter, RefusesAThirdSlotUntilOneIsReleased) {
    HashLimiter limiter{2};
    auto first = limiter.try_acquire_for(0ms);
    auto second = limiter.try_acquire_for(0ms);
    ASSERT_TRUE(first);
    ASSERT_TRUE(second);
    EXPECT_FALSE(limiter.try_acquire_for(50ms));
    EXPECT_EQ(limiter.in_use(), 2U);

    first = HashLimiter::Slot{};
    EXPECT_EQ(limiter.in_use(), 1U);
    EXPECT_TRUE(limiter.try_acquire_for(0ms));
}

TEST(HashLimiter, WaiterGetsTheSlotReleasedWhileItWaits) {
    HashLimiter limiter{1};
    auto held = limiter.acquire();
    auto waiter = std::async(std::launch::async, [&limiter] { return static_cast<bool>(limiter.try_acquire_for(5s)); });
    EXPECT_EQ(waiter.wait_for(100ms), std::future_status::timeout);
    held = HashLimiter::Slot{};
    EXPECT_TRUE(waiter.get());
    EXPECT_EQ(limiter.in_use(), 0U);
}

TEST(HashLimiter, ProcessWideLimiterHasTwoSlots) {
    auto& limiter = password_hash_limiter();
    auto first = limiter.try_acquire_for(1s);
    auto second = limiter.try_acquire_for(1s);
    ASSERT_TRUE(first);
    ASSERT_TRUE(second);
    EXPECT_FALSE(limiter.try_acquire_for(10ms));
}

}  // namespace
}  // namespace kartoteka::auth
