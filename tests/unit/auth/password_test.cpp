#include "auth/password.hpp"

#include <gtest/gtest.h>

namespace kartoteka::auth {
namespace {

TEST(PasswordHash, ProducesArgon2idString) {
    auto hashed = hash_password("correct horse", HashCost::Minimal);
    ASSERT_TRUE(hashed.has_value());
    EXPECT_EQ(hashed->rfind("$argon2id$", 0), 0u) << *hashed;
}

TEST(PasswordHash, VerifiesTheRightPassword) {
    auto hashed = hash_password("correct horse", HashCost::Minimal);
    ASSERT_TRUE(hashed.has_value());
    EXPECT_TRUE(verify_password(*hashed, "correct horse"));
}

TEST(PasswordHash, RejectsAWrongPassword) {
    auto hashed = hash_password("correct horse", HashCost::Minimal);
    ASSERT_TRUE(hashed.has_value());
    EXPECT_FALSE(verify_password(*hashed, "correct horsE"));
    EXPECT_FALSE(verify_password(*hashed, ""));
}

TEST(PasswordHash, SaltsEveryHash) {
    auto first = hash_password("same password", HashCost::Minimal);
    auto second = hash_password("same password", HashCost::Minimal);
    ASSERT_TRUE(first.has_value());
    ASSERT_TRUE(second.has_value());
    EXPECT_NE(*first, *second);
    EXPECT_TRUE(verify_password(*second, "same password"));
}

TEST(PasswordHash, InteractiveCostUsesMoreMemoryThanMinimal) {
    auto minimal = hash_password("pw123456", HashCost::Minimal);
    auto interactive = hash_password("pw123456", HashCost::Interactive);
    ASSERT_TRUE(minimal.has_value());
    ASSERT_TRUE(interactive.has_value());
    // The encoded parameters read "$m=<KiB>,t=<passes>"; interactive is 64 MiB, minimal 8 KiB.
    EXPECT_NE(interactive->find("$m=65536,"), std::string::npos) << *interactive;
    EXPECT_EQ(minimal->find("$m=65536,"), std::string::npos) << *minimal;
    EXPECT_TRUE(verify_password(*interactive, "pw123456"));
}

TEST(PasswordHash, HandlesNonAsciiPasswords) {
    auto hashed = hash_password("Příliš žluťoučký kůň", HashCost::Minimal);
    ASSERT_TRUE(hashed.has_value());
    EXPECT_TRUE(verify_password(*hashed, "Příliš žluťoučký kůň"));
    EXPECT_FALSE(verify_password(*hashed, "Prilis zlutoucky kun"));
}

TEST(PasswordHash, RejectsMalformedHashes) {
    EXPECT_FALSE(verify_password("", "anything"));
    EXPECT_FALSE(verify_password("not a hash", "not a hash"));
    EXPECT_FALSE(verify_password(std::string(500, '$'), "x"));
}

}  // namespace
}  // namespace kartoteka::auth
