#pragma once

#include <string_view>

namespace kartoteka::http {

/// openapi/openapi.json, embedded at build time (cmake/EmbedFile.cmake generates the definition).
std::string_view openapi_document();

}  // namespace kartoteka::http
