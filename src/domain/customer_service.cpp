#include "domain/customer_service.hpp"

#include <chrono>
#include <string>
#include <utility>

#include "domain/validation.hpp"

namespace kartoteka::domain {

namespace {

// Equal apart from what the store maintains (version, timestamps): saving `candidate` would change nothing.
bool same_content(Customer candidate, const Customer& stored) {
    candidate.version = stored.version;
    candidate.created_at = stored.created_at;
    candidate.updated_at = stored.updated_at;
    candidate.deleted_at = stored.deleted_at;
    return candidate == stored;
}

}  // namespace

TimestampMs system_now_ms() {
    const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
    return std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch).count();
}

CustomerService::CustomerService(CustomerRepository& customers, UserRepository& users, Clock clock)
    : customers_(customers),
      users_(users),
      clock_(std::move(clock)) {}

Result<void> CustomerService::check_owner_exists(const std::optional<UserId>& owner_id) {
    if (!owner_id) {
        return ok();
    }
    auto owner = users_.find(*owner_id);
    if (owner) {
        return ok();
    }
    if (owner.error().code == ErrorCode::NotFound) {
        return fail(
            Error::invalid_field("owner_id", "user " + std::to_string(*owner_id) + " does not exist", "owner.missing")
        );
    }
    return fail(std::move(owner.error()));
}

Result<Customer> CustomerService::create(Customer draft, const Actor& actor) {
    // Identity, versioning and timestamps belong to the store and the service, never to the caller.
    draft.id = 0;
    draft.version = 0;
    draft.deleted_at = std::nullopt;
    for (Contact& contact : draft.contacts) {
        contact.id = 0;
    }
    auto customer = validate_customer(std::move(draft));
    if (!customer) {
        return fail(std::move(customer.error()));
    }
    if (auto owner = check_owner_exists(customer->owner_id); !owner) {
        return fail(std::move(owner.error()));
    }
    customer->created_at = clock_();
    customer->updated_at = customer->created_at;
    return customers_.insert(*customer, actor);
}

Result<Customer> CustomerService::get(CustomerId id) {
    return customers_.find(id);
}

Result<Customer> CustomerService::update(
    CustomerId id,
    std::int64_t expected_version,
    const CustomerPatch& patch,
    const Actor& actor,
    std::optional<HistoryEntryId> restored_from
) {
    auto stored = customers_.find(id);
    if (!stored) {
        return fail(std::move(stored.error()));
    }
    if (stored->version != expected_version) {
        return fail(Error::conflict(
            "customer " + std::to_string(id) + " was changed by someone else: it is at version " +
            std::to_string(stored->version) + ", the update expected version " + std::to_string(expected_version)
        ));
    }
    auto customer = validate_customer(apply_patch(*stored, patch));
    if (!customer) {
        return fail(std::move(customer.error()));
    }
    if (same_content(*customer, *stored)) {
        // Writing would bump the version and make colleagues' open cards stale (412) for no change at all.
        return std::move(*stored);
    }
    if (customer->owner_id != stored->owner_id) {
        if (auto owner = check_owner_exists(customer->owner_id); !owner) {
            return fail(std::move(owner.error()));
        }
    }
    customer->updated_at = clock_();
    // The repository compares the version again inside its transaction, closing the race
    // between the check above and the write.
    return customers_.update(*customer, expected_version, actor, restored_from);
}

Result<Customer> CustomerService::move_to_trash(
    CustomerId id, std::optional<std::int64_t> expected_version, const Actor& actor
) {
    return customers_.move_to_trash(id, expected_version, clock_(), actor);
}

Result<Customer> CustomerService::restore(CustomerId id, const Actor& actor) {
    return customers_.restore(id, clock_(), actor);
}

Result<CustomerPage> CustomerService::list(const CustomerListQuery& query) {
    if (query.limit == 0 || query.limit > kMaxPageSize) {
        return fail(Error::invalid_field("limit", "must be between 1 and " + std::to_string(kMaxPageSize)));
    }
    return customers_.list(query);
}

Result<CustomerSearchPage> CustomerService::search(const CustomerSearch& search) {
    if (search.limit == 0 || search.limit > kMaxPageSize) {
        return fail(Error::invalid_field("limit", "must be between 1 and " + std::to_string(kMaxPageSize)));
    }
    return customers_.search(search);
}

}  // namespace kartoteka::domain
