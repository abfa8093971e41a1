// ctest for the batch engine alone: `batch_test ISA [PROGRAMS [SEED]]` runs hand-checked cases on
// ISA, then PROGRAMS (default 300) random lane programs comparing ISA against the scalar kernel lane
// by lane (status, error, values) and against bsml_evaluate. Exit 77 (ctest: skipped) when this CPU
// or build cannot run ISA. Built as batch_test_simde, ISA avx512 is the AVX-512 kernel on SIMDe.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "bsml/batch.h"
#include "bsml/bsml.h"

namespace {

int failures = 0;

#define CHECK(cond, ...)                                    \
  do {                                                      \
    if (!(cond)) {                                          \
      ++failures;                                           \
      std::fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
      std::fprintf(stderr, __VA_ARGS__);                    \
      std::fprintf(stderr, "\n");                           \
    }                                                       \
  } while (0)

// Opcodes used below (values from src/script/opcodes.ts).
enum : uint8_t {
  OP_0 = 0x00, OP_1NEGATE = 0x4f, OP_1 = 0x51, OP_2 = 0x52, OP_3 = 0x53, OP_16 = 0x60, OP_IF = 0x63,
  OP_NOTIF = 0x64, OP_ELSE = 0x67, OP_ENDIF = 0x68, OP_VERIFY = 0x69, OP_TOALTSTACK = 0x6b,
  OP_FROMALTSTACK = 0x6c, OP_2DUP = 0x6e, OP_DROP = 0x75, OP_DUP = 0x76, OP_OVER = 0x78, OP_PICK = 0x79,
  OP_ROLL = 0x7a, OP_ROT = 0x7b, OP_SWAP = 0x7c, OP_TUCK = 0x7d, OP_EQUAL = 0x87, OP_EQUALVERIFY = 0x88,
  OP_1ADD = 0x8b, OP_1SUB = 0x8c, OP_NEGATE = 0x8f, OP_ABS = 0x90, OP_NOT = 0x91, OP_0NOTEQUAL = 0x92,
  OP_ADD = 0x93, OP_SUB = 0x94, OP_BOOLAND = 0x9a, OP_BOOLOR = 0x9b, OP_NUMEQUAL = 0x9c,
  OP_NUMEQUALVERIFY = 0x9d, OP_NUMNOTEQUAL = 0x9e, OP_LESSTHAN = 0x9f, OP_GREATERTHAN = 0xa0,
  OP_LESSTHANOREQUAL = 0xa1, OP_GREATERTHANOREQUAL = 0xa2, OP_MIN = 0xa3, OP_MAX = 0xa4, OP_WITHIN = 0xa5,
  OP_SHA256 = 0xa8,
};
constexpr int BASE = 0, TAPSCRIPT = 3;
constexpr int ERR_OK = 0, ERR_EVAL_FALSE = 2, ERR_CLEANSTACK = 30;

struct Result {
  std::vector<uint8_t> status, error;
  std::vector<int64_t> values;
  size_t width = 0;
  std::string declined;
};

Result run(int isa, const std::vector<uint8_t>& script, int sigversion, uint32_t flags, size_t cols,
           const std::vector<int64_t>& matrix, unsigned threads = 1, size_t chunk = 0) {
  Result r;
  bsml_batch_program* p = bsml_batch_compile(script.data(), script.size(), sigversion, flags, cols);
  if (!p) {
    r.declined = "compile returned NULL";
    return r;
  }
  if (const char* why = bsml_batch_program_declined(p)) r.declined = why;
  size_t lanes = cols ? matrix.size() / cols : 0;
  r.width = bsml_batch_program_stack_depth(p) + bsml_batch_program_altstack_depth(p);
  r.status.assign(lanes, 9);
  r.error.assign(lanes, 99);
  r.values.assign(lanes * r.width + 1, 0);
  bsml_batch_input in{};
  in.kind = BSML_BATCH_DENSE_I64;
  in.lanes = lanes;
  in.cols = cols;
  in.i64 = matrix.data();
  bsml_batch_output out{r.status.data(), r.error.data(), r.values.data()};
  bsml_batch_options opt{};
  opt.isa = isa;
  opt.threads = threads;
  opt.chunk_lanes = chunk;
  int rc = bsml_batch_run(p, &in, &out, &opt);
  CHECK(rc == BSML_BATCH_OK, "bsml_batch_run returned %d", rc);
  bsml_batch_program_free(p);
  return r;
}

void hand_cases(int isa) {
  // 2 3 ADD over lanes [x]: x + 5 ... written as: <x> 2 ADD 3 ADD
  {
    std::vector<int64_t> in = {0, 1, -7, 0x7fffffff, -0x7fffffff, 0x80000000LL, -0x80000000LL, 100};
    Result r = run(isa, {OP_2, OP_ADD, OP_3, OP_ADD}, BASE, 0, 1, in);
    CHECK(r.declined.empty(), "declined: %s", r.declined.c_str());
    for (size_t l = 0; l < in.size(); l++) {
      bool wide = in[l] > 0x7fffffff || in[l] < -0x7fffffff || in[l] + 2 > 0x7fffffff;  // x+2 is an operand too
      if (wide) {
        CHECK(r.status[l] == BSML_LANE_FALLBACK, "lane %zu: 5-byte operand must fall back", l);
      } else {
        CHECK(r.status[l] == BSML_LANE_DONE, "lane %zu status", l);
        CHECK(r.values[l] == in[l] + 5, "lane %zu value %lld", l, (long long)r.values[l]);
        CHECK(r.error[l] == (in[l] + 5 == 0 ? ERR_EVAL_FALSE : ERR_OK), "lane %zu error %d", l, r.error[l]);
      }
    }
  }
  // A 5-byte result is fine on the stack but not as an operand: x DUP ADD (ok), x DUP ADD 1ADD (fails for big x).
  {
    std::vector<int64_t> in = {0x7fffffff, 3};
    Result r = run(isa, {OP_DUP, OP_ADD}, BASE, 0, 1, in);
    CHECK(r.status[0] == BSML_LANE_DONE && r.values[0] == 0xfffffffeLL, "5-byte result kept");
    Result q = run(isa, {OP_DUP, OP_ADD, OP_1ADD}, BASE, 0, 1, in);
    CHECK(q.status[0] == BSML_LANE_FALLBACK, "5-byte operand falls back");
    CHECK(q.status[1] == BSML_LANE_DONE && q.values[1] == 7, "lane 1 = 7");
  }
  // Tapscript: x 0 MAX 5 MIN, clean stack of one item; x = 0 -> EVAL_FALSE.
  {
    std::vector<int64_t> in = {-3, 0, 2, 9};
    Result r = run(isa, {OP_0, OP_MAX, 0x55, OP_MIN}, TAPSCRIPT, 0, 1, in);
    int64_t want[] = {0, 0, 2, 5};
    for (size_t l = 0; l < 4; l++) {
      CHECK(r.status[l] == BSML_LANE_DONE && r.values[l] == want[l], "relu lane %zu", l);
      CHECK(r.error[l] == (want[l] ? ERR_OK : ERR_EVAL_FALSE), "relu lane %zu error", l);
    }
    Result c = run(isa, {OP_DUP}, TAPSCRIPT, 0, 1, in);
    CHECK(c.error[2] == ERR_CLEANSTACK, "two items: CLEANSTACK");
  }
  // IF per lane with tapscript MINIMALIF: argument 2 falls back; 0/1 choose the branch.
  {
    std::vector<int64_t> in = {10, 1, 10, 0, 10, 2};
    Result r = run(isa, {OP_IF, OP_1ADD, OP_ELSE, OP_1SUB, OP_ENDIF}, TAPSCRIPT, 0, 2, in);
    CHECK(r.declined.empty(), "IF declined: %s", r.declined.c_str());
    CHECK(r.status[0] == BSML_LANE_DONE && r.values[0] == 11, "then branch");
    CHECK(r.status[1] == BSML_LANE_DONE && r.values[1] == 9, "else branch");
    CHECK(r.status[2] == BSML_LANE_FALLBACK, "MINIMALIF falls back");
    Result b = run(isa, {OP_IF, OP_1ADD, OP_ELSE, OP_1SUB, OP_ENDIF}, BASE, 0, 2, in);
    CHECK(b.status[2] == BSML_LANE_DONE && b.values[2] == 11, "base: 2 is true");
  }
  // NUMEQUALVERIFY failing lanes fall back; passing lanes continue.
  {
    std::vector<int64_t> in = {4, 5};
    Result r = run(isa, {0x54, OP_NUMEQUALVERIFY, OP_1}, BASE, 0, 1, in);
    CHECK(r.status[0] == BSML_LANE_DONE && r.error[0] == ERR_OK, "4 == 4");
    CHECK(r.status[1] == BSML_LANE_FALLBACK, "5 != 4 falls back");
  }
  // With the native core linked, declined lanes run on the scalar engine right away.
  if (bsml_batch_has_scalar()) {
    std::vector<uint8_t> script = {0x54, OP_NUMEQUALVERIFY, OP_1};
    std::vector<int64_t> in = {4, 5};
    bsml_batch_program* p = bsml_batch_compile(script.data(), script.size(), BASE, 0, 1);
    uint8_t status[2], error[2];
    bsml_batch_input bi{};
    bi.kind = BSML_BATCH_DENSE_I64;
    bi.lanes = 2;
    bi.cols = 1;
    bi.i64 = in.data();
    bsml_batch_output out{status, error, nullptr};
    bsml_batch_options opt{};
    opt.isa = isa;
    opt.scalar_fallback = 1;
    CHECK(bsml_batch_run(p, &bi, &out, &opt) == BSML_BATCH_OK, "run with scalar fallback");
    CHECK(status[0] == BSML_LANE_DONE && error[0] == ERR_OK, "lane 0 on the vector path");
    CHECK(status[1] == BSML_LANE_SCALAR && error[1] == 15 /* NUMEQUALVERIFY */, "lane 1 by the scalar engine: %d %d",
          status[1], error[1]);
    bsml_batch_program_free(p);
  }
  // PICK/ROLL with constant depths, altstack.
  {
    std::vector<int64_t> in = {1, 2, 3};
    Result r = run(isa, {OP_2, OP_PICK, OP_TOALTSTACK, OP_1, OP_ROLL, OP_FROMALTSTACK}, BASE, 0, 3, in);
    // [1 2 3] -> PICK 2 -> [1 2 3 1] -> alt [1] -> ROLL 1 -> [1 3 2] -> [1 3 2 1]
    int64_t want[] = {1, 3, 2, 1};
    CHECK(r.width == 4, "width %zu", r.width);
    for (int j = 0; j < 4; j++) CHECK(r.values[j] == want[j], "pick/roll slot %d = %lld", j, (long long)r.values[j]);
  }
  // Constant folding past int64 inside a branch (at the top level the first failing constant
  // declines the script): IF 0x7fffffff (DUP ADD)x64 1ADD NEGATE ABS 1SUB DROP ENDIF 1. Lanes
  // taking the branch fail at the first 5-byte operand (fall back); the others end with [1]. The
  // folding must wrap, not overflow (signed overflow was UB in the lane compiler; UBSan build).
  {
    std::vector<uint8_t> script = {OP_IF, 0x04, 0xff, 0xff, 0xff, 0x7f};
    for (int i = 0; i < 64; i++) script.insert(script.end(), {OP_DUP, OP_ADD});
    script.insert(script.end(), {OP_1ADD, OP_NEGATE, OP_ABS, OP_1SUB, OP_DROP, OP_ENDIF, OP_1});
    Result r = run(isa, script, BASE, 0, 1, {1, 0, 1, 0});
    CHECK(r.declined.empty(), "folded overflow in a branch declined: %s", r.declined.c_str());
    for (size_t l = 0; l < 4; l++) {
      if (l % 2 == 0) CHECK(r.status[l] == BSML_LANE_FALLBACK, "folded overflow: lane %zu falls back", l);
      else CHECK(r.status[l] == BSML_LANE_DONE && r.values[l] == 1, "folded overflow: lane %zu = [1]", l);
    }
  }
  // Scripts outside the subset decline every lane.
  {
    Result r = run(isa, {OP_SHA256}, BASE, 0, 1, {1, 2});
    CHECK(!r.declined.empty(), "SHA256 must decline");
    CHECK(r.status[0] == BSML_LANE_FALLBACK && r.status[1] == BSML_LANE_FALLBACK, "declined lanes fall back");
    Result s = run(isa, {OP_IF, OP_DUP, OP_ENDIF}, BASE, 0, 1, {1, 2});
    CHECK(!s.declined.empty(), "branch shapes differ: decline");
  }
}

// Minimal script-number encoding (Core's CScriptNum::serialize).
std::vector<uint8_t> encode(int64_t v) {
  std::vector<uint8_t> out;
  if (v == 0) return out;
  bool neg = v < 0;
  uint64_t m = neg ? uint64_t(0) - uint64_t(v) : uint64_t(v);
  while (m) {
    out.push_back(uint8_t(m & 0xff));
    m >>= 8;
  }
  if (out.back() & 0x80) out.push_back(neg ? 0x80 : 0x00);
  else if (neg) out.back() |= 0x80;
  return out;
}

/** Lane l of a vector-path result must equal the scalar native engine (bsml_evaluate) on that lane. */
bool equals_scalar(bsml_context* ctx, const std::vector<uint8_t>& script, int sig, const Result& r, size_t cols,
                   const std::vector<int64_t>& m, size_t l, size_t depth) {
  std::vector<std::vector<uint8_t>> items;
  std::vector<bsml_bytes> stack;
  for (size_t j = 0; j < cols; j++) items.push_back(encode(m[l * cols + j]));
  for (auto& it : items) stack.push_back(bsml_bytes{it.data(), it.size()});
  bsml_result res;
  if (bsml_evaluate(ctx, bsml_bytes{script.data(), script.size()}, stack.data(), stack.size(), sig, 0, nullptr, nullptr,
                    &res) != BSML_DONE)
    return false;
  if (res.error != r.error[l] || res.stack_size != depth || res.stack_size + res.altstack_size != r.width) return false;
  for (size_t j = 0; j < r.width; j++) {
    bsml_bytes b = j < depth ? bsml_result_stack_item(ctx, j) : bsml_result_altstack_item(ctx, j - depth);
    std::vector<uint8_t> want = encode(r.values[l * r.width + j]);
    if (b.size != want.size() || (b.size && std::memcmp(b.data, want.data(), b.size) != 0)) return false;
  }
  return true;
}

// Random programs over the vector subset.
struct Gen {
  std::mt19937_64 rng;
  explicit Gen(uint64_t seed) : rng(seed) {}
  uint64_t below(uint64_t n) { return rng() % n; }
  int64_t number() {
    static const int64_t edge[] = {0, 1, -1, 2, 16, 127, 128, -128, 255, 32767, -32768, 0x7fffff, 0x7fffffff,
                                   -0x7fffffff, 0x80000000LL, -0x80000000LL, 0xffffffffLL, 1LL << 40};
    if (below(3) == 0) return edge[below(sizeof edge / sizeof edge[0])];
    return int64_t(below(2001)) - 1000;
  }
  std::vector<uint8_t> script(size_t depth, size_t len) {
    static const uint8_t ops[] = {OP_ADD, OP_SUB, OP_1ADD, OP_1SUB, OP_NEGATE, OP_ABS, OP_NOT, OP_0NOTEQUAL,
                                  OP_BOOLAND, OP_BOOLOR, OP_NUMEQUAL, OP_NUMNOTEQUAL, OP_LESSTHAN,
                                  OP_GREATERTHAN, OP_LESSTHANOREQUAL, OP_GREATERTHANOREQUAL, OP_MIN, OP_MAX,
                                  OP_WITHIN, OP_DUP, OP_OVER, OP_SWAP, OP_ROT, OP_TUCK, OP_2DUP, OP_DROP,
                                  OP_EQUAL, OP_VERIFY, OP_NUMEQUALVERIFY};
    std::vector<uint8_t> s;
    size_t d = depth;
    for (size_t i = 0; i < len; i++) {
      if (d < 3 || below(5) == 0) {
        uint64_t k = below(4);
        if (k == 0) s.push_back(OP_0);
        else if (k == 1) s.push_back(uint8_t(OP_1 + below(16)));
        else if (k == 2) s.push_back(OP_1NEGATE);
        else { s.push_back(0x02); s.push_back(uint8_t(below(256))); s.push_back(uint8_t(below(127) + 1)); }
        d++;
        continue;
      }
      if (below(10) == 0) {  // PICK/ROLL with a constant depth
        s.push_back(uint8_t(OP_1 + below(std::min<size_t>(d - 1, 16))));
        s.push_back(below(2) ? OP_PICK : OP_ROLL);
        continue;
      }
      if (below(12) == 0 && d >= 3) {  // IF x ELSE y ENDIF leaving one more item either way
        s.insert(s.end(), {OP_IF, OP_DUP, OP_1ADD, OP_ELSE, OP_OVER, OP_ENDIF});
        continue;
      }
      uint8_t op = ops[below(sizeof ops)];
      s.push_back(op);
      switch (op) {
        case OP_DUP: case OP_OVER: case OP_TUCK: d++; break;
        case OP_2DUP: d += 2; break;
        case OP_ADD: case OP_SUB: case OP_BOOLAND: case OP_BOOLOR: case OP_NUMEQUAL: case OP_NUMNOTEQUAL:
        case OP_LESSTHAN: case OP_GREATERTHAN: case OP_LESSTHANOREQUAL: case OP_GREATERTHANOREQUAL: case OP_MIN:
        case OP_MAX: case OP_EQUAL: case OP_DROP: case OP_VERIFY: d--; break;
        case OP_WITHIN: case OP_NUMEQUALVERIFY: d -= 2; break;
        default: break;
      }
    }
    return s;
  }
};

size_t depth_of(const std::vector<uint8_t>& s, int sig, size_t cols) {
  bsml_batch_program* p = bsml_batch_compile(s.data(), s.size(), sig, 0, cols);
  size_t d = bsml_batch_program_stack_depth(p);
  bsml_batch_program_free(p);
  return d;
}

void random_cases(int isa, int programs, uint64_t seed) {
  Gen g(seed);
  size_t compared = 0, fallback = 0, declined = 0, lanes_run = 0;
  bsml_context* ctx = bsml_context_new();
  for (int t = 0; t < programs; t++) {
    size_t cols = 2 + g.below(4);
    size_t lanes = 1 + g.below(300);  // not a multiple of any vector width, on purpose
    std::vector<uint8_t> s = g.script(cols, 5 + g.below(40));
    std::vector<int64_t> m(lanes * cols);
    for (auto& v : m) v = g.number();
    int sig = g.below(2) ? BASE : TAPSCRIPT;
    Result a = run(BSML_ISA_SCALAR, s, sig, 0, cols, m, 1, 16);
    Result b = run(isa, s, sig, 0, cols, m, 2, 32 + 16 * g.below(4));
    lanes_run += lanes;
    if (!a.declined.empty()) declined++;
    CHECK(a.declined == b.declined, "case %d: declined differs", t);
    CHECK(a.width == b.width, "case %d: width", t);
    for (size_t l = 0; l < lanes; l++) {
      CHECK(a.status[l] == b.status[l], "case %d lane %zu: status %d vs %d", t, l, a.status[l], b.status[l]);
      if (a.status[l] != BSML_LANE_DONE) {
        fallback++;
        continue;
      }
      compared++;
      CHECK(a.error[l] == b.error[l], "case %d lane %zu: error", t, l);
      CHECK(equals_scalar(ctx, s, sig, b, cols, m, l, depth_of(s, sig, cols)), "case %d lane %zu: differs from bsml_evaluate",
            t, l);
      for (size_t j = 0; j < a.width; j++)
        CHECK(a.values[l * a.width + j] == b.values[l * b.width + j], "case %d lane %zu slot %zu", t, l, j);
    }
  }
  bsml_context_free(ctx);
  std::printf("random (seed %llu): %d programs, %zu lanes run; %zu lanes compared (kernel vs scalar kernel vs "
              "bsml_evaluate), %zu fell back, %zu scripts declined; %d failed checks\n",
              (unsigned long long)seed, programs, lanes_run, compared, fallback, declined, failures);
  CHECK(compared > 1000, "too few lanes compared on the vector path (%zu)", compared);
}

}  // namespace

int main(int argc, char** argv) {
  const char* name = argc > 1 ? argv[1] : "scalar";
  int isa = !std::strcmp(name, "avx2") ? BSML_ISA_AVX2
            : !std::strcmp(name, "avx512") ? BSML_ISA_AVX512
            : !std::strcmp(name, "neon") ? BSML_ISA_NEON
                                         : BSML_ISA_SCALAR;
  if (!bsml_batch_isa_available(isa)) {
    std::printf("skipped: %s is not available on this CPU/build\n", name);
    return 77;
  }
  const int programs = argc > 2 ? std::atoi(argv[2]) : 300;
  const uint64_t seed = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 20261130;
#ifdef BSML_BATCH_TEST_SIMDE
  const char* how = " (the AVX-512 kernel on SIMDe's emulated intrinsics, not AVX-512 hardware)";
#else
  const char* how = "";
#endif
  std::printf("%s%s\n", name, how);
  hand_cases(isa);
  random_cases(isa, programs, seed);
  std::printf("%s: %s\n", name, failures ? "FAILED" : "ok");
  return failures ? 1 : 0;
}
