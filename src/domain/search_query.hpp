#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

// What the user typed into the search box, taken apart into the pieces an index can look up. Pure C++: the
// store turns a SearchQuery into its own index syntax, so nothing the user types reaches that syntax as-is.
namespace kartoteka::domain {

struct SearchQuery {
    /// Folded (lower case, no diacritics) words of letters and digits; every one must match (AND), each as a
    /// prefix of some word of the customer. Punctuation, quotes, `*`, `-`, `(`… only separate words.
    std::vector<std::string> words = {};
    /// Set when the text is all digits (spaces allowed) and at most 8 of them: the IČO in its 8-digit form.
    std::optional<std::string> ico = std::nullopt;
    /// Set when the text looks like (part of) a phone number: its digits, without a +420 / 00420 prefix.
    std::optional<std::string> phone_digits = std::nullopt;
    /// Set when the text contains '@': the folded text after the '@' ("@seznam" -> "seznam"), possibly empty,
    /// and `email_local` the folded text before it.
    std::optional<std::string> email_domain = std::nullopt;
    std::string email_local = {};
    /// The folded, trimmed text as a whole, for exact matches (e-mail) and name-prefix ranking.
    std::string folded = {};

    bool empty() const { return words.empty(); }
};

/// Never fails: any text gives a query, possibly an empty one (which matches everything).
SearchQuery parse_search_query(std::string_view text);

/// "123" -> "00000123"; nullopt unless 1..8 ASCII digits.
std::optional<std::string> normalize_ico(std::string_view digits);

/// The digits of a phone number as typed ("+420 777 123 456", "00420-777", "777/123"), without the Czech
/// country prefix; nullopt when the text holds anything but digits, spaces and "+-/.()", or fewer than 3 digits.
std::optional<std::string> normalize_phone_fragment(std::string_view text);

/// Splits folded text into words the way the index does: runs of ASCII letters and digits and of any
/// non-ASCII characters; everything else separates.
std::vector<std::string> split_search_words(std::string_view folded);

}  // namespace kartoteka::domain
