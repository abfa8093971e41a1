// The Node binding of the batch engine: translation only. Copies the arguments into memory it owns
// (batchRunSync reads the input numbers / bytes in place: no JavaScript runs until it returns),
// runs bsml_batch_compile + bsml_batch_run (on an AsyncProgressWorker for batchRun, so the event
// loop stays free; on the calling thread for batchRunSync), and turns the results into JS values.
// The shapes are those of src/engine/batch-binding.ts.
#include "batch.h"

#include <cmath>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "bsml/batch.h"
#include "bsml/bsml.h"

namespace {

struct ScalarLane {
  uint32_t lane;
  uint8_t error;
  uint32_t op_count;
  std::vector<std::vector<uint8_t>> stack, altstack;
};

/** One batch run: owned inputs, then outputs. */
struct Job {
  std::vector<uint8_t> script;
  int sigversion = 0;
  uint32_t flags = 0;
  int kind = BSML_BATCH_BYTES;
  size_t lanes = 0, width = 0;
  // The input numbers / bytes: `owned`, or (batchRunSync) the caller's typed array in place.
  const uint8_t* bytes = nullptr;
  size_t bytes_size = 0;
  std::vector<uint8_t> owned;
  std::vector<uint64_t> item_start, lane_start;
  int isa = BSML_ISA_AUTO;
  unsigned threads = 0;
  size_t chunk = 0;
  bool native_fallback = false;

  std::vector<uint8_t> status, error;
  std::vector<int64_t> values;
  size_t depth = 0, alt = 0, length = 0;
  uint32_t op_count = 0;
  std::string declined;
  bool is_declined = false;
  int isa_used = 0;
  std::mutex scalar_mutex;
  std::vector<ScalarLane> scalar;

  /** Runs the batch; returns an error message, or "" on success. */
  std::string Run(void (*progress)(void*, size_t, size_t), void* user) {
    isa_used = bsml_batch_resolve_isa(isa);
    if (isa_used < 0) return std::string("the ") + bsml_batch_isa_name(isa) + " kernel cannot run on this CPU or build";
    bsml_batch_program* p = bsml_batch_compile(script.data(), script.size(), sigversion, flags, width);
    if (!p) return "out of memory compiling the lane program";
    if (const char* why = bsml_batch_program_declined(p)) {
      declined = why;
      is_declined = true;
    }
    depth = bsml_batch_program_stack_depth(p);
    alt = bsml_batch_program_altstack_depth(p);
    op_count = bsml_batch_program_op_count(p);
    length = bsml_batch_program_length(p);
    status.assign(lanes, BSML_LANE_FALLBACK);
    error.assign(lanes, 0);
    values.assign(lanes * (depth + alt), 0);
    bsml_batch_input in{};
    in.kind = kind;
    in.lanes = lanes;
    in.cols = width;
    in.i32 = reinterpret_cast<const int32_t*>(bytes);
    in.i64 = reinterpret_cast<const int64_t*>(bytes);
    in.data = bytes;
    in.item_start = item_start.data();
    in.lane_start = lane_start.data();
    bsml_batch_output out{status.data(), error.data(), values.empty() ? nullptr : values.data()};
    bsml_batch_options opt{};
    opt.isa = isa_used;
    opt.threads = threads;
    opt.chunk_lanes = chunk;
    opt.progress = progress;
    opt.user = user;
    opt.scalar_fallback = native_fallback && bsml_batch_has_scalar();
    opt.on_scalar_lane = &Job::OnScalar;
    progress_user_ = user;
    opt.user = this;
    user_progress_ = progress;
    opt.progress = progress ? &Job::OnProgress : nullptr;
    int rc = bsml_batch_run(p, &in, &out, &opt);
    bsml_batch_program_free(p);
    switch (rc) {
      case BSML_BATCH_OK: return "";
      case BSML_BATCH_ISA_UNAVAILABLE: return "the requested kernel cannot run on this CPU";
      case BSML_BATCH_NO_MEMORY: return "out of memory";
      default: return "bsml_batch_run rejected its arguments";
    }
  }

 private:
  void* progress_user_ = nullptr;
  void (*user_progress_)(void*, size_t, size_t) = nullptr;

  static void OnProgress(void* self, size_t done, size_t total) {
    Job* j = static_cast<Job*>(self);
    j->user_progress_(j->progress_user_, done, total);
  }
  static void OnScalar(void* self, size_t lane, const bsml_context* ctx, const bsml_result* r) {
    Job* j = static_cast<Job*>(self);
    ScalarLane s;
    s.lane = uint32_t(lane);
    s.error = uint8_t(r->error);
    s.op_count = r->op_count;
    for (size_t i = 0; i < r->stack_size; i++) {
      bsml_bytes b = bsml_result_stack_item(ctx, i);
      s.stack.emplace_back(b.data, b.data + b.size);
    }
    for (size_t i = 0; i < r->altstack_size; i++) {
      bsml_bytes b = bsml_result_altstack_item(ctx, i);
      s.altstack.emplace_back(b.data, b.data + b.size);
    }
    std::lock_guard<std::mutex> lock(j->scalar_mutex);
    j->scalar.push_back(std::move(s));
  }
};

Napi::Value Fail(Napi::Env env, const std::string& msg, bool range = false) {
  if (range) Napi::RangeError::New(env, msg).ThrowAsJavaScriptException();
  else Napi::TypeError::New(env, msg).ThrowAsJavaScriptException();
  return Napi::Value();
}

bool GetBytes(Napi::Object o, const char* key, std::vector<uint8_t>& out, std::string& err) {
  Napi::Value v = o.Get(key);
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
    err = std::string("batch: ") + key + " must be a Uint8Array";
    return false;
  }
  Napi::Uint8Array a = v.As<Napi::Uint8Array>();
  out.assign(a.Data(), a.Data() + a.ByteLength());
  return true;
}

bool GetOffsets(Napi::Object o, const char* key, size_t count, uint64_t limit, std::vector<uint64_t>& out,
                std::string& err) {
  Napi::Value v = o.Get(key);
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_float64_array) {
    err = std::string("batch: input.") + key + " must be a Float64Array";
    return false;
  }
  Napi::Float64Array a = v.As<Napi::Float64Array>();
  if (a.ElementLength() != count) {
    err = std::string("batch: input.") + key + " has the wrong length";
    return false;
  }
  out.resize(count);
  for (size_t i = 0; i < count; i++) {
    double d = a[i];
    if (!(d >= 0 && d <= double(limit) && std::floor(d) == d) || (i && d < double(out[i - 1]))) {
      err = std::string("batch: input.") + key + " must be non-decreasing offsets within the data";
      return false;
    }
    out[i] = uint64_t(d);
  }
  return true;
}

bool GetUint(Napi::Object o, const char* key, double max, double& out, std::string& err) {
  Napi::Value v = o.Get(key);
  if (!v.IsNumber()) {
    err = std::string("batch: ") + key + " must be a number";
    return false;
  }
  out = v.As<Napi::Number>().DoubleValue();
  if (!(out >= 0 && out <= max && std::floor(out) == out)) {
    err = std::string("batch: ") + key + " is out of range";
    return false;
  }
  return true;
}

int IsaCode(const std::string& s) {
  if (s == "auto") return BSML_ISA_AUTO;
  if (s == "scalar") return BSML_ISA_SCALAR;
  if (s == "avx2") return BSML_ISA_AVX2;
  if (s == "avx512") return BSML_ISA_AVX512;
  if (s == "neon") return BSML_ISA_NEON;
  return -1;
}

/**
 * The input's `bytes` (a Uint8Array) into the Job: copied, or with `borrow` (batchRunSync, during
 * which no JavaScript runs, so nothing can detach or resize it) read in place when its address
 * suits the element type (`align` bytes). In place saves copying lanes x width numbers (51 MB for
 * 100,000 lanes of 64 int64 inputs) on the one thread, before the worker threads start.
 */
bool GetInput(Napi::Object o, Job& j, bool borrow, size_t align, std::string& err) {
  Napi::Value v = o.Get("bytes");
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
    err = "batch: input.bytes must be a Uint8Array";
    return false;
  }
  Napi::Uint8Array a = v.As<Napi::Uint8Array>();
  static const uint8_t empty[8] = {};
  const uint8_t* data = a.ByteLength() ? a.Data() : empty;
  j.bytes_size = a.ByteLength();
  if (borrow && reinterpret_cast<uintptr_t>(data) % align == 0) {
    j.bytes = data;
  } else {
    j.owned.assign(data, data + j.bytes_size);
    j.bytes = j.owned.empty() ? empty : j.owned.data();
  }
  return true;
}

/**
 * Reads the argument object into a Job; returns "" or an error message. With `borrow`, the input
 * numbers / bytes may be read in place (see GetInput): only for a run that ends before JS runs again.
 */
std::string Parse(Napi::Value arg, Job& j, bool borrow) {
  std::string err;
  if (!arg.IsObject()) return "batch: the argument must be an object";
  Napi::Object o = arg.As<Napi::Object>();
  if (!GetBytes(o, "script", j.script, err)) return err;
  double d;
  if (!GetUint(o, "sigversion", 3, d, err)) return err;
  j.sigversion = int(d);
  if (!GetUint(o, "flags", 4294967295.0, d, err)) return err;
  j.flags = uint32_t(d);
  if (!GetUint(o, "threads", 1024, d, err)) return err;
  j.threads = unsigned(d);
  if (!GetUint(o, "chunkLanes", 1 << 20, d, err)) return err;
  j.chunk = size_t(d);
  Napi::Value isa = o.Get("isa");
  if (!isa.IsString() || IsaCode(isa.As<Napi::String>().Utf8Value()) < 0) return "batch: isa must be auto, scalar, avx2, avx512 or neon";
  j.isa = IsaCode(isa.As<Napi::String>().Utf8Value());
  j.native_fallback = o.Get("nativeFallback").ToBoolean().Value();
  Napi::Value iv = o.Get("input");
  if (!iv.IsObject()) return "batch: input must be an object";
  Napi::Object in = iv.As<Napi::Object>();
  Napi::Value kind = in.Get("kind");
  std::string k = kind.IsString() ? kind.As<Napi::String>().Utf8Value() : "";
  if (k == "i32") j.kind = BSML_BATCH_DENSE_I32;
  else if (k == "i64") j.kind = BSML_BATCH_DENSE_I64;
  else if (k == "bytes") j.kind = BSML_BATCH_BYTES;
  else return "batch: input.kind must be i32, i64 or bytes";
  if (!GetUint(in, "lanes", 4294967295.0, d, err)) return err;
  j.lanes = size_t(d);
  if (!GetUint(in, "width", 1 << 20, d, err)) return err;
  j.width = size_t(d);
  const size_t elem = j.kind == BSML_BATCH_DENSE_I32 ? 4 : j.kind == BSML_BATCH_DENSE_I64 ? 8 : 1;
  if (!GetInput(in, j, borrow, elem, err)) return err;
  if (j.kind == BSML_BATCH_BYTES) {
    if (!GetOffsets(in, "laneStart", j.lanes + 1, UINT64_MAX, j.lane_start, err)) return err;
    size_t items = size_t(j.lane_start[j.lanes]);
    if (j.lane_start[0] != 0) return "batch: input.laneStart must start at 0";
    if (!GetOffsets(in, "itemStart", items + 1, j.bytes_size, j.item_start, err)) return err;
  } else {
    if (j.bytes_size != j.lanes * j.width * elem) return "batch: input.bytes does not hold lanes x width numbers";
  }
  return "";
}

Napi::Value Output(Napi::Env env, Job& j) {
  Napi::Object o = Napi::Object::New(env);
  Napi::Uint8Array status = Napi::Uint8Array::New(env, j.lanes);
  Napi::Uint8Array error = Napi::Uint8Array::New(env, j.lanes);
  if (j.lanes) {
    std::memcpy(status.Data(), j.status.data(), j.lanes);
    std::memcpy(error.Data(), j.error.data(), j.lanes);
  }
  Napi::ArrayBuffer values = Napi::ArrayBuffer::New(env, j.values.size() * sizeof(int64_t));
  if (!j.values.empty()) std::memcpy(values.Data(), j.values.data(), j.values.size() * sizeof(int64_t));
  o.Set("status", status);
  o.Set("error", error);
  o.Set("values", values);
  o.Set("stackDepth", Napi::Number::New(env, double(j.depth)));
  o.Set("altDepth", Napi::Number::New(env, double(j.alt)));
  o.Set("opCount", Napi::Number::New(env, double(j.op_count)));
  o.Set("isa", Napi::String::New(env, bsml_batch_isa_name(j.isa_used)));
  o.Set("declined", j.is_declined ? Napi::Value(Napi::String::New(env, j.declined)) : env.Null());
  o.Set("programLength", Napi::Number::New(env, double(j.length)));
  const size_t n = j.scalar.size();
  Napi::Uint32Array lanes = Napi::Uint32Array::New(env, n);
  Napi::Uint32Array ops = Napi::Uint32Array::New(env, n);
  Napi::Uint8Array errs = Napi::Uint8Array::New(env, n);
  Napi::Array stacks = Napi::Array::New(env, n);
  Napi::Array alts = Napi::Array::New(env, n);
  auto items = [&](const std::vector<std::vector<uint8_t>>& v) {
    Napi::Array a = Napi::Array::New(env, v.size());
    for (size_t i = 0; i < v.size(); i++) {
      Napi::Uint8Array b = Napi::Uint8Array::New(env, v[i].size());
      if (!v[i].empty()) std::memcpy(b.Data(), v[i].data(), v[i].size());
      a.Set(uint32_t(i), b);
    }
    return a;
  };
  for (size_t i = 0; i < n; i++) {
    lanes[i] = j.scalar[i].lane;
    ops[i] = j.scalar[i].op_count;
    errs[i] = j.scalar[i].error;
    stacks.Set(uint32_t(i), items(j.scalar[i].stack));
    alts.Set(uint32_t(i), items(j.scalar[i].altstack));
  }
  o.Set("scalarLanes", lanes);
  o.Set("scalarOpCount", ops);
  o.Set("scalarError", errs);
  o.Set("scalarStacks", stacks);
  o.Set("scalarAltstacks", alts);
  return o;
}

class Worker : public Napi::AsyncProgressWorker<uint64_t> {
 public:
  Worker(Napi::Function done, Napi::Value progress, std::unique_ptr<Job> job)
      : Napi::AsyncProgressWorker<uint64_t>(done), job_(std::move(job)) {
    if (progress.IsFunction()) progress_ = Napi::Persistent(progress.As<Napi::Function>());
  }
  void Execute(const ExecutionProgress& p) override {
    progress_sink_ = &p;
    std::string err = job_->Run(progress_.IsEmpty() ? nullptr : &Worker::Progress, this);
    progress_sink_ = nullptr;
    if (!err.empty()) SetError(err);
  }
  void OnProgress(const uint64_t* data, size_t count) override {
    if (!count || progress_.IsEmpty()) return;
    Napi::Env env = Env();
    progress_.Call({Napi::Number::New(env, double(data[0])), Napi::Number::New(env, double(job_->lanes))});
    if (env.IsExceptionPending()) env.GetAndClearPendingException();  // a throwing callback must not abort the run
  }
  void OnOK() override {
    Napi::Env env = Env();
    Callback().Call({env.Null(), Output(env, *job_)});
  }

 private:
  std::unique_ptr<Job> job_;
  Napi::FunctionReference progress_;
  const ExecutionProgress* progress_sink_ = nullptr;

  static void Progress(void* self, size_t done, size_t) {
    Worker* w = static_cast<Worker*>(self);
    uint64_t d = done;
    if (w->progress_sink_) w->progress_sink_->Send(&d, 1);
  }
};

Napi::Value BatchRun(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto job = std::make_unique<Job>();
  std::string err = Parse(info[0], *job, false);
  if (!err.empty()) return Fail(env, err);
  if (!info[1].IsFunction()) return Fail(env, "batchRun: the second argument must be a callback");
  Worker* w = new Worker(info[1].As<Napi::Function>(), info[2], std::move(job));
  w->Queue();
  return env.Undefined();
}

Napi::Value BatchRunSync(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Job job;
  std::string err = Parse(info[0], job, true);
  if (!err.empty()) return Fail(env, err);
  err = job.Run(nullptr, nullptr);
  if (!err.empty()) return Fail(env, err, true);
  return Output(env, job);
}

Napi::Value BatchIsas(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Array available = Napi::Array::New(env);
  uint32_t k = 0;
  for (int isa : {BSML_ISA_AVX512, BSML_ISA_AVX2, BSML_ISA_NEON, BSML_ISA_SCALAR})
    if (bsml_batch_isa_available(isa)) available.Set(k++, Napi::String::New(env, bsml_batch_isa_name(isa)));
  Napi::Object o = Napi::Object::New(env);
  o.Set("available", available);
  o.Set("best", Napi::String::New(env, bsml_batch_isa_name(bsml_batch_resolve_isa(BSML_ISA_AUTO))));
  o.Set("scalarFallback", Napi::Boolean::New(env, bsml_batch_has_scalar() != 0));
  return o;
}

}  // namespace

void RegisterBatch(Napi::Env env, Napi::Object exports) {
  exports.Set("batchRun", Napi::Function::New(env, BatchRun, "batchRun"));
  exports.Set("batchRunSync", Napi::Function::New(env, BatchRunSync, "batchRunSync"));
  exports.Set("batchIsas", Napi::Function::New(env, BatchIsas, "batchIsas"));
}
