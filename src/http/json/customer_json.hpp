#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "domain/customer.hpp"
#include "domain/customer_filter.hpp"
#include "domain/error.hpp"
#include "domain/user.hpp"

// Customer <-> JSON. Parsing is strict: unknown fields, wrong types and read-only fields are refused
// with a field error (422), so a typo in a client never silently drops data.
namespace kartoteka::http::json {

nlohmann::json to_json(const domain::Customer& customer);
nlohmann::json to_json(const domain::CustomerPage& page);
/// Like CustomerPage, plus `count` and `count_is_estimate` when a count was asked for.
nlohmann::json to_json(const domain::CustomerSearchPage& page);
/// {id, username, display_name, is_admin}; never the password hash.
nlohmann::json to_json(const domain::User& user);

/// A POST body: the full record (id, version and timestamps are refused).
Result<domain::Customer> parse_new_customer(std::string_view body);
/// A PATCH body: JSON merge patch at the top level; null clears a text field, delivery_address or owner_id.
Result<domain::CustomerPatch> parse_customer_patch(std::string_view body);

}  // namespace kartoteka::http::json
