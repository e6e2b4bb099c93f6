#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/customer_filter.hpp"
#include "domain/customer_service.hpp"
#include "domain/error.hpp"

// Saved views (Pohledy): a named list query (search, filters, sort) plus the visible columns, private to its
// owner or shared with the team, and each user's default view. A view is a preference, not customer data:
// it has no history and a delete is final.
namespace kartoteka::domain {

using SavedViewId = std::int64_t;

struct SavedView {
    SavedViewId id = 0;
    UserId owner_id = 0;
    std::string owner_name = {};  // display name, filled by the store
    std::string name = {};
    std::string query = {};  // a list query string without cursor/limit/count, e.g. "q=nov&sort=-updated"
    std::vector<std::string> columns = {};  // keys from domain/customer_columns.hpp
    bool shared = false;
    bool is_default = false;  // the viewer's default (filled by the store for the user it reads for)
    std::int64_t version = 0;
    TimestampMs created_at = 0;
    TimestampMs updated_at = 0;
};

struct SavedViewDraft {
    std::string name = {};
    std::string query = {};
    std::vector<std::string> columns = {};
    bool shared = false;
};

/// A partial update: absent members stay as they are.
struct SavedViewPatch {
    std::optional<std::string> name = std::nullopt;
    std::optional<std::string> query = std::nullopt;
    std::optional<std::vector<std::string>> columns = std::nullopt;
    std::optional<bool> shared = std::nullopt;
};

inline constexpr std::size_t kMaxViewNameChars = 100;
inline constexpr std::size_t kMaxViewQueryBytes = 4000;

class SavedViewRepository {
public:
    virtual ~SavedViewRepository() = default;
    /// InvalidArgument (field "name", code "name.taken") when the owner already has a view of that name.
    virtual Result<SavedView> insert(const SavedView& view) = 0;
    /// NotFound unless the view is the viewer's own or shared.
    virtual Result<SavedView> find(SavedViewId id, UserId viewer) = 0;
    /// The viewer's own views and every shared one, by name in Czech order (ties by id).
    virtual Result<std::vector<SavedView>> list_visible(UserId viewer) = 0;
    /// Writes name/query/columns/shared; FailedPrecondition when the stored version is not expected_version;
    /// name.taken as insert().
    virtual Result<SavedView> update(const SavedView& view, std::int64_t expected_version, UserId viewer) = 0;
    /// Deletes the view and every user's default pointing at it; FailedPrecondition on a stale version.
    virtual Result<void> remove(SavedViewId id, std::optional<std::int64_t> expected_version) = 0;
    virtual Result<std::optional<SavedViewId>> default_view(UserId user) = 0;
    /// nullopt clears it. The caller checks visibility.
    virtual Result<void> set_default_view(UserId user, std::optional<SavedViewId> view) = 0;
};

/// Rules on top of the repository: validation, who may change what, timestamps.
class SavedViewService {
public:
    explicit SavedViewService(SavedViewRepository& views, Clock clock = system_now_ms);

    Result<std::vector<SavedView>> list(UserId viewer);
    Result<SavedView> get(SavedViewId id, UserId viewer);
    Result<SavedView> create(SavedViewDraft draft, UserId owner);
    /// PermissionDenied for anyone but the owner (NotFound when the view is not even visible).
    Result<SavedView> update(SavedViewId id, std::int64_t expected_version, SavedViewPatch patch, UserId viewer);
    Result<void> remove(SavedViewId id, std::optional<std::int64_t> expected_version, UserId viewer);
    /// The default view id, or nullopt; a default that is no longer visible (unshared since) reads as none.
    Result<std::optional<SavedViewId>> default_view(UserId user);
    /// InvalidArgument (field "view_id") when the view is not visible to the user.
    Result<std::optional<SavedViewId>> set_default_view(UserId user, std::optional<SavedViewId> view);

private:
    SavedViewRepository& views_;
    Clock clock_;
};

/// Splits a query string into decoded (name, value) pairs exactly as the server decodes a request's query:
/// '&'-separated, '+' is a space, %XX escapes; InvalidArgument naming the parameter on a malformed escape.
Result<QueryParams> parse_query_string(std::string_view query);

/// Field errors (keyed by `field`) for a view's query: it must parse as a customer list query and carry no
/// cursor, limit or count. The message names the offending parameter.
Result<void> validate_view_query(std::string_view query, const std::string& field = "query");

/// The draft with its name trimmed, or InvalidArgument listing every bad field: "name", "query", "columns[i]".
Result<SavedViewDraft> normalize_view_draft(SavedViewDraft draft);

}  // namespace kartoteka::domain
