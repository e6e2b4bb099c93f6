#include "http/multipart.hpp"

#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace kartoteka::http {
namespace {

struct RecordedPart {
    PartHeaders headers;
    std::string content;
    bool ended = false;
};

/// Keeps every part it is given, so tests can compare what arrived with what was sent.
class RecordingSink final : public MultipartSink {
public:
    Result<void> on_part_begin(const PartHeaders& headers) override {
        parts.push_back(RecordedPart{.headers = headers});
        return ok();
    }
    Result<void> on_part_data(std::string_view bytes) override {
        parts.back().content.append(bytes);
        ++data_calls;
        return ok();
    }
    Result<void> on_part_end() override {
        parts.back().ended = true;
        return ok();
    }

    std::vector<RecordedPart> parts;
    std::size_t data_calls = 0;
};

constexpr std::string_view kBoundary = "----kartotekaBoundary7MA4YWxk";

std::string part(std::string_view headers, std::string_view content) {
    return "--" + std::string(kBoundary) + "\r\n" + std::string(headers) + "\r\n\r\n" + std::string(content) + "\r\n";
}

std::string closing() {
    return "--" + std::string(kBoundary) + "--\r\n";
}

std::string file_body(std::string_view content, std::string_view filename = "a.pdf") {
    return part(
               "Content-Disposition: form-data; name=\"file\"; filename=\"" + std::string(filename) +
                   "\"\r\nContent-Type: application/pdf",
               content
           ) +
           closing();
}

/// Feeds `body` cut into pieces of the given sizes (cycled), returning the parser's verdict.
Result<void> feed_in_pieces(
    std::string_view body, const std::vector<std::size_t>& sizes, RecordingSink& sink, bool* done = nullptr
) {
    MultipartParser parser(kBoundary);
    std::size_t offset = 0;
    std::size_t index = 0;
    while (offset < body.size()) {
        const auto size = std::max<std::size_t>(1, sizes[index++ % sizes.size()]);
        auto fed = parser.feed(body.substr(offset, size), sink);
        if (!fed) {
            return fed;
        }
        offset += size;
    }
    if (done != nullptr) {
        *done = parser.done();
    }
    return ok();
}

std::string random_bytes(std::size_t size, std::uint32_t seed) {
    std::mt19937 random(seed);
    std::string bytes(size, '\0');
    for (auto& byte : bytes) {
        byte = static_cast<char>(random() & 0xff);
    }
    return bytes;
}

TEST(MultipartBoundary, ReadsTokenAndQuotedBoundaries) {
    EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=abc123"), "abc123");
    EXPECT_EQ(multipart_boundary("Multipart/Form-Data; charset=utf-8; boundary=\"a b:c\""), "a b:c");
}

TEST(MultipartBoundary, RefusesOtherTypesAndMissingOrOverlongBoundaries) {
    EXPECT_FALSE(multipart_boundary("application/json"));
    EXPECT_FALSE(multipart_boundary("multipart/form-data"));
    EXPECT_FALSE(multipart_boundary("multipart/form-data; boundary="));
    EXPECT_FALSE(multipart_boundary("multipart/mixed; boundary=abc"));
    EXPECT_FALSE(multipart_boundary("multipart/form-data; boundary=" + std::string(71, 'x')));
}

TEST(MultipartParser, ParsesOneFilePartInOneChunk) {
    RecordingSink sink;
    bool done = false;
    ASSERT_TRUE(feed_in_pieces(file_body("%PDF-1.4 data"), {1 << 20}, sink, &done));
    EXPECT_TRUE(done);
    ASSERT_EQ(sink.parts.size(), 1u);
    EXPECT_EQ(sink.parts[0].headers.name, "file");
    EXPECT_EQ(sink.parts[0].headers.filename, "a.pdf");
    EXPECT_EQ(sink.parts[0].headers.content_type, "application/pdf");
    EXPECT_EQ(sink.parts[0].content, "%PDF-1.4 data");
    EXPECT_TRUE(sink.parts[0].ended);
}

TEST(MultipartParser, OneByteChunksGiveTheSameResult) {
    const auto content = random_bytes(5000, 1);
    RecordingSink sink;
    bool done = false;
    ASSERT_TRUE(feed_in_pieces(file_body(content), {1}, sink, &done));
    EXPECT_TRUE(done);
    ASSERT_EQ(sink.parts.size(), 1u);
    EXPECT_EQ(sink.parts[0].content, content);
}

TEST(MultipartParser, RandomChunkingNeverChangesTheParts) {
    // Content full of near-delimiters: CR LF, dashes and boundary prefixes that must stay content.
    const std::string tricky = "\r\n--" + std::string(kBoundary.substr(0, 10)) + "\r\n-\r\r\n--" +
                               std::string(kBoundary.substr(0, kBoundary.size() - 1)) + "X\r\n";
    for (std::uint32_t seed = 0; seed < 300; ++seed) {
        std::mt19937 random(seed);
        std::string first = random_bytes(random() % 3000, seed) + tricky + random_bytes(random() % 100, seed + 7);
        std::string second = tricky + random_bytes(random() % 700, seed + 13);
        const auto body = "preamble text\r\n" + part("Content-Disposition: form-data; name=\"note\"", first) +
                          part("Content-Disposition: form-data; name=\"file\"; filename=\"x.bin\"", second) +
                          closing() + "epilogue";
        std::vector<std::size_t> sizes;
        for (int i = 0; i < 16; ++i) {
            sizes.push_back(1 + random() % (seed % 3 == 0 ? 3 : 97));
        }
        RecordingSink sink;
        bool done = false;
        ASSERT_TRUE(feed_in_pieces(body, sizes, sink, &done)) << "seed " << seed;
        ASSERT_TRUE(done) << "seed " << seed;
        ASSERT_EQ(sink.parts.size(), 2u) << "seed " << seed;
        EXPECT_EQ(sink.parts[0].content, first) << "seed " << seed;
        EXPECT_EQ(sink.parts[1].content, second) << "seed " << seed;
        EXPECT_TRUE(sink.parts[0].ended && sink.parts[1].ended);
    }
}

TEST(MultipartParser, LargeChunksPassContentWithoutCopyingItIntoOneCallPerByte) {
    const auto content = random_bytes(1 << 20, 5);
    RecordingSink sink;
    ASSERT_TRUE(feed_in_pieces(file_body(content), {256 * 1024}, sink));
    EXPECT_EQ(sink.parts[0].content, content);
    EXPECT_LE(sink.data_calls, 12u);
}

TEST(MultipartParser, EmptyPartHasEmptyContent) {
    RecordingSink sink;
    bool done = false;
    ASSERT_TRUE(feed_in_pieces(file_body(""), {3}, sink, &done));
    EXPECT_TRUE(done);
    ASSERT_EQ(sink.parts.size(), 1u);
    EXPECT_EQ(sink.parts[0].content, "");
    EXPECT_TRUE(sink.parts[0].ended);
}

TEST(MultipartParser, AcceptsTransportPaddingAfterTheBoundary) {
    const auto body = "--" + std::string(kBoundary) + " \t\r\nContent-Disposition: form-data; name=\"file\"; " +
                      "filename=\"p.txt\"\r\n\r\nabc\r\n" + closing();
    RecordingSink sink;
    ASSERT_TRUE(feed_in_pieces(body, {2}, sink));
    EXPECT_EQ(sink.parts.at(0).content, "abc");
}

TEST(MultipartParser, TruncatedBodyIsNotDone) {
    const auto body = file_body("hello world");
    RecordingSink sink;
    bool done = true;
    ASSERT_TRUE(feed_in_pieces(body.substr(0, body.size() - 10), {7}, sink, &done));
    EXPECT_FALSE(done);
}

TEST(MultipartParser, RejectsTextAfterABoundary) {
    const auto body = "--" + std::string(kBoundary) + "garbage\r\n\r\n" + closing();
    RecordingSink sink;
    auto fed = feed_in_pieces(body, {1}, sink);
    ASSERT_FALSE(fed);
    EXPECT_EQ(fed.error().code, ErrorCode::MalformedRequest);
}

TEST(MultipartParser, RejectsAPartWithoutContentDisposition) {
    RecordingSink sink;
    auto fed = feed_in_pieces(part("Content-Type: text/plain", "x") + closing(), {5}, sink);
    ASSERT_FALSE(fed);
    EXPECT_EQ(fed.error().code, ErrorCode::MalformedRequest);
}

TEST(MultipartParser, RejectsMalformedHeaderLines) {
    RecordingSink sink;
    auto fed = feed_in_pieces(part("Content-Disposition form-data", "x") + closing(), {64}, sink);
    ASSERT_FALSE(fed);
}

TEST(MultipartParser, RejectsOverlongPartHeaders) {
    RecordingSink sink;
    const auto headers = "Content-Disposition: form-data; name=\"file\"\r\nX-Filler: " +
                         std::string(MultipartParser::kMaxHeaderBytes, 'a');
    auto fed = feed_in_pieces(part(headers, "x") + closing(), {1000}, sink);
    ASSERT_FALSE(fed);
    EXPECT_EQ(fed.error().code, ErrorCode::MalformedRequest);
}

TEST(MultipartParser, PassesSinkErrorsThrough) {
    class Refusing final : public MultipartSink {
    public:
        Result<void> on_part_begin(const PartHeaders&) override { return ok(); }
        Result<void> on_part_data(std::string_view) override {
            return fail(Error{ErrorCode::ResourceExhausted, "too big"});
        }
        Result<void> on_part_end() override { return ok(); }
    } sink;
    MultipartParser parser(kBoundary);
    auto fed = parser.feed(file_body("content"), sink);
    ASSERT_FALSE(fed);
    EXPECT_EQ(fed.error().code, ErrorCode::ResourceExhausted);
}

TEST(PartDisposition, PrefersTheExtendedUtf8Filename) {
    auto headers = parse_part_disposition(
        "form-data; name=\"file\"; filename=\"Smlouva c. 12.pdf\"; "
        "filename*=UTF-8''Smlouva%20%C4%8D.%2012%20%E2%80%93%20%C5%BDlu%C5%A5ou%C4%8Dk%C3%BD%20k%C5%AF%C5%88.pdf"
    );
    ASSERT_TRUE(headers);
    EXPECT_EQ(headers->filename, "Smlouva č. 12 – Žluťoučký kůň.pdf");
}

TEST(PartDisposition, KeepsRawUtf8InAQuotedFilename) {
    auto headers = parse_part_disposition("form-data; name=\"file\"; filename=\"Žluťoučký kůň.pdf\"");
    ASSERT_TRUE(headers);
    EXPECT_EQ(headers->filename, "Žluťoučký kůň.pdf");
}

TEST(PartDisposition, UndoesBackslashAndBrowserEscapes) {
    auto curl_style = parse_part_disposition(R"(form-data; name="file"; filename="say \"hi\".txt")");
    ASSERT_TRUE(curl_style);
    EXPECT_EQ(curl_style->filename, "say \"hi\".txt");
    auto browser_style = parse_part_disposition(R"(form-data; name="file"; filename="say %22hi%22 100%.txt")");
    ASSERT_TRUE(browser_style);
    EXPECT_EQ(browser_style->filename, "say \"hi\" 100%.txt");
}

TEST(PartDisposition, FieldWithoutFilenameHasNone) {
    auto headers = parse_part_disposition("form-data; name=comment");
    ASSERT_TRUE(headers);
    EXPECT_EQ(headers->name, "comment");
    EXPECT_FALSE(headers->filename);
}

TEST(PartDisposition, RejectsBrokenValues) {
    EXPECT_FALSE(parse_part_disposition("attachment; filename=\"a.pdf\""));
    EXPECT_FALSE(parse_part_disposition("form-data; name=\"file"));
    EXPECT_FALSE(parse_part_disposition("form-data; filename*=ISO-8859-1''caf%E9"));
    EXPECT_FALSE(parse_part_disposition("form-data; filename*=UTF-8''bad%2"));
    EXPECT_FALSE(parse_part_disposition("form-data; novalue"));
}

}  // namespace
}  // namespace kartoteka::http
