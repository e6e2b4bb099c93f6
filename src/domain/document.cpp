#include "domain/document.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include <unicode/unistr.h>

namespace kartoteka::domain {
namespace {

Error invalid_name(std::string message, std::string code) {
    return Error::invalid_field("file", std::move(message), std::move(code));
}

/// Decodes one UTF-8 sequence at `text[i]`; returns the code point and advances i, or nullopt when the
/// sequence is malformed, overlong or a surrogate.
std::optional<char32_t> next_code_point(std::string_view text, std::size_t& i) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    char32_t code = 0;
    if (lead < 0x80) {
        ++i;
        return lead;
    }
    if ((lead & 0xe0) == 0xc0) {
        length = 2;
        code = lead & 0x1f;
    } else if ((lead & 0xf0) == 0xe0) {
        length = 3;
        code = lead & 0x0f;
    } else if ((lead & 0xf8) == 0xf0) {
        length = 4;
        code = lead & 0x07;
    } else {
        return std::nullopt;
    }
    if (i + length > text.size()) {
        return std::nullopt;
    }
    for (std::size_t k = 1; k < length; ++k) {
        const auto next = static_cast<unsigned char>(text[i + k]);
        if ((next & 0xc0) != 0x80) {
            return std::nullopt;
        }
        code = (code << 6) | (next & 0x3f);
    }
    constexpr std::array<char32_t, 5> kMinimum{0, 0, 0x80, 0x800, 0x10000};
    if (code < kMinimum[length] || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
        return std::nullopt;
    }
    i += length;
    return code;
}

bool starts_with(std::string_view text, std::string_view prefix) {
    return text.substr(0, prefix.size()) == prefix;
}

std::string lower_ascii(std::string_view text) {
    std::string lowered(text);
    std::transform(lowered.begin(), lowered.end(), lowered.begin(), [](unsigned char c) {
        return static_cast<char>(std::tolower(c));
    });
    return lowered;
}

std::string extension_of(std::string_view name) {
    const auto dot = name.rfind('.');
    return dot == std::string_view::npos ? std::string{} : lower_ascii(name.substr(dot + 1));
}

/// ZIP containers that office suites write; the extension tells which one (the central directory would
/// too, but it sits at the end of the file and the head is all we have).
std::string zip_based_type(std::string_view name) {
    const auto extension = extension_of(name);
    if (extension == "docx") {
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    }
    if (extension == "xlsx") {
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    }
    if (extension == "pptx") {
        return "application/vnd.openxmlformats-officedocument.presentationml.presentation";
    }
    if (extension == "odt") {
        return "application/vnd.oasis.opendocument.text";
    }
    if (extension == "ods") {
        return "application/vnd.oasis.opendocument.spreadsheet";
    }
    if (extension == "odp") {
        return "application/vnd.oasis.opendocument.presentation";
    }
    return "application/zip";
}

constexpr std::array<std::string_view, 6> kSniffedTypes{
    "application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp", "application/zip"};

bool is_token_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
           std::string_view("!#$&-^_.+").find(c) != std::string_view::npos;
}

/// "type/subtype" with token characters only; parameters are dropped (a charset from a client is not
/// trusted either).
std::optional<std::string> well_formed_media_type(std::string_view declared) {
    auto media = declared.substr(0, declared.find(';'));
    while (!media.empty() && (media.back() == ' ' || media.back() == '\t')) {
        media.remove_suffix(1);
    }
    while (!media.empty() && (media.front() == ' ' || media.front() == '\t')) {
        media.remove_prefix(1);
    }
    const auto slash = media.find('/');
    if (slash == std::string_view::npos || slash == 0 || slash + 1 == media.size() || media.size() > 127) {
        return std::nullopt;
    }
    const auto type = media.substr(0, slash);
    const auto subtype = media.substr(slash + 1);
    if (!std::all_of(type.begin(), type.end(), is_token_char) ||
        !std::all_of(subtype.begin(), subtype.end(), is_token_char)) {
        return std::nullopt;
    }
    return lower_ascii(media);
}

}  // namespace

Result<std::string> validate_document_name(std::string_view name) {
    if (name.empty()) {
        return fail(invalid_name("the file has no name", "required"));
    }
    std::size_t code_points = 0;
    for (std::size_t i = 0; i < name.size();) {
        const auto code = next_code_point(name, i);
        if (!code) {
            return fail(invalid_name("the file name is not valid UTF-8", "name.encoding"));
        }
        if (*code < 0x20 || *code == 0x7f || (*code >= 0x80 && *code <= 0x9f)) {
            return fail(invalid_name("the file name contains control characters", "name.control_characters"));
        }
        if (*code == '/' || *code == '\\') {
            return fail(invalid_name("the file name must not contain / or \\", "name.path_separator"));
        }
        ++code_points;
    }
    if (code_points > kMaxDocumentNameLength) {
        return fail(invalid_name(
            "the file name is longer than " + std::to_string(kMaxDocumentNameLength) + " characters", "too_long"
        ));
    }
    if (name == "." || name == "..") {
        return fail(invalid_name("the file name cannot be \".\" or \"..\"", "name.dots"));
    }
    if (std::all_of(name.begin(), name.end(), [](char c) { return c == ' '; })) {
        return fail(invalid_name("the file has no name", "required"));
    }
    return std::string(name);
}

std::string document_name_key(std::string_view name) {
    // Full Unicode case folding: "Žluťoučký.pdf" and "ŽLUŤOUČKÝ.PDF" are the same name to a Czech user.
    auto text = icu::UnicodeString::fromUTF8(icu::StringPiece(name.data(), static_cast<int32_t>(name.size())));
    text.foldCase();
    std::string key;
    text.toUTF8String(key);
    return key;
}

std::string sniff_content_type(std::string_view head, std::string_view declared, std::string_view name) {
    if (starts_with(head, "%PDF-")) {
        return "application/pdf";
    }
    if (starts_with(head, "\x89PNG\r\n\x1a\n")) {
        return "image/png";
    }
    if (starts_with(head, "\xff\xd8\xff")) {
        return "image/jpeg";
    }
    if (starts_with(head, "GIF87a") || starts_with(head, "GIF89a")) {
        return "image/gif";
    }
    if (head.size() >= 12 && starts_with(head, "RIFF") && head.substr(8, 4) == "WEBP") {
        return "image/webp";
    }
    if (starts_with(head, std::string_view("PK\x03\x04", 4))) {
        return zip_based_type(name);
    }
    auto media = well_formed_media_type(declared);
    if (!media) {
        return "application/octet-stream";
    }
    // A declared type we would have recognised by its bytes, but the bytes say otherwise: do not believe it.
    const bool claims_sniffable =
        std::find(kSniffedTypes.begin(), kSniffedTypes.end(), *media) != kSniffedTypes.end() ||
        starts_with(*media, "application/vnd.openxmlformats") || starts_with(*media, "application/vnd.oasis");
    if (claims_sniffable) {
        return "application/octet-stream";
    }
    return *media;
}

bool is_inline_safe(std::string_view content_type) {
    return content_type == "application/pdf" || content_type == "image/png" || content_type == "image/jpeg" ||
           content_type == "image/gif" || content_type == "image/webp" || content_type == "text/plain";
}

}  // namespace kartoteka::domain
