#include "auth/hash_limiter.hpp"

namespace kartoteka::auth {

namespace {

// Two slots keep peak argon2id memory at 128 MiB and leave the other workers free for API reads.
constexpr std::size_t kConcurrentPasswordHashes = 2;

}  // namespace

HashLimiter::HashLimiter(std::size_t slots) : slots_(slots) {}

HashLimiter::Slot& HashLimiter::Slot::operator=(Slot&& other) noexcept {
    if (this != &other) {
        if (owner_ != nullptr) {
            owner_->release();
        }
        owner_ = other.owner_;
        other.owner_ = nullptr;
    }
    return *this;
}

HashLimiter::Slot::~Slot() {
    if (owner_ != nullptr) {
        owner_->release();
    }
}

HashLimiter::Slot HashLimiter::acquire() {
    std::unique_lock lock(mutex_);
    freed_.wait(lock, [this] { return in_use_ < slots_; });
    ++in_use_;
    return Slot{this};
}

HashLimiter::Slot HashLimiter::try_acquire_for(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    if (!freed_.wait_for(lock, timeout, [this] { return in_use_ < slots_; })) {
        return Slot{};
    }
    ++in_use_;
    return Slot{this};
}

std::size_t HashLimiter::in_use() const {
    const std::lock_guard lock(mutex_);
    return in_use_;
}

void HashLimiter::release() {
    {
        const std::lock_guard lock(mutex_);
        --in_use_;
    }
    freed_.notify_one();
}

HashLimiter& password_hash_limiter() {
    static HashLimiter limiter{kConcurrentPasswordHashes};
    return limiter;
}

}  // namespace kartoteka::auth
