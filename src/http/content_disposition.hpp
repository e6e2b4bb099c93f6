#pragma once

#include <string>
#include <string_view>

namespace kartoteka::http {

/// A Content-Disposition header value that is safe for any file name (RFC 6266 with RFC 5987/8187):
///   attachment; filename="Smlouva c. 12 - Zlutoucky kun.pdf"; filename*=UTF-8''Smlouva%20%C4%8D.%2012...
/// `disposition` is "attachment" or "inline". The quoted `filename` is an ASCII fallback for old clients
/// (diacritics folded, quotes, backslashes and control characters replaced); `filename*` carries the exact
/// UTF-8 name percent-encoded. Path separators are replaced in both, so a name can never point elsewhere.
std::string content_disposition(std::string_view disposition, std::string_view filename);

}  // namespace kartoteka::http
