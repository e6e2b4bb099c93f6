#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "domain/customer_columns.hpp"

// Header texts → customer columns. suggest_mapping() and apply_saved_mapping() (import_engine.hpp) are built on
// these; the folding is exposed so that saved mappings and tests compare headers the same way.
namespace kartoteka::importer {

/// A header as compared: folded (case and diacritics dropped) with everything but letters and digits removed,
/// so "Název firmy", "NAZEV FIRMY" and "název_firmy:" are one key ("nazevfirmy").
std::string header_key(std::string_view header);

/// The importable column a header names (Czech or English alias, or an export label), if any.
std::optional<domain::CustomerColumn> column_for_header(std::string_view header);

}  // namespace kartoteka::importer
