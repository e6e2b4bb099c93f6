#pragma once

#include "domain/calendar_feed.hpp"
#include "domain/task.hpp"
#include "store/sqlite/sqlite_database.hpp"

namespace kartoteka::store::sqlite {

class SqliteTaskRepository final : public domain::TaskRepository {
public:
    explicit SqliteTaskRepository(Database& database) : database_(database) {}

    Result<domain::Task> insert(
        const domain::Task& task, const domain::Actor& actor, const std::optional<domain::Notification>& notify
    ) override;
    Result<domain::Task> find(domain::TaskId id) override;
    Result<domain::Task> update(
        const domain::Task& task,
        std::int64_t expected_version,
        const domain::Actor& actor,
        const std::optional<domain::Notification>& notify
    ) override;
    Result<domain::Task> move_to_trash(
        domain::TaskId id,
        std::optional<std::int64_t> expected_version,
        domain::TimestampMs now,
        const domain::Actor& actor
    ) override;
    Result<domain::TaskPage> list(const domain::TaskListQuery& query) override;

private:
    Database& database_;
};

class SqliteNotificationRepository final : public domain::NotificationRepository {
public:
    explicit SqliteNotificationRepository(Database& database) : database_(database) {}

    Result<domain::NotificationPage> list(const domain::NotificationQuery& query) override;
    Result<void> mark_read(domain::UserId user_id, domain::NotificationId id, domain::TimestampMs now) override;
    Result<std::size_t> mark_all_read(domain::UserId user_id, domain::TimestampMs now) override;

private:
    Database& database_;
};

class SqliteCalendarFeedRepository final : public domain::CalendarFeedRepository {
public:
    explicit SqliteCalendarFeedRepository(Database& database) : database_(database) {}

    Result<void> replace(domain::UserId user_id, const std::string& token_hash, domain::TimestampMs now) override;
    Result<std::optional<domain::TimestampMs>> created_at(domain::UserId user_id) override;
    Result<bool> revoke(domain::UserId user_id) override;
    Result<domain::UserId> find_user(const std::string& token_hash) override;
    Result<domain::CalendarItems> items(domain::UserId user_id) override;

private:
    Database& database_;
};

}  // namespace kartoteka::store::sqlite
