#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "domain/import.hpp"
#include "domain/repositories.hpp"
#include "importer/import_engine.hpp"
#include "importer/sheet_reader.hpp"

// The import wizard's server side: uploaded files kept as drafts under data_dir/imports/<id>.bin, and one
// background thread that runs submitted imports one at a time (the rest queue). Everything except the run
// itself happens on the caller's thread (the HTTP request workers), never on an I/O thread.
namespace kartoteka::importer {

struct ImportJobsOptions {
    std::filesystem::path directory = {};  // data_dir/imports
    std::size_t batch_rows = 1000;
    Limits limits = {};
    std::function<domain::TimestampMs()> clock = {};  // default: the system clock
    /// ImportRecord::options_json for a run: the options and the header texts (the error report names its
    /// columns by them after the file is gone). The HTTP layer owns that JSON shape, so it is injected.
    std::function<std::string(const domain::ImportOptions&, const std::vector<std::string>& headers)> describe_options =
        {};
};

/// An upload accepted as a draft: its record, the workbook's sheets and the overview of the first sheet.
struct ImportDraft {
    domain::ImportRecord record = {};
    std::vector<SheetInfo> sheets = {};
    SheetOverview overview = {};
};

class ImportJobs {
public:
    ImportJobs(domain::ImportRepository& imports, domain::UserRepository& users, ImportJobsOptions options);
    /// Stops (see stop()) if that was not done.
    ~ImportJobs();
    ImportJobs(const ImportJobs&) = delete;
    ImportJobs& operator=(const ImportJobs&) = delete;

    /// At start-up, before any request: imports a previous process left running become Interrupted (their
    /// committed batches stay), files of imports that are no longer drafts are removed, and the runner thread
    /// starts. Returns how many imports were interrupted.
    Result<std::size_t> start();
    /// Clean shutdown: the running import is cancelled (valid_rows keeps its committed batches, all_or_nothing
    /// rolls back) and, like the queued ones, recorded as Interrupted; then the thread is joined.
    void stop();

    /// Takes over an uploaded file: refuses content that no reader accepts (InvalidArgument on "file", nothing
    /// kept), records a Draft and moves the file to <directory>/<id>.bin.
    Result<ImportDraft> create_draft(const std::filesystem::path& uploaded, std::string file_name, domain::UserId user);
    /// The overview of sheet `sheet` of a draft (NotFound for a sheet the file does not have).
    Result<SheetOverview> overview(domain::ImportId id, std::size_t sheet);
    /// The first `limit` rows converted and matched with `options`; writes nothing.
    Result<Preview> preview(domain::ImportId id, const domain::ImportOptions& options, std::size_t limit);
    /// Queues a draft for running (status Running from now on, counts zero until it starts). FailedPrecondition
    /// when the import is not a draft. With `save_mapping_as`, the mapping is also saved by header text.
    Result<domain::ImportRecord> submit(
        domain::ImportId id,
        const domain::ImportOptions& options,
        domain::UserId user,
        const std::optional<std::string>& save_mapping_as = std::nullopt
    );
    /// Running: the cancel flag is set (or a queued run is dropped and recorded Cancelled); draft: becomes
    /// Cancelled and its file is removed. FailedPrecondition when the import has finished.
    Result<domain::ImportRecord> cancel(domain::ImportId id);
    /// The live counts of the import being run now (nullopt for any other).
    std::optional<domain::ImportCounts> live_counts(domain::ImportId id) const;

    const std::filesystem::path& directory() const { return options_.directory; }
    std::filesystem::path file_path(domain::ImportId id) const;

private:
    struct Job {
        domain::ImportId id = 0;
        domain::ImportOptions options = {};
        domain::UserId user = 0;
    };
    /// The run in progress: what live_counts() and cancel() see.
    struct Active {
        domain::ImportId id = 0;
        std::atomic<bool> cancel{false};
        std::atomic<std::int64_t> rows_total{0};
        std::atomic<std::int64_t> rows_done{0};
        std::atomic<std::int64_t> created{0};
        std::atomic<std::int64_t> updated{0};
        std::atomic<std::int64_t> skipped{0};
        std::atomic<std::int64_t> rejected{0};
        std::atomic<std::int64_t> duplicates{0};
    };

    domain::TimestampMs now() const;
    Result<std::unique_ptr<SheetReader>> open_draft_file(domain::ImportId id);
    Result<UserDirectory> user_directory();
    void run_loop();
    void run(const Job& job, Active& active);
    /// Records the end of a run (or of a queued job that never ran) and removes its file.
    void finish(
        domain::ImportId id,
        domain::ImportStatus status,
        const std::string& error,
        std::optional<std::int64_t> rows_total
    );
    void remove_file(domain::ImportId id);

    domain::ImportRepository& imports_;
    domain::UserRepository& users_;
    ImportJobsOptions options_;

    // Guards the queue, the active job pointer and every status transition made outside the runner's run,
    // so a submit, a cancel and the runner never act on one record at once.
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Job> queue_;
    std::shared_ptr<Active> active_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace kartoteka::importer
