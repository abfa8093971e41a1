// The evaluation context: all memory an evaluation uses, sized from the consensus limits.
#ifndef BSML_CONTEXT_H
#define BSML_CONTEXT_H

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "bsml/bsml.h"

namespace bsml {

/**
 * One stack item. Items are immutable values: pushes from a script or caller-provided items are
 * views (pointer into the script / input), computed results (numbers, hashes, booleans; at most
 * 32 bytes) are stored inline. Copying an item copies the view or the bytes.
 */
struct Item {
  std::uint32_t size;
  std::uint8_t is_inline;
  union {
    const std::uint8_t* ptr;
    std::uint8_t buf[32];
    std::uint64_t w[4];
  } u;
  const std::uint8_t* data() const { return is_inline ? u.buf : u.ptr; }
};

/** Largest number of items one area holds (stack + altstack; each op adds at most 3 before the check). */
constexpr std::size_t kAreaCapacity = BSML_MAX_STACK_SIZE + 4;

/** A main stack growing up from items[0] and an altstack growing down from items[kAreaCapacity-1]. */
struct Area {
  Item items[kAreaCapacity];
  std::size_t n;    // main stack size
  std::size_t alt;  // altstack size
};

/** What the last evaluation left, for bsml_result_*_item. */
struct ResultView {
  const Area* stack_area;
  std::size_t stack_n;
  const Area* alt_area;
  std::size_t alt_n;
};

}  // namespace bsml

struct bsml_context {
  std::uint32_t magic;
  bsml::Area area[2];
  bsml::ResultView result;
  /** Scratch for a legacy scriptCode with signatures removed (FindAndDelete). */
  std::uint8_t script_code[BSML_MAX_SCRIPT_SIZE];
  /** The P2WPKH script built from a 20-byte program. */
  std::uint8_t p2wpkh[25];
  /** Taproot spends: the tapleaf hash and the annex hash handed to the checker. */
  std::uint8_t tapleaf_hash[32];
  std::uint8_t annex_hash[32];
};

namespace bsml {
constexpr std::uint32_t kContextMagic = 0x6273'6d6cu;  // "bsml"
}

#endif  // BSML_CONTEXT_H
