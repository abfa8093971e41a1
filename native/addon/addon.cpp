// The Node binding of the native engine: translation only. Validates every argument (types,
// sizes, detached buffers) and throws TypeError / RangeError; copies inputs into memory it owns
// (so a JS checker that detaches or changes a buffer mid-evaluation cannot harm the core); calls a
// JS signature checker synchronously; returns undefined when the core declines.
#include <napi.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <cstdint>
#include <cstring>
#include <string>
#include <memory>
#include <vector>

#include "batch.h"
#include "bsml/bsml.h"

namespace {

// Nested evaluations (a JS checker calling back into the engine) each get their own context.
constexpr std::size_t kMaxDepth = 32;
// The largest stack or witness a context holds: larger ones run through bsml_evaluate_large and
// bsml_verify_script's own path for them (Core's answer for any size), with all their bytes.
constexpr std::uint32_t kMaxItems = BSML_MAX_STACK_SIZE;

// Results in refs mode: a small item (at most 7 bytes) equal to an earlier item of the same result
// is written as kSame | that item's index, and JS hands back the Uint8Array it made for that item
// (as the TypeScript engine hands back one Uint8Array for DUPed items) instead of allocating one per
// item. A direct-mapped table keyed by length and bytes, cleared by bumping a generation.
struct SameItems {
  std::uint64_t key[256];
  std::uint32_t index[256];
  std::uint32_t gen[256] = {};
  std::uint32_t cur = 0;
  void reset() {
    if (++cur == 0) {
      std::memset(gen, 0, sizeof gen);
      cur = 1;
    }
  }
  // True (with `first`) when an earlier item of this result had these bytes; else remembers item i.
  bool seen(const bsml_bytes& b, std::uint32_t i, std::uint32_t& first) {
    std::uint64_t k = std::uint64_t(b.size) << 56;
    for (std::size_t j = 0; j < b.size; ++j) k |= std::uint64_t(b.data[j]) << (8 * j);
    const std::size_t h = std::size_t((k * 0x9E3779B97F4A7C15ull) >> 56);
    if (gen[h] == cur && key[h] == k) {
      first = index[h];
      return true;
    }
    gen[h] = cur;
    key[h] = k;
    index[h] = i;
    return false;
  }
};

struct Level {
  bsml_context* ctx = nullptr;
  std::vector<std::uint8_t> arena;  // copies of the inputs; `used` bytes of it hold this call's
  std::size_t used = 0;
  std::vector<bsml_bytes> items;    // script(s) first, then the stack / witness
  // evaluateMany / verifyMany: their copy of the case layout and the packed results.
  std::vector<std::uint32_t> meta;
  // evaluateMany with `top`: each case's stack items below its top `top` have no bytes in data
  // (bsml_evaluate_top leaves them out; CaseItems takes the others).
  std::uint32_t top = 0xffffffffu;
  // ... and, sigversion base, no length words for them either (meta holds the top items' only).
  bool bare_unsized = false;
  // evaluatePacked with bare items: their sizes (witness sigversions).
  std::vector<std::uint32_t> bare_sizes;
  std::vector<std::uint32_t> words;
  std::vector<std::uint8_t> bytes;
  // Result(): the items of one result (or kRef references to inputs).
  std::vector<bsml_bytes> result_items;
  SameItems same;
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

// The checker of a verifyScript call: the JS checker's methods when there is one (else Core's base
// checker answers), and the taproot commitment callback when there is one.
bsml_checker VerifyChecker(CallbackState* state, bool has_checker, bool has_commitment) {
  return bsml_checker{state,
                      has_checker ? js_ecdsa : nullptr,
                      has_checker ? js_schnorr : nullptr,
                      has_checker ? js_locktime : nullptr,
                      has_checker ? js_sequence : nullptr,
                      has_commitment ? js_commitment : nullptr};
}

// Raw Node-API helpers for the per-call hot path (evaluate / verifyScript): one Node-API call per
// argument where node-addon-api's wrappers make several (napi_typeof behind every IsX, the typed
// array info fetched again for ArrayBuffer(), IsDetached(), Data() and ByteLength()), and error
// messages are built only when an argument is bad.
enum class BytesArg { kOk, kNotBytes, kDetached };

// A Uint8Array argument: its bytes (valid until JS runs again), or why it is not one.
BytesArg read_bytes(napi_env env, napi_value v, const std::uint8_t*& data, std::size_t& size) {
  napi_typedarray_type type;
  void* p = nullptr;
  napi_value buffer;
  std::size_t offset;
  if (napi_get_typedarray_info(env, v, &type, &size, &p, &buffer, &offset) != napi_ok || type != napi_uint8_array) {
    return BytesArg::kNotBytes;
  }
  if (size == 0) {  // a view over a detached buffer reads as empty
    bool detached = false;
    if (napi_is_detached_arraybuffer(env, buffer, &detached) != napi_ok || detached) return BytesArg::kDetached;
  }
  data = static_cast<const std::uint8_t*>(p);
  return BytesArg::kOk;
}

napi_valuetype type_of(napi_env env, napi_value v) {
  napi_valuetype t = napi_undefined;
  napi_typeof(env, v, &t);
  return t;
}

bool is_nullish(napi_valuetype t) { return t == napi_undefined || t == napi_null; }

napi_value throw_error(napi_env env, bool range, const std::string& msg) {
  if (range) napi_throw_range_error(env, nullptr, msg.c_str());
  else napi_throw_type_error(env, nullptr, msg.c_str());
  return nullptr;
}

napi_value undefined_value(napi_env env) {
  napi_value u;
  napi_get_undefined(env, &u);
  return u;
}

class Addon : public Napi::Addon<Addon> {
 public:
  Addon(Napi::Env env, Napi::Object exports) {
    DefineAddon(exports, {
                             InstanceMethod("sha256", &Addon::Sha256),
                             InstanceMethod("ripemd160", &Addon::Ripemd160),
                             InstanceMethod("sha1", &Addon::Sha1),
                             InstanceMethod("contextSize", &Addon::ContextSize),
                         });
    // The hot path is registered as plain Node-API callbacks (no CallbackInfo, whose argument
    // list goes on the heap beyond six arguments).
    napi_property_descriptor fast[] = {
        {"evaluate", nullptr, &Addon::Evaluate, nullptr, nullptr, nullptr, napi_enumerable, this},
        {"verifyScript", nullptr, &Addon::VerifyScript, nullptr, nullptr, nullptr, napi_enumerable, this},
        {"evaluateMany", nullptr, &Addon::EvaluateMany, nullptr, nullptr, nullptr, napi_enumerable, this},
        {"verifyMany", nullptr, &Addon::VerifyMany, nullptr, nullptr, nullptr, napi_enumerable, this},
        {"verifyPacked", nullptr, &Addon::VerifyPacked, nullptr, nullptr, nullptr, napi_enumerable, this},
        {"evaluatePacked", nullptr, &Addon::EvaluatePacked, nullptr, nullptr, nullptr, napi_enumerable, this},
        {"stackReach", nullptr, &Addon::StackReach, nullptr, nullptr, nullptr, napi_enumerable, this},
    };
    napi_define_properties(env, exports, sizeof fast / sizeof fast[0], fast);
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

  Level* Acquire() {
    if (depth_ >= kMaxDepth) return nullptr;
    while (levels_.size() <= depth_) {
      auto l = std::make_unique<Level>();
      l->ctx = bsml_context_new();
      if (!l->ctx) return nullptr;
      l->items.reserve(kMaxItems + 2);
      l->arena.resize(4096);  // never empty: the core takes no null data pointer
      levels_.push_back(std::move(l));
    }
    Level* l = levels_[depth_].get();
    l->used = 0;
    l->items.clear();
    return l;
  }

  // Copies one input into the level's arena at once (a getter that runs while later items are
  // read cannot change or free what was already taken). Items hold offsets until Seal().
  static void Take(Level* l, const std::uint8_t* data, std::size_t size) {
    if (!l) return;  // nesting too deep: validate only, the call declines
    if (l->used + size > l->arena.size()) l->arena.resize(std::max(l->arena.size() * 2, l->used + size));
    if (size) std::memcpy(l->arena.data() + l->used, data, size);
    l->items.push_back(bsml_bytes{reinterpret_cast<const std::uint8_t*>(l->used), size});
    l->used += size;
  }
  static void Seal(Level* l) {
    for (auto& b : l->items) b.data = l->arena.data() + reinterpret_cast<std::uintptr_t>(b.data);
  }

  // Reads a Uint8Array argument into the arena; false with a TypeError thrown when it is not one.
  static bool TakeBytes(napi_env env, napi_value v, Level* l, const char* what) {
    const std::uint8_t* data = nullptr;
    std::size_t size = 0;
    switch (read_bytes(env, v, data, size)) {
      case BytesArg::kOk: Take(l, data, size); return true;
      case BytesArg::kNotBytes: throw_error(env, false, std::string(what) + " must be a Uint8Array"); return false;
      default: throw_error(env, false, std::string(what) + " is a Uint8Array over a detached ArrayBuffer"); return false;
    }
  }

  // Reads an Array of Uint8Array into the arena (any length: the core takes stacks and witnesses of
  // more than kMaxItems too). False with an exception pending (TypeError, or what a getter threw).
  static bool TakeList(napi_env env, napi_value v, Level* l, const char* what) {
    std::uint32_t n = 0;
    if (napi_get_array_length(env, v, &n) != napi_ok) {
      throw_error(env, false, std::string(what) + " must be an Array of Uint8Array");
      return false;
    }
    for (std::uint32_t i = 0; i < n; ++i) {
      napi_value item;
      if (napi_get_element(env, v, i, &item) != napi_ok) {
        bool pending = false;
        napi_is_exception_pending(env, &pending);
        if (!pending) throw_error(env, false, std::string(what) + " could not be read");
        return false;
      }
      const std::uint8_t* data = nullptr;
      std::size_t size = 0;
      const BytesArg k = read_bytes(env, item, data, size);
      if (k != BytesArg::kOk) {
        const std::string at = std::string(what) + "[" + std::to_string(i) + "]";
        throw_error(env, false, at + (k == BytesArg::kNotBytes ? " must be a Uint8Array" : " is a Uint8Array over a detached ArrayBuffer"));
        return false;
      }
      Take(l, data, size);
    }
    return true;
  }

  static bool ReadFlags(napi_env env, napi_value v, std::uint32_t& flags) {
    double d;
    if (napi_get_value_double(env, v, &d) != napi_ok) {
      throw_error(env, false, "flags must be a number");
      return false;
    }
    if (!(d >= 0 && d <= 4294967295.0) || d != double(std::uint32_t(d))) {
      throw_error(env, true, "flags must be an integer in [0, 2^32)");
      return false;
    }
    flags = std::uint32_t(d);
    return true;
  }

  // out: undefined / null / a Uint8Array (checked before the core runs; read again after it).
  static bool CheckOut(napi_env env, napi_value v) {
    napi_typedarray_type type;
    std::size_t len;
    if (napi_get_typedarray_info(env, v, &type, &len, nullptr, nullptr, nullptr) == napi_ok) {
      if (type == napi_uint8_array) return true;
    } else if (is_nullish(type_of(env, v))) {
      return true;
    }
    throw_error(env, false, "out must be a Uint8Array, null or undefined");
    return false;
  }

  // The inputs a result item may be: with `refs`, an item whose bytes are exactly one input's
  // (same place in the arena, e.g. a stack item passed through or DUPed) is written as
  // kRef | index (the index JS uses: evaluate [script, ...stack], verify [scriptSig,
  // scriptPubKey, ...witness]) instead of its bytes, and JS hands back its own Uint8Array, as
  // the TypeScript engine does.
  static constexpr std::uint32_t kRef = 0x80000000u;
  // kSame | i (refs mode): the same bytes as item i of this result (see SameItems).
  static constexpr std::uint32_t kSame = 0xC0000000u;
  static constexpr std::size_t kSameMaxSize = 7;
  struct Inputs {
    const bsml_bytes* items = nullptr;  // ascending in the arena
    std::size_t n = 0;
    std::uint32_t first = 0;            // JS index of items[0]
    bsml_bytes extra[2] = {};           // inputs outside `items` (many: script / scriptSig, scriptPubKey)
    std::uint32_t extra_index[2] = {};
    int n_extra = 0;
    // Where the next lookup starts: the item after the last one found. Result items that are inputs
    // mostly come in input order (a stack passed through), so most lookups end on their first test.
    mutable std::size_t next = 0;
    // items[stack_at ..] are the initial stack, but for its `bare` bottom items, which were left
    // out (bsml_evaluate_top): they are the result's bottom items, and come before items[stack_at]
    // in JS indexes (items[h] is input first + h, plus bare when h >= stack_at).
    std::size_t stack_at = 0;
    std::size_t bare = 0;
    std::uint32_t index_of(std::size_t h) const { return first + std::uint32_t(h) + (h >= stack_at ? std::uint32_t(bare) : 0); }
  };

  static constexpr std::size_t kPrefixMin = 8;
  // The result's bottom stack items that are consecutive inputs, in order (a stack passed through):
  // their count, with `first` the JS index of the input of item 0 (0 when none). Written as two
  // words instead of one per item; `in->next` is left after them. The left-out (bare) items come
  // first; an empty item ends the run (an empty input may share its address with the next one).
  static std::size_t PrefixOf(bsml_context* ctx, const bsml_result& r, const Inputs* in, std::uint32_t& first) {
    first = 0;
    // Short results: one word per item costs less than looking for a run.
    if (!in || r.stack_size == 0 || (in->bare == 0 && r.stack_size < kPrefixMin)) return 0;
    std::size_t p = 0;
    std::size_t h = in->stack_at;  // the position in in->items of the input expected for item p
    // The left-out items, when the result's stack is the one they were loaded into (always for
    // evaluate; verify may fail before its witness runs), are all in place at its bottom.
    if (in->bare && bsml_result_left_out(ctx) >= std::min(in->bare, r.stack_size)) {
      p = std::min(in->bare, r.stack_size);
      first = in->first + std::uint32_t(in->stack_at);
    } else {
      const bsml_bytes b = bsml_result_stack_item(ctx, 0);
      std::uint32_t index;
      if (!RefOf(in, b, index)) return 0;
      h = in->next - 1;  // where RefOf found it
      if (h >= in->n || in->items[h].data != b.data || in->index_of(h) != index) {
        in->next = 0;
        return 0;  // an extra input (a script)
      }
      first = index;
      p = 1;
      ++h;
    }
    while (p < r.stack_size && h < in->n) {
      const bsml_bytes b = bsml_result_stack_item(ctx, p);
      const bsml_bytes& want = in->items[h];
      if (b.size == 0 || b.data != want.data || b.size != want.size) break;
      ++p;
      ++h;
    }
    in->next = h;
    return p;
  }
  static bool RefOf(const Inputs* in, bsml_bytes b, std::uint32_t& index) {
    if (!in || b.size == 0 || b.size >= kRef) return false;
    for (int e = 0; e < in->n_extra; ++e) {
      if (in->extra[e].data == b.data && in->extra[e].size == b.size) return index = in->extra_index[e], true;
    }
    const std::size_t h = in->next;
    if (h < in->n && in->items[h].data == b.data && in->items[h].size == b.size) {
      in->next = h + 1;
      return index = in->index_of(h), true;
    }
    std::size_t lo = 0, hi = in->n;
    while (lo < hi) {
      const std::size_t mid = (lo + hi) / 2;
      if (std::less<const std::uint8_t*>()(in->items[mid].data, b.data)) lo = mid + 1;
      else hi = mid;
    }
    for (; lo < in->n && in->items[lo].data == b.data; ++lo) {  // empty items may share the address
      if (in->items[lo].size == b.size) {
        in->next = lo + 1;
        return index = in->index_of(lo), true;
      }
    }
    return false;
  }

  // Writes the result as native-endian uint32 words [success, error, opCount, stackSize,
  // altstackSize, prefix, prefixFirst, one word per stack item from `prefix` on, one per altstack
  // item] followed by the item bytes (stack bottom first, then altstack bottom first). An item word
  // is its length; with `in`, an item that is an input is written as kRef | index, with no bytes,
  // and the first `prefix` stack items are the inputs prefixFirst, prefixFirst + 1, ... (no words;
  // see PrefixOf). Into `out` when it is a usable Uint8Array large enough (returns the byte count),
  // else into a new Uint8Array (returned). `out` is read only now: a JS checker may have detached
  // or replaced it meanwhile.
  static napi_value Result(napi_env env, Level* l, const bsml_result& r, napi_value out_arg, const Inputs* in) {
    const std::uint8_t* odata = nullptr;
    std::size_t osize = 0;
    if (read_bytes(env, out_arg, odata, osize) != BytesArg::kOk) odata = nullptr;
    return Result(env, l, r, const_cast<std::uint8_t*>(odata), osize, in);
  }

  static constexpr std::size_t kResultHead = 7;

  // Result() into `odata` (osize bytes; may be null) when it is large enough, else into a new Uint8Array.
  // One pass over the result items (each read once, its input reference looked up once) into `scratch`.
  static napi_value Result(napi_env env, Level* l, const bsml_result& r, std::uint8_t* odata, std::size_t osize, const Inputs* in) {
    bsml_context* ctx = l->ctx;
    std::vector<bsml_bytes>& scratch = l->result_items;
    std::uint32_t prefix_first;
    const std::size_t prefix = PrefixOf(ctx, r, in, prefix_first);
    const std::size_t k = r.stack_size + r.altstack_size;
    std::size_t need = 4 * (kResultHead + k - prefix);
    scratch.resize(k);
    std::uint32_t index;
    if (in) l->same.reset();
    for (std::size_t i = prefix; i < k; ++i) {
      const bsml_bytes b = i < r.stack_size ? bsml_result_stack_item(ctx, i) : bsml_result_altstack_item(ctx, i - r.stack_size);
      // A reference is kept as {null, kRef | index} or {null, kSame | index} (no item of the core has a null pointer).
      if (RefOf(in, b, index)) {
        scratch[i] = bsml_bytes{nullptr, kRef | index};
      } else if (in && b.size <= kSameMaxSize && l->same.seen(b, std::uint32_t(i), index)) {
        scratch[i] = bsml_bytes{nullptr, kSame | index};
      } else {
        scratch[i] = b;
        need += b.size;
      }
    }
    std::uint8_t* dst = nullptr;
    napi_value ret = nullptr;
    if (odata && osize >= need) {
      dst = odata;
      napi_create_uint32(env, std::uint32_t(need), &ret);
    } else {
      void* p = nullptr;
      napi_value ab;
      if (napi_create_arraybuffer(env, need, &p, &ab) != napi_ok || napi_create_typedarray(env, napi_uint8_array, need, ab, 0, &ret) != napi_ok) {
        return nullptr;  // allocation failed: the RangeError is pending
      }
      dst = static_cast<std::uint8_t*>(p);
    }
    const std::uint32_t head[kResultHead] = {std::uint32_t(r.success ? 1 : 0), std::uint32_t(r.error), r.op_count,
                                             std::uint32_t(r.stack_size), std::uint32_t(r.altstack_size), std::uint32_t(prefix),
                                             prefix_first};
    std::memcpy(dst, head, sizeof head);
    std::uint8_t* word = dst + sizeof head;
    std::uint8_t* data = dst + 4 * (kResultHead + k - prefix);
    for (std::size_t i = prefix; i < k; ++i, word += 4) {
      const bsml_bytes& b = scratch[i];
      const std::uint32_t w = std::uint32_t(b.size);  // a length, kRef | index or kSame | index
      std::memcpy(word, &w, 4);
      if (!b.data) continue;
      if (b.size == 1) *data = *b.data;
      else if (b.size) std::memcpy(data, b.data, b.size);
      data += b.size;
    }
    return ret;
  }

  static Addon* Self(napi_env env, napi_callback_info info, std::size_t argc, napi_value* argv) {
    void* self = nullptr;
    std::size_t n = argc;
    napi_get_cb_info(env, info, &n, argv, nullptr, &self);  // missing arguments read as undefined
    return static_cast<Addon*>(self);
  }

  static const Inputs* SingleInputs(napi_env env, napi_value refs_arg, const Level* l, Inputs& in, std::size_t stack_at) {
    bool refs = false;
    napi_get_value_bool(env, refs_arg, &refs);
    if (!refs) return nullptr;
    in.items = l->items.data();
    in.n = l->items.size();
    in.stack_at = stack_at;
    return &in;
  }

  // evaluate(script, stack, sigVersion, flags, validationWeight?, checker?, out?, refs?)
  static napi_value Evaluate(napi_env env, napi_callback_info info) {
    napi_value argv[8];
    Addon* self = Self(env, info, 8, argv);
    Level* l = self->Acquire();
    DepthGuard guard(self->depth_);
    if (!TakeBytes(env, argv[0], l, "script")) return nullptr;
    if (!TakeList(env, argv[1], l, "stack")) return nullptr;
    double svd;
    if (napi_get_value_double(env, argv[2], &svd) != napi_ok) {
      return throw_error(env, false, "sigVersion must be a number (0 base, 1 witness_v0, 3 tapscript)");
    }
    if (svd != 0 && svd != 1 && svd != 3) return throw_error(env, true, "sigVersion must be 0 (base), 1 (witness_v0) or 3 (tapscript)");
    std::uint32_t flags;
    if (!ReadFlags(env, argv[3], flags)) return nullptr;
    std::int64_t weight = 0;
    bool has_weight = false;
    const napi_valuetype wt = type_of(env, argv[4]);
    if (!is_nullish(wt)) {
      double w;
      if (wt != napi_number || napi_get_value_double(env, argv[4], &w) != napi_ok) return throw_error(env, false, "validationWeight must be a number");
      if (!(w >= -9007199254740991.0 && w <= 9007199254740991.0) || w != double(std::int64_t(w))) {
        return throw_error(env, true, "validationWeight must be a safe integer");
      }
      weight = std::int64_t(w);
      has_weight = true;
    }
    const napi_valuetype ct = type_of(env, argv[5]);
    const bool has_checker = ct == napi_object || ct == napi_function;
    if (!has_checker && !is_nullish(ct)) return throw_error(env, false, "checker must be an object, null or undefined");
    if (!CheckOut(env, argv[6])) return nullptr;
    if (!l) return undefined_value(env);
    Seal(l);
    Napi::Env e(env);
    CallbackState state{e, has_checker ? Napi::Object(env, argv[5]) : Napi::Object(), Napi::Function()};
    bsml_checker checker{&state, js_ecdsa, js_schnorr, js_locktime, js_sequence, nullptr};
    bsml_result r;
    // More items than a context holds: bsml_evaluate_large (its result reads l->items until the next call on l).
    const auto evaluate = l->items.size() - 1 > kMaxItems ? bsml_evaluate_large : bsml_evaluate;
    const bsml_status st = evaluate(l->ctx, l->items[0], l->items.data() + 1, l->items.size() - 1, int(svd), flags,
                                    has_weight ? &weight : nullptr, has_checker ? &checker : nullptr, &r);
    if (st == BSML_DECLINED) return undefined_value(env);
    if (st != BSML_DONE) return throw_error(env, false, "bsml_evaluate rejected its arguments");
    Inputs in;
    return Result(env, l, r, argv[6], SingleInputs(env, argv[7], l, in, 1));
  }

  // verifyScript(scriptSig, scriptPubKey, witness, flags, checker?, out?, taprootCommitment?, refs?)
  static napi_value VerifyScript(napi_env env, napi_callback_info info) {
    napi_value argv[8];
    Addon* self = Self(env, info, 8, argv);
    Level* l = self->Acquire();
    DepthGuard guard(self->depth_);
    if (!TakeBytes(env, argv[0], l, "scriptSig")) return nullptr;
    if (!TakeBytes(env, argv[1], l, "scriptPubKey")) return nullptr;
    if (!TakeList(env, argv[2], l, "witness")) return nullptr;
    std::uint32_t flags;
    if (!ReadFlags(env, argv[3], flags)) return nullptr;
    const napi_valuetype ct = type_of(env, argv[4]);
    const bool has_checker = ct == napi_object || ct == napi_function;
    if (!has_checker && !is_nullish(ct)) return throw_error(env, false, "checker must be an object, null or undefined");
    if (!CheckOut(env, argv[5])) return nullptr;
    const napi_valuetype tt = type_of(env, argv[6]);
    const bool has_commitment = tt == napi_function;
    if (!has_commitment && !is_nullish(tt)) return throw_error(env, false, "taprootCommitment must be a function, null or undefined");
    if (!l) return undefined_value(env);
    Seal(l);
    // Without a JS checker the key path still asks Core's base checker (null Schnorr callback).
    Napi::Env e(env);
    CallbackState state{e, has_checker ? Napi::Object(env, argv[4]) : Napi::Object(),
                        has_commitment ? Napi::Function(env, argv[6]) : Napi::Function()};
    const bsml_checker checker = VerifyChecker(&state, has_checker, has_commitment);
    bsml_result r;
    const bsml_status st = bsml_verify_script(l->ctx, l->items[0], l->items[1], l->items.data() + 2, l->items.size() - 2,
                                              flags, has_checker || has_commitment ? &checker : nullptr, &r);
    bool pending = false;
    napi_is_exception_pending(env, &pending);
    if (pending) return nullptr;  // a taproot key-path checker or commitment threw
    if (st == BSML_DECLINED) return undefined_value(env);
    if (st != BSML_DONE) return throw_error(env, false, "bsml_verify_script rejected its arguments");
    Inputs in;
    return Result(env, l, r, argv[5], SingleInputs(env, argv[7], l, in, 2));
  }

  // The items of a packed io (evaluatePacked / verifyPacked): n uint32 lengths at byte `at`, then
  // the items' bytes back to back, except those of the `bare` items from index `bare_at` on (the
  // bottom of the stack / witness), which are left out. RangeError unless they fit io.
  static bool CheckPackedItems(napi_env env, const std::uint8_t* io, std::size_t io_size, std::size_t at, std::uint32_t n,
                               std::uint32_t bare = 0, std::uint32_t bare_at = 1) {
    const std::size_t words_end = at + 4 * std::size_t(n);
    if (words_end > io_size) return throw_error(env, true, "io is too short for its item count"), false;
    std::size_t total = 0;
    for (std::uint32_t i = 0; i < n; i = i + 1 == bare_at ? bare_at + bare : i + 1) {  // the bare items skipped
      std::uint32_t len;
      std::memcpy(&len, io + at + 4 * std::size_t(i), 4);
      total += len;
    }
    if (total > io_size - words_end) return throw_error(env, true, "io describes more bytes than it holds"), false;
    return true;
  }

  // Copies the (checked) items of a packed io into the level's arena at once (a nested call may
  // overwrite io) and makes the item views, but for the `bare` items from index `bare_at` on, which
  // have no bytes in io and are left out of l->items (bsml_evaluate_top, bsml_verify_script_top).
  static void TakePackedItems(Level* l, const std::uint8_t* io, std::size_t at, std::uint32_t n, std::uint32_t bare = 0,
                              std::uint32_t bare_at = 1) {
    const std::uint8_t* const words = io + at;
    const std::uint8_t* const bytes = words + 4 * std::size_t(n);
    const auto len_of = [words](std::size_t i) {
      std::uint32_t len;
      std::memcpy(&len, words + 4 * i, 4);
      return len;
    };
    std::size_t total = 0;
    for (std::uint32_t i = 0; i < n; i = i + 1 == bare_at ? bare_at + bare : i + 1) total += len_of(i);  // the bare items skipped
    if (total + 1 > l->arena.size()) l->arena.resize(std::max(l->arena.size() * 2, total + 1));
    std::uint8_t* const arena = l->arena.data();
    if (total) std::memcpy(arena, bytes, total);
    // The views, written in place (push_back would reload the vector on every item).
    l->items.resize(n - bare);
    bsml_bytes* const items = l->items.data();
    std::size_t off = 0;
    for (std::uint32_t i = 0, j = 0; i < n; i = i + 1 == bare_at ? bare_at + bare : i + 1) {
      const std::uint32_t len = len_of(i);
      items[j++] = bsml_bytes{arena + off, len};
      off += len;
    }
  }

  // The io argument of evaluatePacked / verifyPacked; false with a TypeError thrown when it is not a usable Uint8Array.
  static bool PackedIo(napi_env env, std::size_t argc, napi_value v, const std::uint8_t*& io, std::size_t& io_size) {
    if (argc < 1) return throw_error(env, false, "io must be a Uint8Array"), false;
    switch (read_bytes(env, v, io, io_size)) {
      case BytesArg::kOk: return true;
      case BytesArg::kNotBytes: throw_error(env, false, "io must be a Uint8Array"); return false;
      default: throw_error(env, false, "io is a Uint8Array over a detached ArrayBuffer"); return false;
    }
  }

  // The arguments verifyPacked and evaluatePacked share: io (argv[0], checked by PackedIo) and an
  // optional checker (argv[1]: object, function, null or undefined). argv[2] is verifyPacked's own.
  struct PackedCall {
    napi_value argv[3];
    std::size_t argc = 3;
    Addon* self = nullptr;
    const std::uint8_t* io = nullptr;
    std::size_t io_size = 0;
    bool has_checker = false;
  };
  static bool ReadPackedCall(napi_env env, napi_callback_info info, PackedCall& c) {
    void* self_p = nullptr;
    napi_get_cb_info(env, info, &c.argc, c.argv, nullptr, &self_p);
    c.self = static_cast<Addon*>(self_p);
    if (!PackedIo(env, c.argc, c.argv[0], c.io, c.io_size)) return false;
    if (c.argc >= 2) {
      const napi_valuetype ct = type_of(env, c.argv[1]);
      c.has_checker = ct == napi_object || ct == napi_function;
      if (!c.has_checker && !is_nullish(ct)) {
        throw_error(env, false, "checker must be an object, null or undefined");
        return false;
      }
    }
    return true;
  }
  // A packed call's result, written into io; when JS ran during the call (a checker or the
  // commitment callback), io may have been detached or moved, so it is read again from argv[0].
  static napi_value PackedResult(napi_env env, Level* l, const bsml_result& r, const PackedCall& c, std::size_t n,
                                 bool refs, bool js_ran, std::size_t stack_at, std::size_t bare = 0) {
    Inputs in;
    in.items = l->items.data();
    in.n = n - bare;
    in.stack_at = stack_at;
    in.bare = bare;
    if (js_ran) return Result(env, l, r, c.argv[0], refs ? &in : nullptr);
    return Result(env, l, r, const_cast<std::uint8_t*>(c.io), c.io_size, refs ? &in : nullptr);
  }

  // verifyPacked(io, checker?, taprootCommitment?): verifyScript with its inputs packed by the caller
  // into one Uint8Array, which also receives the result (one typed-array read per call instead of
  // one per input, and no argument conversions). `io` holds native-endian uint32 words [flags,
  // refs (0 or 1), n (>= 2: scriptSig, scriptPubKey, then the witness), bare, n item lengths]
  // followed by the items' bytes back to back, without those of the `bare` bottom witness items
  // (only with refs; see bsml_verify_script_top: when the spend may read them, nothing runs and
  // -k is returned: call again with the bytes of the top k witness items at least). The inputs are copied out first; the result (as verifyScript
  // returns it, with `refs` indexes) is then written into `io` from byte 0 when it fits (the byte
  // count is returned), else into a new Uint8Array. RangeError when the layout does not fit `io`;
  // undefined when the core declines. A missing checker / taprootCommitment argument is as null.
  static napi_value VerifyPacked(napi_env env, napi_callback_info info) {
    PackedCall c;
    if (!ReadPackedCall(env, info, c)) return nullptr;
    bool has_commitment = false;
    if (c.argc >= 3) {
      const napi_valuetype tt = type_of(env, c.argv[2]);
      has_commitment = tt == napi_function;
      if (!has_commitment && !is_nullish(tt)) return throw_error(env, false, "taprootCommitment must be a function, null or undefined");
    }
    std::uint32_t head[4];
    if (c.io_size < sizeof head) return throw_error(env, true, "io is too short for its header");
    std::memcpy(head, c.io, sizeof head);
    const std::uint32_t flags = head[0], refs = head[1], n = head[2], bare = head[3];
    if (refs > 1) return throw_error(env, true, "io: refs must be 0 or 1");
    if (n < 2) return throw_error(env, true, "io: the item count must be at least 2 (scriptSig, scriptPubKey)");
    if (bare > n - 2) return throw_error(env, true, "io: bare must be at most the witness item count");
    if (bare && !refs) return throw_error(env, true, "io: bare items need refs");
    if (!CheckPackedItems(env, c.io, c.io_size, sizeof head, n, bare, 2)) return nullptr;
    // More witness items than a context holds run through bsml_verify_script, with all their bytes.
    if (n - 2 > kMaxItems && bare) return undefined_value(env);
    Level* l = c.self->Acquire();
    DepthGuard guard(c.self->depth_);
    if (!l) return undefined_value(env);
    if (bare) {  // the left-out items' sizes, copied (io may be unaligned)
      l->bare_sizes.resize(bare);
      std::memcpy(l->bare_sizes.data(), c.io + sizeof head + 8, 4 * std::size_t(bare));
    }
    TakePackedItems(l, c.io, sizeof head, n, bare, 2);
    Napi::Env e(env);
    CallbackState state{e, c.has_checker ? Napi::Object(env, c.argv[1]) : Napi::Object(),
                        has_commitment ? Napi::Function(env, c.argv[2]) : Napi::Function()};
    const bsml_checker checker = VerifyChecker(&state, c.has_checker, has_commitment);
    const bsml_checker* const ck = c.has_checker || has_commitment ? &checker : nullptr;
    bsml_result r;
    const bsml_status st = bare ? bsml_verify_script_top(l->ctx, l->items[0], l->items[1], l->items.data() + 2, n - 2 - bare, bare,
                                                         l->bare_sizes.data(), flags, ck, &r)
                                : bsml_verify_script(l->ctx, l->items[0], l->items[1], l->items.data() + 2, n - 2, flags, ck, &r);
    if (c.has_checker || has_commitment) {
      bool pending = false;
      napi_is_exception_pending(env, &pending);
      if (pending) return nullptr;  // a taproot key-path checker or commitment threw
    }
    // Declined with bare items (decided before anything ran): ask for as many witness items' bytes as the spend may read.
    if (st == BSML_DECLINED && bare) {
      const std::size_t reach = bsml_witness_reach(l->items[1], l->items.data() + 2, n - 2 - bare, n - 2, flags);
      if (reach > n - 2 - bare) {
        napi_value need;
        napi_create_double(env, -double(std::min<std::size_t>(reach, n - 2)), &need);
        return need;
      }
    }
    if (st == BSML_DECLINED) return undefined_value(env);
    if (st != BSML_DONE) return throw_error(env, false, "bsml_verify_script rejected its arguments");
    return PackedResult(env, l, r, c, n, refs != 0, c.has_checker || has_commitment, 2, bare);
  }

  // evaluatePacked(io, checker?): evaluate with its inputs packed into `io` as for verifyPacked:
  // a float64 validation weight (bytes 0-7, read when has_weight), then uint32 words [sigVersion
  // (0, 1 or 3), flags, refs (0 or 1), has_weight (0 or 1), n (>= 1: the script, then the stack),
  // bare, bareLengths, n item lengths], then the items' bytes, without those of the `bare` bottom
  // stack items (0 <= bare < n; more than 0 only with refs). bareLengths 0: their length words are
  // not read either (sigVersion base only, where nothing reads the length of an item the script
  // never touches; the witness sigversions check every initial item's size). The result as for
  // verifyPacked (refs indexes as for evaluate). When the evaluation may read a bare item (bsml_stack_reach of the script), nothing
  // runs and the negative number -k is returned: call again with the bytes of the top k stack
  // items at least. More than BSML_MAX_STACK_SIZE stack items run through bsml_evaluate_large
  // (Core's answer), with bare 0 only (undefined otherwise). A missing checker argument is as null.
  static napi_value EvaluatePacked(napi_env env, napi_callback_info info) {
    PackedCall c;
    if (!ReadPackedCall(env, info, c)) return nullptr;
    constexpr std::size_t kHead = 8 + 4 * 7;
    if (c.io_size < kHead) return throw_error(env, true, "io is too short for its header");
    double w;
    std::uint32_t head[7];
    std::memcpy(&w, c.io, 8);
    std::memcpy(head, c.io + 8, sizeof head);
    const std::uint32_t sv = head[0], flags = head[1], refs = head[2], has_weight = head[3], n = head[4], bare = head[5],
                        bare_lengths = head[6];
    if (sv != BSML_SIGVERSION_BASE && sv != BSML_SIGVERSION_WITNESS_V0 && sv != BSML_SIGVERSION_TAPSCRIPT) {
      return throw_error(env, true, "sigVersion must be 0 (base), 1 (witness_v0) or 3 (tapscript)");
    }
    if (refs > 1) return throw_error(env, true, "io: refs must be 0 or 1");
    if (has_weight > 1) return throw_error(env, true, "io: has_weight must be 0 or 1");
    if (has_weight && (!(w >= -9007199254740991.0 && w <= 9007199254740991.0) || w != double(std::int64_t(w)))) {
      return throw_error(env, true, "validationWeight must be a safe integer");
    }
    if (n < 1) return throw_error(env, true, "io: the item count must be at least 1 (the script)");
    if (bare >= n) return throw_error(env, true, "io: bare must be less than the item count");
    if (bare && !refs) return throw_error(env, true, "io: bare items need refs");
    if (bare_lengths > 1) return throw_error(env, true, "io: bareLengths must be 0 or 1");
    if (!bare_lengths && sv != BSML_SIGVERSION_BASE) return throw_error(env, true, "io: bare items without lengths need sigVersion 0 (base)");
    if (!CheckPackedItems(env, c.io, c.io_size, kHead, n, bare)) return nullptr;
    // More stack items than a context holds run through bsml_evaluate_large, with all their bytes.
    const bool large = n - 1 > kMaxItems;
    if (large && bare) return undefined_value(env);
    Level* l = c.self->Acquire();
    DepthGuard guard(c.self->depth_);
    if (!l) return undefined_value(env);
    if (bare && bare_lengths) {  // the left-out items' sizes, copied (io may be unaligned)
      l->bare_sizes.resize(bare);
      std::memcpy(l->bare_sizes.data(), c.io + kHead + 4, 4 * std::size_t(bare));
    }
    TakePackedItems(l, c.io, kHead, n, bare);
    const std::int64_t weight = has_weight ? std::int64_t(w) : 0;
    Napi::Env e(env);
    CallbackState state{e, c.has_checker ? Napi::Object(env, c.argv[1]) : Napi::Object(), Napi::Function()};
    bsml_checker checker{&state, js_ecdsa, js_schnorr, js_locktime, js_sequence, nullptr};
    bsml_result r;
    const bsml_status st =
        bare ? bsml_evaluate_top(l->ctx, l->items[0], l->items.data() + 1, n - 1 - bare, bare, bare_lengths ? l->bare_sizes.data() : nullptr,
                                 int(sv), flags, has_weight ? &weight : nullptr, c.has_checker ? &checker : nullptr, &r)
             : (large ? bsml_evaluate_large : bsml_evaluate)(l->ctx, l->items[0], l->items.data() + 1, n - 1, int(sv), flags,
                                                              has_weight ? &weight : nullptr, c.has_checker ? &checker : nullptr, &r);
    if (st == BSML_DECLINED && bare) {
      // The script may reach a left-out item (nothing ran): ask for the bytes of as many as it reaches.
      const std::size_t reach = bsml_stack_reach(l->items[0], int(sv), flags);
      if (reach > n - 1 - bare) {
        napi_value need;
        napi_create_double(env, -double(std::min<std::size_t>(reach, n - 1)), &need);
        return need;
      }
    }
    if (st == BSML_DECLINED) return undefined_value(env);
    if (st != BSML_DONE) return throw_error(env, false, "bsml_evaluate rejected its arguments");
    return PackedResult(env, l, r, c, n, refs != 0, c.has_checker, 1, bare);
  }

  // stackReach(script, sigVersion, flags): bsml_stack_reach of the script, Infinity when unbounded.
  static napi_value StackReach(napi_env env, napi_callback_info info) {
    napi_value argv[3];
    Self(env, info, 3, argv);
    const std::uint8_t* data = nullptr;
    std::size_t size = 0;
    if (read_bytes(env, argv[0], data, size) != BytesArg::kOk) return throw_error(env, false, "script must be a Uint8Array (not detached)");
    double svd;
    if (napi_get_value_double(env, argv[1], &svd) != napi_ok || (svd != 0 && svd != 1 && svd != 3)) {
      return throw_error(env, true, "sigVersion must be 0 (base), 1 (witness_v0) or 3 (tapscript)");
    }
    std::uint32_t flags;
    if (!ReadFlags(env, argv[2], flags)) return nullptr;
    const std::size_t reach = bsml_stack_reach(bsml_bytes{data, size}, int(svd), flags);
    napi_value r;
    napi_create_double(env, reach == SIZE_MAX ? HUGE_VAL : double(reach), &r);
    return r;
  }

  // ---- Many evaluations in one call (evaluateMany / verifyMany) ----
  //
  // Inputs: `data`, the bytes of every case back to back, and `meta` (Uint32Array) describing
  // them: meta[0] = number of cases, then per case
  //   evaluateMany: stackSize, [scriptLength when no shared script], stack item lengths...
  //   verifyMany:   flags, witnessSize, scriptSigLength, scriptPubKeyLength, witness item lengths...
  // `from`, `metaPos`, `dataPos` say where to start (0, 1, 0 for the first case). The layout is
  // checked against `data` before anything runs (RangeError when it does not fit), and both are
  // copied, so a checker cannot change them mid-run. Cases run in order on one context until the
  // end or until the core declines one (more than 1000 items with the bottom ones' bytes left out, or a taproot spend without a
  // commitment callback): the caller answers that case with another engine and resumes after it.
  //
  // Result: uint32 words [casesDone, stop, nextMetaPos, nextDataPos, W, W result words...] then
  // item bytes, written into the optional last argument `out` (a Uint8Array) when it is large
  // enough (the byte count is returned; not when stop is 2), else into a new Uint8Array (returned); stop: 0 all ran, 1 case `from + casesDone` was declined,
  // 2 its run threw (verifyMany only: the exception is cleared and put in the result's `thrown`
  // property); next*Pos: the layout positions after that case. Per case: [success, error, opCount] and,
  // unless verdictsOnly, [stackSize, altstackSize, prefix, prefixFirst, item words...] with the item
  // bytes appended; as in Result(), the first `prefix` stack items are the inputs prefixFirst, ...
  // (no words), and an item word is the length, or kRef | index for an item that is exactly one of
  // the case's inputs (index as for evaluate / verifyScript's `refs`), which has no bytes.

  struct ManyInput {
    const std::uint8_t* data = nullptr;
    std::size_t data_size = 0;
    const std::uint32_t* meta = nullptr;
    std::size_t meta_size = 0;
  };

  // Reads a case's `n` stack / witness items (lengths at meta[m], bytes at arena[d]) into
  // l->items, advancing m and d; false (m and d moved past the case's items) when the core would
  // decline that many items: more than kMaxItems with the bytes of the bottom ones left out (with
  // all their bytes, bsml_evaluate_large and bsml_verify_script take any number).
  static bool CaseItems(Level* l, std::uint32_t n, std::size_t& m, std::size_t& d) {
    const std::uint32_t bare = n > l->top ? n - l->top : 0;
    // The left-out (bare) items have no bytes in data, and their sizes in meta unless bare_unsized (see TakeMany).
    if (!l->bare_unsized) m += bare;
    if (n > kMaxItems && bare) {
      for (std::uint32_t i = bare; i < n; ++i) d += l->meta[m++];
      return false;
    }
    l->items.clear();
    for (std::uint32_t i = bare; i < n; ++i) {
      l->items.push_back(bsml_bytes{l->arena.data() + d, l->meta[m]});
      d += l->meta[m++];
    }
    return true;
  }

  static bool ReadU32(napi_env env, napi_value v, std::uint32_t& out, const char* what) {
    double d;
    if (napi_get_value_double(env, v, &d) != napi_ok || !(d >= 0 && d <= 4294967295.0) || d != double(std::uint32_t(d))) {
      throw_error(env, true, std::string(what) + " must be an integer in [0, 2^32)");
      return false;
    }
    out = std::uint32_t(d);
    return true;
  }

  // Reads data and meta, checks that the layout from (from, metaPos, dataPos) fits, and copies
  // both into the level. `fixed`: meta words per case before the item lengths (evaluate: 1, or 2
  // with per-case scripts; verify: 4); `lead`: item lengths among them (scripts). `top`: each case's
  // items below its top `top` ones (after the lead) have no bytes in data (0xffffffff: none such),
  // and, when `unsized`, no length words in meta either (the case's count still counts them).
  static bool TakeMany(napi_env env, napi_value data_v, napi_value meta_v, Level* l, std::uint32_t from, std::uint32_t meta_pos,
                       std::uint32_t data_pos, std::size_t count_at, std::size_t lead, std::uint32_t& count, std::size_t* taken = nullptr,
                       std::uint32_t top = 0xffffffffu, bool unsized = false) {
    const std::uint8_t* data = nullptr;
    std::size_t data_size = 0;
    if (read_bytes(env, data_v, data, data_size) != BytesArg::kOk) {
      throw_error(env, false, "data must be a Uint8Array (not detached)");
      return false;
    }
    napi_typedarray_type type;
    std::size_t meta_size = 0;
    void* mp = nullptr;
    napi_value ab;
    std::size_t off;
    if (napi_get_typedarray_info(env, meta_v, &type, &meta_size, &mp, &ab, &off) != napi_ok || type != napi_uint32_array || meta_size == 0) {
      throw_error(env, false, "meta must be a non-empty Uint32Array");
      return false;
    }
    const std::uint32_t* meta = static_cast<const std::uint32_t*>(mp);
    count = meta[0];
    if (from > count) return throw_error(env, true, "from is past the last case"), false;
    std::size_t m = meta_pos, d = data_pos;
    for (std::uint32_t c = from; c < count; ++c) {
      if (m + count_at + 1 > meta_size) return throw_error(env, true, "meta is too short for its case count"), false;
      const std::size_t n = meta[m + count_at];
      const std::size_t bare = n > top ? n - top : 0;
      const std::size_t items = lead + n - (unsized ? bare : 0);  // length words
      const std::size_t first = m + count_at + 1;
      if (items > meta_size || first + items > meta_size) return throw_error(env, true, "meta is too short for its case count"), false;
      for (std::size_t i = 0; i < items; ++i) {
        if (unsized || i < lead || i - lead >= bare) d += meta[first + i];
      }
      if (d > data_size) return throw_error(env, true, "meta describes more bytes than data holds"), false;
      m = first + items;
    }
    if (!l) return true;
    if (taken) *taken = data_size;
    l->top = top;
    l->bare_unsized = unsized;
    l->meta.assign(meta, meta + meta_size);
    if (data_size > l->arena.size()) l->arena.resize(data_size);
    if (data_size) std::memcpy(l->arena.data(), data, data_size);
    return true;
  }

  static void AppendResult(Level* l, const bsml_result& r, bool verdicts_only, const Inputs& in) {
    l->words.push_back(r.success ? 1 : 0);
    l->words.push_back(std::uint32_t(r.error));
    l->words.push_back(r.op_count);
    if (verdicts_only) return;
    std::uint32_t prefix_first;
    const std::size_t prefix = PrefixOf(l->ctx, r, &in, prefix_first);
    const std::uint32_t head[4] = {std::uint32_t(r.stack_size), std::uint32_t(r.altstack_size), std::uint32_t(prefix), prefix_first};
    l->words.insert(l->words.end(), head, head + 4);
    const std::size_t k = r.stack_size + r.altstack_size;
    l->same.reset();
    for (std::size_t i = prefix; i < k; ++i) {
      const bsml_bytes b = i < r.stack_size ? bsml_result_stack_item(l->ctx, i) : bsml_result_altstack_item(l->ctx, i - r.stack_size);
      std::uint32_t index;
      if (RefOf(&in, b, index)) {
        l->words.push_back(kRef | index);
        continue;
      }
      if (b.size <= kSameMaxSize && l->same.seen(b, std::uint32_t(i), index)) {
        l->words.push_back(kSame | index);
        continue;
      }
      l->words.push_back(std::uint32_t(b.size));
      l->bytes.insert(l->bytes.end(), b.data, b.data + b.size);
    }
  }

  // `stop`: 0 all cases ran, 1 the next case was declined, 2 its run threw (`thrown` is set).
  // Written into `out_arg` when it is a usable Uint8Array large enough (returns the byte count;
  // read only now, as Result() does: a JS checker may have detached or replaced it meanwhile),
  // else into a new Uint8Array (returned; always when `thrown` is set, which it carries).
  static napi_value ManyResult(napi_env env, Level* l, std::uint32_t done, std::uint32_t stop, std::size_t meta_pos, std::size_t data_pos,
                               napi_value out_arg, napi_value thrown = nullptr) {
    const std::size_t head = 5 + l->words.size();
    const std::size_t need = 4 * head + l->bytes.size();
    std::uint8_t* dst = nullptr;
    napi_value ret = nullptr;
    const std::uint8_t* odata = nullptr;
    std::size_t osize = 0;
    if (!thrown && read_bytes(env, out_arg, odata, osize) == BytesArg::kOk && osize >= need) {
      dst = const_cast<std::uint8_t*>(odata);
      napi_create_uint32(env, std::uint32_t(need), &ret);
    } else {
      void* p = nullptr;
      napi_value ab;
      if (napi_create_arraybuffer(env, need, &p, &ab) != napi_ok || napi_create_typedarray(env, napi_uint8_array, need, ab, 0, &ret) != napi_ok) {
        return nullptr;
      }
      dst = static_cast<std::uint8_t*>(p);
    }
    const std::uint32_t h[5] = {done, stop, std::uint32_t(meta_pos), std::uint32_t(data_pos), std::uint32_t(l->words.size())};
    std::memcpy(dst, h, sizeof h);
    if (!l->words.empty()) std::memcpy(dst + sizeof h, l->words.data(), 4 * l->words.size());
    if (!l->bytes.empty()) std::memcpy(dst + 4 * head, l->bytes.data(), l->bytes.size());
    if (thrown) napi_set_named_property(env, ret, "thrown", thrown);
    return ret;
  }

  // checkers: undefined / null (none), one object for every case, or an Array (one per case).
  // Returns false with a TypeError when the entry for case `c` is not a checker.
  static bool CaseChecker(napi_env env, napi_value checkers, bool per_case, std::uint32_t c, napi_value& out) {
    out = checkers;
    if (per_case && napi_get_element(env, checkers, c, &out) != napi_ok) return false;
    const napi_valuetype t = type_of(env, out);
    if (t == napi_object || t == napi_function) return true;
    if (is_nullish(t)) {
      out = nullptr;
      return true;
    }
    throw_error(env, false, per_case ? "checkers[" + std::to_string(c) + "] must be an object, null or undefined" : "checkers must be an object, an Array, null or undefined");
    return false;
  }

  static bool IsArray(napi_env env, napi_value v) {
    bool a = false;
    napi_is_array(env, v, &a);
    return a;
  }

  // evaluateMany(script | null, data, meta, sigVersion, flags, validationWeight?, checker?,
  //              verdictsOnly?, from?, metaPos?, dataPos?, out?, top?)
  // top (with a shared script only): each case's stack items below its top `top` have no bytes in
  // data, and under sigVersion 0 (base) no length words in meta either; RangeError unless the
  // script's bsml_stack_reach is at most `top` (those items are never read, and come back as
  // references to the caller's).
  static napi_value EvaluateMany(napi_env env, napi_callback_info info) {
    napi_value argv[13];
    Addon* self = Self(env, info, 13, argv);
    Level* l = self->Acquire();
    DepthGuard guard(self->depth_);
    const bool shared = !is_nullish(type_of(env, argv[0]));
    if (shared && !TakeBytes(env, argv[0], l, "script")) return nullptr;
    double svd;
    if (napi_get_value_double(env, argv[3], &svd) != napi_ok || (svd != 0 && svd != 1 && svd != 3)) {
      return throw_error(env, true, "sigVersion must be 0 (base), 1 (witness_v0) or 3 (tapscript)");
    }
    std::uint32_t flags;
    if (!ReadFlags(env, argv[4], flags)) return nullptr;
    std::int64_t weight = 0;
    bool has_weight = false;
    if (!is_nullish(type_of(env, argv[5]))) {
      double w;
      if (napi_get_value_double(env, argv[5], &w) != napi_ok || !(w >= -9007199254740991.0 && w <= 9007199254740991.0) ||
          w != double(std::int64_t(w))) {
        return throw_error(env, true, "validationWeight must be a safe integer");
      }
      weight = std::int64_t(w);
      has_weight = true;
    }
    napi_value checker_v;
    if (!CaseChecker(env, argv[6], false, 0, checker_v)) return nullptr;
    bool verdicts_only = false;
    napi_get_value_bool(env, argv[7], &verdicts_only);
    std::uint32_t from = 0, meta_pos = 1, data_pos = 0, count = 0;
    if (!is_nullish(type_of(env, argv[8])) &&
        (!ReadU32(env, argv[8], from, "from") || !ReadU32(env, argv[9], meta_pos, "metaPos") || !ReadU32(env, argv[10], data_pos, "dataPos"))) {
      return nullptr;
    }
    if (!CheckOut(env, argv[11])) return nullptr;
    napi_value const out = argv[11];
    std::uint32_t top = 0xffffffffu;
    if (!is_nullish(type_of(env, argv[12]))) {
      if (!shared) return throw_error(env, true, "top needs a shared script");
      if (!ReadU32(env, argv[12], top, "top")) return nullptr;
    }
    // The shared script (if any) sits in the arena's first bytes; the case data follows it.
    std::vector<std::uint8_t> script_copy;
    if (l && shared) script_copy.assign(l->arena.data(), l->arena.data() + l->items[0].size);
    if (l && top != 0xffffffffu && bsml_stack_reach(bsml_bytes{script_copy.data(), script_copy.size()}, int(svd), flags) > top) {
      return throw_error(env, true, "top is less than the script's stack reach");
    }
    std::size_t data_size = 0;
    // Sigversion base reads nothing of the items the script cannot reach, not even their sizes.
    const bool unsized = top != 0xffffffffu && svd == 0;
    if (!TakeMany(env, argv[1], argv[2], l, from, meta_pos, data_pos, 0, shared ? 0 : 1, count, &data_size, top, unsized)) return nullptr;
    if (!l) return undefined_value(env);
    if (shared) {  // the script goes after the data
      if (data_size + script_copy.size() + 1 > l->arena.size()) l->arena.resize(data_size + script_copy.size() + 1);
      if (!script_copy.empty()) std::memcpy(l->arena.data() + data_size, script_copy.data(), script_copy.size());
    }
    const bsml_bytes shared_script{l->arena.data() + data_size, script_copy.size()};
    l->words.clear();
    l->bytes.clear();
    Napi::Env e(env);
    CallbackState state{e, checker_v ? Napi::Object(env, checker_v) : Napi::Object(), Napi::Function()};
    bsml_checker checker{&state, js_ecdsa, js_schnorr, js_locktime, js_sequence, nullptr};
    std::size_t m = meta_pos, d = data_pos;
    std::uint32_t c = from;
    for (; c < count; ++c) {
      const std::uint32_t n = l->meta[m++];
      bsml_bytes script = shared_script;
      if (!shared) {
        script = bsml_bytes{l->arena.data() + d, l->meta[m]};
        d += l->meta[m++];
      }
      // Declined (too many items): the caller runs it elsewhere and resumes after it.
      const std::size_t sizes_at = m;
      if (!CaseItems(l, n, m, d)) return ManyResult(env, l, c - from, 1, m, d, out);
      const std::uint32_t bare = n > l->top ? n - l->top : 0;
      bsml_result r;
      const bsml_status st =
          bare ? bsml_evaluate_top(l->ctx, script, l->items.data(), n - bare, bare, unsized ? nullptr : l->meta.data() + sizes_at, int(svd), flags,
                                   has_weight ? &weight : nullptr, checker_v ? &checker : nullptr, &r)
               : (n > kMaxItems ? bsml_evaluate_large : bsml_evaluate)(l->ctx, script, l->items.data(), n, int(svd), flags,
                                                                    has_weight ? &weight : nullptr, checker_v ? &checker : nullptr, &r);
      if (st == BSML_DECLINED) return ManyResult(env, l, c - from, 1, m, d, out);
      if (st != BSML_DONE) return throw_error(env, false, "bsml_evaluate rejected its arguments");
      Inputs in;
      in.items = l->items.data();
      in.n = n - bare;
      in.first = 1;
      in.extra[0] = script;
      in.n_extra = 1;
      in.bare = bare;
      AppendResult(l, r, verdicts_only, in);
    }
    return ManyResult(env, l, c - from, 0, m, d, out);
  }

  // verifyMany(data, meta, checkers?, taprootCommitment?, verdictsOnly?, from?, metaPos?, dataPos?, out?)
  static napi_value VerifyMany(napi_env env, napi_callback_info info) {
    napi_value argv[9];
    Addon* self = Self(env, info, 9, argv);
    Level* l = self->Acquire();
    DepthGuard guard(self->depth_);
    const bool per_case = IsArray(env, argv[2]);
    napi_value shared_checker = nullptr;
    if (!per_case && !CaseChecker(env, argv[2], false, 0, shared_checker)) return nullptr;
    const napi_valuetype tt = type_of(env, argv[3]);
    const bool has_commitment = tt == napi_function;
    if (!has_commitment && !is_nullish(tt)) return throw_error(env, false, "taprootCommitment must be a function, null or undefined");
    bool verdicts_only = false;
    napi_get_value_bool(env, argv[4], &verdicts_only);
    std::uint32_t from = 0, meta_pos = 1, data_pos = 0, count = 0;
    if (!is_nullish(type_of(env, argv[5])) &&
        (!ReadU32(env, argv[5], from, "from") || !ReadU32(env, argv[6], meta_pos, "metaPos") || !ReadU32(env, argv[7], data_pos, "dataPos"))) {
      return nullptr;
    }
    if (!CheckOut(env, argv[8])) return nullptr;
    napi_value const out = argv[8];
    if (!TakeMany(env, argv[0], argv[1], l, from, meta_pos, data_pos, 1, 2, count)) return nullptr;
    if (!l) return undefined_value(env);
    l->words.clear();
    l->bytes.clear();
    Napi::Env e(env);
    std::size_t m = meta_pos, d = data_pos;
    std::uint32_t c = from;
    for (; c < count; ++c) {
      const std::uint32_t flags = l->meta[m];
      const std::uint32_t n = l->meta[m + 1];
      const bsml_bytes sig{l->arena.data() + d, l->meta[m + 2]};
      d += sig.size;
      const bsml_bytes spk{l->arena.data() + d, l->meta[m + 3]};
      d += spk.size;
      m += 4;
      if (!CaseItems(l, n, m, d)) return ManyResult(env, l, c - from, 1, m, d, out);
      napi_value checker_v = shared_checker;
      if (per_case && !CaseChecker(env, argv[2], true, c, checker_v)) return nullptr;
      const bool has_checker = checker_v != nullptr;
      CallbackState state{e, has_checker ? Napi::Object(env, checker_v) : Napi::Object(),
                          has_commitment ? Napi::Function(env, argv[3]) : Napi::Function()};
      const bsml_checker checker = VerifyChecker(&state, has_checker, has_commitment);
      bsml_result r;
      const bsml_status st = bsml_verify_script(l->ctx, sig, spk, l->items.data(), n, flags, has_checker || has_commitment ? &checker : nullptr, &r);
      bool pending = false;
      napi_is_exception_pending(env, &pending);
      if (pending) {  // a taproot key-path checker or commitment threw: the caller decides, as for one call
        napi_value thrown;
        napi_get_and_clear_last_exception(env, &thrown);
        return ManyResult(env, l, c - from, 2, m, d, out, thrown);
      }
      if (st == BSML_DECLINED) return ManyResult(env, l, c - from, 1, m, d, out);
      if (st != BSML_DONE) return throw_error(env, false, "bsml_verify_script rejected its arguments");
      Inputs in;
      in.items = l->items.data();
      in.n = n;
      in.first = 2;
      in.extra[0] = sig;
      in.extra[1] = spk;
      in.extra_index[1] = 1;
      in.n_extra = 2;
      AppendResult(l, r, verdicts_only, in);
    }
    return ManyResult(env, l, c - from, 0, m, d, out);
  }

  // A non-detached Uint8Array, or an error message (the hash functions).
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

  static Napi::Value Throw(Napi::Env env, bool range, const std::string& msg) {
    if (range) Napi::RangeError::New(env, msg).ThrowAsJavaScriptException();
    else Napi::TypeError::New(env, msg).ThrowAsJavaScriptException();
    return Napi::Value();
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
