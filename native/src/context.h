// The evaluation context: all memory an evaluation uses, sized from the consensus limits.
#ifndef BSML_CONTEXT_H
#define BSML_CONTEXT_H

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "bsml/bsml.h"
#include "scriptnum.h"

// Inlines a function into each caller whatever the compiler's inlining budget (the C API's entry
// points share one body this way without another call per verification; the interpreter's
// instantiations each keep their small helpers inline).
#if defined(__GNUC__) || defined(__clang__)
#define BSML_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define BSML_ALWAYS_INLINE inline
#endif

namespace bsml {

/** Item kinds (Item::kind). */
enum : std::uint8_t {
  /** A view: u.ptr points into the script or a caller's input. */
  kView = 0,
  /** Bytes stored inline in u.buf (hashes; computed numbers whose encoding needs 5 to 9 bytes). */
  kInlineBytes = 1,
  /**
   * A number the interpreter computed whose encoding fits 4 bytes (|v| <= 2^31 - 1): only its
   * value is stored (u.w[1]); its minimal encoding is written into u.w[0] when the bytes are
   * read, so that arithmetic chains never encode intermediate values, and reading it back as a
   * script number needs no range check.
   */
  kNumber = 2,
};

/** Byte length of a value's minimal script-number encoding (0 for zero). */
inline std::size_t number_size(std::int64_t v) {
  const std::uint64_t abs = v < 0 ? 0 - std::uint64_t(v) : std::uint64_t(v);
  if (!abs) return 0;
#if defined(__GNUC__) || defined(__clang__)
  const std::size_t bits = 64 - std::size_t(__builtin_clzll(abs));
#else
  std::size_t bits = 0;
  for (std::uint64_t x = abs; x; x >>= 1) ++bits;
#endif
  return (bits + 8) / 8;  // the magnitude plus a sign bit
}

/** Minimal little-endian script-number encoding of v (|v| < 2^55) into `out` (8 bytes). */
inline void encode_small_number(std::int64_t v, std::uint8_t out[8]) {
  const bool neg = v < 0;
  std::uint64_t abs = neg ? 0 - std::uint64_t(v) : std::uint64_t(v);
  const std::size_t n = number_size(v);
  if (n > 0 && neg) abs |= std::uint64_t(0x80) << (8 * (n - 1));
  for (int i = 0; i < 8; ++i) out[i] = std::uint8_t(abs >> (8 * i));
}

/**
 * One stack item. Items are immutable values: pushes from a script or caller-provided items are
 * views (pointer into the script / input), computed results (numbers, hashes, booleans; at most
 * 32 bytes) are stored inline. Copying an item copies the view, the bytes or the number.
 */
struct Item {
  std::uint32_t len;  // byte length (unused for kNumber: see size())
  std::uint8_t kind;
  mutable union {
    const std::uint8_t* ptr;
    std::uint8_t buf[32];
    std::uint64_t w[4];
  } u;
  std::size_t size() const { return kind == kNumber ? number_size(std::int64_t(u.w[1])) : len; }
  const std::uint8_t* data() const {
    if (kind == kView) return u.ptr;
    if (kind == kNumber) encode_small_number(std::int64_t(u.w[1]), u.buf);
    return u.buf;
  }
  /** Core's CastToBool of the item's bytes. A number's bytes are its minimal encoding, which is
   *  true exactly when the number is not 0, so a number is not encoded to be tested. */
  bool truthy() const { return kind == kNumber ? u.w[1] != 0 : cast_to_bool(data(), len); }
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
  /**
   * Items left out of the last evaluation's stack or witness (bsml_evaluate_top,
   * bsml_verify_script_top), or bsml::kBelowResult: the last result is bsml_evaluate_large's with
   * more stack items than an area holds, whose bottom `below.n` are the caller's (`below`).
   */
  std::size_t left_out;
  /** Scratch for a legacy scriptCode with signatures removed (FindAndDelete). */
  std::uint8_t script_code[BSML_MAX_SCRIPT_SIZE];
  /** The P2WPKH script built from a 20-byte program. */
  std::uint8_t p2wpkh[25];
  /** Taproot spends: the tapleaf hash and the annex hash handed to the checker. */
  std::uint8_t tapleaf_hash[32];
  std::uint8_t annex_hash[32];
  /**
   * With left_out == kBelowResult: the last result's main stack is below.items[0 .. below.n + 1)
   * without index below.gap (below.items[0 .. below.n) when gap >= below.n), then result's area
   * items; the caller's stack array, read until the next evaluation. (Last, so that the fields
   * above keep their places.)
   */
  struct {
    const bsml_bytes* items;
    std::size_t n;
    std::size_t gap;
  } below;
};

namespace bsml {
constexpr std::uint32_t kContextMagic = 0x6273'6d6cu;  // "bsml"
/** bsml_context::left_out of a result with items below its area (bsml_evaluate_large). */
constexpr std::size_t kBelowResult = SIZE_MAX;
}

#endif  // BSML_CONTEXT_H
