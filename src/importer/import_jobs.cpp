#include "importer/import_jobs.hpp"

#include <cerrno>
#include <charconv>
#include <chrono>
#include <system_error>

#include "util/text.hpp"

namespace kartoteka::importer {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kStoppedDuringRun = "server stopped during the import";
constexpr std::string_view kStoppedBeforeRun = "server stopped before the import started";
constexpr std::size_t kMaxFileNameBytes = 255;

bool is_finished(domain::ImportStatus status) {
    return status != domain::ImportStatus::Draft && status != domain::ImportStatus::Running;
}

/// What the API says about content the readers refuse: always the "file" field, so the wizard shows it under
/// the file picker; the message is the reader's (encrypted, truncated, zip bomb…) or the list of formats.
Error refused_file(const Error& error) {
    if (error.code == ErrorCode::Internal || error.code == ErrorCode::Unavailable) {
        return error;
    }
    const bool unsupported = error.message.find(accepted_formats_message()) != std::string::npos;
    return Error::invalid_field("file", error.message, unsupported ? "import.unsupported_format" : "import.unreadable");
}

std::string clean_file_name(std::string name) {
    name = util::trim(name);
    if (!util::is_valid_utf8(name)) {
        name = util::to_ascii(name);  // keeps the readable part instead of refusing the upload for its name
    }
    if (name.size() > kMaxFileNameBytes) {
        // Cut at a character boundary: never in the middle of a UTF-8 sequence.
        std::size_t cut = kMaxFileNameBytes;
        while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) {
            --cut;
        }
        name.resize(cut);
    }
    return name.empty() ? std::string("import") : name;
}

/// Moves an upload into place: a rename on the same filesystem (the server spools under data_dir), a copy
/// otherwise.
Result<void> move_file(const fs::path& from, const fs::path& to) {
    std::error_code error;
    fs::rename(from, to, error);
    if (!error) {
        return ok();
    }
    if (error != std::errc::cross_device_link) {
        return fail(Error::internal("cannot keep the uploaded file: " + error.message()));
    }
    fs::copy_file(from, to, fs::copy_options::overwrite_existing, error);
    if (error) {
        fs::remove(to, error);
        return fail(Error::internal("cannot keep the uploaded file: " + error.message()));
    }
    fs::remove(from, error);
    return ok();
}

/// The header row's texts (empty when the options say there is none).
Result<std::vector<std::string>> header_texts(SheetReader& reader, std::size_t sheet, std::uint32_t header_row) {
    if (header_row == 0) {
        return std::vector<std::string>{};
    }
    if (auto opened = reader.open(sheet); !opened) {
        return fail(refused_file(opened.error()));
    }
    Row row;
    while (true) {
        auto next = reader.next_row(row);
        if (!next) {
            return fail(refused_file(next.error()));
        }
        if (!*next || row.number > header_row) {
            return std::vector<std::string>{};  // an empty header row: nothing to name the columns by
        }
        if (row.number == header_row) {
            return cell_texts(row);
        }
    }
}

}  // namespace

ImportJobs::ImportJobs(domain::ImportRepository& imports, domain::UserRepository& users, ImportJobsOptions options)
    : imports_(imports),
      users_(users),
      options_(std::move(options)) {}

ImportJobs::~ImportJobs() {
    stop();
}

domain::TimestampMs ImportJobs::now() const {
    if (options_.clock) {
        return options_.clock();
    }
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

fs::path ImportJobs::file_path(domain::ImportId id) const {
    return options_.directory / (std::to_string(id) + ".bin");
}

void ImportJobs::remove_file(domain::ImportId id) {
    std::error_code ignored;
    fs::remove(file_path(id), ignored);
}

Result<std::size_t> ImportJobs::start() {
    std::error_code error;
    fs::create_directories(options_.directory, error);
    if (error) {
        return fail(Error::internal("cannot create " + options_.directory.string() + ": " + error.message()));
    }
    auto interrupted = imports_.mark_interrupted(now(), kStoppedDuringRun);
    if (!interrupted) {
        return fail(std::move(interrupted.error()));
    }
    // A kill leaves the files of the imports it interrupted (and of a draft being created); only drafts
    // still need theirs.
    for (const auto& entry : fs::directory_iterator(options_.directory, error)) {
        if (entry.is_directory(error)) {
            continue;  // reports/: finished imports' error reports, kept
        }
        const auto name = entry.path().filename().string();
        domain::ImportId id = 0;
        const auto [end, parsed] = std::from_chars(name.data(), name.data() + name.size(), id);
        const bool ours = parsed == std::errc{} && std::string_view(end, name.data() + name.size() - end) == ".bin";
        if (ours) {
            auto record = imports_.find(id);
            if (record && record->status == domain::ImportStatus::Draft) {
                continue;
            }
            if (!record && record.error().code != ErrorCode::NotFound) {
                continue;  // unsure: keep it
            }
        }
        fs::remove(entry.path(), error);
    }
    {
        std::lock_guard lock(mutex_);
        stopping_ = false;
    }
    thread_ = std::thread([this] { run_loop(); });
    return *interrupted;
}

void ImportJobs::stop() {
    std::deque<Job> dropped;
    {
        std::lock_guard lock(mutex_);
        if (!thread_.joinable()) {
            return;
        }
        stopping_ = true;
        if (active_) {
            active_->cancel = true;
        }
        dropped.swap(queue_);
    }
    wake_.notify_all();
    for (const auto& job : dropped) {
        finish(job.id, domain::ImportStatus::Interrupted, std::string(kStoppedBeforeRun), std::nullopt);
    }
    thread_.join();
}

Result<UserDirectory> ImportJobs::user_directory() {
    auto users = users_.list();
    if (!users) {
        return fail(std::move(users.error()));
    }
    UserDirectory directory;
    for (const auto& user : *users) {
        if (user.deactivated_at) {
            continue;  // deactivated users take no new customers
        }
        directory.emplace(util::fold_for_search(user.username), user.id);
        if (!user.display_name.empty()) {
            directory.emplace(util::fold_for_search(user.display_name), user.id);
        }
    }
    return directory;
}

Result<ImportDraft> ImportJobs::create_draft(const fs::path& uploaded, std::string file_name, domain::UserId user) {
    auto reader = open_reader(uploaded, options_.limits);
    if (!reader) {
        return fail(refused_file(reader.error()));
    }
    ImportDraft draft;
    draft.sheets = (*reader)->sheets();
    if (draft.sheets.empty()) {
        return fail(Error::invalid_field("file", "the file has no sheet", "import.no_sheet"));
    }
    auto overview = inspect_sheet(**reader, 0);
    if (!overview) {
        return fail(refused_file(overview.error()));
    }
    draft.overview = std::move(*overview);
    domain::ImportRecord record;
    record.status = domain::ImportStatus::Draft;
    record.created_by = user;
    record.created_at = now();
    record.file_name = clean_file_name(std::move(file_name));
    record.format = std::string(format_name((*reader)->format()));
    record.sheet = draft.sheets.front().name;
    reader->reset();

    std::error_code error;
    fs::create_directories(options_.directory, error);
    auto created = imports_.create(record);
    if (!created) {
        return fail(std::move(created.error()));
    }
    if (auto moved = move_file(uploaded, file_path(created->id)); !moved) {
        // The draft cannot be used without its file: record why instead of leaving a dead draft.
        created->status = domain::ImportStatus::Failed;
        created->finished_at = now();
        created->error = moved.error().message;
        (void)imports_.update_status(*created);
        return fail(std::move(moved.error()));
    }
    draft.record = std::move(*created);
    return draft;
}

Result<std::unique_ptr<SheetReader>> ImportJobs::open_draft_file(domain::ImportId id) {
    auto record = imports_.find(id);
    if (!record) {
        return fail(std::move(record.error()));
    }
    if (record->status != domain::ImportStatus::Draft) {
        return fail(Error{
            ErrorCode::FailedPrecondition,
            "import " + std::to_string(id) + " is " + domain::to_string(record->status) + ", not a draft"});
    }
    auto reader = open_reader(file_path(id), options_.limits);
    if (!reader) {
        return fail(refused_file(reader.error()));
    }
    return std::move(*reader);
}

Result<SheetOverview> ImportJobs::overview(domain::ImportId id, std::size_t sheet) {
    auto reader = open_draft_file(id);
    if (!reader) {
        return fail(std::move(reader.error()));
    }
    if (sheet >= (*reader)->sheets().size()) {
        return fail(Error::not_found("import " + std::to_string(id) + " has no sheet " + std::to_string(sheet)));
    }
    auto overview = inspect_sheet(**reader, sheet);
    if (!overview) {
        return fail(refused_file(overview.error()));
    }
    return std::move(*overview);
}

Result<Preview> ImportJobs::preview(domain::ImportId id, const domain::ImportOptions& options, std::size_t limit) {
    auto reader = open_draft_file(id);
    if (!reader) {
        return fail(std::move(reader.error()));
    }
    if (options.sheet >= (*reader)->sheets().size()) {
        return fail(Error::invalid_field("sheet", "the file has no such sheet", "not_found"));
    }
    auto users = user_directory();
    if (!users) {
        return fail(std::move(users.error()));
    }
    // The engine's own option checks ("mapping", "sheet"…) name their member; pass them through unchanged.
    return importer::preview(**reader, options, imports_, *users, limit);
}

Result<domain::ImportRecord> ImportJobs::submit(
    domain::ImportId id,
    const domain::ImportOptions& options,
    domain::UserId user,
    const std::optional<std::string>& save_mapping_as
) {
    // Reading the header row may take a moment on a big xlsx (shared strings): done before taking the lock.
    auto reader = open_draft_file(id);
    if (!reader) {
        return fail(std::move(reader.error()));
    }
    const auto& sheets = (*reader)->sheets();
    if (options.sheet >= sheets.size()) {
        return fail(Error::invalid_field("sheet", "the file has no such sheet", "not_found"));
    }
    const auto sheet_name = sheets[options.sheet].name;
    // The engine checks the options on the first row (no column mapped, …): a 422 now beats a failed run later.
    auto users = user_directory();
    if (!users) {
        return fail(std::move(users.error()));
    }
    if (auto checked = importer::preview(**reader, options, imports_, *users, 1); !checked) {
        return fail(std::move(checked.error()));
    }
    auto headers = header_texts(**reader, options.sheet, options.header_row);
    if (!headers) {
        return fail(std::move(headers.error()));
    }
    reader->reset();

    std::unique_lock lock(mutex_);
    if (stopping_) {
        return fail(Error{ErrorCode::Unavailable, "the server is shutting down"});
    }
    auto record = imports_.find(id);
    if (!record) {
        return fail(std::move(record.error()));
    }
    if (record->status != domain::ImportStatus::Draft) {
        return fail(Error{
            ErrorCode::FailedPrecondition,
            "import " + std::to_string(id) + " is " + domain::to_string(record->status) + ", not a draft"});
    }
    record->status = domain::ImportStatus::Running;
    record->sheet = sheet_name;
    record->options_json = options_.describe_options ? options_.describe_options(options, *headers) : std::string();
    if (auto updated = imports_.update_status(*record); !updated) {
        return fail(std::move(updated.error()));
    }
    queue_.push_back(Job{.id = id, .options = options, .user = user});
    lock.unlock();
    wake_.notify_all();

    if (save_mapping_as) {
        domain::SavedImportMapping mapping;
        mapping.name = *save_mapping_as;
        mapping.created_by = user;
        mapping.created_at = now();
        for (std::size_t column = 0; column < options.mapping.columns.size() && column < headers->size(); ++column) {
            const auto& target = options.mapping.columns[column];
            const auto header = util::trim((*headers)[column]);
            if (target && !header.empty()) {
                mapping.by_header[header] = *target;
            }
        }
        // The import runs whether or not the mapping could be saved; a failure here is the store's and shows
        // in the log, the mapping list simply lacks the name.
        (void)imports_.save_mapping(mapping);
    }
    return std::move(*record);
}

Result<domain::ImportRecord> ImportJobs::cancel(domain::ImportId id) {
    std::unique_lock lock(mutex_);
    auto record = imports_.find(id);
    if (!record) {
        return fail(std::move(record.error()));
    }
    if (is_finished(record->status)) {
        return fail(Error{
            ErrorCode::FailedPrecondition,
            "import " + std::to_string(id) + " has already finished (" + domain::to_string(record->status) + ")"});
    }
    if (active_ && active_->id == id) {
        active_->cancel = true;  // the runner records Cancelled when the engine stops
        return std::move(*record);
    }
    for (auto job = queue_.begin(); job != queue_.end(); ++job) {
        if (job->id == id) {
            queue_.erase(job);
            break;
        }
    }
    // A draft, a queued run, or a Running record whose process died before start-up could mark it.
    record->status = domain::ImportStatus::Cancelled;
    record->finished_at = now();
    if (auto updated = imports_.update_status(*record); !updated) {
        return fail(std::move(updated.error()));
    }
    remove_file(id);
    return std::move(*record);
}

std::optional<domain::ImportCounts> ImportJobs::live_counts(domain::ImportId id) const {
    std::lock_guard lock(mutex_);
    if (!active_ || active_->id != id) {
        return std::nullopt;
    }
    return domain::ImportCounts{
        .rows_total = active_->rows_total.load(),
        .rows_done = active_->rows_done.load(),
        .created = active_->created.load(),
        .updated = active_->updated.load(),
        .skipped = active_->skipped.load(),
        .rejected = active_->rejected.load(),
        .duplicates = active_->duplicates.load(),
    };
}

void ImportJobs::run_loop() {
    while (true) {
        Job job;
        std::shared_ptr<Active> active;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (stopping_) {
                return;
            }
            job = std::move(queue_.front());
            queue_.pop_front();
            active = std::make_shared<Active>();
            active->id = job.id;
            active_ = active;
        }
        run(job, *active);
        std::lock_guard lock(mutex_);
        active_.reset();
    }
}

void ImportJobs::finish(
    domain::ImportId id, domain::ImportStatus status, const std::string& error, std::optional<std::int64_t> rows_total
) {
    auto record = imports_.find(id);
    if (record) {
        record->status = status;
        record->finished_at = now();
        record->error = error;
        if (rows_total) {
            record->counts.rows_total = *rows_total;
        }
        (void)imports_.update_status(*record);
    }
    remove_file(id);
}

void ImportJobs::run(const Job& job, Active& active) {
    auto record = imports_.find(job.id);
    if (!record) {
        remove_file(job.id);
        return;
    }
    record->started_at = now();
    if (auto updated = imports_.update_status(*record); !updated) {
        finish(job.id, domain::ImportStatus::Failed, updated.error().message, std::nullopt);
        return;
    }
    auto reader = open_reader(file_path(job.id), options_.limits);
    if (!reader) {
        finish(job.id, domain::ImportStatus::Failed, reader.error().message, std::nullopt);
        return;
    }
    auto users = user_directory();
    if (!users) {
        finish(job.id, domain::ImportStatus::Failed, users.error().message, std::nullopt);
        return;
    }
    bool total_recorded = false;
    RunControl control;
    control.cancel = &active.cancel;
    control.batch_rows = options_.batch_rows;
    control.on_progress = [&](const domain::ImportCounts& counts) {
        active.rows_total = counts.rows_total;
        active.rows_done = counts.rows_done;
        active.created = counts.created;
        active.updated = counts.updated;
        active.skipped = counts.skipped;
        active.rejected = counts.rejected;
        active.duplicates = counts.duplicates;
        // The store adds the other counts batch by batch; only the total needs writing, once.
        if (!total_recorded && counts.rows_total > 0) {
            total_recorded = true;
            record->counts.rows_total = counts.rows_total;
            (void)imports_.update_status(*record);
        }
    };
    const auto actor = domain::Actor::import(job.user, job.id);
    auto outcome = run_import(**reader, job.options, imports_, job.id, actor, *users, control);
    reader->reset();

    bool stopping = false;
    {
        std::lock_guard lock(mutex_);
        stopping = stopping_;
    }
    if (!outcome) {
        finish(job.id, domain::ImportStatus::Failed, outcome.error().message, std::nullopt);
        return;
    }
    auto status = outcome->status;
    auto error = outcome->error;
    if (status == domain::ImportStatus::Cancelled && stopping) {
        status = domain::ImportStatus::Interrupted;
        error = std::string(kStoppedDuringRun);
    }
    finish(
        job.id, status, error, outcome->counts.rows_total > 0 ? std::optional(outcome->counts.rows_total) : std::nullopt
    );
}

}  // namespace kartoteka::importer
