#pragma once

#include <optional>

#include "domain/actor.hpp"
#include "domain/customer_service.hpp"
#include "domain/error.hpp"
#include "domain/note.hpp"

namespace kartoteka::domain {

/// The minutes use cases: validation, authorship (only the author edits or deletes), versions and the trash,
/// over a NoteRepository.
class NoteService {
public:
    explicit NoteService(NoteRepository& notes, Clock clock = system_now_ms);

    /// The actor becomes the author. PermissionDenied when the actor is not a user (the CLI).
    Result<Note> create(CustomerId customer_id, NoteDraft draft, const Actor& actor);
    Result<Note> get(NoteId id);
    /// PermissionDenied for anyone but the author; FailedPrecondition when expected_version is stale.
    Result<Note> update(NoteId id, std::int64_t expected_version, const NotePatch& patch, const Actor& actor);
    /// To the trash; author only, like update.
    Result<Note> move_to_trash(NoteId id, std::int64_t expected_version, const Actor& actor);
    /// InvalidArgument (field "limit") when limit is 0 or above kMaxNotePageSize.
    Result<NotePage> list(const NoteListQuery& query);

private:
    /// The stored note when `actor` may change it (its author), else the refusal.
    Result<Note> load_for_change(NoteId id, std::int64_t expected_version, const Actor& actor);

    NoteRepository& notes_;
    Clock clock_;
};

}  // namespace kartoteka::domain
