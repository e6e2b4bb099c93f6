#pragma once

#include <cstdio>
#include <mutex>

#include <spdlog/sinks/base_sink.h>

namespace kartoteka::app {

/// spdlog's console sinks flush after every line, which costs a write() system call per request.
/// This one appends to stderr's buffer; spdlog::flush_every() and flush_on(warn) decide when it reaches the fd.
class BufferedStderrSink final : public spdlog::sinks::base_sink<std::mutex> {
protected:
    void sink_it_(const spdlog::details::log_msg& message) override {
        spdlog::memory_buf_t formatted;
        formatter_->format(message, formatted);
        std::fwrite(formatted.data(), 1, formatted.size(), stderr);
    }
    void flush_() override { std::fflush(stderr); }
};

}  // namespace kartoteka::app
