#include "domain/validation.hpp"

#include <string>

#include <gtest/gtest.h>

namespace kartoteka::domain {
namespace {

// Check digits below were computed by hand with weights 8..2 and r = sum % 11.
TEST(IcoValidation, AcceptsValidNumbers) {
    for (const char* ico : {"25596641", "27082440", "45274649", "49240901", "26185610"}) {
        auto result = validate_ico(ico);
        ASSERT_TRUE(result) << ico;
        EXPECT_EQ(*result, ico);
    }
}

TEST(IcoValidation, KeepsLeadingZeros) {
    EXPECT_EQ(validate_ico("00027383").value(), "00027383");  // sum 63, r = 8 -> check 3
    EXPECT_EQ(validate_ico("00000019").value(), "00000019");  // sum 2, r = 2 -> check 9
    EXPECT_EQ(validate_ico("00006947").value(), "00006947");
}

TEST(IcoValidation, MapsRemainderZeroToCheckDigitOne) {
    // 2*8 + 5*7 + 5*6 + 9*5 + 6*4 + 6*3 + 4*2 = 176 = 16 * 11.
    EXPECT_TRUE(validate_ico("25596641"));
    EXPECT_FALSE(validate_ico("25596640"));
}

TEST(IcoValidation, MapsRemainderOneToCheckDigitZero) {
    EXPECT_TRUE(validate_ico("27082440"));
    EXPECT_FALSE(validate_ico("27082441"));
}

TEST(IcoValidation, RejectsBadCheckDigit) {
    EXPECT_FALSE(validate_ico("12345678"));  // check digit would be 9
    EXPECT_FALSE(validate_ico("25596642"));
    EXPECT_EQ(validate_ico("12345678").error().code, ErrorCode::InvalidArgument);
}

TEST(IcoValidation, RejectsSevenDigitsInsteadOfPadding) {
    EXPECT_FALSE(validate_ico("0027383"));
    EXPECT_FALSE(validate_ico("2759664"));
}

TEST(IcoValidation, RejectsNonDigitsAndWrongLength) {
    EXPECT_FALSE(validate_ico(""));
    EXPECT_FALSE(validate_ico("255966411"));
    EXPECT_FALSE(validate_ico("2559664a"));
    EXPECT_FALSE(validate_ico("255 96 641"));
}

TEST(IcoValidation, TrimsSurroundingWhiteSpace) {
    EXPECT_EQ(validate_ico(" 25596641 ").value(), "25596641");
}

TEST(DicValidation, AcceptsCzechCompanyAndPersonNumbers) {
    EXPECT_EQ(validate_dic("CZ25596641").value(), "CZ25596641");
    EXPECT_EQ(validate_dic("CZ699001234").value(), "CZ699001234");
    EXPECT_EQ(validate_dic("CZ8001011234").value(), "CZ8001011234");
}

TEST(DicValidation, NormalisesCaseAndSpaces) {
    EXPECT_EQ(validate_dic(" cz 255 96 641 ").value(), "CZ25596641");
}

TEST(DicValidation, RejectsCzechNumberWithBadIcoCheckDigit) {
    EXPECT_FALSE(validate_dic("CZ12345678"));
}

TEST(DicValidation, RejectsCzechNumberOfWrongLength) {
    EXPECT_FALSE(validate_dic("CZ1234567"));
    EXPECT_FALSE(validate_dic("CZ12345678901"));
    EXPECT_FALSE(validate_dic("CZ"));
}

TEST(DicValidation, AcceptsOtherMemberStates) {
    EXPECT_TRUE(validate_dic("SK2020317068"));
    EXPECT_TRUE(validate_dic("DE136695976"));
    EXPECT_TRUE(validate_dic("ATU13585627"));
    EXPECT_TRUE(validate_dic("PL5260250274"));
    EXPECT_TRUE(validate_dic("NL004495445B01"));
    EXPECT_TRUE(validate_dic("FR40303265045"));
    EXPECT_TRUE(validate_dic("ESA28015865"));
    EXPECT_TRUE(validate_dic("EL094259216"));
    EXPECT_TRUE(validate_dic("IE6388047V"));
    EXPECT_TRUE(validate_dic("SE556703748501"));
}

TEST(DicValidation, RejectsWrongShapeForMemberState) {
    EXPECT_FALSE(validate_dic("SK123456789"));  // SK needs 10 digits
    EXPECT_FALSE(validate_dic("DE12345678"));   // DE needs 9
    EXPECT_FALSE(validate_dic("AT12345678"));   // AT needs U
    EXPECT_FALSE(validate_dic("NL004495445X01"));
}

TEST(DicValidation, RejectsUnknownPrefix) {
    EXPECT_FALSE(validate_dic("US123456789"));
    EXPECT_FALSE(validate_dic("GB123456789"));  // no longer an EU member state
    EXPECT_FALSE(validate_dic("25596641"));
}

TEST(EmailValidation, AcceptsOrdinaryAddresses) {
    EXPECT_EQ(validate_email("jan.novak@seznam.cz").value(), "jan.novak@seznam.cz");
    EXPECT_EQ(validate_email(" obchod+crm@stavby-dvorak.co.uk ").value(), "obchod+crm@stavby-dvorak.co.uk");
}

TEST(EmailValidation, RejectsMalformedAddresses) {
    for (const char* email :
         {"",
          "jan.novak",
          "jan@",
          "@seznam.cz",
          "jan@@seznam.cz",
          "jan novak@seznam.cz",
          "jan@seznam",
          "jan@seznam.c",
          "jan@-seznam.cz",
          "jan..novak@seznam.cz",
          "jan@seznam..cz",
          "jan@sez nam.cz"}) {
        EXPECT_FALSE(validate_email(email)) << email;
    }
}

TEST(PhoneNormalization, AssumesCzechPrefixForNineDigits) {
    EXPECT_EQ(normalize_phone("777 123 456").value(), "+420777123456");
    EXPECT_EQ(normalize_phone("777-123-456").value(), "+420777123456");
    EXPECT_EQ(normalize_phone("(777) 123.456").value(), "+420777123456");
}

TEST(PhoneNormalization, TreatsDoubleZeroAsPlus) {
    EXPECT_EQ(normalize_phone("00421 905 123 456").value(), "+421905123456");
    EXPECT_EQ(normalize_phone("00420 777 123 456").value(), "+420777123456");
}

TEST(PhoneNormalization, KeepsInternationalNumbers) {
    EXPECT_EQ(normalize_phone("+420 777 123 456").value(), "+420777123456");
    EXPECT_EQ(normalize_phone("+49 30 1234567").value(), "+49301234567");
}

TEST(PhoneNormalization, RejectsTooShortOrTooLong) {
    EXPECT_FALSE(normalize_phone("777 123 45"));
    EXPECT_FALSE(normalize_phone("777 123 4567"));
    EXPECT_FALSE(normalize_phone("+420 777 123 45"));
    EXPECT_FALSE(normalize_phone("+49 123"));
    EXPECT_FALSE(normalize_phone("+1234567890123456"));
    EXPECT_FALSE(normalize_phone(""));
}

TEST(PhoneNormalization, RejectsLetters) {
    EXPECT_FALSE(normalize_phone("777 ABC 456"));
    EXPECT_FALSE(normalize_phone("+420 777 12x 456"));
    EXPECT_FALSE(normalize_phone("tel. 777123456"));
}

TEST(PostalCodeValidation, AcceptsBothFormsAndReturnsCanonical) {
    EXPECT_EQ(validate_czech_postal_code("11000").value(), "110 00");
    EXPECT_EQ(validate_czech_postal_code("602 00").value(), "602 00");
    EXPECT_EQ(validate_czech_postal_code(" 79601 ").value(), "796 01");
}

TEST(PostalCodeValidation, RejectsWrongShape) {
    for (const char* code : {"", "1100", "110000", "11 000", "1100a", "110-00", "110  00"}) {
        EXPECT_FALSE(validate_czech_postal_code(code)) << code;
    }
}

TEST(PostalCodeValidation, RejectsFirstDigitOutsideOneToSeven) {
    EXPECT_FALSE(validate_czech_postal_code("01000"));
    EXPECT_FALSE(validate_czech_postal_code("810 00"));
    EXPECT_FALSE(validate_czech_postal_code("900 01"));
    EXPECT_TRUE(validate_czech_postal_code("799 00"));
}

TEST(WebValidation, AcceptsHostsWithOrWithoutScheme) {
    EXPECT_EQ(validate_web("www.firma.cz").value(), "www.firma.cz");
    EXPECT_EQ(validate_web("https://firma.cz/kontakt?x=1").value(), "https://firma.cz/kontakt?x=1");
    EXPECT_TRUE(validate_web("HTTP://firma.cz:8080/"));
}

TEST(WebValidation, RejectsNonWebAddresses) {
    for (const char* web :
         {"", "firma", "ftp://firma.cz", "https://", "http://firma.cz:port", "www.firma .cz", "https://firma.cz/a b"}) {
        EXPECT_FALSE(validate_web(web)) << web;
    }
}

}  // namespace
}  // namespace kartoteka::domain
