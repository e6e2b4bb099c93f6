#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace kartoteka::util {

/// Incremental SHA-256 on OpenSSL's libcrypto, which uses the CPU's SHA extensions where present: about
/// 1 GB/s here against ~100 MB/s for libsodium's portable code, which made hashing the bottleneck of
/// document uploads. Not thread-safe; one instance per stream.
class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;

    void update(std::string_view bytes);
    /// The digest as 64 lower-case hex digits; the instance is spent afterwards.
    std::string hex_digest();

private:
    struct Context;
    std::unique_ptr<Context> context_;
};

}  // namespace kartoteka::util
