#pragma once

#include "domain/history.hpp"
#include "store/sqlite/sqlite_connection.hpp"

namespace kartoteka::store::sqlite {

/// Appends one entry to the history log on `connection`, inside the caller's write transaction (so the
/// entry commits or rolls back together with the change it describes). entry.id and entry.actor_name are
/// ignored. Returns the new entry's id.
domain::HistoryEntryId append_history(Connection& connection, const domain::HistoryEntry& entry);

}  // namespace kartoteka::store::sqlite
