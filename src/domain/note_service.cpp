#include "domain/note_service.hpp"

#include <string>
#include <utility>

namespace kartoteka::domain {
namespace {

Error not_a_user() {
    return Error{ErrorCode::PermissionDenied, "minutes are written by users; this actor is not one"};
}

// Equal apart from what the store maintains: saving `candidate` would change nothing. Participant names are
// the store's snapshot, so they are compared by who, not by the name at the time.
bool same_content(Note candidate, const Note& stored) {
    candidate.version = stored.version;
    candidate.created_at = stored.created_at;
    candidate.updated_at = stored.updated_at;
    candidate.deleted_at = stored.deleted_at;
    candidate.author_name = stored.author_name;
    if (candidate.participants.size() != stored.participants.size()) {
        return false;
    }
    for (std::size_t i = 0; i < candidate.participants.size(); ++i) {
        candidate.participants[i].name = stored.participants[i].name;
    }
    return candidate == stored;
}

}  // namespace

NoteService::NoteService(NoteRepository& notes, Clock clock) : notes_(notes), clock_(std::move(clock)) {}

Result<Note> NoteService::create(CustomerId customer_id, NoteDraft draft, const Actor& actor) {
    if (!actor.user_id) {
        return fail(not_a_user());
    }
    auto note = note_from_draft(customer_id, std::move(draft));
    if (!note) {
        return fail(std::move(note.error()));
    }
    note->author_id = *actor.user_id;
    note->created_at = clock_();
    note->updated_at = note->created_at;
    return notes_.insert(*note, actor);
}

Result<Note> NoteService::get(NoteId id) {
    return notes_.find(id);
}

Result<Note> NoteService::load_for_change(NoteId id, std::int64_t expected_version, const Actor& actor) {
    auto stored = notes_.find(id);
    if (!stored) {
        return fail(std::move(stored.error()));
    }
    if (!actor.user_id || *actor.user_id != stored->author_id) {
        // Minutes are a personal record of what was said; colleagues read them but do not rewrite them.
        return fail(Error{ErrorCode::PermissionDenied, "only the author may change or delete this note"});
    }
    if (stored->version != expected_version) {
        return fail(Error::conflict(
            "note " + std::to_string(id) + " was changed meanwhile: it is at version " +
            std::to_string(stored->version) + ", the change expected version " + std::to_string(expected_version)
        ));
    }
    return stored;
}

Result<Note> NoteService::update(NoteId id, std::int64_t expected_version, const NotePatch& patch, const Actor& actor) {
    auto stored = load_for_change(id, expected_version, actor);
    if (!stored) {
        return fail(std::move(stored.error()));
    }
    auto note = validate_note(apply_patch(*stored, patch));
    if (!note) {
        return fail(std::move(note.error()));
    }
    if (same_content(*note, *stored)) {
        // A write would bump the version and make open editors stale (412) for no change at all.
        return stored;
    }
    note->updated_at = clock_();
    // The repository compares the version again inside its transaction, closing the race with the check above.
    return notes_.update(*note, expected_version, actor);
}

Result<Note> NoteService::move_to_trash(NoteId id, std::int64_t expected_version, const Actor& actor) {
    auto stored = load_for_change(id, expected_version, actor);
    if (!stored) {
        return fail(std::move(stored.error()));
    }
    return notes_.move_to_trash(id, expected_version, clock_(), actor);
}

Result<NotePage> NoteService::list(const NoteListQuery& query) {
    if (query.limit == 0 || query.limit > kMaxNotePageSize) {
        return fail(Error::invalid_field("limit", "must be between 1 and " + std::to_string(kMaxNotePageSize)));
    }
    return notes_.list(query);
}

}  // namespace kartoteka::domain
