// The Node binding of the native engine: translation only. Validates every argument (types,
// sizes, detached buffers) and throws TypeError / RangeError; copies inputs into memory it owns
// (so a JS checker that detaches or changes a buffer mid-evaluation cannot harm the core); calls a
// JS signature checker synchronously; returns undefined when the core declines.
#include <napi.h>

#include <cstring>
#include <memory>
#include <vector>

#include "batch.h"
#include "bsml/bsml.h"

namespace {

// Nested evaluations (a JS checker calling back into the engine) each get their own context.
constexpr std::size_t kMaxDepth = 32;
// Largest array the binding accepts for a stack or witness before declining (the core's limit).
constexpr std::uint32_t kMaxItems = BSML_MAX_STACK_SIZE;

struct Level {
  bsml_context* ctx = nullptr;
  std::vector<std::uint8_t> arena;
  std::vector<bsml_bytes> items;
  ~Level() { bsml_context_free(ctx); }
};

struct CallbackState {
  Napi::Env env;
  Napi::Object checker;
  // verifyScript only: the BIP341 commitment check (a JS function), or empty.
  Napi::Function commitment;
};

const char* sigversion_name(int sv) {
  switch (sv) {
    case BSML_SIGVERSION_BASE: return "base";
    case BSML_SIGVERSION_WITNESS_V0: return "witness_v0";
    case BSML_SIGVERSION_TAPROOT: return "taproot";
    default: return "tapscript";
  }
}

Napi::Value copy_out(Napi::Env env, const std::uint8_t* data, std::size_t size) {
  Napi::Uint8Array a = Napi::Uint8Array::New(env, size);
  if (size) std::memcpy(a.Data(), data, size);
  return a;
}

// Calls checker[name](...args); returns an empty value when it is not a function or throws. Inside
// script evaluation the TypeScript engine turns a throwing checker into UNKNOWN_ERROR, so the
// exception is cleared; outside it (the taproot key path) the exception propagates to the caller,
// so it is left pending (`keep`) and the binding returns it.
Napi::Value call_method(CallbackState* s, const char* name, const std::initializer_list<napi_value>& args, bool keep = false) {
  Napi::Env env = s->env;
  Napi::Value fn = s->checker.Get(name);
  if (env.IsExceptionPending()) {
    if (!keep) env.GetAndClearPendingException();
    return Napi::Value();
  }
  if (!fn.IsFunction()) {
    if (keep) Napi::TypeError::New(env, std::string("checker.") + name + " is not a function").ThrowAsJavaScriptException();
    return Napi::Value();
  }
  Napi::Value r = fn.As<Napi::Function>().Call(s->checker, args);
  if (env.IsExceptionPending()) {
    if (!keep) env.GetAndClearPendingException();
    return Napi::Value();
  }
  return r;
}

int truthy(CallbackState* s, Napi::Value r) {
  if (r.IsEmpty()) return BSML_CHECK_ABORT;
  Napi::Boolean b = r.ToBoolean();
  if (s->env.IsExceptionPending()) {
    s->env.GetAndClearPendingException();
    return BSML_CHECK_ABORT;
  }
  return b.Value() ? 1 : 0;
}

int js_ecdsa(void* user, bsml_bytes sig, bsml_bytes pk, bsml_bytes code, int sv) {
  auto* s = static_cast<CallbackState*>(user);
  Napi::HandleScope scope(s->env);
  Napi::Value r = call_method(s, "checkEcdsaSignature",
                              {copy_out(s->env, sig.data, sig.size), copy_out(s->env, pk.data, pk.size),
                               copy_out(s->env, code.data, code.size), Napi::String::New(s->env, sigversion_name(sv))});
  return truthy(s, r);
}

int js_schnorr(void* user, bsml_bytes sig, bsml_bytes pk, int sv, const bsml_exec_data* ed) {
  auto* s = static_cast<CallbackState*>(user);
  Napi::Env env = s->env;
  Napi::HandleScope scope(env);
  Napi::Object data = Napi::Object::New(env);
  data.Set("codeSeparatorPos", Napi::Number::New(env, double(ed->code_separator_pos)));
  if (ed->tapleaf_hash) data.Set("tapleafHash", copy_out(env, ed->tapleaf_hash, 32));
  if (ed->annex_hash) data.Set("annexHash", copy_out(env, ed->annex_hash, 32));
  data.Set("validationWeightLeft", Napi::Number::New(env, double(ed->validation_weight_left)));
  Napi::Value r = call_method(s, "checkSchnorrSignature",
                              {copy_out(env, sig.data, sig.size), copy_out(env, pk.data, pk.size),
                               Napi::String::New(env, sigversion_name(sv)), data},
                              sv == BSML_SIGVERSION_TAPROOT);
  if (r.IsEmpty()) return BSML_CHECK_ABORT;
  if (r.IsBoolean()) return r.As<Napi::Boolean>().Value() ? BSML_CHECK_VALID : BSML_CHECK_INVALID;
  if (r.IsString()) {
    const std::string name = r.As<Napi::String>().Utf8Value();
    for (int i = 0; i < BSML_ERR_COUNT; ++i) {
      if (name == bsml_error_name(i)) return i;
    }
  }
  return BSML_ERR_UNKNOWN_ERROR;
}

int js_commitment(void* user, bsml_bytes control, bsml_bytes program, const std::uint8_t* leaf) {
  auto* s = static_cast<CallbackState*>(user);
  Napi::Env env = s->env;
  Napi::HandleScope scope(env);
  Napi::Value r = s->commitment.Call({copy_out(env, control.data, control.size), copy_out(env, program.data, program.size),
                                      copy_out(env, leaf, 32)});
  if (env.IsExceptionPending() || r.IsEmpty()) return BSML_CHECK_ABORT;  // left pending: it propagates
  return r.ToBoolean().Value() ? 1 : 0;
}

int js_lock(CallbackState* s, const char* name, std::int64_t v) {
  Napi::HandleScope scope(s->env);
  return truthy(s, call_method(s, name, {Napi::Number::New(s->env, double(v))}));
}
int js_locktime(void* user, std::int64_t v) { return js_lock(static_cast<CallbackState*>(user), "checkLockTime", v); }
int js_sequence(void* user, std::int64_t v) { return js_lock(static_cast<CallbackState*>(user), "checkSequence", v); }

class Addon : public Napi::Addon<Addon> {
 public:
  Addon(Napi::Env env, Napi::Object exports) {
    DefineAddon(exports, {
                             InstanceMethod("evaluate", &Addon::Evaluate),
                             InstanceMethod("verifyScript", &Addon::VerifyScript),
                             InstanceMethod("sha256", &Addon::Sha256),
                             InstanceMethod("ripemd160", &Addon::Ripemd160),
                             InstanceMethod("sha1", &Addon::Sha1),
                             InstanceMethod("contextSize", &Addon::ContextSize),
                         });
    RegisterBatch(env, exports);
  }

 private:
  std::vector<std::unique_ptr<Level>> levels_;
  std::size_t depth_ = 0;

  struct DepthGuard {
    std::size_t& d;
    explicit DepthGuard(std::size_t& depth) : d(depth) { ++d; }
    ~DepthGuard() { --d; }
  };

  static Napi::Value Throw(Napi::Env env, bool range, const std::string& msg) {
    if (range) Napi::RangeError::New(env, msg).ThrowAsJavaScriptException();
    else Napi::TypeError::New(env, msg).ThrowAsJavaScriptException();
    return Napi::Value();
  }

  // A non-detached Uint8Array, or an error message.
  static bool AsBytes(Napi::Value v, Napi::Uint8Array& out, std::string& err, const std::string& what) {
    if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
      err = what + " must be a Uint8Array";
      return false;
    }
    out = v.As<Napi::Uint8Array>();
    if (out.ArrayBuffer().IsDetached()) {
      err = what + " is a Uint8Array over a detached ArrayBuffer";
      return false;
    }
    return true;
  }

  // Reads an Array of Uint8Array. Returns false with err set (TypeError), or sets declined when
  // the array is longer than the core accepts.
  static bool AsList(Napi::Value v, std::vector<Napi::Uint8Array>& out, std::string& err, bool& declined,
                     const std::string& what) {
    if (!v.IsArray()) {
      err = what + " must be an Array of Uint8Array";
      return false;
    }
    Napi::Array a = v.As<Napi::Array>();
    const std::uint32_t n = a.Length();
    if (n > kMaxItems) {
      declined = true;
      return true;
    }
    out.reserve(n);
    for (std::uint32_t i = 0; i < n; ++i) {
      Napi::Value item = a.Get(i);
      if (item.Env().IsExceptionPending()) return false;
      Napi::Uint8Array u;
      if (!AsBytes(item, u, err, what + "[" + std::to_string(i) + "]")) return false;
      out.push_back(u);
    }
    return true;
  }

  static bool AsFlags(Napi::Value v, std::uint32_t& flags, std::string& err, bool& range) {
    if (!v.IsNumber()) {
      err = "flags must be a number";
      range = false;
      return false;
    }
    const double d = v.As<Napi::Number>().DoubleValue();
    if (!(d >= 0 && d <= 4294967295.0) || d != double(std::uint32_t(d))) {
      err = "flags must be an integer in [0, 2^32)";
      range = true;
      return false;
    }
    flags = std::uint32_t(d);
    return true;
  }

  Level* Acquire() {
    if (depth_ >= kMaxDepth) return nullptr;
    while (levels_.size() <= depth_) {
      auto l = std::make_unique<Level>();
      l->ctx = bsml_context_new();
      if (!l->ctx) return nullptr;
      levels_.push_back(std::move(l));
    }
    return levels_[depth_].get();
  }

  // Copies `parts` into the level's arena and returns views of them (script(s) first).
  static void Stage(Level& l, const std::vector<Napi::Uint8Array>& parts) {
    std::size_t total = 0;
    for (const auto& p : parts) total += p.ByteLength();
    l.arena.resize(total ? total : 1);
    l.items.resize(parts.size());
    std::size_t off = 0;
    for (std::size_t i = 0; i < parts.size(); ++i) {
      const std::size_t n = parts[i].ByteLength();
      if (n) std::memcpy(l.arena.data() + off, parts[i].Data(), n);
      l.items[i] = bsml_bytes{l.arena.data() + off, n};
      off += n;
    }
  }

  // Writes the result as native-endian uint32 words [success, error, opCount, stackSize,
  // altstackSize, length of each stack item, length of each altstack item] followed by the item
  // bytes (stack bottom first, then altstack bottom first). Into `out` when it is given and
  // large enough (returns the byte count), else into a new Uint8Array (returned).
  static Napi::Value Result(Napi::Env env, bsml_context* ctx, const bsml_result& r, Napi::Value out_arg) {
    const std::size_t k = r.stack_size + r.altstack_size;
    std::size_t need = 4 * (5 + k);
    for (std::size_t i = 0; i < k; ++i) {
      need += (i < r.stack_size ? bsml_result_stack_item(ctx, i) : bsml_result_altstack_item(ctx, i - r.stack_size)).size;
    }
    std::uint8_t* dst = nullptr;
    Napi::Value ret;
    if (out_arg.IsTypedArray() && out_arg.As<Napi::TypedArray>().TypedArrayType() == napi_uint8_array) {
      Napi::Uint8Array out = out_arg.As<Napi::Uint8Array>();
      if (!out.ArrayBuffer().IsDetached() && out.ByteLength() >= need && out.Data()) {
        dst = out.Data();
        ret = Napi::Number::New(env, double(need));
      }
    }
    if (!dst) {
      Napi::Uint8Array fresh = Napi::Uint8Array::New(env, need);
      dst = fresh.Data();
      ret = fresh;
    }
    const std::uint32_t head[5] = {std::uint32_t(r.success ? 1 : 0), std::uint32_t(r.error), r.op_count,
                                   std::uint32_t(r.stack_size), std::uint32_t(r.altstack_size)};
    std::memcpy(dst, head, sizeof head);
    std::size_t data = 4 * (5 + k);
    for (std::size_t i = 0; i < k; ++i) {
      const bsml_bytes b = i < r.stack_size ? bsml_result_stack_item(ctx, i) : bsml_result_altstack_item(ctx, i - r.stack_size);
      const std::uint32_t len = std::uint32_t(b.size);
      std::memcpy(dst + 4 * (5 + i), &len, 4);
      if (b.size) std::memcpy(dst + data, b.data, b.size);
      data += b.size;
    }
    return ret;
  }

  static bool AsOut(Napi::Value v, std::string& err) {
    if (v.IsUndefined() || v.IsNull()) return true;
    if (v.IsTypedArray() && v.As<Napi::TypedArray>().TypedArrayType() == napi_uint8_array) return true;
    err = "out must be a Uint8Array, null or undefined";
    return false;
  }

  // checker: undefined / null (Core's base checker) or an object with the four methods.
  static bool AsChecker(Napi::Value v, std::string& err) {
    if (v.IsUndefined() || v.IsNull() || v.IsObject()) return true;
    err = "checker must be an object, null or undefined";
    return false;
  }

  // evaluate(script, stack, sigVersion, flags, validationWeight?, checker?, out?)
  Napi::Value Evaluate(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    std::string err;
    bool range = false;
    bool declined = false;
    Napi::Uint8Array script;
    if (!AsBytes(info[0], script, err, "script")) return Throw(env, false, err);
    std::vector<Napi::Uint8Array> parts{script};
    if (!AsList(info[1], parts, err, declined, "stack")) return env.IsExceptionPending() ? Napi::Value() : Throw(env, false, err);
    if (!info[2].IsNumber()) return Throw(env, false, "sigVersion must be a number (0 base, 1 witness_v0, 3 tapscript)");
    const double svd = info[2].As<Napi::Number>().DoubleValue();
    if (svd != 0 && svd != 1 && svd != 3) return Throw(env, true, "sigVersion must be 0 (base), 1 (witness_v0) or 3 (tapscript)");
    std::uint32_t flags;
    if (!AsFlags(info[3], flags, err, range)) return Throw(env, range, err);
    std::int64_t weight = 0;
    bool has_weight = false;
    if (!info[4].IsUndefined() && !info[4].IsNull()) {
      if (!info[4].IsNumber()) return Throw(env, false, "validationWeight must be a number");
      const double w = info[4].As<Napi::Number>().DoubleValue();
      if (!(w >= -9007199254740991.0 && w <= 9007199254740991.0) || w != double(std::int64_t(w))) {
        return Throw(env, true, "validationWeight must be a safe integer");
      }
      weight = std::int64_t(w);
      has_weight = true;
    }
    if (!AsChecker(info[5], err)) return Throw(env, false, err);
    if (!AsOut(info[6], err)) return Throw(env, false, err);
    if (declined) return env.Undefined();
    Level* l = Acquire();
    if (!l) return env.Undefined();
    DepthGuard guard(depth_);
    Stage(*l, parts);
    CallbackState state{env, info[5].IsObject() ? info[5].As<Napi::Object>() : Napi::Object(), Napi::Function()};
    bsml_checker checker{&state, js_ecdsa, js_schnorr, js_locktime, js_sequence, nullptr};
    bsml_result r;
    const bsml_status st = bsml_evaluate(l->ctx, l->items[0], l->items.data() + 1, l->items.size() - 1, int(svd), flags,
                                         has_weight ? &weight : nullptr, info[5].IsObject() ? &checker : nullptr, &r);
    if (st == BSML_DECLINED) return env.Undefined();
    if (st != BSML_DONE) return Throw(env, false, "bsml_evaluate rejected its arguments");
    return Result(env, l->ctx, r, info[6]);
  }

  // verifyScript(scriptSig, scriptPubKey, witness, flags, checker?, out?, taprootCommitment?)
  Napi::Value VerifyScript(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    std::string err;
    bool range = false;
    bool declined = false;
    Napi::Uint8Array sig, spk;
    if (!AsBytes(info[0], sig, err, "scriptSig")) return Throw(env, false, err);
    if (!AsBytes(info[1], spk, err, "scriptPubKey")) return Throw(env, false, err);
    std::vector<Napi::Uint8Array> parts{sig, spk};
    if (!AsList(info[2], parts, err, declined, "witness")) return env.IsExceptionPending() ? Napi::Value() : Throw(env, false, err);
    std::uint32_t flags;
    if (!AsFlags(info[3], flags, err, range)) return Throw(env, range, err);
    if (!AsChecker(info[4], err)) return Throw(env, false, err);
    if (!AsOut(info[5], err)) return Throw(env, false, err);
    if (!info[6].IsUndefined() && !info[6].IsNull() && !info[6].IsFunction()) {
      return Throw(env, false, "taprootCommitment must be a function, null or undefined");
    }
    if (declined) return env.Undefined();
    Level* l = Acquire();
    if (!l) return env.Undefined();
    DepthGuard guard(depth_);
    Stage(*l, parts);
    const bool has_checker = info[4].IsObject();
    const bool has_commitment = info[6].IsFunction();
    // Without a JS checker the key path still asks Core's base checker (null Schnorr callback).
    CallbackState state{env, has_checker ? info[4].As<Napi::Object>() : Napi::Object(),
                        has_commitment ? info[6].As<Napi::Function>() : Napi::Function()};
    bsml_checker checker{&state,
                         has_checker ? js_ecdsa : nullptr,
                         has_checker ? js_schnorr : nullptr,
                         has_checker ? js_locktime : nullptr,
                         has_checker ? js_sequence : nullptr,
                         has_commitment ? js_commitment : nullptr};
    bsml_result r;
    const bsml_status st = bsml_verify_script(l->ctx, l->items[0], l->items[1], l->items.data() + 2, l->items.size() - 2,
                                              flags, has_checker || has_commitment ? &checker : nullptr, &r);
    if (env.IsExceptionPending()) return Napi::Value();  // a taproot key-path checker or commitment threw
    if (st == BSML_DECLINED) return env.Undefined();
    if (st != BSML_DONE) return Throw(env, false, "bsml_verify_script rejected its arguments");
    return Result(env, l->ctx, r, info[5]);
  }

  template <std::size_t N, void (*F)(const std::uint8_t*, std::size_t, std::uint8_t*)>
  Napi::Value Hash(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    std::string err;
    Napi::Uint8Array in;
    if (!AsBytes(info[0], in, err, "data")) return Throw(env, false, err);
    std::uint8_t out[N];
    F(in.Data(), in.ByteLength(), out);
    return copy_out(env, out, N);
  }
  Napi::Value Sha256(const Napi::CallbackInfo& info) { return Hash<32, bsml_sha256>(info); }
  Napi::Value Ripemd160(const Napi::CallbackInfo& info) { return Hash<20, bsml_ripemd160>(info); }
  Napi::Value Sha1(const Napi::CallbackInfo& info) { return Hash<20, bsml_sha1>(info); }

  Napi::Value ContextSize(const Napi::CallbackInfo& info) {
    return Napi::Number::New(info.Env(), double(bsml_context_size()));
  }
};

}  // namespace

NODE_API_ADDON(Addon)
