#pragma once

#include "domain/error.hpp"
#include "store/sqlite/sqlite_connection.hpp"

namespace kartoteka::store::sqlite {

/// The newest schema version this binary knows.
int latest_schema_version();

/// The highest applied migration (0 for a fresh file).
int applied_schema_version(Connection& connection);

/// Applies every pending migration, each in its own transaction. FailedPrecondition when the file was
/// written by a newer binary.
Result<int> apply_migrations(Connection& connection);

}  // namespace kartoteka::store::sqlite
