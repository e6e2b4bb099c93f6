#include "domain/search_query.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace kartoteka::domain {
namespace {

using ::testing::ElementsAre;

TEST(SearchQuery, FoldsCaseAndDiacritics) {
    const auto query = parse_search_query("  Žluťoučký NOVÁK ");
    EXPECT_THAT(query.words, ElementsAre("zlutoucky", "novak"));
    EXPECT_EQ(query.folded, "zlutoucky novak");
    EXPECT_FALSE(query.ico);
    EXPECT_FALSE(query.phone_digits);
    EXPECT_FALSE(query.email_domain);
}

TEST(SearchQuery, EmptyAndBlankTextGiveAnEmptyQuery) {
    EXPECT_TRUE(parse_search_query("").empty());
    EXPECT_TRUE(parse_search_query("   ").empty());
    EXPECT_TRUE(parse_search_query("\"*()-:^").empty());
}

TEST(SearchQuery, FtsSyntaxIsPlainText) {
    EXPECT_THAT(parse_search_query("\"nov\" AND brno*").words, ElementsAre("nov", "and", "brno"));
    EXPECT_THAT(parse_search_query("-(a OR b) NEAR c:d ^e").words, ElementsAre("a", "or", "b", "near", "c", "d", "e"));
    EXPECT_THAT(parse_search_query("NOT").words, ElementsAre("not"));
}

TEST(SearchQuery, KeepsNonAsciiLettersInWords) {
    EXPECT_THAT(parse_search_query("Москва–Brno").words, ElementsAre("москва–brno"));
}

TEST(SearchQuery, RecognisesAnIcoWithOrWithoutLeadingZeros) {
    EXPECT_EQ(parse_search_query("12345").ico, "00012345");
    EXPECT_EQ(parse_search_query("00012345").ico, "00012345");
    EXPECT_EQ(parse_search_query("123 45 678").ico, "12345678");
    EXPECT_EQ(parse_search_query("7").ico, "00000007");
    EXPECT_FALSE(parse_search_query("123456789").ico);
    EXPECT_FALSE(parse_search_query("12a45").ico);
    EXPECT_FALSE(parse_search_query("+420 123").ico);
}

TEST(SearchQuery, PhoneFragmentsLoseSpacingAndTheCzechPrefix) {
    EXPECT_EQ(parse_search_query("+420 777 123 456").phone_digits, "777123456");
    EXPECT_EQ(parse_search_query("00420 777-123-456").phone_digits, "777123456");
    EXPECT_EQ(parse_search_query("777 12").phone_digits, "77712");
    EXPECT_EQ(parse_search_query("(+421) 905/123").phone_digits, "421905123");
    EXPECT_EQ(parse_search_query("+421 905 123").phone_digits, "421905123");
    EXPECT_THAT(parse_search_query("777 123 456").words, ElementsAre("777123456"));
    EXPECT_FALSE(parse_search_query("12").phone_digits);
    EXPECT_FALSE(parse_search_query("777 abc").phone_digits);
    EXPECT_FALSE(parse_search_query("1+2").phone_digits);
}

TEST(SearchQuery, EmailFragments) {
    const auto domain_only = parse_search_query("@Seznam");
    EXPECT_EQ(domain_only.email_domain, "seznam");
    EXPECT_EQ(domain_only.email_local, "");
    EXPECT_THAT(domain_only.words, ElementsAre("seznam"));

    const auto full = parse_search_query("Jan.Novak@Seznam.cz");
    EXPECT_EQ(full.email_local, "jan.novak");
    EXPECT_EQ(full.email_domain, "seznam.cz");
    EXPECT_EQ(full.folded, "jan.novak@seznam.cz");
    EXPECT_THAT(full.words, ElementsAre("jan", "novak", "seznam", "cz"));
}

TEST(SearchQuery, Normalisers) {
    EXPECT_EQ(normalize_ico("1"), "00000001");
    EXPECT_FALSE(normalize_ico(""));
    EXPECT_FALSE(normalize_ico("1x"));
    EXPECT_EQ(normalize_phone_fragment("+420777"), "777");
    EXPECT_FALSE(normalize_phone_fragment("+420 7"));
    EXPECT_THAT(split_search_words("a-b  c.d"), ElementsAre("a", "b", "c", "d"));
}

}  // namespace
}  // namespace kartoteka::domain
