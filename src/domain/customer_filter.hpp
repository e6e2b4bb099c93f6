#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/customer.hpp"
#include "domain/error.hpp"

// The query-string language of GET /api/v1/customers: one parameter per filter field, lists comma-separated,
// every filter AND-ed with the others and with `q`. Parsing is pure; the store turns the result into SQL.
//
//   q=TEXT                                  search (see domain/search_query.hpp)
//   status=lead,active                      any of the statuses
//   kind=company|person
//   owner_id=3,7 | owner_id=none            any of the owners; `none` = no owner
//   tags_any=a,b   tags_all=a,b   tag=a     at least one / all of the tags (`tag` = tags_all with one)
//   city=Brno,Praha                         billing city, case- and diacritics-insensitive, whole name
//   country=CZ,SK                           billing country (ISO alpha-2)
//   created_from=YYYY-MM-DD created_to=...  Prague calendar days, both inclusive; likewise updated_from/_to
//   has_open_tasks=true|false               an open or in-progress task exists
//   has_overdue_tasks=true|false            such a task is due before today
//   last_contact_older_than_days=N          no minute (Zápis) in the last N days (never contacted counts)
//   sort=FIELD | -FIELD                     see CustomerSortField; `order=asc|desc` is still accepted
//   limit=1..500  cursor=...  count=true
// Any other parameter is an error naming it.
namespace kartoteka::domain {

enum class CustomerSortField {
    Relevance,  // exact IČO / e-mail / phone first, then name prefix, then the rest; by name within a tier
    Name,
    Ico,
    Dic,
    Email,
    Phone,
    City,
    Country,
    Status,
    Kind,
    Owner,
    Created,
    Updated,
};

struct DayRange {
    std::optional<std::string> from = std::nullopt;  // YYYY-MM-DD, inclusive
    std::optional<std::string> to = std::nullopt;    // YYYY-MM-DD, inclusive

    bool empty() const { return !from && !to; }
    bool operator==(const DayRange&) const = default;
};

struct CustomerFilter {
    std::vector<CustomerStatus> statuses = {};
    std::optional<CustomerKind> kind = std::nullopt;
    std::vector<UserId> owner_ids = {};
    bool owner_none = false;  // owner_id=none: customers without an owner
    std::vector<std::string> tags_any = {};
    std::vector<std::string> tags_all = {};
    std::vector<std::string> cities = {};  // folded (util::fold_for_search)
    std::vector<std::string> countries = {};
    DayRange created = {};
    DayRange updated = {};
    std::optional<bool> has_open_tasks = std::nullopt;
    std::optional<bool> has_overdue_tasks = std::nullopt;
    std::optional<int> last_contact_older_than_days = std::nullopt;

    bool operator==(const CustomerFilter&) const = default;
};

struct CustomerSearch {
    std::string q = {};
    CustomerFilter filter = {};
    /// Relevance when `q` is given and no sort was asked for; name otherwise.
    CustomerSortField sort = CustomerSortField::Name;
    SortDirection direction = SortDirection::Ascending;
    std::size_t limit = 50;
    std::string cursor = {};
    bool with_count = false;
    bool trash = false;
};

struct CustomerSearchPage {
    std::vector<Customer> items = {};
    std::string next_cursor = {};
    std::optional<std::int64_t> count = std::nullopt;  // with_count only
    bool count_is_estimate = false;                    // the count stopped at kExactCountCap
};

/// Counting stops here; above it the count is an estimate and says so.
inline constexpr std::int64_t kExactCountCap = 10'000;

using QueryParams = std::vector<std::pair<std::string, std::string>>;

/// Errors are 400-style invalid fields keyed by the parameter's name, all of them at once.
Result<CustomerSearch> parse_customer_search(const QueryParams& params, bool trash);

const char* to_string(CustomerSortField field);
std::optional<CustomerSortField> parse_customer_sort_field(std::string_view text);

/// True for a real calendar day written YYYY-MM-DD.
bool is_valid_day(std::string_view text);

}  // namespace kartoteka::domain
