#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "domain/customer.hpp"

namespace kartoteka::domain {

/// Realistic Czech customers for demos and benchmarks: companies and persons with diacritics,
/// valid IČO and DIČ, Czech streets, cities and postal codes, phones, tags and contact persons.
/// Deterministic for a given seed; `first_index` lets callers generate a large set in batches.
std::vector<Customer> generate_demo_customers(
    std::size_t count, std::uint64_t seed, std::size_t first_index, std::optional<UserId> owner_id, TimestampMs now
);

}  // namespace kartoteka::domain
