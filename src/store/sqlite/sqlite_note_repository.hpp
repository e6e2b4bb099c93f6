#pragma once

#include "domain/note.hpp"
#include "store/sqlite/sqlite_database.hpp"

namespace kartoteka::store::sqlite {

class SqliteNoteRepository final : public domain::NoteRepository {
public:
    explicit SqliteNoteRepository(Database& database) : database_(database) {}

    Result<domain::Note> insert(const domain::Note& note, const domain::Actor& actor) override;
    Result<domain::Note> find(domain::NoteId id) override;
    Result<domain::Note> update(const domain::Note& note, std::int64_t expected_version, const domain::Actor& actor)
        override;
    Result<domain::Note> move_to_trash(
        domain::NoteId id,
        std::optional<std::int64_t> expected_version,
        domain::TimestampMs now,
        const domain::Actor& actor
    ) override;
    Result<domain::NotePage> list(const domain::NoteListQuery& query) override;

private:
    Database& database_;
};

}  // namespace kartoteka::store::sqlite
