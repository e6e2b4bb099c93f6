#pragma once

#include <optional>
#include <string>
#include <string_view>

// Unicode text helpers on ICU. Thread-safe.
namespace kartoteka::util {

/// Lower-cased, diacritics removed ("Nováková" -> "novakova"): the form search compares.
std::string fold_for_search(std::string_view utf8);
/// The closest ASCII spelling, case kept ("Žluťoučký kůň" -> "Zlutoucky kun"); '_' for what has none.
std::string to_ascii(std::string_view utf8);
/// A binary key that sorts in Czech order under plain memcmp ("Čech" after "Cyril", "Ch" after "H").
std::string czech_sort_key(std::string_view utf8);
/// True when the bytes are well-formed UTF-8.
bool is_valid_utf8(std::string_view bytes);
/// Trims ASCII and Unicode white space at both ends.
std::string trim(std::string_view text);

/// Percent-decoding of a query-string component ('+' is a space when plus_is_space); nullopt on a malformed
/// escape. Shared by the HTTP layer and saved views, which store a list query string.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);

}  // namespace kartoteka::util
