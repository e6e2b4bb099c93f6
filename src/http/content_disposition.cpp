#include "http/content_disposition.hpp"

#include "util/text.hpp"

namespace kartoteka::http {
namespace {

bool is_path_separator(char byte) {
    return byte == '/' || byte == '\\';
}

// RFC 5987 attr-char: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
bool is_attr_char(unsigned char byte) {
    if ((byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') || (byte >= '0' && byte <= '9')) {
        return true;
    }
    switch (byte) {
        case '!':
        case '#':
        case '$':
        case '&':
        case '+':
        case '-':
        case '.':
        case '^':
        case '_':
        case '`':
        case '|':
        case '~':
            return true;
        default:
            return false;
    }
}

std::string percent_encode_utf8(std::string_view name) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string encoded;
    encoded.reserve(name.size() * 3);
    for (const char signed_byte : name) {
        const auto byte = static_cast<unsigned char>(is_path_separator(signed_byte) ? '_' : signed_byte);
        if (is_attr_char(byte)) {
            encoded.push_back(static_cast<char>(byte));
        } else {
            encoded.push_back('%');
            encoded.push_back(kHex[byte >> 4]);
            encoded.push_back(kHex[byte & 0x0F]);
        }
    }
    return encoded;
}

// The quoted-string fallback: printable ASCII only, without the characters that end or escape the quote.
std::string ascii_fallback(std::string_view name) {
    std::string ascii = util::is_valid_utf8(name) ? util::to_ascii(name) : std::string(name);
    for (char& byte : ascii) {
        const auto code = static_cast<unsigned char>(byte);
        if (code < 0x20 || code >= 0x7F || byte == '"' || byte == '\\' || byte == '/' || byte == '%') {
            byte = '_';
        }
    }
    return ascii.empty() ? std::string("download") : ascii;
}

}  // namespace

std::string content_disposition(std::string_view disposition, std::string_view filename) {
    std::string header(disposition);
    header += "; filename=\"";
    header += ascii_fallback(filename);
    header += "\"; filename*=UTF-8''";
    header += percent_encode_utf8(filename);
    return header;
}

}  // namespace kartoteka::http
