#pragma once
// CRC-32 checksums of bytes, as the databases verify talks to compute them:
// Crc32 is zlib's (and MariaDB/MySQL's CRC32()): the reflected polynomial
// 0xEDB88320, initial value and final XOR 0xFFFFFFFF; Crc32c is the
// Castagnoli variant (MariaDB's CRC32C(), iSCSI): the reflected polynomial
// 0x82F63B78, same initial value and final XOR. Pure functions over
// constant tables; thread-safe.

#include <cstdint>
#include <string_view>

namespace strata {

uint32_t Crc32(std::string_view bytes);
uint32_t Crc32c(std::string_view bytes);

}  // namespace strata
