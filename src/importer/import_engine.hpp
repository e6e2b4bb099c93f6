#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/import.hpp"
#include "importer/sheet_reader.hpp"

// The import engine: turns a sheet's rows into validated customers, finds duplicates (in the file and in the
// store) and writes through domain::ImportRepository. Shared by the HTTP wizard and `kartoteka import`.
namespace kartoteka::importer {

/// Users by folded username and by folded full name, for an "owner" column.
using UserDirectory = std::map<std::string, domain::UserId, std::less<>>;

/// The suggested mapping for a header row: Czech and English names ("Název firmy", "Firma", "IČ", "IČO",
/// "E-mail", "Mobil", "PSČ", "Kontaktní osoba", "Štítky"…) and the export's own labels; unknown → ignored.
domain::ImportMapping suggest_mapping(const std::vector<std::string>& headers);
/// The saved mapping applied to this file's headers (columns whose header it does not know are ignored).
domain::ImportMapping apply_saved_mapping(
    const domain::SavedImportMapping& saved, const std::vector<std::string>& headers
);

/// The text of each cell as a person reads it (dates as YYYY-MM-DD, numbers without exponent).
std::vector<std::string> cell_texts(const Row& row);

/// What the wizard shows after "choose the sheet": the first rows as read, the header row found, its texts
/// and the mapping suggested for them.
struct SheetOverview {
    std::vector<SheetInfo> sheets = {};
    std::size_t sheet = 0;
    std::vector<Row> first_rows = {};   // up to 20 non-empty rows from the top
    std::uint32_t header_row = 0;       // suggested (row number), 0 when none was found
    std::vector<std::string> headers = {};
    domain::ImportMapping suggested_mapping = {};
    SheetLayout layout = {};            // hidden rows/columns and merged ranges seen in first_rows
};

Result<SheetOverview> inspect_sheet(SheetReader& reader, std::size_t sheet);

/// A data row converted, checked and matched: what the preview shows and what the run writes.
struct ConvertedRow {
    std::uint32_t row_number = 0;
    std::vector<std::string> cells = {};  // the original cells as text
    domain::Customer customer = {};       // exactly as it would be stored (normalised)
    std::vector<domain::RowIssue> errors = {};    // non-empty: the row is rejected
    std::vector<domain::RowIssue> warnings = {};  // e.g. ico.leading_zeros_restored, hidden_row
    std::optional<domain::RowMatch> match = std::nullopt;
    /// What the run will do with the row given the options: "create" | "update" | "skip" | "reject".
    std::string action = {};
};

struct Preview {
    std::vector<std::string> headers = {};
    std::vector<ConvertedRow> rows = {};  // the first `limit` data rows
};

/// Converts and matches the first `limit` data rows; writes nothing.
Result<Preview> preview(
    SheetReader& reader,
    const domain::ImportOptions& options,
    domain::ImportRepository& imports,
    const UserDirectory& users,
    std::size_t limit
);

struct RunControl {
    /// Called after each committed batch (and once with rows_total when it is known); from the running thread.
    std::function<void(const domain::ImportCounts&)> on_progress = {};
    /// Set by another thread to stop: valid_rows keeps committed batches, all_or_nothing rolls back.
    const std::atomic<bool>* cancel = nullptr;
    std::size_t batch_rows = 1000;
    bool dry_run = false;  // convert, match and count, write nothing
    /// Fill RunOutcome::rejections and duplicates also for a real run (the CLI's --json); memory grows with them.
    bool collect_details = false;
};

struct RunOutcome {
    domain::ImportStatus status = domain::ImportStatus::Succeeded;  // Succeeded | Cancelled | Failed
    domain::ImportCounts counts = {};
    std::string error = {};
    /// Only filled for dry runs and the CLI's --json: every rejected row and every duplicate.
    std::vector<domain::ImportRejection> rejections = {};
    std::vector<std::pair<std::uint32_t, domain::RowMatch>> duplicates = {};
};

/// Reads the whole sheet and imports it under record `import_id` (which must exist), honouring
/// options.atomicity: all_or_nothing = one transaction for the whole file; valid_rows = one per batch, each
/// customer whole. Memory stays bounded whatever the file size (in-file dedupe keeps 64-bit key hashes only).
/// Sets no status on the record: the caller does (it knows about cancellation and crashes).
Result<RunOutcome> run_import(
    SheetReader& reader,
    const domain::ImportOptions& options,
    domain::ImportRepository& imports,
    domain::ImportId import_id,
    const domain::Actor& actor,
    const UserDirectory& users,
    RunControl& control
);

}  // namespace kartoteka::importer
