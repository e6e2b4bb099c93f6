#include "domain/search_query.hpp"

#include "util/text.hpp"

namespace kartoteka::domain {
namespace {

bool is_ascii_digit(char c) {
    return c >= '0' && c <= '9';
}

bool is_word_byte(char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte >= 0x80 || is_ascii_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

std::string digits_of(std::string_view text) {
    std::string digits;
    for (const char c : text) {
        if (is_ascii_digit(c)) {
            digits.push_back(c);
        }
    }
    return digits;
}

}  // namespace

std::optional<std::string> normalize_ico(std::string_view digits) {
    if (digits.empty() || digits.size() > 8) {
        return std::nullopt;
    }
    for (const char c : digits) {
        if (!is_ascii_digit(c)) {
            return std::nullopt;
        }
    }
    return std::string(8 - digits.size(), '0') + std::string(digits);
}

std::optional<std::string> normalize_phone_fragment(std::string_view text) {
    bool plus = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '+') {
            // Only a leading '+' (after spaces) belongs to a phone number.
            if (!digits_of(text.substr(0, i)).empty() || plus) {
                return std::nullopt;
            }
            plus = true;
        } else if (!is_ascii_digit(c) && c != ' ' && c != '-' && c != '/' && c != '.' && c != '(' && c != ')') {
            return std::nullopt;
        }
    }
    std::string digits = digits_of(text);
    if (plus && digits.starts_with("420")) {
        digits.erase(0, 3);
    } else if (!plus && digits.starts_with("00420")) {
        digits.erase(0, 5);
    }
    if (digits.size() < 3) {
        return std::nullopt;
    }
    return digits;
}

std::vector<std::string> split_search_words(std::string_view folded) {
    std::vector<std::string> words;
    std::string word;
    for (const char c : folded) {
        if (is_word_byte(c)) {
            word.push_back(c);
        } else if (!word.empty()) {
            words.push_back(std::move(word));
            word.clear();
        }
    }
    if (!word.empty()) {
        words.push_back(std::move(word));
    }
    return words;
}

SearchQuery parse_search_query(std::string_view text) {
    SearchQuery query;
    query.folded = util::trim(util::fold_for_search(text));
    if (query.folded.empty()) {
        return query;
    }
    query.phone_digits = normalize_phone_fragment(query.folded);
    const std::string digits = digits_of(query.folded);
    const bool digits_and_spaces = query.folded.find_first_not_of("0123456789 ") == std::string::npos;
    if (digits_and_spaces) {
        // A number typed with spaces ("123 45 678") is one number, not several words.
        query.ico = normalize_ico(digits);
    }
    if (query.phone_digits) {
        query.words = {*query.phone_digits};
        return query;
    }
    if (const auto at = query.folded.find('@'); at != std::string::npos) {
        query.email_local = util::trim(query.folded.substr(0, at));
        query.email_domain = util::trim(query.folded.substr(at + 1));
    }
    query.words = split_search_words(query.folded);
    if (query.ico) {
        query.words = {digits};
    }
    return query;
}

}  // namespace kartoteka::domain
