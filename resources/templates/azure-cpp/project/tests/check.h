#pragma once
// A test framework small enough to read at once: CHECK(condition) reports a failed
// condition with its line and goes on; CHECK_THROWS(expression, Type) checks that the
// expression throws Type; finish() prints a summary and gives main's exit status.

#include <iostream>

namespace check {

inline int& failures() {
    static int count = 0;
    return count;
}

inline int& checks() {
    static int count = 0;
    return count;
}

inline void fail(const char* file, int line, const char* what) {
    ++failures();
    std::cerr << file << ':' << line << ": FAILED: " << what << '\n';
}

inline int finish(const char* testName) {
    std::cout << testName << ": " << checks() << " checks, " << failures() << " failed\n";
    return failures() == 0 ? 0 : 1;
}

} // namespace check

#define CHECK(condition)                                                                   \
    do {                                                                                   \
        ++::check::checks();                                                               \
        if (!(condition))                                                                  \
            ::check::fail(__FILE__, __LINE__, #condition);                                 \
    } while (false)

#define CHECK_THROWS(expression, Type)                                                     \
    do {                                                                                   \
        ++::check::checks();                                                               \
        bool thrown_ = false;                                                              \
        try {                                                                              \
            (void)(expression);                                                            \
        } catch (const Type&) {                                                            \
            thrown_ = true;                                                                \
        } catch (...) {                                                                    \
        }                                                                                  \
        if (!thrown_)                                                                      \
            ::check::fail(__FILE__, __LINE__, #expression " throws " #Type);               \
    } while (false)
