// Fuzz target (b): the batch engine. One script over many lanes; every lane the vector path
// answers (BSML_LANE_DONE) must equal the scalar engine (bsml_evaluate on the same initial stack):
// the same error, and the same final stack and altstack, item by item.
//
// Input: [control][flags u32] [depth][lanes] then items: the script, then the lanes' values.
//   control bits 0-1: sigversion (base, witness v0, tapscript, tapscript)
//   control bits 2-3: ISA (auto, scalar, avx2, avx512; an ISA the CPU lacks is skipped)
//   control bit 4: byte-string lanes (BSML_BATCH_BYTES: each value item is one stack item as
//                  given) instead of int64 lanes (each value item read as a little-endian int64,
//                  sign-extended from its length, so small and 5..8-byte numbers both occur)
//   control bit 5: scalar_fallback (declined lanes run on the scalar engine in the workers)
//   control bit 6: two worker threads instead of one
#include <cstdint>
#include <cstring>
#include <vector>

#include "bsml/batch.h"
#include "bsml/bsml.h"
#include "fuzz_input.h"
#include "scriptnum.h"

namespace {

using bsml_fuzz::Reader;

constexpr std::size_t kMaxDepth = 12;
constexpr std::size_t kMaxLanes = 48;

std::int64_t as_int64(bsml_bytes b) {
  if (b.size == 0) return 0;
  const std::size_t n = b.size < 8 ? b.size : 8;
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < n; ++i) v |= std::uint64_t(b.data[i]) << (8 * i);
  if (n < 8 && (b.data[n - 1] & 0x80)) v |= ~std::uint64_t(0) << (8 * n);  // sign-extend
  return std::int64_t(v);
}

bsml_context* ctx() {
  static bsml_context* c = bsml_context_new();
  FUZZ_CHECK(c != nullptr);
  return c;
}

// The bytes of a lane value: its minimal script-number encoding (INT64_MIN needs 9 bytes).
std::vector<std::uint8_t> encode(std::int64_t v) {
  if (v == INT64_MIN) return {0, 0, 0, 0, 0, 0, 0, 0x80, 0x80};
  std::uint8_t enc[9];
  const std::size_t n = bsml::encode_num(v, enc);
  return std::vector<std::uint8_t>(enc, enc + n);
}

bool same(bsml_bytes b, std::int64_t v) {
  const std::vector<std::uint8_t> e = encode(v);
  return b.size == e.size() && (b.size == 0 || std::memcmp(b.data, e.data(), b.size) == 0);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Reader in(data, size);
  const std::uint8_t control = in.byte();
  const std::uint32_t flags = in.u32();
  const std::size_t depth = in.byte() % (kMaxDepth + 1);
  const std::size_t lanes = 1 + in.byte() % kMaxLanes;
  const bsml_bytes script = in.item();
  static const int kSv[4] = {BSML_SIGVERSION_BASE, BSML_SIGVERSION_WITNESS_V0, BSML_SIGVERSION_TAPSCRIPT,
                             BSML_SIGVERSION_TAPSCRIPT};
  const int sigversion = kSv[control & 3];
#ifdef BSML_FUZZ_BATCH_ISA  // bsml-fuzz-batch_avx512_simde: every input on one ISA (bits 2-3 unused)
  const int isa = BSML_FUZZ_BATCH_ISA;
#else
  static const int kIsa[4] = {BSML_ISA_AUTO, BSML_ISA_SCALAR, BSML_ISA_AVX2, BSML_ISA_AVX512};
  const int isa = kIsa[(control >> 2) & 3];
#endif
  const bool bytes_kind = control & 16;
  if (!bsml_batch_isa_available(isa)) return 0;

  // Lane values: lanes x depth items (missing ones are empty).
  std::vector<bsml_bytes> items(lanes * depth);
  for (auto& it : items) it = in.empty() ? bsml_bytes{nullptr, 0} : in.item();

  bsml_batch_program* prog = bsml_batch_compile(script.size ? script.data : nullptr, script.size, sigversion, flags, depth);
  if (!script.size && !prog) prog = bsml_batch_compile(reinterpret_cast<const std::uint8_t*>(""), 0, sigversion, flags, depth);
  FUZZ_CHECK(prog != nullptr);
  FUZZ_CHECK(bsml_batch_program_input_depth(prog) == depth);
  const std::size_t sd = bsml_batch_program_stack_depth(prog);
  const std::size_t ad = bsml_batch_program_altstack_depth(prog);
  const std::size_t width = sd + ad;

  bsml_batch_input input{};
  input.lanes = lanes;
  input.cols = depth;
  std::vector<std::int64_t> i64;
  std::vector<std::uint8_t> blob;
  std::vector<std::uint64_t> item_start, lane_start;
  // What bsml_evaluate gets for each lane: minimal encodings of the int64s, or the raw items.
  std::vector<std::vector<std::vector<std::uint8_t>>> scalar_stacks(lanes);
  if (bytes_kind) {
    input.kind = BSML_BATCH_BYTES;
    item_start.push_back(0);
    for (std::size_t l = 0; l < lanes; ++l) {
      lane_start.push_back(l * depth);
      for (std::size_t j = 0; j < depth; ++j) {
        const bsml_bytes b = items[l * depth + j];
        blob.insert(blob.end(), b.data, b.data + b.size);
        item_start.push_back(blob.size());
        scalar_stacks[l].emplace_back(b.data, b.data + b.size);
      }
    }
    lane_start.push_back(lanes * depth);
    if (blob.empty()) blob.push_back(0);
    input.data = blob.data();
    input.item_start = item_start.data();
    input.lane_start = lane_start.data();
  } else {
    input.kind = BSML_BATCH_DENSE_I64;
    for (std::size_t l = 0; l < lanes; ++l) {
      for (std::size_t j = 0; j < depth; ++j) {
        const std::int64_t v = as_int64(items[l * depth + j]);
        i64.push_back(v);
        scalar_stacks[l].push_back(encode(v));
      }
    }
    if (i64.empty()) i64.push_back(0);
    input.i64 = i64.data();
  }

  std::vector<std::uint8_t> status(lanes, 0xff), error(lanes, 0xff);
  std::vector<std::int64_t> values(lanes * (width ? width : 1), 0);
  bsml_batch_output out{status.data(), error.data(), values.data()};
  bsml_batch_options opt{};
  opt.isa = isa;
  opt.threads = (control & 64) ? 2 : 1;
  opt.chunk_lanes = 16;
  opt.scalar_fallback = (control & 32) && bsml_batch_has_scalar();
  const int rc = bsml_batch_run(prog, &input, &out, &opt);
  FUZZ_CHECK(rc == BSML_BATCH_OK);

  for (std::size_t l = 0; l < lanes; ++l) {
    FUZZ_CHECK(status[l] == BSML_LANE_DONE || status[l] == BSML_LANE_FALLBACK || status[l] == BSML_LANE_SCALAR);
    if (status[l] == BSML_LANE_FALLBACK) {
      FUZZ_CHECK(!opt.scalar_fallback || scalar_stacks[l].size() > BSML_MAX_STACK_SIZE);
      continue;
    }
    std::vector<bsml_bytes> st;
    for (const auto& it : scalar_stacks[l]) st.push_back(bsml_bytes{it.data(), it.size()});
    bsml_result r;
    FUZZ_CHECK(bsml_evaluate(ctx(), script, st.empty() ? nullptr : st.data(), st.size(), sigversion, flags, nullptr,
                             nullptr, &r) == BSML_DONE);
    FUZZ_CHECK(error[l] == r.error);
    if (status[l] != BSML_LANE_DONE) continue;
    FUZZ_CHECK(r.stack_size == sd && r.altstack_size == ad);
    for (std::size_t j = 0; j < sd; ++j) FUZZ_CHECK(same(bsml_result_stack_item(ctx(), j), values[l * width + j]));
    for (std::size_t j = 0; j < ad; ++j) FUZZ_CHECK(same(bsml_result_altstack_item(ctx(), j), values[l * width + sd + j]));
  }
  bsml_batch_program_free(prog);
  return 0;
}
