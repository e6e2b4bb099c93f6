#include "store/sql/customer_cursor.hpp"

#include <charconv>
#include <vector>

namespace kartoteka::store::sql {
namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::string_view kHexDigits = "0123456789abcdef";

int base64url_value(char c) {
    const auto position = kAlphabet.find(c);
    return position == std::string_view::npos ? -1 : static_cast<int>(position);
}

std::string hex_encode(std::string_view bytes) {
    std::string hex;
    hex.reserve(bytes.size() * 2);
    for (const char byte : bytes) {
        const auto value = static_cast<unsigned char>(byte);
        hex.push_back(kHexDigits[value >> 4]);
        hex.push_back(kHexDigits[value & 0x0f]);
    }
    return hex;
}

std::optional<std::string> hex_decode(std::string_view hex) {
    if (hex.size() % 2 != 0) {
        return std::nullopt;
    }
    std::string bytes;
    bytes.reserve(hex.size() / 2);
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        const auto high = kHexDigits.find(hex[i]);
        const auto low = kHexDigits.find(hex[i + 1]);
        if (high == std::string_view::npos || low == std::string_view::npos) {
            return std::nullopt;
        }
        bytes.push_back(static_cast<char>((high << 4) | low));
    }
    return bytes;
}

std::optional<std::int64_t> parse_int64(std::string_view text) {
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size() || text.empty()) {
        return std::nullopt;
    }
    return value;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        const auto end = text.find(separator, start);
        if (end == std::string_view::npos) {
            parts.push_back(text.substr(start));
            return parts;
        }
        parts.push_back(text.substr(start, end - start));
        start = end + 1;
    }
}

}  // namespace

std::string base64url_encode(std::string_view bytes) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        const auto chunk = (static_cast<unsigned>(static_cast<unsigned char>(bytes[i])) << 16) |
                           (static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 1])) << 8) |
                           static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 2]));
        out.push_back(kAlphabet[(chunk >> 18) & 63]);
        out.push_back(kAlphabet[(chunk >> 12) & 63]);
        out.push_back(kAlphabet[(chunk >> 6) & 63]);
        out.push_back(kAlphabet[chunk & 63]);
    }
    const std::size_t rest = bytes.size() - i;
    if (rest > 0) {
        unsigned chunk = static_cast<unsigned>(static_cast<unsigned char>(bytes[i])) << 16;
        if (rest == 2) {
            chunk |= static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 1])) << 8;
        }
        out.push_back(kAlphabet[(chunk >> 18) & 63]);
        out.push_back(kAlphabet[(chunk >> 12) & 63]);
        if (rest == 2) {
            out.push_back(kAlphabet[(chunk >> 6) & 63]);
        }
    }
    return out;
}

std::optional<std::string> base64url_decode(std::string_view text) {
    if (text.size() % 4 == 1) {
        return std::nullopt;
    }
    std::string out;
    out.reserve(text.size() * 3 / 4);
    unsigned buffer = 0;
    int bits = 0;
    for (const char c : text) {
        const int value = base64url_value(c);
        if (value < 0) {
            return std::nullopt;
        }
        buffer = (buffer << 6) | static_cast<unsigned>(value);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((buffer >> bits) & 0xff));
        }
    }
    // Leftover bits must be zero, or the text is not canonical (and not from us).
    if ((buffer & ((1u << bits) - 1)) != 0) {
        return std::nullopt;
    }
    return out;
}

std::string encode_cursor(const CustomerCursor& cursor) {
    std::string plain = "v1|";
    plain += domain::to_string(cursor.sort);
    plain += cursor.direction == domain::SortDirection::Ascending ? "|asc|" : "|desc|";
    plain += cursor.trash ? "trash|" : "live|";
    plain += cursor.sort == domain::CustomerSort::Name ? hex_encode(cursor.name_key) : std::to_string(cursor.time_key);
    plain += '|';
    plain += std::to_string(cursor.id);
    return base64url_encode(plain);
}

std::optional<CustomerCursor> decode_cursor(std::string_view text) {
    const auto plain = base64url_decode(text);
    if (!plain) {
        return std::nullopt;
    }
    const auto parts = split(*plain, '|');
    if (parts.size() != 6 || parts[0] != "v1") {
        return std::nullopt;
    }
    CustomerCursor cursor;
    const auto sort = domain::parse_customer_sort(parts[1]);
    if (!sort) {
        return std::nullopt;
    }
    cursor.sort = *sort;
    if (parts[2] == "asc") {
        cursor.direction = domain::SortDirection::Ascending;
    } else if (parts[2] == "desc") {
        cursor.direction = domain::SortDirection::Descending;
    } else {
        return std::nullopt;
    }
    if (parts[3] != "trash" && parts[3] != "live") {
        return std::nullopt;
    }
    cursor.trash = parts[3] == "trash";
    if (cursor.sort == domain::CustomerSort::Name) {
        auto key = hex_decode(parts[4]);
        if (!key) {
            return std::nullopt;
        }
        cursor.name_key = std::move(*key);
    } else {
        const auto key = parse_int64(parts[4]);
        if (!key) {
            return std::nullopt;
        }
        cursor.time_key = *key;
    }
    const auto id = parse_int64(parts[5]);
    if (!id || *id <= 0) {
        return std::nullopt;
    }
    cursor.id = *id;
    return cursor;
}

}  // namespace kartoteka::store::sql
