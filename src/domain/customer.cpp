#include "domain/customer.hpp"

#include <array>
#include <utility>

namespace kartoteka::domain {
namespace {

template <typename Enum, std::size_t N>
std::optional<Enum> parse_enum(const std::array<std::pair<Enum, const char*>, N>& names, std::string_view text) {
    for (const auto& [value, name] : names) {
        if (text == name) {
            return value;
        }
    }
    return std::nullopt;
}

template <typename Enum, std::size_t N>
const char* enum_name(const std::array<std::pair<Enum, const char*>, N>& names, Enum value) {
    for (const auto& [candidate, name] : names) {
        if (candidate == value) {
            return name;
        }
    }
    return "";
}

constexpr std::array<std::pair<CustomerKind, const char*>, 2> kKindNames{{
    {CustomerKind::Company, "company"},
    {CustomerKind::Person, "person"},
}};
constexpr std::array<std::pair<CustomerStatus, const char*>, 3> kStatusNames{{
    {CustomerStatus::Lead, "lead"},
    {CustomerStatus::Active, "active"},
    {CustomerStatus::Inactive, "inactive"},
}};
constexpr std::array<std::pair<CustomerSort, const char*>, 3> kSortNames{{
    {CustomerSort::Name, "name"},
    {CustomerSort::Created, "created"},
    {CustomerSort::Updated, "updated"},
}};

}  // namespace

const char* to_string(CustomerKind kind) {
    return enum_name(kKindNames, kind);
}
const char* to_string(CustomerStatus status) {
    return enum_name(kStatusNames, status);
}
const char* to_string(CustomerSort sort) {
    return enum_name(kSortNames, sort);
}
std::optional<CustomerKind> parse_customer_kind(std::string_view text) {
    return parse_enum(kKindNames, text);
}
std::optional<CustomerStatus> parse_customer_status(std::string_view text) {
    return parse_enum(kStatusNames, text);
}
std::optional<CustomerSort> parse_customer_sort(std::string_view text) {
    return parse_enum(kSortNames, text);
}

}  // namespace kartoteka::domain
