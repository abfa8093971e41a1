// bsml_stack_reach against the interpreter: on random scripts over random stacks, evaluating with the
// items below the reach left out (bsml_evaluate_top, bsml_verify_script_top for P2WSH spends of the
// same scripts) gives bsml_evaluate's / bsml_verify_script's result (verdict, op count, every item
// above the left-out ones, the altstack), and one item fewer declines. Exit 1 on a mismatch.
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

#include "bsml/bsml.h"

namespace {

std::uint32_t rng = 0x9e3779b9u;
std::uint32_t next() {
  rng ^= rng << 13;
  rng ^= rng >> 17;
  rng ^= rng << 5;
  return rng;
}
std::uint32_t below(std::uint32_t n) { return n ? next() % n : 0; }

// Opcodes the scripts are made of: stack shapes, numbers, conditionals, arithmetic, comparisons.
const std::uint8_t kOps[] = {0x74, 0x75, 0x76, 0x77, 0x78, 0x7b, 0x7c, 0x7d, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f, 0x70, 0x71, 0x72,
                             0x73, 0x82, 0x87, 0x88, 0x8b, 0x8c, 0x8f, 0x90, 0x91, 0x92, 0x93, 0x94, 0x9a, 0x9b, 0x9c, 0x9d,
                             0x9e, 0x9f, 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa8, 0x69, 0xac, 0xad, 0xba, 0x61, 0xb1, 0xb2};

std::vector<std::uint8_t> random_script(std::size_t depth) {
  std::vector<std::uint8_t> s;
  const std::uint32_t len = 1 + below(24);
  for (std::uint32_t i = 0; i < len; ++i) {
    const std::uint32_t k = below(100);
    if (k < 30) {
      s.push_back(kOps[below(sizeof kOps)]);
    } else if (k < 45) {
      s.push_back(std::uint8_t(0x51 + below(16)));  // OP_1 .. OP_16
    } else if (k < 55) {
      // A depth anywhere in the stack, then PICK or ROLL.
      const std::uint32_t d = below(std::uint32_t(depth) + 2);
      if (d <= 16) s.push_back(d ? std::uint8_t(0x50 + d) : 0x00);
      else s.insert(s.end(), {0x02, std::uint8_t(d & 0xff), std::uint8_t(d >> 8)});
      s.push_back(below(2) ? 0x79 : 0x7a);
    } else if (k < 62) {
      s.push_back(0x79 + below(2));  // PICK / ROLL of a computed depth
    } else if (k < 75) {
      s.push_back(std::uint8_t(0x63 + below(2)));  // IF / NOTIF ... [ELSE] ... ENDIF
      s.push_back(kOps[below(sizeof kOps)]);
      if (below(2)) s.push_back(0x67), s.push_back(kOps[below(sizeof kOps)]);
      if (below(8)) s.push_back(0x68);
    } else if (k < 85) {
      const std::uint32_t n = 1 + below(4);
      s.push_back(std::uint8_t(n));
      for (std::uint32_t j = 0; j < n; ++j) s.push_back(std::uint8_t(next()));
    } else if (k < 88) {
      s.push_back(std::uint8_t(0xae + below(2)));  // CHECKMULTISIG(VERIFY)
    } else {
      s.push_back(std::uint8_t(next()));  // anything
    }
  }
  return s;
}

int failures = 0;
int checked = 0;

void fail(const char* what, const std::vector<std::uint8_t>& script, std::size_t n, int sv) {
  if (++failures > 10) return;
  std::fprintf(stderr, "mismatch (%s): sigversion %d, %zu items, script", what, sv, n);
  for (auto b : script) std::fprintf(stderr, " %02x", b);
  std::fprintf(stderr, "\n");
}

// Snapshot of a result: verdict, counts, and every item's bytes (the left-out ones skipped).
struct Snap {
  bsml_result r;
  std::vector<std::vector<std::uint8_t>> stack, alt;
};
Snap snap(bsml_context* ctx, const bsml_result& r, std::size_t skip) {
  Snap s{r, {}, {}};
  for (std::size_t i = skip; i < r.stack_size; ++i) {
    const bsml_bytes b = bsml_result_stack_item(ctx, i);
    s.stack.emplace_back(b.data, b.data + b.size);
  }
  for (std::size_t i = 0; i < r.altstack_size; ++i) {
    const bsml_bytes b = bsml_result_altstack_item(ctx, i);
    s.alt.emplace_back(b.data, b.data + b.size);
  }
  return s;
}
bool same(const Snap& a, const Snap& b) {
  return a.r.success == b.r.success && a.r.error == b.r.error && a.r.op_count == b.r.op_count && a.r.stack_size == b.r.stack_size &&
         a.r.altstack_size == b.r.altstack_size && a.stack == b.stack && a.alt == b.alt;
}

}  // namespace

int main() {
  bsml_context* ctx = bsml_context_new();
  if (!ctx) return 1;
  const int sigversions[] = {BSML_SIGVERSION_BASE, BSML_SIGVERSION_WITNESS_V0, BSML_SIGVERSION_TAPSCRIPT};
  const std::uint32_t flag_sets[] = {0, BSML_FLAG_MINIMALDATA | BSML_FLAG_MINIMALIF, BSML_FLAG_CLEANSTACK | BSML_FLAG_P2SH};
  for (int round = 0; round < 20000; ++round) {
    const std::size_t n = 1 + below(60);
    std::vector<std::vector<std::uint8_t>> items(n);
    for (auto& it : items) {
      it.resize(below(4) ? below(3) : below(40));
      for (auto& b : it) b = std::uint8_t(next());
    }
    std::vector<bsml_bytes> stack(n);
    std::vector<std::uint32_t> sizes(n);
    for (std::size_t i = 0; i < n; ++i) stack[i] = bsml_bytes{items[i].data(), items[i].size()}, sizes[i] = std::uint32_t(items[i].size());
    const std::vector<std::uint8_t> script = random_script(n);
    const bsml_bytes sb{script.data(), script.size()};
    const int sv = sigversions[below(3)];
    const std::uint32_t flags = flag_sets[below(3)];
    const std::size_t reach = bsml_stack_reach(sb, sv, flags);
    if (reach >= n) continue;
    const std::size_t bare = n - reach;
    ++checked;
    bsml_result full, top;
    if (bsml_evaluate(ctx, sb, stack.data(), n, sv, flags, nullptr, nullptr, &full) != BSML_DONE) return 1;
    const Snap want = snap(ctx, full, bare);
    // Left out: the bottom `bare` items (their sizes given), and (base) without their sizes.
    if (bsml_evaluate_top(ctx, sb, stack.data() + bare, reach, bare, sizes.data(), sv, flags, nullptr, nullptr, &top) != BSML_DONE) {
      fail("evaluate_top declined", script, n, sv);
      continue;
    }
    if (!same(snap(ctx, top, bare), want) || bsml_result_left_out(ctx) < bare) fail("evaluate_top", script, n, sv);
    if (sv == BSML_SIGVERSION_BASE &&
        (bsml_evaluate_top(ctx, sb, stack.data() + bare, reach, bare, nullptr, sv, flags, nullptr, nullptr, &top) != BSML_DONE ||
         !same(snap(ctx, top, bare), want))) {
      fail("evaluate_top without sizes", script, n, sv);
    }
    // One item fewer than the reach: declined.
    if (reach > 0 && bsml_evaluate_top(ctx, sb, stack.data() + bare + 1, reach - 1, bare + 1, sizes.data(), sv, flags, nullptr, nullptr, &top) !=
        BSML_DECLINED) {
      fail("evaluate_top ran below the reach", script, n, sv);
    }
    // The same script as a P2WSH witness script: [stack..., script] with the bottom left out.
    if (sv != BSML_SIGVERSION_WITNESS_V0) continue;
    std::uint8_t spk[34] = {0x00, 0x20};
    bsml_sha256(script.data(), script.size(), spk + 2);
    std::vector<bsml_bytes> witness(stack);
    witness.push_back(sb);
    // The witness items' sizes (bare_sizes must hold one per left-out item: up to all n + 1).
    std::vector<std::uint32_t> wsizes(sizes);
    wsizes.push_back(std::uint32_t(script.size()));
    const std::uint32_t vflags = flags | BSML_FLAG_P2SH | BSML_FLAG_WITNESS;
    const bsml_bytes empty{nullptr, 0}, spkb{spk, sizeof spk};
    if (bsml_witness_reach(spkb, witness.data() + bare, reach + 1, n + 1, vflags) != reach + 1) fail("witness_reach", script, n, sv);
    if (bsml_verify_script(ctx, empty, spkb, witness.data(), n + 1, vflags, nullptr, &full) != BSML_DONE) return 1;
    // The witness script's stack keeps the left-out items at its bottom (the script cannot reach them).
    const Snap vwant = snap(ctx, full, bare);
    if (bsml_verify_script_top(ctx, empty, spkb, witness.data() + bare, reach + 1, bare, wsizes.data(), vflags, nullptr, &top) != BSML_DONE) {
      fail("verify_script_top declined", script, n, sv);
      continue;
    }
    if (!same(snap(ctx, top, bare), vwant) || bsml_result_left_out(ctx) < bare) fail("verify_script_top", script, n, sv);
    if (bsml_verify_script_top(ctx, empty, spkb, witness.data() + bare + 1, reach, bare + 1, wsizes.data(), vflags, nullptr, &top) !=
        BSML_DECLINED) {
      fail("verify_script_top ran below the reach", script, n, sv);
    }
  }
  bsml_context_free(ctx);
  std::printf("reach: %d cases with items left out, %d mismatches\n", checked, failures);
  return failures || checked < 1000 ? 1 : 0;
}
