#pragma once
// Diagnostic codes of the SCXML export and import (SW3xx), beside the generators'
// SW2xx (codegen_codes.h) and the model's SW0xx/SW1xx. Never renumber a code: users
// grep for them. docs/diagnostics.md explains each.

namespace swivel::codegen::scxml_codes {

// Reading
inline constexpr const char* XmlSyntax = "SW301";          // not well-formed XML
inline constexpr const char* NotScxml = "SW302";           // the root is not <scxml>
inline constexpr const char* Unsupported = "SW303";        // an element Swivel cannot represent
inline constexpr const char* UnsupportedAttribute = "SW304"; // an attribute Swivel cannot represent
inline constexpr const char* Expression = "SW305";         // cond/expr not translatable
inline constexpr const char* DataType = "SW306";           // a <data> whose type cannot be inferred
inline constexpr const char* BadValue = "SW307";           // a malformed attribute value
inline constexpr const char* ForeignElement = "SW308";     // warning: element of another namespace
inline constexpr const char* DuplicateId = "SW309";        // two elements with one id
// Writing
inline constexpr const char* ExportLoss = "SW310";         // the export cannot say this exactly

} // namespace swivel::codegen::scxml_codes
