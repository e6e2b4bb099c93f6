#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kartoteka::domain {

using CustomerId = std::int64_t;
using ContactId = std::int64_t;
using UserId = std::int64_t;
/// Milliseconds since the Unix epoch, UTC. Stored as BIGINT; rendered as RFC 3339 at the edges.
using TimestampMs = std::int64_t;

enum class CustomerKind { Company, Person };
enum class CustomerStatus { Lead, Active, Inactive };

struct Address {
    std::string street = {};
    std::string city = {};
    std::string postal_code = {};  // Czech: "123 45"; other countries: as written
    std::string country = "CZ";    // ISO 3166-1 alpha-2

    bool operator==(const Address&) const = default;
};

struct Contact {
    ContactId id = 0;  // 0 = not stored yet
    std::string name = {};
    std::string role = {};
    std::string email = {};
    std::string phone = {};  // E.164
    std::string note = {};   // free text, at most 2000 characters

    bool operator==(const Contact&) const = default;
};

/// The full customer record. Optional text fields are empty strings when unset;
/// the JSON layer renders them as null.
struct Customer {
    CustomerId id = 0;
    CustomerKind kind = CustomerKind::Company;
    std::string name = {};  // for a person: "first last", derived
    std::string first_name = {};
    std::string last_name = {};
    std::string ico = {};  // 8 digits, leading zeros kept
    std::string dic = {};
    std::string email = {};
    std::string phone = {};  // E.164, e.g. +420777123456
    std::string web = {};
    Address billing_address = {};
    std::optional<Address> delivery_address = std::nullopt;
    CustomerStatus status = CustomerStatus::Lead;
    std::optional<UserId> owner_id = std::nullopt;
    std::vector<std::string> tags = {};
    std::string note = {};
    std::vector<Contact> contacts = {};
    std::int64_t version = 0;
    TimestampMs created_at = 0;
    TimestampMs updated_at = 0;
    std::optional<TimestampMs> deleted_at = std::nullopt;  // set while in the trash

    bool operator==(const Customer&) const = default;
};

/// A partial update (JSON merge patch semantics, RFC 7396, at the top level):
/// an absent member is left alone; a present one replaces the stored value.
/// Addresses, tags and contacts are replaced whole. `delivery_address` = nullopt-inside clears it.
struct CustomerPatch {
    std::optional<CustomerKind> kind = std::nullopt;
    std::optional<std::string> name = std::nullopt;
    std::optional<std::string> first_name = std::nullopt;
    std::optional<std::string> last_name = std::nullopt;
    std::optional<std::string> ico = std::nullopt;
    std::optional<std::string> dic = std::nullopt;
    std::optional<std::string> email = std::nullopt;
    std::optional<std::string> phone = std::nullopt;
    std::optional<std::string> web = std::nullopt;
    std::optional<Address> billing_address = std::nullopt;
    std::optional<std::optional<Address>> delivery_address = std::nullopt;
    std::optional<CustomerStatus> status = std::nullopt;
    std::optional<std::optional<UserId>> owner_id = std::nullopt;
    std::optional<std::vector<std::string>> tags = std::nullopt;
    std::optional<std::string> note = std::nullopt;
    std::optional<std::vector<Contact>> contacts = std::nullopt;
};

enum class CustomerSort { Name, Created, Updated };
enum class SortDirection { Ascending, Descending };

struct CustomerListQuery {
    std::size_t limit = 50;   // 1..kMaxPageSize, checked by the service
    std::string cursor = {};  // opaque, from a previous page's next_cursor; empty = first page
    CustomerSort sort = CustomerSort::Name;
    SortDirection direction = SortDirection::Ascending;
    std::string q = {};  // substring of the name, case- and diacritics-insensitive
    std::optional<CustomerStatus> status = std::nullopt;
    std::optional<UserId> owner_id = std::nullopt;
    std::string tag = {};
    std::string city = {};
    bool trash = false;  // list the trash (deleted customers) instead of live ones
};

struct CustomerPage {
    std::vector<Customer> items = {};
    std::string next_cursor = {};  // empty = no more pages
};

inline constexpr std::size_t kMaxPageSize = 500;

// Names used in JSON, query strings and the store. Parsing returns nullopt on an unknown name.
const char* to_string(CustomerKind kind);
const char* to_string(CustomerStatus status);
const char* to_string(CustomerSort sort);
std::optional<CustomerKind> parse_customer_kind(std::string_view text);
std::optional<CustomerStatus> parse_customer_status(std::string_view text);
std::optional<CustomerSort> parse_customer_sort(std::string_view text);

}  // namespace kartoteka::domain
