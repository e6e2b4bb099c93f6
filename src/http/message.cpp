#include "http/message.hpp"

namespace kartoteka::http {
std::optional<std::string> Request::query_param(std::string_view name) const {
    std::string_view rest = query;
    while (!rest.empty()) {
        const auto amp = rest.find('&');
        const auto pair = rest.substr(0, amp);
        rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
        const auto eq = pair.find('=');
        const auto key = pair.substr(0, eq);
        if (key == name) {
            const auto value = eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
            // A malformed escape is kept literally rather than dropped: the validator then names it.
            auto decoded = percent_decode(value, true);
            return decoded ? std::move(*decoded) : std::string(value);
        }
    }
    return std::nullopt;
}

std::string_view Request::path_param(std::string_view name) const {
    const auto found = path_params.find(name);
    return found == path_params.end() ? std::string_view{} : std::string_view(found->second);
}

}  // namespace kartoteka::http
