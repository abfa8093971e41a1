// The batch C API: compile once, then run chunks of lanes on worker threads.
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <new>
#include <thread>
#include <vector>

#include "bsml/batch.h"
#include "codes.h"
#include "dispatch.h"
#include "numbers.h"
#include "program.h"

#if defined(BSML_BATCH_WITH_CORE)
#include "bsml/bsml.h"
#endif

struct bsml_batch_program {
  bsml::batch::Program p;
  std::vector<uint8_t> script;  // for the scalar fallback
};

using bsml::batch::Program;

namespace {

constexpr size_t kDefaultChunk = 256;

/** A 64-byte aligned int64 buffer. */
struct Buffer {
  int64_t* data = nullptr;
  explicit Buffer(size_t n) {
    void* p = nullptr;
    size_t bytes = ((n * sizeof(int64_t) + 63) / 64) * 64;
    if (bytes == 0) bytes = 64;
#if defined(_MSC_VER)
    p = _aligned_malloc(bytes, 64);
#else
    if (posix_memalign(&p, 64, bytes) != 0) p = nullptr;
#endif
    data = static_cast<int64_t*>(p);
  }
  ~Buffer() {
#if defined(_MSC_VER)
    _aligned_free(data);
#else
    std::free(data);
#endif
  }
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
};

struct Run {
  const Program* p;
  const bsml_batch_input* in;
  bsml_batch_output* out;
  const bsml_batch_options* opt;
  const uint8_t* script;
  size_t script_size;
  bsml::batch::KernelFn kernel;
  size_t chunk;
  size_t chunks;
  std::atomic<size_t> next{0};
  std::atomic<size_t> done{0};
  std::atomic<bool> failed{false};
  std::atomic<bool> cancelled{false};
  std::mutex progress_mutex;
};

bool cancelled(const Run& r) { return r.opt && r.opt->cancel && *r.opt->cancel; }

/** True when `p` (which may be NULL) is aligned for T. */
template <typename T>
bool aligned(const void* p) {
  return reinterpret_cast<uintptr_t>(p) % alignof(T) == 0;
}

/**
 * A byte-string input's pointers and offsets (lanes > 0): lane_start and item_start present and
 * aligned, both non-decreasing over the items the lanes name, and data present when they hold a byte.
 */
bool valid_bytes(const bsml_batch_input& in) {
  if (!in.lane_start || !in.item_start || !aligned<uint64_t>(in.lane_start) || !aligned<uint64_t>(in.item_start)) return false;
  for (size_t l = 0; l < in.lanes; l++)
    if (in.lane_start[l + 1] < in.lane_start[l]) return false;
  const uint64_t first = in.lane_start[0], last = in.lane_start[in.lanes];
  for (uint64_t i = first; i < last; i++)
    if (in.item_start[i + 1] < in.item_start[i]) return false;
  return in.data || in.item_start[last] == in.item_start[first];
}

/** Loads lane `l` into column position `i` of the chunk; false when the lane must fall back. */
bool load_lane(const Run& r, int64_t* regs, size_t n, size_t i, size_t l) {
  const Program& p = *r.p;
  const size_t k = p.input_depth;
  const bsml_batch_input& in = *r.in;
  switch (in.kind) {
    case BSML_BATCH_DENSE_I32:
      if (in.cols != k) return false;
      for (size_t j = 0; j < k; j++)
        if (p.inputs[j] != 0xffff) regs[size_t(p.inputs[j]) * n + i] = in.i32[l * k + j];
      return true;
    case BSML_BATCH_DENSE_I64:
      if (in.cols != k) return false;
      for (size_t j = 0; j < k; j++)
        if (p.inputs[j] != 0xffff) regs[size_t(p.inputs[j]) * n + i] = in.i64[l * k + j];
      return true;
    default: {
      uint64_t first = in.lane_start[l], last = in.lane_start[l + 1];
      if (last - first != k) return false;
      for (size_t j = 0; j < k; j++) {
        uint64_t a = in.item_start[first + j], b = in.item_start[first + j + 1];
        int64_t v;
        if (!bsml::batch::decode_minimal(in.data + a, size_t(b - a), &v)) return false;
        if (p.inputs[j] != 0xffff) regs[size_t(p.inputs[j]) * n + i] = v;
      }
      return true;
    }
  }
}

int64_t slot_value(const bsml::batch::OutSlot& s, const int64_t* regs, size_t n, size_t i) {
  return s.is_const ? s.value : regs[size_t(s.reg) * n + i];
}

/** The final error of a lane that ran to the end of the script without failing. */
uint8_t end_error(const Program& p, const int64_t* regs, size_t n, size_t i) {
  const size_t depth = p.stack.size();
  if (p.sigversion == 0) {
    if (depth == 0 || slot_value(p.stack.back(), regs, n, i) == 0) return BSML_ERR_EVAL_FALSE;
    if ((p.flags & BSML_FLAG_CLEANSTACK) && depth != 1) return BSML_ERR_CLEANSTACK;
    return BSML_ERR_OK;
  }
  if (depth != 1) return BSML_ERR_CLEANSTACK;
  return slot_value(p.stack[0], regs, n, i) == 0 ? BSML_ERR_EVAL_FALSE : BSML_ERR_OK;
}

#if defined(BSML_BATCH_WITH_CORE)
/** Per-thread state of the scalar fallback. */
struct Scalar {
  bsml_context* ctx = nullptr;
  std::vector<bsml_bytes> items;
  std::vector<uint8_t> numbers;  // encoded dense values, 9 bytes a slot
  ~Scalar() { bsml_context_free(ctx); }
};

/** Evaluates lane l with the scalar native engine; true when it answered. */
bool scalar_lane(Run& r, Scalar& sc, size_t l) {
  const bsml_batch_input& in = *r.in;
  if (!sc.ctx) sc.ctx = bsml_context_new();
  if (!sc.ctx) return false;
  sc.items.clear();
  if (in.kind == BSML_BATCH_BYTES) {
    for (uint64_t k = in.lane_start[l]; k < in.lane_start[l + 1]; k++)
      sc.items.push_back(bsml_bytes{in.data + in.item_start[k], size_t(in.item_start[k + 1] - in.item_start[k])});
  } else {
    sc.numbers.resize(in.cols * 9);
    for (size_t j = 0; j < in.cols; j++) {
      int64_t v = in.kind == BSML_BATCH_DENSE_I32 ? in.i32[l * in.cols + j] : in.i64[l * in.cols + j];
      uint8_t* p = sc.numbers.data() + 9 * j;
      sc.items.push_back(bsml_bytes{p, bsml::encode_num(v, p)});
    }
  }
  bsml_result res;
  const Program& p = *r.p;
  bsml_bytes script{r.script, r.script_size};
  if (bsml_evaluate(sc.ctx, script, sc.items.data(), sc.items.size(), p.sigversion, p.flags, nullptr, nullptr, &res) !=
      BSML_DONE)
    return false;
  r.out->status[l] = BSML_LANE_SCALAR;
  r.out->error[l] = uint8_t(res.error);
  if (r.opt->on_scalar_lane) r.opt->on_scalar_lane(r.opt->user, l, sc.ctx, &res);
  return true;
}
#endif

void worker(Run& r) {
  const Program& p = *r.p;
  const size_t n = r.chunk;
  const bool declined = !p.declined.empty();
  Buffer regs(declined ? 1 : p.registers * n);
  Buffer bad(n);
  if (!regs.data || !bad.data) {
    r.failed = true;
    return;
  }
  const size_t width = p.stack.size() + p.altstack.size();
  const size_t lanes = r.in->lanes;
#if defined(BSML_BATCH_WITH_CORE)
  Scalar sc;
  const bool fallback = r.opt && r.opt->scalar_fallback;
#endif
  for (;;) {
    if (r.failed || r.cancelled) return;
    if (cancelled(r)) {
      r.cancelled = true;
      return;
    }
    size_t c = r.next.fetch_add(1);
    if (c >= r.chunks) return;
    size_t lo = c * n, hi = std::min(lanes, lo + n);
    if (!declined) std::memset(regs.data, 0, p.registers * n * sizeof(int64_t));
    if (declined) {
      for (size_t i = 0; i < n; i++) bad.data[i] = -1;
    } else {
      for (size_t i = 0; i < n; i++) bad.data[i] = (lo + i < hi && load_lane(r, regs.data, n, i, lo + i)) ? 0 : -1;
      r.kernel(p, regs.data, bad.data, n);
    }
    for (size_t i = 0; i < hi - lo; i++) {
      size_t l = lo + i;
      if (bad.data[i]) {
        r.out->status[l] = BSML_LANE_FALLBACK;
        r.out->error[l] = 0;
#if defined(BSML_BATCH_WITH_CORE)
        if (fallback) scalar_lane(r, sc, l);
#endif
        continue;
      }
      r.out->status[l] = BSML_LANE_DONE;
      r.out->error[l] = end_error(p, regs.data, n, i);
      if (r.out->values) {
        int64_t* row = r.out->values + l * width;
        for (size_t j = 0; j < p.stack.size(); j++) row[j] = slot_value(p.stack[j], regs.data, n, i);
        for (size_t j = 0; j < p.altstack.size(); j++) row[p.stack.size() + j] = slot_value(p.altstack[j], regs.data, n, i);
      }
    }
    r.done.fetch_add(hi - lo);
    if (r.opt && r.opt->progress) {
      // The count is read under the lock, not taken from this thread's fetch_add: another thread
      // may report between the two, and the calls must never go backwards (the last one, after
      // every chunk's add, reports every lane).
      std::lock_guard<std::mutex> lock(r.progress_mutex);
      r.opt->progress(r.opt->user, r.done.load(), lanes);
    }
  }
}

/** worker(r) on any thread: an exception (out of memory) fails the run instead of leaving the thread. */
void work(Run& r) noexcept {
  try {
    worker(r);
  } catch (...) {
    r.failed = true;  // the other threads stop after their chunk
  }
}

}  // namespace

extern "C" {

bsml_batch_program* bsml_batch_compile(const uint8_t* script, size_t script_size, int sigversion, uint32_t flags,
                                       size_t depth) {
  if (!script && script_size) return nullptr;
  try {
    auto* bp = new bsml_batch_program();
    static const uint8_t empty = 0;
    bp->p = bsml::batch::compile(script ? script : &empty, script_size, sigversion, flags, depth);
    bp->script.assign(script ? script : &empty, (script ? script : &empty) + script_size);
    return bp;
  } catch (...) {
    return nullptr;
  }
}

void bsml_batch_program_free(bsml_batch_program* program) { delete program; }

const char* bsml_batch_program_declined(const bsml_batch_program* program) {
  if (!program) return "no program";
  return program->p.declined.empty() ? nullptr : program->p.declined.c_str();
}
size_t bsml_batch_program_stack_depth(const bsml_batch_program* program) { return program ? program->p.stack.size() : 0; }
size_t bsml_batch_program_altstack_depth(const bsml_batch_program* program) {
  return program ? program->p.altstack.size() : 0;
}
uint32_t bsml_batch_program_op_count(const bsml_batch_program* program) { return program ? program->p.op_count : 0; }
size_t bsml_batch_program_length(const bsml_batch_program* program) { return program ? program->p.code.size() : 0; }
size_t bsml_batch_program_input_depth(const bsml_batch_program* program) {
  return program ? program->p.input_depth : 0;
}

int bsml_batch_run(const bsml_batch_program* program, const bsml_batch_input* input, bsml_batch_output* output,
                   const bsml_batch_options* options) {
  if (!program || !input || !output || !output->status || !output->error) return BSML_BATCH_BAD_ARGUMENT;
  if (!aligned<int64_t>(output->values)) return BSML_BATCH_BAD_ARGUMENT;
  const size_t lanes = input->lanes;
  switch (input->kind) {
    case BSML_BATCH_DENSE_I32:
      if ((lanes && input->cols && !input->i32) || !aligned<int32_t>(input->i32)) return BSML_BATCH_BAD_ARGUMENT;
      break;
    case BSML_BATCH_DENSE_I64:
      if ((lanes && input->cols && !input->i64) || !aligned<int64_t>(input->i64)) return BSML_BATCH_BAD_ARGUMENT;
      break;
    case BSML_BATCH_BYTES:
      if (lanes && !valid_bytes(*input)) return BSML_BATCH_BAD_ARGUMENT;
      break;
    default:
      return BSML_BATCH_BAD_ARGUMENT;
  }
  const Program& p = program->p;
  // A sigversion the engines do not run (compiled into a declined program): the scalar fallback
  // would refuse its lanes too.
  if (p.sigversion != 0 && p.sigversion != 1 && p.sigversion != 3) return BSML_BATCH_BAD_ARGUMENT;
  const int isa = bsml::batch::resolve_isa(options ? options->isa : BSML_ISA_AUTO);
  if (isa < 0) return BSML_BATCH_ISA_UNAVAILABLE;
  if (lanes == 0) return BSML_BATCH_OK;
  if (options && options->scalar_fallback && !bsml_batch_has_scalar()) return BSML_BATCH_BAD_ARGUMENT;
  Run r;
  r.p = &p;
  r.in = input;
  r.out = output;
  r.opt = options;
  r.script = program->script.data();
  r.script_size = program->script.size();
  r.kernel = bsml::batch::kernel_for(isa);
  // A multiple of 16, and no larger than the lanes need (a huge chunk_lanes would otherwise
  // allocate a chunk of that many lanes, or overflow the rounding and the buffer sizes).
  const size_t all = lanes / 16 * 16 + (lanes % 16 ? 16 : 0);  // lanes rounded up; SIZE_MAX lanes are not addressable
  size_t chunk = options && options->chunk_lanes ? options->chunk_lanes : kDefaultChunk;
  chunk = chunk >= all ? all : (chunk + 15) / 16 * 16;
  if (chunk == 0 || (p.registers && chunk > SIZE_MAX / sizeof(int64_t) / p.registers)) return BSML_BATCH_NO_MEMORY;
  r.chunk = chunk;
  r.chunks = lanes / chunk + (lanes % chunk ? 1 : 0);
  unsigned threads = options && options->threads ? options->threads : std::thread::hardware_concurrency();
  if (threads == 0) threads = 1;
  if (threads > r.chunks) threads = unsigned(r.chunks);
  std::vector<std::thread> pool;
  try {
    pool.reserve(threads - 1);
    for (unsigned t = 1; t < threads; t++) pool.emplace_back(work, std::ref(r));
  } catch (...) {
    // The system gave fewer threads than asked for: the chunks are handed out by a counter, so the
    // ones started (and this thread) do all the work.
  }
  work(r);
  for (auto& t : pool) t.join();
  if (r.failed) return BSML_BATCH_NO_MEMORY;
  if (r.cancelled) return BSML_BATCH_CANCELLED;
  return BSML_BATCH_OK;
}

int bsml_batch_has_scalar(void) {
#if defined(BSML_BATCH_WITH_CORE)
  return 1;
#else
  return 0;
#endif
}

int bsml_batch_resolve_isa(int requested) { return bsml::batch::resolve_isa(requested); }
int bsml_batch_isa_available(int isa) { return bsml::batch::isa_available(isa) ? 1 : 0; }
const char* bsml_batch_isa_name(int isa) {
  switch (isa) {
    case BSML_ISA_SCALAR: return "scalar";
    case BSML_ISA_AVX2: return "avx2";
    case BSML_ISA_AVX512: return "avx512";
    case BSML_ISA_NEON: return "neon";
    default: return "auto";
  }
}
unsigned bsml_batch_isa_width(int isa) {
  switch (isa) {
    case BSML_ISA_AVX2: return 4;
    case BSML_ISA_AVX512: return 8;
    case BSML_ISA_NEON: return 2;
    default: return 1;
  }
}

}  // extern "C"
