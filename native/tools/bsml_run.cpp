// bsml-run: evaluates one script on an initial stack with the native core (no Node needed).
//   bsml-run [--sigversion base|witness_v0|tapscript] [--flags NAME,NAME] [--stack HEX,HEX] [--json] SCRIPTHEX
// Prints what `bsml run` prints; exit 0 success, 1 script failure, 2 bad usage or input (one line
// on stderr naming the argument and what is wrong with it). `--help` prints the usage line.
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "bsml/bsml.h"
#include "hexutil.h"
#include "tables.h"

namespace {

constexpr std::size_t kMaxInput = 1 << 20;
std::uint8_t g_script[kMaxInput];
std::uint8_t g_items[kMaxInput];
bsml_bytes g_stack[BSML_MAX_STACK_SIZE];

const char kUsage[] = "usage: bsml-run [--sigversion base|witness_v0|tapscript] [--flags NAME,NAME] [--stack HEX,HEX] [--json] SCRIPTHEX\n";

int usage(const char* msg) {
  std::fprintf(stderr, "bsml-run: %s\n%s", msg, kUsage);
  return 2;
}

// One line naming the bad hex argument (`what`) and what is wrong with it (its digits begin at
// hex[start]); exit status 2.
int bad_hex(const char* what, const char* hex, std::size_t len, std::size_t cap, std::size_t start = 0) {
  char why[96];
  bsml_tools::hex_problem(hex, len, cap, why, sizeof why, start);
  std::fprintf(stderr, "bsml-run: %s: %s\n", what, why[0] ? why : "not valid hex");
  return 2;
}

bool parse_flags(const char* list, std::uint32_t& flags) {
  flags = 0;
  const char* p = list;
  while (*p) {
    const char* e = std::strchr(p, ',');
    std::size_t n = e ? std::size_t(e - p) : std::strlen(p);
    if (n >= 14 && std::strncmp(p, "SCRIPT_VERIFY_", 14) == 0) {
      p += 14;
      n -= 14;
    }
    if (n > 0 && !(n == 4 && std::strncmp(p, "NONE", 4) == 0)) {
      bool found = false;
      for (int i = 0; i < bsml::tables::kFlagCount; ++i) {
        const char* name = bsml::tables::kFlagName[i].name;
        if (std::strlen(name) == n && std::strncmp(name, p, n) == 0) {
          flags |= bsml::tables::kFlagName[i].bit;
          found = true;
        }
      }
      if (!found) {
        std::fprintf(stderr, "bsml-run: unknown flag \"%.*s\"\n", int(n), p);
        return false;
      }
    }
    p += n;
    if (*p == ',') ++p;
  }
  return true;
}

void print_list(const bsml_context* ctx, bool alt, std::size_t n, bool json) {
  for (std::size_t i = 0; i < n; ++i) {
    const bsml_bytes b = alt ? bsml_result_altstack_item(ctx, i) : bsml_result_stack_item(ctx, i);
    if (json) std::printf("%s\"", i ? "," : "");
    else if (i) std::printf(" ");
    // As `bsml run` prints it: an empty item is `0x` in the text form (blank, one empty item would
    // read as the empty stack), "" in JSON.
    if (!json && b.size == 0) std::printf("0x");
    bsml_tools::print_hex(stdout, b.data, b.size);
    if (json) std::printf("\"");
  }
}

}  // namespace

int main(int argc, char** argv) {
  const char* script_hex = nullptr;
  const char* stack_list = "";
  int sigversion = BSML_SIGVERSION_BASE;
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
    const bool has_value = i + 1 < argc;
    const bool takes_value = !std::strcmp(a, "--sigversion") || !std::strcmp(a, "--flags") || !std::strcmp(a, "--stack");
    if (takes_value && !has_value) {
      char msg[64];
      std::snprintf(msg, sizeof msg, "%s needs a value", a);
      return usage(msg);
    }
    if (!std::strcmp(a, "--help") || !std::strcmp(a, "-h")) {
      std::printf("%s", kUsage);
      return 0;
    }
    if (std::strcmp(a, "--json") == 0) {
      json = true;
    } else if (std::strcmp(a, "--sigversion") == 0 && has_value) {
      const char* v = argv[++i];
      if (std::strcmp(v, "base") == 0) sigversion = BSML_SIGVERSION_BASE;
      else if (std::strcmp(v, "witness_v0") == 0) sigversion = BSML_SIGVERSION_WITNESS_V0;
      else if (std::strcmp(v, "tapscript") == 0) sigversion = BSML_SIGVERSION_TAPSCRIPT;
      else {
        std::fprintf(stderr, "bsml-run: --sigversion \"%s\" is not base, witness_v0 or tapscript\n", v);
        return 2;
      }
    } else if (std::strcmp(a, "--flags") == 0 && has_value) {
      if (!parse_flags(argv[++i], flags)) return 2;
    } else if (std::strcmp(a, "--stack") == 0 && has_value) {
      stack_list = argv[++i];
    } else {
      char msg[96];
      std::snprintf(msg, sizeof msg, "unknown option \"%.64s\"", a);
      return usage(msg);
    }
  }
  if (!script_hex) return usage("missing SCRIPTHEX");
  const long script_n = bsml_tools::from_hex(script_hex, std::strlen(script_hex), g_script, kMaxInput);
  if (script_n < 0) return bad_hex("SCRIPTHEX", script_hex, std::strlen(script_hex), kMaxInput);

  std::size_t count = 0;
  std::size_t used = 0;
  if (*stack_list) {
    const char* p = stack_list;
    for (;;) {
      const char* e = std::strchr(p, ',');
      const std::size_t n = e ? std::size_t(e - p) : std::strlen(p);
      if (count >= BSML_MAX_STACK_SIZE) return usage("more than 1000 stack items");
      // As `bsml run --stack`: an item may carry a "0x" prefix, so "0x" alone is an empty item.
      const std::size_t skip = n >= 2 && p[0] == '0' && p[1] == 'x' ? 2 : 0;
      const long k = bsml_tools::from_hex(p + skip, n - skip, g_items + used, kMaxInput - used);
      if (k < 0) {
        char what[48];
        std::snprintf(what, sizeof what, "--stack item %zu", count);
        return bad_hex(what, p, n, kMaxInput - used, skip);
      }
      g_stack[count++] = bsml_bytes{g_items + used, std::size_t(k)};
      used += std::size_t(k);
      if (!e) break;
      p = e + 1;
    }
  }

  bsml_context* ctx = bsml_context_new();
  if (!ctx) {
    std::fprintf(stderr, "bsml-run: out of memory\n");
    return 2;
  }
  bsml_result r;
  const bsml_status st = bsml_evaluate(ctx, bsml_bytes{g_script, std::size_t(script_n)}, g_stack, count, sigversion,
                                       flags, nullptr, nullptr, &r);
  if (st != BSML_DONE) {
    std::fprintf(stderr, "bsml-run: the native engine declined this input (status %d)\n", int(st));
    bsml_context_free(ctx);
    return 2;
  }
  if (json) {
    std::printf("{\"success\":%s,\"error\":\"%s\",\"stack\":[", r.success ? "true" : "false", bsml_error_name(r.error));
    print_list(ctx, false, r.stack_size, true);
    std::printf("],\"altstack\":[");
    print_list(ctx, true, r.altstack_size, true);
    std::printf("],\"opCount\":%u}\n", r.op_count);
  } else {
    std::printf("%s: %s  opCount %u\nstack: [", r.success ? "success" : "failure", bsml_error_name(r.error), r.op_count);
    print_list(ctx, false, r.stack_size, false);
    std::printf("]");
    if (r.altstack_size) {
      std::printf("  altstack: [");
      print_list(ctx, true, r.altstack_size, false);
      std::printf("]");
    }
    std::printf("\n");
  }
  const int code = r.success ? 0 : 1;
  bsml_context_free(ctx);
  return code;
}
