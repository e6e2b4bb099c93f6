#include "domain/document.hpp"

#include <gtest/gtest.h>

namespace kartoteka::domain {
namespace {

std::string refusal_code(std::string_view name) {
    auto validated = validate_document_name(name);
    if (validated) {
        return "accepted";
    }
    EXPECT_TRUE(validated.error().field_errors.contains("file"));
    return validated.error().field_codes.at("file");
}

TEST(DocumentName, AcceptsCzechNamesAndInnerDots) {
    EXPECT_EQ(validate_document_name("Smlouva č. 12 – Žluťoučký kůň.pdf").value(), "Smlouva č. 12 – Žluťoučký kůň.pdf");
    EXPECT_TRUE(validate_document_name("zápis..final.docx"));
    EXPECT_TRUE(validate_document_name(".bashrc"));
}

TEST(DocumentName, RefusesPathSeparatorsAndDotNames) {
    EXPECT_EQ(refusal_code("../etc/passwd"), "name.path_separator");
    EXPECT_EQ(refusal_code("a/b.pdf"), "name.path_separator");
    EXPECT_EQ(refusal_code("C:\\temp\\x.pdf"), "name.path_separator");
    EXPECT_EQ(refusal_code(".."), "name.dots");
    EXPECT_EQ(refusal_code("."), "name.dots");
}

TEST(DocumentName, RefusesControlCharacters) {
    EXPECT_EQ(refusal_code("a\nb.pdf"), "name.control_characters");
    EXPECT_EQ(refusal_code(std::string("a\0b.pdf", 7)), "name.control_characters");
    EXPECT_EQ(refusal_code("a\x7f.pdf"), "name.control_characters");
    EXPECT_EQ(refusal_code("a\xc2\x85.pdf"), "name.control_characters");  // U+0085 NEL
}

TEST(DocumentName, RefusesEmptyAndInvalidUtf8) {
    EXPECT_EQ(refusal_code(""), "required");
    EXPECT_EQ(refusal_code("   "), "required");
    EXPECT_EQ(refusal_code("a\xff.pdf"), "name.encoding");
    EXPECT_EQ(refusal_code("\xc0\xaf.pdf"), "name.encoding");      // overlong '/'
    EXPECT_EQ(refusal_code("\xed\xa0\x80.pdf"), "name.encoding");  // surrogate
}

TEST(DocumentName, LimitsLengthInCharactersNotBytes) {
    std::string czech;
    for (int i = 0; i < 255; ++i) {
        czech += "ž";  // two bytes each
    }
    EXPECT_TRUE(validate_document_name(czech));
    EXPECT_EQ(refusal_code(czech + "a"), "too_long");
}

TEST(DocumentNameKey, FoldsAsciiCase) {
    EXPECT_EQ(document_name_key("Smlouva.PDF"), document_name_key("smlouva.pdf"));
}

TEST(ContentSniffing, RecognisesInlineTypesByTheirBytes) {
    EXPECT_EQ(sniff_content_type("%PDF-1.7\n", "application/octet-stream", "x"), "application/pdf");
    EXPECT_EQ(sniff_content_type("\x89PNG\r\n\x1a\n....", "", "x"), "image/png");
    EXPECT_EQ(sniff_content_type("\xff\xd8\xff\xe0", "", "x"), "image/jpeg");
    EXPECT_EQ(sniff_content_type("GIF89a", "", "x"), "image/gif");
    EXPECT_EQ(sniff_content_type(std::string("RIFF\x10\x00\x00\x00WEBPVP8 ", 16), "", "x"), "image/webp");
}

TEST(ContentSniffing, ZipBasedOfficeFilesGoByExtension) {
    const std::string zip("PK\x03\x04rest", 8);
    EXPECT_EQ(
        sniff_content_type(zip, "", "Nabídka.DOCX"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    );
    EXPECT_EQ(sniff_content_type(zip, "", "tabulka.ods"), "application/vnd.oasis.opendocument.spreadsheet");
    EXPECT_EQ(sniff_content_type(zip, "", "archive.zip"), "application/zip");
}

TEST(ContentSniffing, FallsBackToAWellFormedDeclaredType) {
    EXPECT_EQ(sniff_content_type("hello", "Text/Plain; charset=windows-1250", "a.txt"), "text/plain");
    EXPECT_EQ(sniff_content_type("<html>", "text/html", "a.html"), "text/html");
    EXPECT_EQ(sniff_content_type("hello", "", "a"), "application/octet-stream");
    EXPECT_EQ(sniff_content_type("hello", "not a type", "a"), "application/octet-stream");
}

TEST(ContentSniffing, DistrustsADeclaredInlineTypeTheBytesDoNotConfirm) {
    EXPECT_EQ(sniff_content_type("<svg onload=alert(1)>", "image/png", "x.png"), "application/octet-stream");
    EXPECT_EQ(sniff_content_type("<html>", "application/pdf", "x.pdf"), "application/octet-stream");
}

TEST(ContentSniffing, OnlyInertTypesMayBeShownInline) {
    EXPECT_TRUE(is_inline_safe("application/pdf"));
    EXPECT_TRUE(is_inline_safe("image/png"));
    EXPECT_FALSE(is_inline_safe("text/html"));
    EXPECT_FALSE(is_inline_safe("image/svg+xml"));
    EXPECT_FALSE(is_inline_safe("application/octet-stream"));
}

}  // namespace
}  // namespace kartoteka::domain
