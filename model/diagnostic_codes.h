#pragma once
// Every diagnostic code Swivel emits, in one place, so that tests, docs and tools
// agree. Loader codes are SW0xx, validation codes SW1xx. Never renumber a code:
// users grep for them.

namespace swivel::model::codes {

// Reading a file
inline constexpr const char* JsonSyntax = "SW001";        // not JSON (incl. invalid UTF-8)
inline constexpr const char* FormatVersion = "SW002";     // missing or unsupported "format"
inline constexpr const char* WrongType = "SW003";         // a field has the wrong JSON type
inline constexpr const char* MissingField = "SW004";      // a required field is absent
inline constexpr const char* UnknownValue = "SW005";      // e.g. kind "flying", type "float"
inline constexpr const char* UnknownKey = "SW006";        // warning: key ignored
inline constexpr const char* FileTooLarge = "SW007";
inline constexpr const char* FileUnreadable = "SW008";

// Validating a machine
inline constexpr const char* DuplicateId = "SW101";
inline constexpr const char* DanglingReference = "SW102";  // target, parent, source, initial
inline constexpr const char* ParentCycle = "SW103";
inline constexpr const char* MissingInitial = "SW104";
inline constexpr const char* BadInitial = "SW105";         // initial is not a child: ambiguous
inline constexpr const char* Unreachable = "SW106";        // warning
inline constexpr const char* DeadEnd = "SW107";            // warning: non-final, no way out
inline constexpr const char* UnknownEvent = "SW108";       // the device never sends it
inline constexpr const char* UnknownCommand = "SW109";
inline constexpr const char* UnknownArgument = "SW110";    // also: a required argument missing
inline constexpr const char* ArgumentType = "SW111";
inline constexpr const char* Nondeterminism = "SW112";     // warning
inline constexpr const char* UnhandledEvent = "SW113";     // warning: handled in no state
inline constexpr const char* ExpressionSyntax = "SW114";
inline constexpr const char* ExpressionType = "SW115";
inline constexpr const char* UnknownDeviceType = "SW116";
inline constexpr const char* NestingTooDeep = "SW117";
inline constexpr const char* BadStructure = "SW118";       // e.g. final state with children
inline constexpr const char* UnknownVariable = "SW119";    // assign to an undeclared variable
inline constexpr const char* UnknownService = "SW120";
inline constexpr const char* BadIdentifier = "SW121";
inline constexpr const char* BadTimer = "SW122";

} // namespace swivel::model::codes
