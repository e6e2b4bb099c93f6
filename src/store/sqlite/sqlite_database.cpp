#include "store/sqlite/sqlite_database.hpp"

#include <algorithm>
#include <utility>

namespace kartoteka::store::sqlite {
namespace {

/// Bounds the latency one batch adds to the writes queued behind it.
constexpr std::size_t kMaxBatch = 128;

}  // namespace

void Database::submit(PendingWrite& pending) {
    std::unique_lock lock(queue_mutex_);
    queue_.push_back(&pending);
    while (!pending.done) {
        if (batch_running_) {
            batch_done_.wait(lock);
            continue;
        }
        // This thread leads the next batch: everything queued so far, up to kMaxBatch, oldest first.
        batch_running_ = true;
        const auto count = std::min(queue_.size(), kMaxBatch);
        std::vector<PendingWrite*> batch(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(count));
        queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(count));
        lock.unlock();
        run_batch(batch);
        lock.lock();
        for (auto* done : batch) {
            done->done = true;
        }
        batch_running_ = false;
        batch_done_.notify_all();
    }
    if (pending.error) {
        std::rethrow_exception(pending.error);
    }
}

void Database::run_batch(const std::vector<PendingWrite*>& batch) {
    try {
        Transaction transaction(*writer_, Transaction::Mode::Immediate);
        for (auto* pending : batch) {
            writer_->prepare("SAVEPOINT batched_write").run();
            bool keep = false;
            try {
                keep = pending->run(*writer_);
            } catch (...) {
                pending->error = std::current_exception();
            }
            if (!keep) {
                writer_->prepare("ROLLBACK TO batched_write").run();
            }
            writer_->prepare("RELEASE batched_write").run();
        }
        transaction.commit();
    } catch (...) {
        // The transaction is gone (rolled back by ~Transaction): no write of this batch was kept, so each
        // one fails, even those whose own work had succeeded.
        for (auto* pending : batch) {
            if (!pending->error) {
                pending->error = std::current_exception();
            }
        }
    }
}

}  // namespace kartoteka::store::sqlite
