#pragma once

#include <functional>
#include <optional>

#include "domain/customer.hpp"
#include "domain/error.hpp"
#include "domain/repositories.hpp"

namespace kartoteka::domain {

using Clock = std::function<TimestampMs()>;
/// Wall-clock time in milliseconds since the Unix epoch.
TimestampMs system_now_ms();

/// The customer use cases: validation, versioning rules and trash, over a CustomerRepository.
class CustomerService {
public:
    CustomerService(CustomerRepository& customers, UserRepository& users, Clock clock = system_now_ms);

    /// Validates the draft (id, version and timestamps in it are ignored) and stores it.
    Result<Customer> create(Customer draft, const Actor& actor);
    Result<Customer> get(CustomerId id);
    /// FailedPrecondition when expected_version is not the stored version. restored_from marks the edit as
    /// copying back a value from that history entry (recorded as value_restored).
    Result<Customer> update(
        CustomerId id,
        std::int64_t expected_version,
        const CustomerPatch& patch,
        const Actor& actor,
        std::optional<HistoryEntryId> restored_from = std::nullopt
    );
    Result<Customer> move_to_trash(CustomerId id, std::optional<std::int64_t> expected_version, const Actor& actor);
    Result<Customer> restore(CustomerId id, const Actor& actor);
    /// InvalidArgument (field "limit") when limit is 0 or above kMaxPageSize.
    Result<CustomerPage> list(const CustomerListQuery& query);
    /// InvalidArgument (field "limit") when limit is 0 or above kMaxPageSize.
    Result<CustomerSearchPage> search(const CustomerSearch& search);

private:
    Result<void> check_owner_exists(const std::optional<UserId>& owner_id);

    CustomerRepository& customers_;
    UserRepository& users_;
    Clock clock_;
};

}  // namespace kartoteka::domain
