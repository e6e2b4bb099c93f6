#include "util/text.hpp"

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace kartoteka::util {
namespace {

TEST(FoldForSearch, RemovesDiacriticsAndLowercases) {
    EXPECT_EQ(fold_for_search("Nováková"), "novakova");
    EXPECT_EQ(fold_for_search("Příliš žluťoučký kůň úpěl ďábelské ódy"), "prilis zlutoucky kun upel dabelske ody");
    EXPECT_EQ(fold_for_search("ŘEHOŘ Šťastný"), "rehor stastny");
}

TEST(FoldForSearch, LowercasesPlainAscii) {
    EXPECT_EQ(fold_for_search("Info@Firma.CZ"), "info@firma.cz");
}

TEST(FoldForSearch, WorksFromSeveralThreads) {
    std::vector<std::string> results(4);
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < results.size(); ++i) {
        threads.emplace_back([&results, i] {
            for (int repeat = 0; repeat < 200; ++repeat) {
                results[i] = fold_for_search("Čermáková Růžena");
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    for (const auto& result : results) {
        EXPECT_EQ(result, "cermakova ruzena");
    }
}

TEST(CzechSortKey, OrdersNamesInCzechUnderMemcmp) {
    const std::vector<std::string> expected{"Cyril", "Čech", "Hana", "Chrudim", "Iveta", "Řehoř", "Zuzana", "Žofie"};
    std::vector<std::string> names{"Žofie", "Chrudim", "Zuzana", "Čech", "Iveta", "Hana", "Řehoř", "Cyril"};
    std::sort(names.begin(), names.end(), [](const std::string& left, const std::string& right) {
        // std::string compares bytes as unsigned char, i.e. exactly like memcmp.
        return czech_sort_key(left) < czech_sort_key(right);
    });
    EXPECT_EQ(names, expected);
}

TEST(CzechSortKey, HasNoTrailingNulByte) {
    const std::string key = czech_sort_key("Novák");
    ASSERT_FALSE(key.empty());
    EXPECT_NE(key.back(), '\0');
}

TEST(CzechSortKey, HandlesLongText) {
    const std::string long_text(5000, 'a');
    EXPECT_LT(czech_sort_key(long_text), czech_sort_key(long_text + "b"));
}

TEST(IsValidUtf8, AcceptsCzechText) {
    EXPECT_TRUE(is_valid_utf8("Žluťoučký kůň"));
}

TEST(IsValidUtf8, RejectsMalformedBytes) {
    EXPECT_FALSE(is_valid_utf8("abc\xC3"));       // truncated sequence
    EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));      // overlong encoding of '/'
    EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));  // UTF-16 surrogate
    EXPECT_FALSE(is_valid_utf8("caf\xE9"));       // Latin-1
}

TEST(Trim, RemovesAsciiAndUnicodeWhiteSpace) {
    EXPECT_EQ(trim("  \t Novák \n"), "Novák");
    EXPECT_EQ(trim("\xC2\xA0Nováková\xE2\x80\x83"), "Nováková");  // no-break space, em space
    EXPECT_EQ(trim("a b"), "a b");
    EXPECT_EQ(trim("   "), "");
    EXPECT_EQ(trim(""), "");
}

}  // namespace
}  // namespace kartoteka::util
