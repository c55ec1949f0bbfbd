// Private: the 64-bit mixer of the pattern hash tables.
#pragma once

#include <northstar/version.hpp>

#include <cstdint>

NORTHSTAR_BEGIN_NAMESPACE
namespace clv::detail {

/// MurmurHash3's 64-bit finaliser: every input bit affects every output bit.
constexpr std::uint64_t mix64(std::uint64_t h) noexcept {
  h ^= h >> 33;
  h *= 0xFF51AFD7ED558CCDull;
  h ^= h >> 33;
  h *= 0xC4CEB9FE1A85EC53ull;
  h ^= h >> 33;
  return h;
}

}  // namespace clv::detail
NORTHSTAR_END_NAMESPACE
