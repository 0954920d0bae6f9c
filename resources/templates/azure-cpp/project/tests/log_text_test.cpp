// Log lines and answers quote what a request held: whatever that was, logText makes
// it one line of valid UTF-8 that a JSON dump takes without throwing.

#include <string>

#include <nlohmann/json.hpp>

#include "check.h"
#include "handler/log_text.h"

namespace {

using handler::logText;

// Dumping throws on bytes that are not UTF-8 (the default error handler).
bool dumps(const std::string& text) {
    try {
        (void)nlohmann::json(text).dump();
        return true;
    } catch (const nlohmann::json::exception&) {
        return false;
    }
}

void keepsValidText() {
    CHECK(logText("") == "");
    CHECK(logText("bad request: the device message has no \"event\"") ==
          "bad request: the device message has no \"event\"");
    const std::string nonAscii = "Tür \xe2\x9c\x93 \xf0\x9f\x93\xb7 \xef\xbf\xbf";  // ü ✓ 📷 U+FFFF
    CHECK(logText(nonAscii) == nonAscii);
}

void escapesControlCharacters() {
    CHECK(logText("one\ntwo") == "one\\x0atwo");
    CHECK(logText("a\r\n200 forged line") == "a\\x0d\\x0a200 forged line");
    CHECK(logText(std::string("nul\0tab\tdel\x7f", 12)) == "nul\\x00tab\\x09del\\x7f");
}

void escapesBytesThatAreNotUtf8() {
    CHECK(logText("cam\xff\xfe") == "cam\\xff\\xfe");
    CHECK(logText("\xc0\xaf") == "\\xc0\\xaf");                   // overlong '/'
    CHECK(logText("\xe0\x80\xaf") == "\\xe0\\x80\\xaf");          // overlong, 3 bytes
    CHECK(logText("\xed\xa0\x80") == "\\xed\\xa0\\x80");          // a surrogate, U+D800
    CHECK(logText("\xf4\x90\x80\x80") == "\\xf4\\x90\\x80\\x80"); // above U+10FFFF
    CHECK(logText("\xe2\x9c") == "\\xe2\\x9c");                   // cut short
    CHECK(logText("\xe2\x9c" "a") == "\\xe2\\x9ca");
    CHECK(logText("\x80 lone") == "\\x80 lone");
    // Whatever the bytes, the result dumps as JSON and has no line break.
    std::string every;
    for (int byte = 0; byte < 256; ++byte)
        every += static_cast<char>(byte);
    const std::string line = logText(every + every.substr(0x80) + "\xf0\x9f");
    CHECK(dumps(line));
    CHECK(line.find('\n') == std::string::npos);
}

} // namespace

int main() {
    keepsValidText();
    escapesControlCharacters();
    escapesBytesThatAreNotUtf8();
    return check::finish("log_text_test");
}
