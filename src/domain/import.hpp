#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/actor.hpp"
#include "domain/customer.hpp"
#include "domain/customer_columns.hpp"
#include "domain/error.hpp"

// Bulk import of customers: the records, options and store port. The engine that reads a sheet and drives
// these lives in importer/import_engine.hpp; the store implements ImportRepository (store/sqlite/).
namespace kartoteka::domain {

using ImportId = std::int64_t;

enum class ImportMode { Create, Upsert, Skip };               // "create" | "upsert" | "skip"
enum class FieldPolicy { FillEmpty, Overwrite, Keep };        // "fill_empty" | "overwrite" | "keep"
enum class ImportAtomicity { AllOrNothing, ValidRows };       // "all_or_nothing" | "valid_rows"
enum class DuplicateAction { Create, Update, Skip };           // "create" | "update" | "skip"
enum class MatchRule { Ico, Email, NameCity };                 // "ico" | "email" | "name_city"
enum class ImportStatus {
    Draft,        // "draft": uploaded, being configured in the wizard
    Running,      // "running"
    Succeeded,    // "succeeded"
    Failed,       // "failed": nothing written (all_or_nothing) or stopped by an error (valid_rows: batches kept)
    Cancelled,    // "cancelled": by the user; valid_rows keeps the committed batches
    Interrupted,  // "interrupted": the server stopped mid-run; found so at start-up
    Reverted,     // "reverted": undone
};

const char* to_string(ImportMode value);
const char* to_string(FieldPolicy value);
const char* to_string(ImportAtomicity value);
const char* to_string(DuplicateAction value);
const char* to_string(MatchRule value);
const char* to_string(ImportStatus value);
std::optional<ImportMode> parse_import_mode(std::string_view text);
std::optional<FieldPolicy> parse_field_policy(std::string_view text);
std::optional<ImportAtomicity> parse_import_atomicity(std::string_view text);
std::optional<DuplicateAction> parse_duplicate_action(std::string_view text);
std::optional<ImportStatus> parse_import_status(std::string_view text);

/// Which customer column each sheet column feeds; nullopt = ignored. Index = 0-based sheet column.
struct ImportMapping {
    std::vector<std::optional<CustomerColumn>> columns = {};

    bool operator==(const ImportMapping&) const = default;
};

/// A mapping saved under a name, keyed by header text so it applies to a file whose columns moved.
struct SavedImportMapping {
    std::int64_t id = 0;
    std::string name = {};
    std::map<std::string, CustomerColumn> by_header = {};  // header text as in the file -> column
    std::optional<UserId> created_by = std::nullopt;
    TimestampMs created_at = 0;
};

/// Everything the user chose in the wizard (or on the CLI).
struct ImportOptions {
    std::size_t sheet = 0;            // index into the reader's sheets
    std::uint32_t header_row = 0;     // 1-based row number of the header; 0 = none (data starts at row 1)
    ImportMapping mapping = {};
    ImportMode mode = ImportMode::Create;
    FieldPolicy field_policy = FieldPolicy::FillEmpty;
    ImportAtomicity atomicity = ImportAtomicity::ValidRows;
    /// Per-row choice for rows that match a stored customer or an earlier row, by row number; rows not
    /// listed follow the mode (create → rejected as duplicate, upsert → update, skip → skip).
    std::map<std::uint32_t, DuplicateAction> duplicate_actions = {};
    /// The choice "for all duplicates" in the wizard: overrides the mode's default for matched rows that
    /// duplicate_actions does not list.
    std::optional<DuplicateAction> duplicate_default = std::nullopt;
};

struct RowIssue {
    std::string field = {};  // a customer column key ("ico", "contact_email") or "" for the row
    std::string code = {};    // stable, e.g. "ico.check_digit", "ico.leading_zeros_restored", "required"
    std::string message = {};

    bool operator==(const RowIssue&) const = default;
};

/// What a row of the file matches: a stored customer or an earlier row of the same file.
struct RowMatch {
    MatchRule rule = MatchRule::Ico;
    std::optional<CustomerId> customer_id = std::nullopt;  // a stored customer
    std::string customer_name = {};
    std::optional<std::uint32_t> row_number = std::nullopt;  // an earlier row of the file

    bool operator==(const RowMatch&) const = default;
};

/// Normalised keys a customer is matched by (empty = not usable): 8-digit IČO, lower-case e-mail, and the
/// folded name without legal form ("s.r.o.", "a.s."…) plus the folded billing city.
struct MatchKeys {
    std::string ico = {};
    std::string email = {};
    std::string name = {};
    std::string city = {};

    bool operator==(const MatchKeys&) const = default;
};

MatchKeys match_keys(const Customer& customer);
/// "Novák & syn, s.r.o." → "novak syn": folded, punctuation dropped, legal form removed.
std::string normalized_name_key(std::string_view name);

/// A stored customer found for a row's keys, with the rule that found it (IČO before e-mail before name+city).
struct StoreMatch {
    MatchRule rule = MatchRule::Ico;
    CustomerId id = 0;
    std::string name = {};
};

/// For an update: the stored record with the incoming values of the mapped columns applied by the policy
/// (fill_empty: only where the stored value is empty; overwrite: every non-empty incoming value; keep: none).
/// A mapped contact person is added unless one with the same name or e-mail exists; tags are united.
Customer merge_for_import(
    const Customer& stored,
    const Customer& incoming,
    const std::vector<CustomerColumn>& mapped_columns,
    FieldPolicy policy
);

/// One row's write, as the engine decided it.
struct ImportWrite {
    enum class Action { Create, Update };
    std::uint32_t row_number = 0;
    Action action = Action::Create;
    Customer incoming = {};                  // validated; for Create stored as is
    CustomerId target = 0;                   // Update: the matched customer
    std::vector<CustomerColumn> mapped = {};  // Update: columns the file provides
    FieldPolicy policy = FieldPolicy::FillEmpty;
};

/// A row that will not be written, kept for the error report (the original cells as text, in file order).
struct ImportRejection {
    std::uint32_t row_number = 0;
    std::vector<std::string> cells = {};
    std::string reason = {};  // human-readable, Czech-first UI translates `code` when it knows it
    std::string code = {};

    bool operator==(const ImportRejection&) const = default;
};

struct ImportBatch {
    std::vector<ImportWrite> writes = {};
    std::vector<ImportRejection> rejections = {};
    std::int64_t skipped = 0;     // rows skipped by the user's choice (matched + skip)
    std::int64_t rows_read = 0;   // rows of the file this batch accounts for (progress)
    std::int64_t duplicates = 0;  // rows that matched a stored customer or an earlier row (ImportCounts::duplicates)
};

struct ImportCounts {
    std::int64_t rows_total = 0;  // data rows in the sheet (known after the first pass; 0 while unknown)
    std::int64_t rows_done = 0;
    std::int64_t created = 0;
    std::int64_t updated = 0;
    std::int64_t skipped = 0;
    std::int64_t rejected = 0;
    std::int64_t duplicates = 0;  // rows that matched something (stored or earlier row), whatever was done

    bool operator==(const ImportCounts&) const = default;
};

/// One import, as recorded (who, when, file, mapping, counts) and shown in the import history.
struct ImportRecord {
    ImportId id = 0;
    ImportStatus status = ImportStatus::Draft;
    std::optional<UserId> created_by = std::nullopt;
    TimestampMs created_at = 0;
    std::optional<TimestampMs> started_at = std::nullopt;
    std::optional<TimestampMs> finished_at = std::nullopt;
    std::string file_name = {};  // as uploaded
    std::string format = {};     // "xlsx" | "xls" | "ods" | "csv"
    std::string sheet = {};      // the chosen sheet's name
    std::string options_json = {};  // ImportOptions as the API's JSON (mapping by column key), for the record
    ImportCounts counts = {};
    std::string error = {};  // why it failed / was interrupted
    std::optional<TimestampMs> reverted_at = std::nullopt;
    std::optional<UserId> reverted_by = std::nullopt;
};

/// A field an import set that someone changed since; a revert leaves it alone and lists it.
struct RevertConflict {
    CustomerId customer_id = 0;
    std::string customer_name = {};
    std::string field = {};          // customer column key
    std::string import_value = {};   // what the import wrote (JSON text)
    std::string current_value = {};  // what is stored now (JSON text)
};

struct RevertOutcome {
    std::int64_t trashed = 0;   // customers the import created, now in the trash
    std::int64_t restored = 0;  // customers whose updated fields got their old values back
    std::vector<RevertConflict> conflicts = {};
};

class ImportRepository {
public:
    virtual ~ImportRepository() = default;

    /// Stores a new record (status as given, normally Draft) and returns it with its id.
    virtual Result<ImportRecord> create(const ImportRecord& record) = 0;
    virtual Result<ImportRecord> find(ImportId id) = 0;
    /// Newest first.
    virtual Result<std::vector<ImportRecord>> list(std::size_t limit) = 0;
    /// Sets status, started/finished times, error, options_json, sheet and counts.rows_total from `record`.
    virtual Result<void> update_status(const ImportRecord& record) = 0;
    /// At start-up: every Running import becomes Interrupted (its committed batches stay). Returns how many.
    virtual Result<std::size_t> mark_interrupted(TimestampMs now, std::string_view reason) = 0;

    /// For each key set, the live customer it matches by the first rule that finds one (IČO, then e-mail,
    /// then name + city). Same order and size as `keys`.
    virtual Result<std::vector<std::optional<StoreMatch>>> find_matches(const std::vector<MatchKeys>& keys) = 0;

    /// One write transaction: calls next_batch() until it returns nullopt and applies each batch — creates
    /// and updates (merge_for_import on the record read inside the transaction) with history entries by
    /// `actor` (Channel::Import), the per-field before/after needed for revert, the rejections, and adds the
    /// batch's counts to the record. An error from next_batch() or from a write rolls back all of this call.
    /// Returns the counts this call added.
    virtual Result<ImportCounts> write(
        ImportId id, const Actor& actor, const std::function<Result<std::optional<ImportBatch>>()>& next_batch
    ) = 0;

    /// Rejected rows in row order, for the error report: those after `after_row`, at most `limit`.
    virtual Result<std::vector<ImportRejection>> rejections(ImportId id, std::uint32_t after_row, std::size_t limit) = 0;

    /// Undoes a finished import in one transaction: created customers go to the trash, updated fields get
    /// their old values back unless changed since (listed as conflicts). FailedPrecondition when the import
    /// is running or already reverted. Sets status Reverted.
    virtual Result<RevertOutcome> revert(ImportId id, const Actor& actor, TimestampMs now) = 0;

    virtual Result<SavedImportMapping> save_mapping(const SavedImportMapping& mapping) = 0;  // replaces by name
    virtual Result<std::vector<SavedImportMapping>> list_mappings() = 0;
    virtual Result<void> delete_mapping(std::int64_t id) = 0;
};

}  // namespace kartoteka::domain
