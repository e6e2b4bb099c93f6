# Writes OUTPUT, a C++ file defining kartoteka::http::openapi_document() that returns INPUT's bytes.
file(READ ${INPUT} content)
set(delimiter "KT_EMBED_")
file(WRITE ${OUTPUT} "// Generated from ${INPUT}. Do not edit.\n#include <string_view>\nnamespace kartoteka::http {\nstd::string_view openapi_document() {\n    static constexpr std::string_view kDocument = R\"${delimiter}(${content})${delimiter}\";\n    return kDocument;\n}\n}  // namespace kartoteka::http\n")
