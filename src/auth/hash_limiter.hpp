#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>

namespace kartoteka::auth {

/// Bounds how many argon2id computations run at once. Each one holds 64 MiB for ~0.2 s at interactive
/// cost, so without a bound anonymous logins could pin every worker and hundreds of MiB of memory.
class HashLimiter {
public:
    explicit HashLimiter(std::size_t slots);
    HashLimiter(const HashLimiter&) = delete;
    HashLimiter& operator=(const HashLimiter&) = delete;

    /// A held slot; released when destroyed. Empty (false) when the wait timed out.
    class Slot {
    public:
        Slot() = default;
        explicit Slot(HashLimiter* owner) : owner_(owner) {}
        Slot(Slot&& other) noexcept : owner_(other.owner_) { other.owner_ = nullptr; }
        Slot& operator=(Slot&& other) noexcept;
        Slot(const Slot&) = delete;
        Slot& operator=(const Slot&) = delete;
        ~Slot();
        explicit operator bool() const { return owner_ != nullptr; }

    private:
        HashLimiter* owner_ = nullptr;
    };

    /// Waits until a slot is free, however long that takes (CLI and start-up work must not fail).
    Slot acquire();
    /// Waits at most `timeout`; an empty Slot means the limiter stayed saturated.
    Slot try_acquire_for(std::chrono::milliseconds timeout);
    std::size_t in_use() const;

private:
    void release();

    std::size_t slots_;
    std::size_t in_use_ = 0;
    mutable std::mutex mutex_;
    std::condition_variable freed_;
};

/// The process-wide limiter every password hash and verification goes through (2 slots).
HashLimiter& password_hash_limiter();

}  // namespace kartoteka::auth
