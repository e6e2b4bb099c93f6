#pragma once

#include "domain/import.hpp"
#include "store/sqlite/sqlite_database.hpp"

namespace kartoteka::store::sqlite {

/// Migration 0005: import records, their per-customer changes (for revert), rejected rows and saved
/// mappings; the customers' match_name_key column and the indexes duplicate matching reads.
extern const char* const kImportsMigration;

/// Runs inside migration 0005's transaction, after kImportsMigration: fills match_name_key of the customers
/// stored before it existed (the key needs ICU folding, so it is computed in C++) and then indexes it.
void backfill_match_name_keys(Connection& connection);

class SqliteImportRepository final : public domain::ImportRepository {
public:
    explicit SqliteImportRepository(Database& database) : database_(database) {}

    Result<domain::ImportRecord> create(const domain::ImportRecord& record) override;
    Result<domain::ImportRecord> find(domain::ImportId id) override;
    Result<std::vector<domain::ImportRecord>> list(std::size_t limit) override;
    Result<void> update_status(const domain::ImportRecord& record) override;
    Result<std::size_t> mark_interrupted(domain::TimestampMs now, std::string_view reason) override;
    Result<std::vector<std::optional<domain::StoreMatch>>> find_matches(const std::vector<domain::MatchKeys>& keys
    ) override;
    Result<domain::ImportCounts> write(
        domain::ImportId id,
        const domain::Actor& actor,
        const std::function<Result<std::optional<domain::ImportBatch>>()>& next_batch
    ) override;
    Result<std::vector<domain::ImportRejection>> rejections(
        domain::ImportId id, std::uint32_t after_row, std::size_t limit
    ) override;
    Result<domain::RevertOutcome> revert(domain::ImportId id, const domain::Actor& actor, domain::TimestampMs now)
        override;
    Result<domain::SavedImportMapping> save_mapping(const domain::SavedImportMapping& mapping) override;
    Result<std::vector<domain::SavedImportMapping>> list_mappings() override;
    Result<void> delete_mapping(std::int64_t id) override;

private:
    Database& database_;
};

}  // namespace kartoteka::store::sqlite
