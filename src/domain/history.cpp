#include "domain/history.hpp"

#include <array>
#include <utility>

namespace kartoteka::domain {
namespace {

constexpr std::array<std::pair<HistorySubject, const char*>, 5> kSubjects{{
    {HistorySubject::Customer, "customer"},
    {HistorySubject::Contact, "contact"},
    {HistorySubject::Note, "note"},
    {HistorySubject::Task, "task"},
    {HistorySubject::Document, "document"},
}};

constexpr std::array<std::pair<HistoryAction, const char*>, 6> kActions{{
    {HistoryAction::Created, "created"},
    {HistoryAction::Updated, "updated"},
    {HistoryAction::Trashed, "trashed"},
    {HistoryAction::Restored, "restored"},
    {HistoryAction::ValueRestored, "value_restored"},
    {HistoryAction::VersionAdded, "version_added"},
}};

template <typename Enum, std::size_t N>
const char* name_of(const std::array<std::pair<Enum, const char*>, N>& names, Enum value) {
    for (const auto& [candidate, name] : names) {
        if (candidate == value) {
            return name;
        }
    }
    return "unknown";
}

template <typename Enum, std::size_t N>
std::optional<Enum> parse_name(const std::array<std::pair<Enum, const char*>, N>& names, std::string_view text) {
    for (const auto& [value, name] : names) {
        if (text == name) {
            return value;
        }
    }
    return std::nullopt;
}

}  // namespace

const char* to_string(Channel channel) {
    switch (channel) {
        case Channel::Web:
            return "web";
        case Channel::ApiToken:
            return "api_token";
        case Channel::Import:
            return "import";
        case Channel::Cli:
            return "cli";
    }
    return "web";
}

const char* to_string(HistorySubject subject) {
    return name_of(kSubjects, subject);
}

const char* to_string(HistoryAction action) {
    return name_of(kActions, action);
}

std::optional<HistorySubject> parse_history_subject(std::string_view text) {
    return parse_name(kSubjects, text);
}

std::optional<HistoryAction> parse_history_action(std::string_view text) {
    return parse_name(kActions, text);
}

}  // namespace kartoteka::domain
