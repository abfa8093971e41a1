// bsml-run: evaluates one script on an initial stack with the native core (no Node needed).
//   bsml-run [--sigversion base|witness_v0|tapscript] [--flags NAME,NAME] [--stack HEX,HEX] [--json] SCRIPTHEX
// Prints what `bsml run --hex SCRIPTHEX` prints for the same arguments (result, stacks, op count;
// its messages for bad hex, flags and sigversions); exit 0 success, 1 script failure, 2 bad usage
// or input (one line on stderr naming the argument and what is wrong with it). `--help` prints
// the usage line. Options take their value as the next argument or as --opt=VALUE.
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "bsml/bsml.h"
#include "hexutil.h"
#include "script.h"
#include "scriptnum.h"
#include "tables.h"

namespace {

constexpr std::size_t kMaxInput = 1 << 20;
std::uint8_t g_script[kMaxInput];
std::uint8_t g_items[kMaxInput];

const char kUsage[] = "usage: bsml-run [--sigversion base|witness_v0|tapscript] [--flags NAME,NAME] [--stack HEX,HEX] [--json] SCRIPTHEX\n";

int usage(const char* msg) {
  std::fprintf(stderr, "bsml-run: %s\n%s", msg, kUsage);
  return 2;
}

// One line naming the bad hex argument (`what`, may be empty) and what is wrong with it, as
// `bsml run` words it (its digits begin at hex[start]); exit status 2.
int bad_hex(const char* what, const char* hex, std::size_t len, std::size_t cap, std::size_t start = 0) {
  char why[512];
  bsml_tools::hex_problem(hex, len, cap, why, sizeof why, start);
  std::fprintf(stderr, "bsml-run: %s%s%s\n", what, *what ? ": " : "", why[0] ? why : "not valid hex");
  return 2;
}

// `bsml run`'s --flags: names separated by commas, each trimmed, SCRIPT_VERIFY_ prefix optional,
// empty names skipped, NONE adds nothing.
bool parse_flags(const char* list, std::uint32_t& flags) {
  flags = 0;
  for (const char* p = list;;) {
    const char* e = std::strchr(p, ',');
    const char* raw = p;
    std::size_t raw_n = e ? std::size_t(e - p) : std::strlen(p);
    bsml_tools::trim(raw, raw_n);
    const char* name = raw;
    std::size_t n = raw_n;
    if (n >= 14 && std::strncmp(name, "SCRIPT_VERIFY_", 14) == 0) {
      name += 14;
      n -= 14;
    }
    if (n > 0 && !(n == 4 && std::strncmp(name, "NONE", 4) == 0)) {
      bool found = false;
      for (int i = 0; i < bsml::tables::kFlagCount; ++i) {
        const char* known = bsml::tables::kFlagName[i].name;
        if (std::strlen(known) == n && std::strncmp(known, name, n) == 0) {
          flags |= bsml::tables::kFlagName[i].bit;
          found = true;
        }
      }
      if (!found) {
        char q[512];
        bsml_tools::quote(raw, raw_n, 0, false, q, sizeof q);
        std::fprintf(stderr, "bsml-run: unknown flag %s (known: NONE", q);
        for (int i = 0; i < bsml::tables::kFlagCount; ++i) std::fprintf(stderr, ", %s", bsml::tables::kFlagName[i].name);
        std::fprintf(stderr, ")\n");
        return false;
      }
    }
    if (!e) return true;
    p = e + 1;
  }
}

// A result to print: its stacks as item arrays (bottom first).
struct Result {
  int error;
  std::uint32_t op_count;
  const bsml_bytes* stack;
  std::size_t stack_n;
  const bsml_bytes* alt;
  std::size_t alt_n;
};

void print_list(const bsml_bytes* items, std::size_t n, bool json) {
  for (std::size_t i = 0; i < n; ++i) {
    const bsml_bytes b = items[i];
    if (json) std::printf("%s\"", i ? "," : "");
    else if (i) std::printf(" ");
    // As `bsml run` prints it: an empty item is `0x` in the text form (blank, one empty item would
    // read as the empty stack), "" in JSON.
    if (!json && b.size == 0) std::printf("0x");
    bsml_tools::print_hex(stdout, b.data, b.size);
    if (json) std::printf("\"");
  }
}

int print_result(const Result& r, bool json) {
  const bool success = r.error == BSML_ERR_OK;
  if (json) {
    std::printf("{\"success\":%s,\"error\":\"%s\",\"stack\":[", success ? "true" : "false", bsml_error_name(r.error));
    print_list(r.stack, r.stack_n, true);
    std::printf("],\"altstack\":[");
    print_list(r.alt, r.alt_n, true);
    std::printf("],\"opCount\":%u}\n", r.op_count);
  } else {
    std::printf("%s: %s  opCount %u\nstack: [", success ? "success" : "failure", bsml_error_name(r.error), r.op_count);
    print_list(r.stack, r.stack_n, false);
    std::printf("]");
    if (r.alt_n) {
      std::printf("  altstack: [");
      print_list(r.alt, r.alt_n, false);
      std::printf("]");
    }
    std::printf("\n");
  }
  return success ? 0 : 1;
}

// bsml_evaluate with Core's base checker and the default tapscript budget; false (with a message)
// when the core declines.
bool evaluate(bsml_context* ctx, bsml_bytes script, const bsml_bytes* stack, std::size_t n, int sigversion, std::uint32_t flags,
              bsml_result& r) {
  const bsml_status st = bsml_evaluate(ctx, script, stack, n, sigversion, flags, nullptr, nullptr, &r);
  if (st == BSML_DONE) return true;
  std::fprintf(stderr, "bsml-run: the native engine declined this input (status %d)\n", int(st));
  return false;
}

// The last evaluation on ctx as a Result; its items are copied into stack / alt (room for the
// result's sizes) after the first `below` entries of stack, which the caller has filled.
Result read_result(const bsml_context* ctx, const bsml_result& r, bsml_bytes* stack, std::size_t below, bsml_bytes* alt) {
  for (std::size_t i = 0; i < r.stack_size; ++i) stack[below + i] = bsml_result_stack_item(ctx, i);
  for (std::size_t i = 0; i < r.altstack_size; ++i) alt[i] = bsml_result_altstack_item(ctx, i);
  return Result{r.error, r.op_count, stack, below + r.stack_size, alt, r.altstack_size};
}

// What `bsml run` answers (Core's answer) for an initial stack of more than BSML_MAX_STACK_SIZE
// items, which a context cannot hold (bsml_evaluate declines it). Core checks the stack size only
// up front in tapscript (after the OP_SUCCESS pre-scan) and after each opcode in EvalScript, so:
// tapscript ends before any opcode runs; otherwise the script's first instruction runs on the
// whole stack (no opcode reads more than its top 43 items, or counts them, but DEPTH, PICK and
// ROLL), and unless it leaves at most 1,000 items, Core stops there with its error or STACK_SIZE.
// The core answers each step: the pre-scan, the first instruction on the top 1,000 items (the
// `probe`), and the rest of the script on the at most 1,000 items it leaves (`rest`, with OP_NOP
// in place of the first instruction so that the op count and the OP_COUNT limit are Core's).
// `out_stack` has room for n + 4 items, `out_alt` for BSML_MAX_STACK_SIZE + 4. Returns false (with
// a message) for the one case the core cannot run: OP_IF / OP_NOTIF first on exactly 1,001 items,
// which leaves 1,000 items inside an IF (and should the core decline a step).
bool evaluate_large(bsml_context* probe, bsml_context* rest, const bsml_bytes* items, std::size_t n, bsml_bytes script,
                    int sigversion, std::uint32_t flags, bsml_bytes* out_stack, bsml_bytes* out_alt, Result& out) {
  static const std::uint8_t kLong[BSML_MAX_SCRIPT_ELEMENT_SIZE + 1] = {};
  static std::uint8_t rest_script[BSML_MAX_SCRIPT_SIZE];
  static std::uint8_t depth[9];
  const Result unchanged{BSML_ERR_STACK_SIZE, 0, items, n, out_alt, 0};
  bsml_result r;
  if (sigversion == BSML_SIGVERSION_TAPSCRIPT) {
    // Core's order: the pre-scan (OP_SUCCESSx, BAD_OPCODE), the stack size, the item sizes. One
    // item over 520 bytes tells whether the pre-scan passed: PUSH_SIZE then.
    const bsml_bytes one{kLong, sizeof kLong};
    if (!evaluate(probe, script, &one, 1, sigversion, flags, r)) return false;
    out = unchanged;
    if (r.error != BSML_ERR_PUSH_SIZE) out.error = r.error;
    return true;
  }
  if (sigversion == BSML_SIGVERSION_WITNESS_V0) {
    for (std::size_t i = 0; i < n; ++i) {
      if (items[i].size > BSML_MAX_SCRIPT_ELEMENT_SIZE) {
        out = unchanged;
        out.error = BSML_ERR_PUSH_SIZE;
        return true;
      }
    }
  }
  if (script.size > BSML_MAX_SCRIPT_SIZE) {
    out = unchanged;
    out.error = BSML_ERR_SCRIPT_SIZE;
    return true;
  }
  // The first instruction (all of a script whose first push runs past its end: BAD_OPCODE).
  bsml::Instruction first{0, nullptr, 0, 0};
  if (script.size && !bsml::read_instruction(script.data, script.size, 0, first)) first.end = script.size;
  const std::size_t k = BSML_MAX_STACK_SIZE;
  const std::size_t hidden = n - k;
  for (std::size_t i = 0; i < hidden; ++i) out_stack[i] = items[i];
  if (!evaluate(probe, bsml_bytes{script.data, first.end}, items + hidden, k, sigversion, flags, r)) return false;
  out = read_result(probe, r, out_stack, hidden, out_alt);
  // No instruction: no opcode, no stack size check; the final checks see the same top item, and
  // more than one item either way.
  if (script.size == 0) return true;
  const std::uint8_t op = first.opcode;
  bool failed = !(r.error == BSML_ERR_OK || r.error == BSML_ERR_EVAL_FALSE || r.error == BSML_ERR_CLEANSTACK ||
                  (r.error == BSML_ERR_UNBALANCED_CONDITIONAL && (op == BSML_OP_IF || op == BSML_OP_NOTIF)));
  if (op == BSML_OP_DEPTH && r.error == BSML_ERR_STACK_SIZE) {
    // It pushed the depth of the top 1,000 items: Core's is n's.
    out_stack[out.stack_n - 1] = bsml_bytes{depth, bsml::encode_num(std::int64_t(n), depth)};
  } else if ((op == BSML_OP_PICK || op == BSML_OP_ROLL) && r.error == BSML_ERR_INVALID_STACK_OPERATION) {
    // Its depth was read (it popped it) and reached below the top 1,000 items: within n - 1 items,
    // Core picks or rolls from there.
    std::int64_t depth_n = 0;
    const bsml_bytes top = items[n - 1];
    bsml::decode_num(top.data, top.size, (flags & BSML_FLAG_MINIMALDATA) != 0, 4, depth_n);
    depth_n = bsml::clamp_int32(depth_n);
    if (out.stack_n == n - 1 && depth_n >= 0 && std::size_t(depth_n) < n - 1) {
      const std::size_t at = n - 2 - std::size_t(depth_n);
      const bsml_bytes picked = out_stack[at];
      if (op == BSML_OP_ROLL) {
        for (std::size_t i = at; i + 1 < out.stack_n; ++i) out_stack[i] = out_stack[i + 1];
        --out.stack_n;
      }
      out_stack[out.stack_n++] = picked;
      failed = false;
    }
  }
  if (failed) return true;
  if (out.stack_n + out.alt_n > BSML_MAX_STACK_SIZE) {
    out.error = BSML_ERR_STACK_SIZE;
    return true;
  }
  if (op == BSML_OP_IF || op == BSML_OP_NOTIF) {
    std::fprintf(stderr,
                 "bsml-run: --stack: %zu items, more than the %d a context holds, and a script that begins with %s: Core runs it on "
                 "them (bsml run does); the native core cannot\n",
                 n, BSML_MAX_STACK_SIZE, bsml_opcode_name(op));
    return false;
  }
  // Only an opcode that pops leaves fewer items, and those are counted opcodes, so OP_NOP counts
  // it; the altstack is empty (moving an item there keeps the count).
  rest_script[0] = BSML_OP_NOP;
  std::memcpy(rest_script + 1, script.data + first.end, script.size - first.end);
  const bsml_bytes rest_code{rest_script, 1 + script.size - first.end};
  if (!evaluate(rest, rest_code, out_stack, out.stack_n, sigversion, flags, r)) return false;
  out = read_result(rest, r, out_stack, 0, out_alt);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  const char* script_hex = nullptr;
  const char* stack_list = "";
  const char* sigversion_name = "base";
  std::uint32_t flags = 0;
  bool json = false;
  bool options = true;  // until "--": after it, every argument is SCRIPTHEX
  for (int i = 1; i < argc; ++i) {
    const char* a = argv[i];
    if (!options || (a[0] != '-' || a[1] == 0)) {
      if (script_hex) return usage("more than one script");
      script_hex = a;
      continue;
    }
    if (!std::strcmp(a, "--")) {
      options = false;
      continue;
    }
    if (!std::strcmp(a, "--help") || !std::strcmp(a, "-h")) {
      std::printf("%s", kUsage);
      return 0;
    }
    if (!std::strcmp(a, "--json")) {
      json = true;
      continue;
    }
    // --sigversion, --flags, --stack: the value is the next argument, or follows "=".
    const char* eq = std::strchr(a, '=');
    const std::size_t name_n = eq ? std::size_t(eq - a) : std::strlen(a);
    const char* const kValued[] = {"--sigversion", "--flags", "--stack"};
    int which = -1;
    for (int k = 0; k < 3; ++k) {
      if (std::strlen(kValued[k]) == name_n && !std::strncmp(a, kValued[k], name_n)) which = k;
    }
    if (which < 0) {
      char msg[96];
      std::snprintf(msg, sizeof msg, "unknown option \"%.64s\"", a);
      return usage(msg);
    }
    if (!eq && i + 1 >= argc) {
      char msg[64];
      std::snprintf(msg, sizeof msg, "%s needs a value", kValued[which]);
      return usage(msg);
    }
    const char* v = eq ? eq + 1 : argv[++i];
    if (which == 0) sigversion_name = v;
    else if (which == 1 && !parse_flags(v, flags)) return 2;
    else if (which == 2) stack_list = v;
  }
  int sigversion;
  if (std::strcmp(sigversion_name, "base") == 0) sigversion = BSML_SIGVERSION_BASE;
  else if (std::strcmp(sigversion_name, "witness_v0") == 0) sigversion = BSML_SIGVERSION_WITNESS_V0;
  else if (std::strcmp(sigversion_name, "tapscript") == 0) sigversion = BSML_SIGVERSION_TAPSCRIPT;
  else {
    char q[512];
    bsml_tools::quote(sigversion_name, std::strlen(sigversion_name), 0, false, q, sizeof q);
    std::fprintf(stderr, "bsml-run: unknown sigversion %s (expected base, witness_v0 or tapscript)\n", q);
    return 2;
  }
  if (!script_hex) return usage("missing SCRIPTHEX");
  // As `bsml run --hex`: white space around the hex is dropped (no 0x prefix).
  std::size_t script_len = std::strlen(script_hex);
  bsml_tools::trim(script_hex, script_len);
  const long script_n = bsml_tools::from_hex(script_hex, script_len, g_script, kMaxInput);
  if (script_n < 0) return bad_hex("", script_hex, script_len, kMaxInput);

  // As `bsml run --stack`: items separated by commas, white space around each dropped, each may
  // carry a "0x" prefix (so "0x" alone is an empty item); "" is no items, and so is a list of
  // white space only (as the script's hex: white space alone is nothing).
  std::size_t count = 0;
  std::size_t used = 0;
  const std::size_t list_n = std::strlen(stack_list);
  const char* list_trimmed = stack_list;
  std::size_t list_trimmed_n = list_n;
  bsml_tools::trim(list_trimmed, list_trimmed_n);
  bsml_bytes* stack = static_cast<bsml_bytes*>(std::malloc((list_n + 1) * sizeof(bsml_bytes)));
  // A result keeps at most 4 items more than the stack (and a large stack's never more than it).
  const std::size_t room = (list_n > BSML_MAX_STACK_SIZE ? list_n : BSML_MAX_STACK_SIZE) + 5;
  bsml_bytes* out_stack = static_cast<bsml_bytes*>(std::malloc(room * sizeof(bsml_bytes)));
  bsml_bytes* out_alt = static_cast<bsml_bytes*>(std::malloc((BSML_MAX_STACK_SIZE + 4) * sizeof(bsml_bytes)));
  bsml_context* ctx = bsml_context_new();
  bsml_context* ctx_rest = bsml_context_new();
  // Every exit below returns through here, so the buffers are freed on each (LeakSanitizer).
  const int code = [&]() -> int {
    if (!stack || !out_stack || !out_alt || !ctx || !ctx_rest) {
      std::fprintf(stderr, "bsml-run: out of memory\n");
      return 2;
    }
    if (list_trimmed_n) {
      for (const char* p = stack_list;;) {
        const char* e = std::strchr(p, ',');
        const char* item = p;
        std::size_t n = e ? std::size_t(e - p) : std::strlen(p);
        bsml_tools::trim(item, n);
        const std::size_t skip = n >= 2 && item[0] == '0' && item[1] == 'x' ? 2 : 0;
        const long k = bsml_tools::from_hex(item + skip, n - skip, g_items + used, kMaxInput - used);
        if (k < 0) {
          char what[48];
          std::snprintf(what, sizeof what, "--stack item %zu", count);
          return bad_hex(what, item, n, kMaxInput - used, skip);
        }
        stack[count++] = bsml_bytes{g_items + used, std::size_t(k)};
        used += std::size_t(k);
        if (!e) break;
        p = e + 1;
      }
    }

    const bsml_bytes script{g_script, std::size_t(script_n)};
    Result result;
    if (count > BSML_MAX_STACK_SIZE) {
      if (!evaluate_large(ctx, ctx_rest, stack, count, script, sigversion, flags, out_stack, out_alt, result)) return 2;
    } else {
      bsml_result r;
      if (!evaluate(ctx, script, stack, count, sigversion, flags, r)) return 2;
      result = read_result(ctx, r, out_stack, 0, out_alt);
    }
    return print_result(result, json);
  }();
  bsml_context_free(ctx);
  bsml_context_free(ctx_rest);
  std::free(stack);
  std::free(out_stack);
  std::free(out_alt);
  return code;
}
