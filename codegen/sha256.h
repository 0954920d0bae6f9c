#pragma once
// SHA-256 of a byte string as 64 lowercase hex digits (OpenSSL): how the generation
// manifest recognises a file that was changed by hand.

#include <string>
#include <string_view>

namespace swivel::codegen {

std::string sha256Hex(std::string_view bytes);

} // namespace swivel::codegen
