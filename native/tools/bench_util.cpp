// See bench_util.h.
#include "bench_util.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <utility>

#include "hexutil.h"

namespace bsml_tools {

double cpu_seconds() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

bool read_vectors(const char* path, std::vector<std::uint8_t>& store, std::vector<Case>& cases) {
  std::FILE* f = std::fopen(path, "r");
  if (!f) return false;
  static char line[1 << 20];
  std::vector<std::pair<std::size_t, std::size_t>> spans;  // offsets into store, fixed up at the end
  struct Raw {
    std::uint32_t flags;
    std::size_t first, count;
  };
  std::vector<Raw> raws;
  while (std::fgets(line, sizeof line, f)) {
    if (line[0] == '#' || line[0] == '\n') continue;
    std::vector<char*> tok;
    for (char* p = std::strtok(line, " \n"); p; p = std::strtok(nullptr, " \n")) tok.push_back(p);
    if (tok.size() < 6) return std::fclose(f), false;
    const std::size_t nw = std::strtoul(tok[5], nullptr, 10);
    if (tok.size() != 6 + nw) return std::fclose(f), false;
    Raw r{std::uint32_t(std::strtoul(tok[1], nullptr, 16)), spans.size(), 2 + nw};
    for (std::size_t i = 0; i < 2 + nw; ++i) {
      const char* h = tok[i < 2 ? 3 + i : 6 + (i - 2)];
      const std::size_t at = store.size();
      if (std::strcmp(h, "-") != 0) {
        const std::size_t len = std::strlen(h);
        store.resize(at + len / 2 + 1);
        const long n = from_hex(h, len, store.data() + at, len / 2 + 1);
        if (n < 0) return std::fclose(f), false;
        store.resize(at + std::size_t(n));
      }
      spans.emplace_back(at, store.size() - at);
    }
    raws.push_back(r);
  }
  std::fclose(f);
  store.push_back(0);  // never empty: item pointers are never null
  for (const Raw& r : raws) {
    auto item = [&](std::size_t i) { return bsml_bytes{store.data() + spans[r.first + i].first, spans[r.first + i].second}; };
    Case c{r.flags, item(0), item(1), {}};
    for (std::size_t i = 2; i < r.count; ++i) c.witness.push_back(item(i));
    cases.push_back(c);
  }
  return true;
}


}  // namespace bsml_tools
