#pragma once

#include <nlohmann/json.hpp>

#include "domain/document.hpp"

// Document (Dokument) -> JSON. Documents are created from multipart uploads, so there is nothing to parse.
namespace kartoteka::http::json {

nlohmann::json to_json(const domain::Document& document);
nlohmann::json to_json(const domain::DocumentPage& page);

}  // namespace kartoteka::http::json
