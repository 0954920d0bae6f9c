#include "store/shared_key_lite.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <stdexcept>

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace store {
namespace {

constexpr char base64Alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int base64Value(char c) {
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

} // namespace

std::string base64Encode(std::string_view bytes) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        const std::size_t n = std::min<std::size_t>(3, bytes.size() - i);
        std::uint32_t group = 0;
        for (std::size_t j = 0; j < 3; ++j)
            group = group << 8 | (j < n ? static_cast<unsigned char>(bytes[i + j]) : 0u);
        for (std::size_t j = 0; j < 4; ++j)
            out += j <= n ? base64Alphabet[(group >> (18 - 6 * j)) & 0x3F] : '=';
    }
    return out;
}

std::optional<std::string> base64Decode(std::string_view text) {
    if (text.empty() || text.size() % 4 != 0)
        return std::nullopt;
    const std::size_t padding = text.ends_with("==") ? 2 : text.ends_with('=') ? 1 : 0;
    std::string out;
    out.reserve(text.size() / 4 * 3);
    for (std::size_t i = 0; i < text.size(); i += 4) {
        const bool last = i + 4 == text.size();
        std::uint32_t group = 0;
        for (std::size_t j = 0; j < 4; ++j) {
            const bool isPadding = last && j >= 4 - padding;
            const int value = isPadding ? 0 : base64Value(text[i + j]);
            if (value < 0)
                return std::nullopt;
            group = group << 6 | static_cast<std::uint32_t>(value);
        }
        const std::size_t bytes = last ? 3 - padding : 3;
        // Bits below the last byte must be zero: one text per byte string.
        if (bytes < 3 && (group & ((1u << (8 * (3 - bytes))) - 1)) != 0)
            return std::nullopt;
        for (std::size_t j = 0; j < bytes; ++j)
            out += static_cast<char>((group >> (16 - 8 * j)) & 0xFF);
    }
    return out;
}

std::string httpDate(std::chrono::system_clock::time_point time) {
    static constexpr std::array<const char*, 7> days{"Sun", "Mon", "Tue", "Wed",
                                                     "Thu", "Fri", "Sat"};
    static constexpr std::array<const char*, 12> months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[32];
    std::snprintf(text, sizeof text, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[utc.tm_wday],
                  utc.tm_mday, months[utc.tm_mon], utc.tm_year + 1900, utc.tm_hour, utc.tm_min,
                  utc.tm_sec);
    return text;
}

SharedKeyLiteSigner::SharedKeyLiteSigner(std::string accountName, std::string_view base64AccountKey)
    : m_accountName(std::move(accountName)) {
    auto key = base64Decode(base64AccountKey);
    if (!key)
        throw std::invalid_argument("the storage account key is not valid base64");
    m_key = std::move(*key);
}

std::string SharedKeyLiteSigner::authorization(std::string_view date,
                                               std::string_view canonicalizedResource) const {
    std::string stringToSign;
    stringToSign.reserve(date.size() + 1 + canonicalizedResource.size());
    stringToSign.append(date).append("\n").append(canonicalizedResource);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digestLength = 0;
    if (!HMAC(EVP_sha256(), m_key.data(), static_cast<int>(m_key.size()),
              reinterpret_cast<const unsigned char*>(stringToSign.data()), stringToSign.size(),
              digest, &digestLength))
        throw std::runtime_error("HMAC-SHA256 failed in OpenSSL");
    return "SharedKeyLite " + m_accountName + ":" +
           base64Encode(std::string_view(reinterpret_cast<const char*>(digest), digestLength));
}

} // namespace store
