#pragma once

#include "domain/document.hpp"
#include "store/sqlite/sqlite_database.hpp"

namespace kartoteka::store::sqlite {

class SqliteDocumentRepository final : public domain::DocumentRepository {
public:
    explicit SqliteDocumentRepository(Database& database) : database_(database) {}

    Result<domain::Document> create(
        domain::CustomerId customer_id,
        const std::string& name,
        const domain::NewVersion& version,
        const domain::Actor& actor
    ) override;
    Result<domain::Document> add_version(
        domain::DocumentId id, const domain::NewVersion& version, const domain::Actor& actor
    ) override;
    Result<domain::Document> find(domain::DocumentId id, bool include_trashed) override;
    Result<std::optional<domain::DocumentId>> find_live_by_name(
        domain::CustomerId customer_id, const std::string& name_key
    ) override;
    Result<domain::Document> move_to_trash(
        domain::DocumentId id, std::int64_t expected_version, domain::TimestampMs now, const domain::Actor& actor
    ) override;
    Result<domain::Document> restore(domain::DocumentId id, domain::TimestampMs now, const domain::Actor& actor)
        override;
    Result<domain::DocumentPage> list(const domain::DocumentListQuery& query) override;
    Result<bool> blob_referenced(const std::string& sha256) override;

private:
    Database& database_;
};

}  // namespace kartoteka::store::sqlite
