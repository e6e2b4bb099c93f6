#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/customer.hpp"
#include "domain/error.hpp"
#include "domain/task.hpp"

// The private iCalendar feed: one secret URL per user that calendar apps poll.
namespace kartoteka::domain {

/// A meeting minute (a note of kind "meeting") as the feed shows it.
struct Meeting {
    std::int64_t note_id = 0;
    CustomerId customer_id = 0;
    std::string customer_name = {};
    std::string subject = {};
    std::string place = {};
    TimestampMs occurred_at = 0;
    TimestampMs updated_at = 0;
};

/// What one user's feed contains.
struct CalendarItems {
    std::string user_display_name = {};
    std::vector<Task> tasks = {};        // live tasks assigned to the user
    std::vector<Meeting> meetings = {};  // live meetings the user wrote or took part in
};

class CalendarFeedRepository {
public:
    virtual ~CalendarFeedRepository() = default;
    /// Stores the user's (only) feed token hash, replacing an earlier one.
    virtual Result<void> replace(UserId user_id, const std::string& token_hash, TimestampMs now) = 0;
    /// When the user's feed was created, or nullopt when they have none.
    virtual Result<std::optional<TimestampMs>> created_at(UserId user_id) = 0;
    /// Returns whether there was a feed to revoke.
    virtual Result<bool> revoke(UserId user_id) = 0;
    /// The owner of the feed with this token hash. NotFound when unknown or the user is deactivated.
    virtual Result<UserId> find_user(const std::string& token_hash) = 0;
    virtual Result<CalendarItems> items(UserId user_id) = 0;
};

}  // namespace kartoteka::domain
