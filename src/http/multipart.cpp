#include "http/multipart.hpp"

#include <algorithm>
#include <cctype>

namespace kartoteka::http {
namespace {

constexpr std::size_t kMaxDelimiterLineBytes = 256;  // "--" or transport padding + CRLF after a delimiter
constexpr std::size_t kMaxBoundaryLength = 70;       // RFC 2046 section 5.1.1

Error malformed(std::string message) {
    return Error{ErrorCode::MalformedRequest, "malformed multipart body: " + std::move(message)};
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
        text.remove_suffix(1);
    }
    return text;
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    const char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower >= 'a' && lower <= 'f') {
        return lower - 'a' + 10;
    }
    return -1;
}

/// One `name=value` parameter list after the first ';' of a header value (RFC 7231 / RFC 6266 grammar:
/// token or quoted-string values, backslash escapes inside quotes).
class ParameterReader {
public:
    explicit ParameterReader(std::string_view rest) : rest_(rest) {}

    /// False at the end; MalformedRequest when the list is broken.
    Result<bool> next(std::string& name, std::string& value) {
        rest_ = trim(rest_);
        while (!rest_.empty() && rest_.front() == ';') {
            rest_ = trim(rest_.substr(1));
        }
        if (rest_.empty()) {
            return false;
        }
        const auto equals = rest_.find('=');
        if (equals == std::string_view::npos) {
            return fail(malformed("parameter without a value"));
        }
        name.assign(trim(rest_.substr(0, equals)));
        if (name.empty() || name.find_first_of(" \t\";") != std::string::npos) {
            return fail(malformed("invalid parameter name"));
        }
        rest_ = trim(rest_.substr(equals + 1));
        value.clear();
        if (!rest_.empty() && rest_.front() == '"') {
            std::size_t i = 1;
            for (; i < rest_.size() && rest_[i] != '"'; ++i) {
                if (rest_[i] == '\\' && i + 1 < rest_.size()) {
                    ++i;
                }
                value.push_back(rest_[i]);
            }
            if (i >= rest_.size()) {
                return fail(malformed("unterminated quoted parameter"));
            }
            rest_ = trim(rest_.substr(i + 1));
            if (!rest_.empty() && rest_.front() != ';') {
                return fail(malformed("text after a quoted parameter"));
            }
        } else {
            const auto end = rest_.find(';');
            value.assign(trim(rest_.substr(0, end)));
            rest_ = end == std::string_view::npos ? std::string_view{} : rest_.substr(end);
        }
        return true;
    }

private:
    std::string_view rest_;
};

/// RFC 5987 ext-value: charset'language'percent-encoded. Only UTF-8 is accepted (RFC 8187 drops the rest).
Result<std::string> decode_ext_value(std::string_view value) {
    const auto first = value.find('\'');
    const auto second = first == std::string_view::npos ? first : value.find('\'', first + 1);
    if (second == std::string_view::npos) {
        return fail(malformed("filename* is not charset'language'value"));
    }
    if (!iequals(value.substr(0, first), "UTF-8")) {
        return fail(malformed("filename* must be UTF-8"));
    }
    const auto encoded = value.substr(second + 1);
    std::string decoded;
    decoded.reserve(encoded.size());
    for (std::size_t i = 0; i < encoded.size(); ++i) {
        if (encoded[i] != '%') {
            decoded.push_back(encoded[i]);
            continue;
        }
        const int high = i + 2 < encoded.size() ? hex_digit(encoded[i + 1]) : -1;
        const int low = i + 2 < encoded.size() ? hex_digit(encoded[i + 2]) : -1;
        if (high < 0 || low < 0) {
            return fail(malformed("bad percent escape in filename*"));
        }
        decoded.push_back(static_cast<char>(high * 16 + low));
        i += 2;
    }
    return decoded;
}

/// Browsers (WHATWG multipart/form-data encoding) send '"', CR and LF in a quoted filename as %22, %0D and
/// %0A; other percent signs are sent as they are, so only these three escapes are undone.
std::string undo_browser_escapes(std::string_view value) {
    std::string result;
    result.reserve(value.size());
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (value[i] == '%' && i + 2 < value.size()) {
            const auto escape = value.substr(i, 3);
            if (iequals(escape, "%22")) {
                result.push_back('"');
                i += 2;
                continue;
            }
            if (iequals(escape, "%0D")) {
                result.push_back('\r');
                i += 2;
                continue;
            }
            if (iequals(escape, "%0A")) {
                result.push_back('\n');
                i += 2;
                continue;
            }
        }
        result.push_back(value[i]);
    }
    return result;
}

/// The earliest start in `data` (from `from`) of a prefix of `delimiter` that runs to the end of `data`.
std::size_t partial_match_start(std::string_view data, std::string_view delimiter) {
    const std::size_t from = data.size() >= delimiter.size() ? data.size() - delimiter.size() + 1 : 0;
    for (std::size_t start = from; start < data.size(); ++start) {
        const auto tail = data.substr(start);
        if (delimiter.substr(0, tail.size()) == tail) {
            return start;
        }
    }
    return data.size();
}

}  // namespace

std::optional<std::string> multipart_boundary(std::string_view content_type) {
    const auto semicolon = content_type.find(';');
    if (!iequals(trim(content_type.substr(0, semicolon)), "multipart/form-data") ||
        semicolon == std::string_view::npos) {
        return std::nullopt;
    }
    ParameterReader reader(content_type.substr(semicolon));
    std::string name;
    std::string value;
    std::optional<std::string> boundary;
    while (true) {
        auto more = reader.next(name, value);
        if (!more) {
            return std::nullopt;
        }
        if (!*more) {
            break;
        }
        if (iequals(name, "boundary")) {
            boundary = value;
        }
    }
    if (!boundary || boundary->empty() || boundary->size() > kMaxBoundaryLength ||
        std::any_of(boundary->begin(), boundary->end(), [](char c) {
            return static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e;
        })) {
        return std::nullopt;
    }
    return boundary;
}

Result<PartHeaders> parse_part_disposition(std::string_view value) {
    const auto semicolon = value.find(';');
    if (!iequals(trim(value.substr(0, semicolon)), "form-data")) {
        return fail(malformed("a part's Content-Disposition must be form-data"));
    }
    PartHeaders headers;
    if (semicolon == std::string_view::npos) {
        return headers;
    }
    ParameterReader reader(value.substr(semicolon));
    std::string name;
    std::string parameter;
    std::optional<std::string> extended_filename;
    while (true) {
        auto more = reader.next(name, parameter);
        if (!more) {
            return fail(more.error());
        }
        if (!*more) {
            break;
        }
        if (iequals(name, "name")) {
            headers.name = parameter;
        } else if (iequals(name, "filename")) {
            headers.filename = undo_browser_escapes(parameter);
        } else if (iequals(name, "filename*")) {
            auto decoded = decode_ext_value(parameter);
            if (!decoded) {
                return fail(decoded.error());
            }
            extended_filename = std::move(*decoded);
        }
    }
    if (extended_filename) {
        headers.filename = std::move(extended_filename);
    }
    return headers;
}

MultipartParser::MultipartParser(std::string_view boundary) : delimiter_("\r\n--") {
    delimiter_.append(boundary);
    // The first delimiter may open the body without a CRLF before it: pretend one was seen.
    pending_ = "\r\n";
}

Result<void> MultipartParser::feed(std::string_view chunk, MultipartSink& sink) {
    while (!chunk.empty()) {
        Result<void> step;
        switch (state_) {
            case State::Preamble:
                step = scan_body(chunk, nullptr);
                break;
            case State::AfterDelimiter:
                step = after_delimiter(chunk);
                break;
            case State::Headers:
                step = headers(chunk, sink);
                break;
            case State::Body: {
                step = scan_body(chunk, &sink);
                if (step && state_ == State::AfterDelimiter) {
                    step = sink.on_part_end();
                }
                break;
            }
            case State::Epilogue:
                return ok();
        }
        if (!step) {
            return step;
        }
    }
    return ok();
}

Result<void> MultipartParser::emit(std::string_view bytes, MultipartSink* sink) {
    if (sink == nullptr || bytes.empty()) {
        return ok();
    }
    return sink->on_part_data(bytes);
}

Result<void> MultipartParser::scan_body(std::string_view& chunk, MultipartSink* sink) {
    const std::string_view delimiter = delimiter_;
    if (!pending_.empty()) {
        // The delimiter may start inside the held-back tail: look at it plus just enough of the chunk.
        std::string joined = pending_;
        joined.append(chunk.substr(0, delimiter.size()));
        const std::string_view view = joined;
        const std::size_t held = pending_.size();
        for (std::size_t start = 0; start < held; ++start) {
            const auto rest = view.substr(start);
            const auto compared = std::min(rest.size(), delimiter.size());
            if (rest.substr(0, compared) != delimiter.substr(0, compared)) {
                continue;
            }
            if (auto emitted = emit(view.substr(0, start), sink); !emitted) {
                return emitted;
            }
            if (compared == delimiter.size()) {
                chunk.remove_prefix(start + delimiter.size() - held);
                pending_.clear();
                state_ = State::AfterDelimiter;
                return ok();
            }
            // A prefix of the delimiter runs to the end of all we have (the chunk was short): wait for more.
            pending_.assign(rest);
            chunk = {};
            return ok();
        }
        auto emitted = emit(pending_, sink);
        pending_.clear();
        if (!emitted) {
            return emitted;
        }
    }
    const auto found = chunk.find(delimiter);
    if (found != std::string_view::npos) {
        if (auto emitted = emit(chunk.substr(0, found), sink); !emitted) {
            return emitted;
        }
        chunk.remove_prefix(found + delimiter.size());
        state_ = State::AfterDelimiter;
        return ok();
    }
    const auto partial = partial_match_start(chunk, delimiter);
    if (auto emitted = emit(chunk.substr(0, partial), sink); !emitted) {
        return emitted;
    }
    pending_.assign(chunk.substr(partial));
    chunk = {};
    return ok();
}

Result<void> MultipartParser::after_delimiter(std::string_view& chunk) {
    while (!chunk.empty()) {
        const char c = chunk.front();
        chunk.remove_prefix(1);
        const bool after_cr = !line_.empty() && line_.back() == '\r';
        line_.push_back(c);
        if (line_ == "-") {
            continue;
        }
        if (line_ == "--") {
            state_ = State::Epilogue;
            line_.clear();
            chunk = {};
            return ok();
        }
        if (c == '\n' && after_cr) {
            line_ = "\r\n";  // lets an empty header block end at the next CRLF (see headers())
            state_ = State::Headers;
            return ok();
        }
        // Only transport padding (RFC 2046: linear white space) may sit between the boundary and its CRLF.
        const bool padding = (c == ' ' || c == '\t') && !after_cr;
        if ((!padding && (c != '\r' || after_cr)) || line_.front() == '-' || line_.size() > kMaxDelimiterLineBytes) {
            return fail(malformed("unexpected text after a boundary"));
        }
    }
    return ok();
}

Result<void> MultipartParser::headers(std::string_view& chunk, MultipartSink& sink) {
    const std::size_t before = line_.size();
    const std::size_t room = kMaxHeaderBytes + 4 - std::min(before, kMaxHeaderBytes + 4);
    line_.append(chunk.substr(0, room));
    const auto end = line_.find("\r\n\r\n", before >= 3 ? before - 3 : 0);
    if (end == std::string::npos) {
        if (line_.size() >= kMaxHeaderBytes + 4) {
            return fail(malformed("part headers are too long"));
        }
        chunk = {};
        return ok();
    }
    chunk.remove_prefix(end + 4 - before);
    const std::string block = line_.substr(2, end >= 2 ? end - 2 : 0);
    line_.clear();

    std::optional<PartHeaders> parsed;
    std::string content_type;
    std::string_view rest = block;
    while (!rest.empty()) {
        const auto line_end = rest.find("\r\n");
        const auto line = rest.substr(0, line_end);
        rest = line_end == std::string_view::npos ? std::string_view{} : rest.substr(line_end + 2);
        const auto colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0 || line.front() == ' ' || line.front() == '\t') {
            return fail(malformed("invalid part header line"));
        }
        const auto name = line.substr(0, colon);
        const auto value = trim(line.substr(colon + 1));
        if (iequals(name, "Content-Disposition")) {
            auto disposition = parse_part_disposition(value);
            if (!disposition) {
                return fail(disposition.error());
            }
            parsed = std::move(*disposition);
        } else if (iequals(name, "Content-Type")) {
            content_type.assign(value);
        }
    }
    if (!parsed) {
        return fail(malformed("a part without Content-Disposition"));
    }
    parsed->content_type = std::move(content_type);
    state_ = State::Body;
    return sink.on_part_begin(*parsed);
}

}  // namespace kartoteka::http
