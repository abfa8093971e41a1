// bsml-run: evaluates one script on an initial stack with the native core (no Node needed).
//   bsml-run [--sigversion base|witness_v0|tapscript] [--flags NAME,NAME] [--stack HEX,HEX] [--json] (--asm ASM | --hex HEX | SCRIPTHEX)
// Prints what `bsml run --asm ASM` / `bsml run --hex HEX` prints for the same arguments (result,
// stacks, op count; its messages for bad ASM tokens, bad hex, flags and sigversions); exit 0
// success, 1 script failure, 2 bad usage or input (one line on stderr naming the argument and what
// is wrong with it). `--help` prints the usage line. Options take their value as the next argument
// or as --opt=VALUE. SCRIPTHEX is the same as --hex SCRIPTHEX.
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "bsml/bsml.h"
#include "core_asm.h"
#include "hexutil.h"
#include "tables.h"

namespace {

constexpr std::size_t kMaxInput = 1 << 20;
std::uint8_t g_script[kMaxInput];
std::uint8_t g_items[kMaxInput];

const char kUsage[] =
    "usage: bsml-run [--sigversion base|witness_v0|tapscript] [--flags NAME,NAME] [--stack HEX,HEX] [--json] (--asm ASM | --hex HEX | SCRIPTHEX)\n";

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

// `bsml run`'s message for a bad ASM token (AsmError): the token quoted whole; exit status 2.
int bad_asm(const bsml_tools::AsmProblem& p) {
  // Quoting writes at most 6 bytes (\u0001) for each byte of the token.
  const std::size_t size = 6 * p.token_n + 3;
  char* q = static_cast<char*>(std::malloc(size));
  if (!q) {
    std::fprintf(stderr, "bsml-run: out of memory\n");
    return 2;
  }
  bsml_tools::quote(p.token, p.token_n, 0, true, q, size);
  std::fprintf(stderr, "bsml-run: bad ASM token %s (token %zu): %s\n", q, p.index, p.detail);
  std::free(q);
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

// bsml_evaluate_large (any number of initial items, Core's answer) with Core's base checker and
// the default tapscript budget, read into a Result (its items copied into `stack` and `alt`, which
// have room for the result's sizes); false (with a message) when the core declines.
bool evaluate(bsml_context* ctx, bsml_bytes script, const bsml_bytes* items, std::size_t n, int sigversion, std::uint32_t flags,
              bsml_bytes* stack, bsml_bytes* alt, Result& out) {
  bsml_result r;
  const bsml_status st = bsml_evaluate_large(ctx, script, items, n, sigversion, flags, nullptr, nullptr, &r);
  if (st != BSML_DONE) {
    std::fprintf(stderr, "bsml-run: the native engine declined this input (status %d)\n", int(st));
    return false;
  }
  for (std::size_t i = 0; i < r.stack_size; ++i) stack[i] = bsml_result_stack_item(ctx, i);
  for (std::size_t i = 0; i < r.altstack_size; ++i) alt[i] = bsml_result_altstack_item(ctx, i);
  out = Result{r.error, r.op_count, stack, r.stack_size, alt, r.altstack_size};
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  const char* script_arg = nullptr;  // SCRIPTHEX
  const char* script_hex = nullptr;  // --hex
  const char* script_asm = nullptr;  // --asm
  const char* stack_list = "";
  const char* sigversion_name = "base";
  std::uint32_t flags = 0;
  bool json = false;
  bool options = true;  // until "--": after it, every argument is SCRIPTHEX
  for (int i = 1; i < argc; ++i) {
    const char* a = argv[i];
    if (!options || (a[0] != '-' || a[1] == 0)) {
      if (script_arg) return usage("more than one script");
      script_arg = a;
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
    // --sigversion, --flags, --stack, --asm, --hex: the value is the next argument, or follows "=".
    // Given twice, the last one counts (as node:util parseArgs, `bsml run`'s parser, takes it).
    const char* eq = std::strchr(a, '=');
    const std::size_t name_n = eq ? std::size_t(eq - a) : std::strlen(a);
    const char* const kValued[] = {"--sigversion", "--flags", "--stack", "--asm", "--hex"};
    int which = -1;
    for (int k = 0; k < 5; ++k) {
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
    else if (which == 3) script_asm = v;
    else if (which == 4) script_hex = v;
  }
  // As `bsml run`: the script is given once, as ASM or as hex.
  if (!!script_arg + !!script_hex + !!script_asm != 1) return usage("give exactly one of --asm, --hex or SCRIPTHEX");
  if (script_arg) script_hex = script_arg;
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
  std::size_t script_n = 0;
  if (script_asm) {
    // As `bsml run --asm` (src/script/asm.ts parseCoreAsm): the first bad token is named.
    bsml_tools::AsmProblem problem;
    if (!bsml_tools::parse_core_asm(script_asm, std::strlen(script_asm), g_script, kMaxInput, script_n, problem)) return bad_asm(problem);
    if (script_n > kMaxInput) {
      std::fprintf(stderr, "bsml-run: --asm: the script is %zu bytes, more than the %zu bytes this runner takes\n", script_n, kMaxInput);
      return 2;
    }
  } else {
    // As `bsml run --hex`: white space around the hex is dropped (no 0x prefix).
    std::size_t script_len = std::strlen(script_hex);
    bsml_tools::trim(script_hex, script_len);
    const long n = bsml_tools::from_hex(script_hex, script_len, g_script, kMaxInput);
    if (n < 0) return bad_hex("", script_hex, script_len, kMaxInput);
    script_n = std::size_t(n);
  }

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
  // A result keeps at most 4 items more than the stack.
  const std::size_t room = (list_n > BSML_MAX_STACK_SIZE ? list_n : BSML_MAX_STACK_SIZE) + 5;
  bsml_bytes* out_stack = static_cast<bsml_bytes*>(std::malloc(room * sizeof(bsml_bytes)));
  bsml_bytes* out_alt = static_cast<bsml_bytes*>(std::malloc((BSML_MAX_STACK_SIZE + 4) * sizeof(bsml_bytes)));
  bsml_context* ctx = bsml_context_new();
  // Every exit below returns through here, so the buffers are freed on each (LeakSanitizer).
  const int code = [&]() -> int {
    if (!stack || !out_stack || !out_alt || !ctx) {
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

    const bsml_bytes script{g_script, script_n};
    Result result;
    if (!evaluate(ctx, script, stack, count, sigversion, flags, out_stack, out_alt, result)) return 2;
    return print_result(result, json);
  }();
  bsml_context_free(ctx);
  std::free(stack);
  std::free(out_stack);
  std::free(out_alt);
  return code;
}
