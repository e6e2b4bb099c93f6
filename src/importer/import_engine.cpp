#include "importer/import_engine.hpp"

#include <algorithm>
#include <string>
#include <unordered_map>
#include <utility>

#include "importer/column_mapping.hpp"
#include "importer/header_row.hpp"
#include "importer/row_conversion.hpp"
#include "util/text.hpp"

namespace kartoteka::importer {
namespace {

using domain::ImportCounts;
using domain::MatchRule;

constexpr std::size_t kOverviewRows = 20;

// Row-level codes of the dedupe decisions (the validators' codes are per field).
constexpr std::string_view kDuplicateInFile = "duplicate.in_file";
constexpr std::string_view kDuplicateStored = "duplicate.stored";

/// The in-file dedupe index: 64-bit hashes of (rule, key) → the row number that first had it. Open addressing
/// in two flat arrays (12 bytes a slot) so that 1M rows × 3 keys stay around 50 MB; a hash collision (about
/// 1 in 10^7 for 3M keys) would at worst mark one row as a duplicate of another.
class KeyIndex {
public:
    struct Entry {
        std::uint32_t row_number = 0;
        bool created = false;  // the row was imported as a new customer
    };

    std::optional<Entry> find(std::uint64_t hash) const {
        if (hashes_.empty()) {
            return std::nullopt;
        }
        for (std::size_t slot = hash & mask_;; slot = (slot + 1) & mask_) {
            if (hashes_[slot] == 0) {
                return std::nullopt;
            }
            if (hashes_[slot] == hash) {
                return Entry{rows_[slot] & ~kCreatedBit, (rows_[slot] & kCreatedBit) != 0};
            }
        }
    }

    void insert(std::uint64_t hash, Entry entry) {
        if ((size_ + 1) * 10 > hashes_.size() * 7) {
            grow();
        }
        const std::uint32_t packed = entry.row_number | (entry.created ? kCreatedBit : 0);
        for (std::size_t slot = hash & mask_;; slot = (slot + 1) & mask_) {
            if (hashes_[slot] == hash) {
                return;  // the first row keeps the key
            }
            if (hashes_[slot] == 0) {
                hashes_[slot] = hash;
                rows_[slot] = packed;
                ++size_;
                return;
            }
        }
    }

private:
    // Row numbers stay below 2^21 (1,048,576 rows), so the top bit is free for the flag.
    static constexpr std::uint32_t kCreatedBit = 0x80000000u;

    void grow() {
        const std::size_t capacity = hashes_.empty() ? 1024 : hashes_.size() * 2;
        std::vector<std::uint64_t> old_hashes(capacity, 0);
        std::vector<std::uint32_t> old_rows(capacity, 0);
        old_hashes.swap(hashes_);
        old_rows.swap(rows_);
        mask_ = capacity - 1;
        size_ = 0;
        for (std::size_t i = 0; i < old_hashes.size(); ++i) {
            if (old_hashes[i] != 0) {
                insert_packed(old_hashes[i], old_rows[i]);
            }
        }
    }

    void insert_packed(std::uint64_t hash, std::uint32_t packed) {
        for (std::size_t slot = hash & mask_;; slot = (slot + 1) & mask_) {
            if (hashes_[slot] == 0) {
                hashes_[slot] = hash;
                rows_[slot] = packed;
                ++size_;
                return;
            }
        }
    }

    std::vector<std::uint64_t> hashes_;
    std::vector<std::uint32_t> rows_;
    std::size_t mask_ = 0;
    std::size_t size_ = 0;
};

std::uint64_t key_hash(MatchRule rule, std::string_view first, std::string_view second = {}) {
    // FNV-1a over rule, key and separator, then a SplitMix64 finaliser for the low bits the table indexes by.
    std::uint64_t hash = 14695981039346656037ull;
    const auto mix = [&](unsigned char byte) {
        hash ^= byte;
        hash *= 1099511628211ull;
    };
    mix(static_cast<unsigned char>(rule));
    for (const char c : first) {
        mix(static_cast<unsigned char>(c));
    }
    mix(0x1f);
    for (const char c : second) {
        mix(static_cast<unsigned char>(c));
    }
    hash ^= hash >> 30;
    hash *= 0xbf58476d1ce4e5b9ull;
    hash ^= hash >> 27;
    hash *= 0x94d049bb133111ebull;
    hash ^= hash >> 31;
    return hash == 0 ? 1 : hash;  // 0 marks an empty slot
}

/// The keys a row is matched by, in rule order; a rule whose key is empty is left out. Name + city needs a name
/// key; an empty city is a value like any other, as in the store's match_name_key.
std::vector<std::pair<MatchRule, std::uint64_t>> row_key_hashes(const domain::MatchKeys& keys) {
    std::vector<std::pair<MatchRule, std::uint64_t>> hashes;
    if (!keys.ico.empty()) {
        hashes.emplace_back(MatchRule::Ico, key_hash(MatchRule::Ico, keys.ico));
    }
    if (!keys.email.empty()) {
        hashes.emplace_back(MatchRule::Email, key_hash(MatchRule::Email, keys.email));
    }
    if (!keys.name.empty()) {
        hashes.emplace_back(MatchRule::NameCity, key_hash(MatchRule::NameCity, keys.name, keys.city));
    }
    return hashes;
}

std::string_view rule_field(MatchRule rule) {
    switch (rule) {
        case MatchRule::Ico:
            return "ico";
        case MatchRule::Email:
            return "email";
        case MatchRule::NameCity:
            return "name";
    }
    return "";
}

std::string rule_words(MatchRule rule) {
    switch (rule) {
        case MatchRule::Ico:
            return "the same IČO";
        case MatchRule::Email:
            return "the same e-mail";
        case MatchRule::NameCity:
            return "the same name and city";
    }
    return "";
}

std::string reason_of(const std::vector<domain::RowIssue>& errors) {
    std::string reason;
    for (const auto& issue : errors) {
        if (!reason.empty()) {
            reason += "; ";
        }
        if (const auto column = domain::parse_customer_column(issue.field)) {
            reason += domain::column_info(*column).label_cs;
            reason += ": ";
        }
        reason += issue.message;
    }
    return reason;
}

/// Matches rows against earlier rows of the file and the store, and decides what happens to each.
class Matcher {
public:
    Matcher(domain::ImportRepository& imports, const domain::ImportOptions& options)
        : imports_(imports),
          options_(options) {}

    Result<void> process(std::vector<ConvertedRow>& rows) {
        // The store is asked about every valid row of the batch at once (one query per batch, not per row); the
        // file's earlier rows are then checked row by row, since each row's decision feeds the rows after it.
        std::vector<domain::MatchKeys> keys(rows.size());
        std::vector<domain::MatchKeys> store_keys;
        std::vector<std::size_t> store_rows;
        for (std::size_t i = 0; i < rows.size(); ++i) {
            if (!rows[i].errors.empty()) {
                continue;
            }
            keys[i] = domain::match_keys(rows[i].customer);
            store_keys.push_back(keys[i]);
            store_rows.push_back(i);
        }
        std::vector<std::optional<domain::StoreMatch>> stored(rows.size());
        if (!store_keys.empty()) {
            auto found = imports_.find_matches(store_keys);
            if (!found) {
                return fail(found.error());
            }
            if (found->size() != store_keys.size()) {
                return fail(Error::internal("find_matches returned a different number of results"));
            }
            for (std::size_t k = 0; k < found->size(); ++k) {
                stored[store_rows[k]] = std::move((*found)[k]);
            }
        }

        std::unordered_map<std::uint32_t, std::size_t> batch_index;  // row number → index, for the matched name
        for (std::size_t i = 0; i < rows.size(); ++i) {
            ConvertedRow& row = rows[i];
            if (!row.errors.empty()) {
                row.action = "reject";
                continue;
            }
            const auto hashes = row_key_hashes(keys[i]);
            std::optional<domain::RowMatch> earlier;
            bool earlier_created = false;
            for (const auto& [rule, hash] : hashes) {
                if (const auto found = index_.find(hash)) {
                    earlier = domain::RowMatch{.rule = rule, .row_number = found->row_number};
                    earlier_created = found->created;
                    if (const auto same_batch = batch_index.find(found->row_number); same_batch != batch_index.end()) {
                        earlier->customer_name = rows[same_batch->second].customer.name;
                    }
                    break;
                }
            }
            // A customer this import created is matched as "that earlier row", never as a stored customer, so
            // that the outcome does not depend on whether the earlier row's batch was committed yet.
            if (earlier && earlier_created) {
                row.match = std::move(earlier);
                decide_in_file(row);
            } else if (stored[i]) {
                row.match = domain::RowMatch{
                    .rule = stored[i]->rule, .customer_id = stored[i]->id, .customer_name = stored[i]->name};
                decide_stored(row);
            } else if (earlier) {
                row.match = std::move(earlier);
                decide_in_file(row);
            } else {
                row.action = "create";
            }
            if (row.action != "reject") {
                for (const auto& [rule, hash] : hashes) {
                    index_.insert(hash, KeyIndex::Entry{row.row_number, row.action == "create"});
                }
                batch_index.emplace(row.row_number, i);
            }
        }
        return ok();
    }

private:
    std::optional<domain::DuplicateAction> chosen_action(std::uint32_t row_number) const {
        if (const auto listed = options_.duplicate_actions.find(row_number);
            listed != options_.duplicate_actions.end()) {
            return listed->second;
        }
        return options_.duplicate_default;
    }

    void decide_in_file(ConvertedRow& row) const {
        const domain::RowMatch& match = *row.match;
        const std::string field(rule_field(match.rule));
        const std::string message = rule_words(match.rule) + " as row " + std::to_string(match.row_number.value_or(0));
        const auto chosen = chosen_action(row.row_number);
        if (chosen == domain::DuplicateAction::Create) {
            row.action = "create";
        } else if (chosen || options_.mode != domain::ImportMode::Create) {
            // Updating the customer an earlier row of the same file wrote is not supported: the row is skipped.
            row.action = "skip";
            row.warnings.push_back(domain::RowIssue{field, std::string(kDuplicateInFile), message});
        } else {
            row.action = "reject";
            row.errors.push_back(domain::RowIssue{field, std::string(kDuplicateInFile), message});
        }
    }

    void decide_stored(ConvertedRow& row) {
        const domain::RowMatch& match = *row.match;
        if (const auto chosen = chosen_action(row.row_number)) {
            row.action = domain::to_string(*chosen);
            return;
        }
        const std::string field(rule_field(match.rule));
        switch (options_.mode) {
            case domain::ImportMode::Create:
                row.action = "reject";
                row.errors.push_back(domain::RowIssue{
                    field,
                    std::string(kDuplicateStored),
                    rule_words(match.rule) + " as customer " + std::to_string(match.customer_id.value_or(0)) + " (" +
                        match.customer_name + ")"});
                break;
            case domain::ImportMode::Upsert: {
                // One row updates a customer; a later row for the same customer is an in-file duplicate.
                const std::uint64_t target = key_hash(MatchRule::Ico, "customer", std::to_string(*match.customer_id));
                if (const auto earlier = updated_.find(target)) {
                    row.action = "skip";
                    row.warnings.push_back(domain::RowIssue{
                        field,
                        std::string(kDuplicateInFile),
                        "row " + std::to_string(earlier->row_number) + " already updates this customer"});
                } else {
                    updated_.insert(target, KeyIndex::Entry{row.row_number, false});
                    row.action = "update";
                }
                break;
            }
            case domain::ImportMode::Skip:
                row.action = "skip";
                break;
        }
    }

    domain::ImportRepository& imports_;
    const domain::ImportOptions& options_;
    KeyIndex index_;
    KeyIndex updated_;  // stored customers an upsert row already updates
};

std::string column_letters(std::size_t index) {
    std::string letters;
    ++index;
    while (index > 0) {
        letters.insert(letters.begin(), static_cast<char>('A' + (index - 1) % 26));
        index = (index - 1) / 26;
    }
    return letters;
}

std::vector<std::string> header_texts(const Row& row) {
    std::vector<std::string> headers = cell_texts(row);
    for (auto& header : headers) {
        header = util::trim(header);
    }
    return headers;
}

Result<void> check_options(const SheetReader& reader, const domain::ImportOptions& options) {
    if (options.sheet >= reader.sheets().size()) {
        return fail(
            Error::invalid_field("sheet", "the file has no sheet " + std::to_string(options.sheet), "sheet.unknown")
        );
    }
    for (std::size_t i = 0; i < options.mapping.columns.size(); ++i) {
        const auto& column = options.mapping.columns[i];
        if (column && !domain::column_info(*column).importable) {
            const std::string field = "mapping[" + std::to_string(i) + "]";
            return fail(Error::invalid_field(
                field,
                std::string(domain::column_info(*column).key) + " is set by kartoteka and cannot be imported",
                "mapping.not_importable"
            ));
        }
    }
    const bool any = std::any_of(options.mapping.columns.begin(), options.mapping.columns.end(), [](const auto& c) {
        return c.has_value();
    });
    if (!any) {
        return fail(Error::invalid_field("mapping", "map at least one column to a customer field", "mapping.empty"));
    }
    return ok();
}

/// The sheet's data rows, converted: rows up to the header row are passed over (the header's texts kept), rows
/// with no mapped value are not data rows.
class RowStream {
public:
    RowStream(SheetReader& reader, const domain::ImportOptions& options, const RowConverter& converter)
        : reader_(reader),
          options_(options),
          converter_(converter) {}

    Result<void> open() {
        headers_.clear();
        return reader_.open(options_.sheet);
    }

    Result<bool> next(ConvertedRow& out) {
        while (true) {
            auto more = reader_.next_row(row_);
            if (!more) {
                return fail(more.error());
            }
            if (!*more) {
                return false;
            }
            if (row_.number < options_.header_row) {
                continue;
            }
            if (row_.number == options_.header_row) {
                headers_ = header_texts(row_);
                continue;
            }
            if (auto converted = converter_.convert(row_)) {
                out = std::move(*converted);
                return true;
            }
        }
    }

    /// Data rows without converting them: the progress bar's total.
    Result<std::int64_t> count() {
        if (auto opened = reader_.open(options_.sheet); !opened) {
            return fail(opened.error());
        }
        std::int64_t rows = 0;
        while (true) {
            auto more = reader_.next_row(row_);
            if (!more) {
                return fail(more.error());
            }
            if (!*more) {
                return rows;
            }
            if (row_.number > options_.header_row && converter_.has_mapped_value(row_)) {
                ++rows;
            }
        }
    }

    std::vector<std::string> headers() const {
        if (options_.header_row != 0) {
            return headers_;
        }
        std::vector<std::string> letters;
        for (std::size_t i = 0; i < options_.mapping.columns.size(); ++i) {
            letters.push_back(column_letters(i));
        }
        return letters;
    }

private:
    SheetReader& reader_;
    const domain::ImportOptions& options_;
    const RowConverter& converter_;
    Row row_;
    std::vector<std::string> headers_;
};

/// Pulls converted, matched and decided batches and turns them into ImportBatch; keeps the engine's own tally.
class BatchSource {
public:
    BatchSource(
        RowStream& stream,
        Matcher& matcher,
        const RowConverter& converter,
        const domain::ImportOptions& options,
        std::size_t batch_rows,
        RunOutcome* details
    )
        : stream_(stream),
          matcher_(matcher),
          converter_(converter),
          options_(options),
          batch_rows_(std::max<std::size_t>(batch_rows, 1)),
          details_(details) {}

    Result<std::optional<domain::ImportBatch>> next() {
        rows_.clear();
        ConvertedRow row;
        while (rows_.size() < batch_rows_) {
            auto more = stream_.next(row);
            if (!more) {
                return fail(more.error());
            }
            if (!*more) {
                break;
            }
            rows_.push_back(std::move(row));
            row = ConvertedRow{};
        }
        if (rows_.empty()) {
            return std::optional<domain::ImportBatch>{};
        }
        if (auto matched = matcher_.process(rows_); !matched) {
            return fail(matched.error());
        }

        domain::ImportBatch batch;
        batch.rows_read = static_cast<std::int64_t>(rows_.size());
        for (auto& converted : rows_) {
            if (converted.match) {
                ++batch.duplicates;
                if (details_) {
                    details_->duplicates.emplace_back(converted.row_number, *converted.match);
                }
            }
            if (converted.action == "reject") {
                domain::ImportRejection rejection{
                    .row_number = converted.row_number,
                    .cells = std::move(converted.cells),
                    .reason = reason_of(converted.errors),
                    .code = converted.errors.front().code};
                if (details_) {
                    details_->rejections.push_back(rejection);
                }
                batch.rejections.push_back(std::move(rejection));
            } else if (converted.action == "skip") {
                ++batch.skipped;
            } else {
                domain::ImportWrite write{
                    .row_number = converted.row_number, .incoming = std::move(converted.customer)};
                if (converted.action == "update") {
                    write.action = domain::ImportWrite::Action::Update;
                    write.target = converted.match->customer_id.value_or(0);
                    write.mapped = converter_.mapped_columns();
                    write.policy = options_.field_policy;
                }
                batch.writes.push_back(std::move(write));
            }
        }
        tally_.rows_done += batch.rows_read;
        tally_.skipped += batch.skipped;
        tally_.rejected += static_cast<std::int64_t>(batch.rejections.size());
        tally_.duplicates += batch.duplicates;
        for (const auto& write : batch.writes) {
            (write.action == domain::ImportWrite::Action::Create ? tally_.created : tally_.updated) += 1;
        }
        return std::optional<domain::ImportBatch>{std::move(batch)};
    }

    /// What the batches handed out so far would do (before the store applied them).
    const ImportCounts& tally() const { return tally_; }

private:
    RowStream& stream_;
    Matcher& matcher_;
    const RowConverter& converter_;
    const domain::ImportOptions& options_;
    std::size_t batch_rows_;
    RunOutcome* details_;
    std::vector<ConvertedRow> rows_;
    ImportCounts tally_;
};

bool cancelled(const RunControl& control) {
    return control.cancel != nullptr && control.cancel->load();
}

void report(const RunControl& control, const ImportCounts& counts) {
    if (control.on_progress) {
        control.on_progress(counts);
    }
}

void add_counts(ImportCounts& total, const ImportCounts& added) {
    total.rows_done += added.rows_done;
    total.created += added.created;
    total.updated += added.updated;
    total.skipped += added.skipped;
    total.rejected += added.rejected;
    total.duplicates += added.duplicates;
}

}  // namespace

Result<SheetOverview> inspect_sheet(SheetReader& reader, std::size_t sheet) {
    if (sheet >= reader.sheets().size()) {
        return fail(Error::invalid_field("sheet", "the file has no sheet " + std::to_string(sheet), "sheet.unknown"));
    }
    if (auto opened = reader.open(sheet); !opened) {
        return fail(opened.error());
    }
    SheetOverview overview;
    overview.sheets = reader.sheets();
    overview.sheet = sheet;
    Row row;
    while (overview.first_rows.size() < kOverviewRows) {
        auto more = reader.next_row(row);
        if (!more) {
            return fail(more.error());
        }
        if (!*more) {
            break;
        }
        overview.first_rows.push_back(std::move(row));
        row = Row{};
    }
    std::size_t width = 0;
    for (const auto& first : overview.first_rows) {
        width = std::max(width, first.cells.size());
    }
    if (const auto header = find_header_row(overview.first_rows, kOverviewRows)) {
        overview.header_row = overview.first_rows[*header].number;
        overview.headers = header_texts(overview.first_rows[*header]);
    }
    // One header per column seen, so that a data column right of the last header can be mapped too.
    if (overview.headers.size() < width) {
        overview.headers.resize(width);
    }
    overview.suggested_mapping = suggest_mapping(overview.headers);

    const std::uint32_t last_row = overview.first_rows.empty() ? 0 : overview.first_rows.back().number;
    const SheetLayout& layout = reader.layout();
    overview.layout.hidden_columns = layout.hidden_columns;
    for (const auto hidden : layout.hidden_rows) {
        if (hidden <= last_row) {
            overview.layout.hidden_rows.push_back(hidden);
        }
    }
    for (const auto& range : layout.merged_ranges) {
        if (range.first_row <= last_row) {
            overview.layout.merged_ranges.push_back(range);
        }
    }
    return overview;
}

Result<Preview> preview(
    SheetReader& reader,
    const domain::ImportOptions& options,
    domain::ImportRepository& imports,
    const UserDirectory& users,
    std::size_t limit
) {
    if (auto checked = check_options(reader, options); !checked) {
        return fail(checked.error());
    }
    const RowConverter converter(options.mapping, users);
    RowStream stream(reader, options, converter);
    if (auto opened = stream.open(); !opened) {
        return fail(opened.error());
    }
    Preview result;
    ConvertedRow row;
    while (result.rows.size() < limit) {
        auto more = stream.next(row);
        if (!more) {
            return fail(more.error());
        }
        if (!*more) {
            break;
        }
        result.rows.push_back(std::move(row));
        row = ConvertedRow{};
    }
    Matcher matcher(imports, options);
    if (auto matched = matcher.process(result.rows); !matched) {
        return fail(matched.error());
    }
    result.headers = stream.headers();
    return result;
}

Result<RunOutcome> run_import(
    SheetReader& reader,
    const domain::ImportOptions& options,
    domain::ImportRepository& imports,
    domain::ImportId import_id,
    const domain::Actor& actor,
    const UserDirectory& users,
    RunControl& control
) {
    if (auto checked = check_options(reader, options); !checked) {
        return fail(checked.error());
    }
    const RowConverter converter(options.mapping, users);
    RowStream stream(reader, options, converter);

    // A first pass only counts rows (no conversion, no store): ~1/3 of a run's reading time, and the UI gets a
    // real total for its progress bar before the first batch is written.
    auto total = stream.count();
    if (!total) {
        return fail(total.error());
    }
    RunOutcome outcome;
    outcome.counts.rows_total = *total;
    report(control, outcome.counts);

    const bool details = control.dry_run || control.collect_details;
    const auto start_pass = [&]() -> Result<void> {
        outcome.rejections.clear();
        outcome.duplicates.clear();
        return stream.open();
    };
    if (auto opened = start_pass(); !opened) {
        return fail(opened.error());
    }
    Matcher matcher(imports, options);
    BatchSource source(stream, matcher, converter, options, control.batch_rows, details ? &outcome : nullptr);

    const auto finish = [&](domain::ImportStatus status, std::string error) {
        outcome.status = status;
        outcome.error = std::move(error);
        return outcome;
    };

    if (control.dry_run) {
        while (true) {
            if (cancelled(control)) {
                outcome.counts = source.tally();
                outcome.counts.rows_total = *total;
                return finish(domain::ImportStatus::Cancelled, {});
            }
            auto batch = source.next();
            if (!batch) {
                return finish(domain::ImportStatus::Failed, batch.error().message);
            }
            outcome.counts = source.tally();
            outcome.counts.rows_total = *total;
            if (!*batch) {
                return finish(domain::ImportStatus::Succeeded, {});
            }
            report(control, outcome.counts);
        }
    }

    if (options.atomicity == domain::ImportAtomicity::ValidRows) {
        // File reading and matching happen outside the write transaction; each batch is one transaction.
        while (true) {
            if (cancelled(control)) {
                return finish(domain::ImportStatus::Cancelled, {});
            }
            auto batch = source.next();
            if (!batch) {
                return finish(domain::ImportStatus::Failed, batch.error().message);
            }
            if (!*batch) {
                return finish(domain::ImportStatus::Succeeded, {});
            }
            const std::int64_t duplicates = (*batch)->duplicates;
            bool handed = false;
            auto written = imports.write(import_id, actor, [&]() -> Result<std::optional<domain::ImportBatch>> {
                if (handed) {
                    return std::optional<domain::ImportBatch>{};
                }
                handed = true;
                return std::move(*batch);
            });
            if (!written) {
                return finish(domain::ImportStatus::Failed, written.error().message);
            }
            ImportCounts added = *written;
            added.duplicates = duplicates;  // the engine knows it for sure, whatever the store reports
            add_counts(outcome.counts, added);
            report(control, outcome.counts);
        }
    }

    // all_or_nothing: one transaction pulls the whole file. A rejected row, a read error or a cancel rolls it back.
    bool rejected = false;
    bool cancel_seen = false;
    auto written = imports.write(import_id, actor, [&]() -> Result<std::optional<domain::ImportBatch>> {
        if (cancelled(control)) {
            cancel_seen = true;
            return fail(Error{ErrorCode::Unavailable, "import cancelled"});
        }
        auto batch = source.next();
        if (!batch) {
            return fail(batch.error());
        }
        if (*batch && !(*batch)->rejections.empty()) {
            rejected = true;
            return fail(Error::invalid("a row was rejected; all_or_nothing writes nothing"));
        }
        if (*batch) {
            ImportCounts progress = source.tally();
            progress.rows_total = *total;
            report(control, progress);  // inside the open transaction: the callback must not write (see header)
        }
        return batch;
    });
    if (written) {
        outcome.counts = *written;
        outcome.counts.rows_total = *total;
        outcome.counts.duplicates = source.tally().duplicates;
        report(control, outcome.counts);
        return finish(domain::ImportStatus::Succeeded, {});
    }
    if (cancel_seen) {
        outcome.counts = ImportCounts{.rows_total = *total};
        return finish(domain::ImportStatus::Cancelled, {});
    }
    if (!rejected) {
        outcome.counts = ImportCounts{.rows_total = *total};
        return finish(domain::ImportStatus::Failed, written.error().message);
    }

    // Nothing was written. Read the file again and record only the rejected rows, so the error report says why.
    if (auto opened = start_pass(); !opened) {
        return fail(opened.error());
    }
    Matcher report_matcher(imports, options);
    BatchSource report_source(
        stream, report_matcher, converter, options, control.batch_rows, details ? &outcome : nullptr
    );
    auto recorded = imports.write(import_id, actor, [&]() -> Result<std::optional<domain::ImportBatch>> {
        auto batch = report_source.next();
        if (!batch || !*batch) {
            return batch;
        }
        (*batch)->writes.clear();
        (*batch)->skipped = 0;
        (*batch)->duplicates = 0;
        return batch;
    });
    outcome.counts = recorded ? *recorded : ImportCounts{};
    outcome.counts.rows_total = *total;
    outcome.duplicates.clear();  // nothing was done with them
    report(control, outcome.counts);
    const std::int64_t rejected_rows = report_source.tally().rejected;
    std::string error = std::to_string(rejected_rows) + (rejected_rows == 1 ? " row was" : " rows were") +
                        " rejected; all or nothing: nothing was imported";
    if (!recorded) {
        error += " (the error report could not be saved: " + recorded.error().message + ")";
    }
    return finish(domain::ImportStatus::Failed, std::move(error));
}

}  // namespace kartoteka::importer
