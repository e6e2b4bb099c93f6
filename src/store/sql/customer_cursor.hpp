#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/customer.hpp"

namespace kartoteka::store::sql {

/// Where the previous page ended: the sort key of its last row plus the id that breaks ties.
/// For CustomerSort::Name the key is the binary name_sort_key; otherwise it is a millisecond timestamp.
struct CustomerCursor {
    domain::CustomerSort sort = domain::CustomerSort::Name;
    domain::SortDirection direction = domain::SortDirection::Ascending;
    bool trash = false;
    std::string name_key = {};
    std::int64_t time_key = 0;
    domain::CustomerId id = 0;
};

/// Opaque to clients: base64url of "v1|sort|direction|scope|key|id".
std::string encode_cursor(const CustomerCursor& cursor);
/// nullopt when the text is not a cursor this code wrote.
std::optional<CustomerCursor> decode_cursor(std::string_view text);

std::string base64url_encode(std::string_view bytes);
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace kartoteka::store::sql
