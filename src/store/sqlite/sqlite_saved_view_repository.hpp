#pragma once

#include "domain/saved_view.hpp"
#include "store/sqlite/sqlite_database.hpp"

namespace kartoteka::store::sqlite {

class SqliteSavedViewRepository final : public domain::SavedViewRepository {
public:
    explicit SqliteSavedViewRepository(Database& database) : database_(database) {}

    Result<domain::SavedView> insert(const domain::SavedView& view) override;
    Result<domain::SavedView> find(domain::SavedViewId id, domain::UserId viewer) override;
    Result<std::vector<domain::SavedView>> list_visible(domain::UserId viewer) override;
    Result<domain::SavedView> update(
        const domain::SavedView& view, std::int64_t expected_version, domain::UserId viewer
    ) override;
    Result<void> remove(domain::SavedViewId id, std::optional<std::int64_t> expected_version) override;
    Result<std::optional<domain::SavedViewId>> default_view(domain::UserId user) override;
    Result<void> set_default_view(domain::UserId user, std::optional<domain::SavedViewId> view) override;

private:
    Database& database_;
};

/// Migration 4: the saved_views and user_default_views tables.
extern const char* const kSavedViewsMigration;

}  // namespace kartoteka::store::sqlite
