#!/usr/bin/env bash
# Builds the libFuzzer targets of the native core (native/fuzz; clang with ASan + UBSan) and runs
# each for SECONDS: `npm run fuzz:native -- SECONDS [TARGET...]` (default 60 s, every target).
# The working corpus grows in build/fuzz/corpus/TARGET, seeded from Core's vectors
# (scripts/gen-fuzz-corpus.mjs) and the committed seeds and reproducers; a crash leaves its input
# in build/fuzz/artifacts and fails the run (copy it to native/fuzz/regressions/TARGET and fix).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
[[ "$seconds" =~ ^[0-9]+$ ]] || { echo "fuzz:native: SECONDS must be a whole number, got '$seconds'" >&2; exit 2; }
targets=("$@")

cc="${BSML_FUZZ_CC:-$(command -v clang-14 || command -v clang || true)}"
cxx="${BSML_FUZZ_CXX:-$(command -v clang++-14 || command -v clang++ || true)}"
[ -n "$cc" ] && [ -n "$cxx" ] || { echo "fuzz:native: clang is missing (apt-get install clang-14 libclang-rt-14-dev lld-14)" >&2; exit 2; }
linker=()
command -v ld.lld-14 >/dev/null && linker=(-DCMAKE_EXE_LINKER_FLAGS=-fuse-ld=lld-14)
command -v ld.lld >/dev/null && linker=(-DCMAKE_EXE_LINKER_FLAGS=-fuse-ld=lld)

out="${BSML_FUZZ_OUT:-build/fuzz}"
CC="$cc" CXX="$cxx" cmake -S native -B "$out" -DBSML_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo "${linker[@]}" >/dev/null
cmake --build "$out" -j2 >/dev/null
node scripts/gen-fuzz-corpus.mjs "$out/seed-corpus" >/dev/null
mkdir -p "$out/artifacts" "$out/logs"
if [ ${#targets[@]} -eq 0 ]; then  # every target the build made (native/fuzz/CMakeLists.txt)
  for b in "$out"/fuzz/bsml-fuzz-*; do
    case "$b" in *-replay) ;; *) targets+=("${b##*/bsml-fuzz-}") ;; esac
  done
fi

status=0
for t in "${targets[@]}"; do
  bin="$out/fuzz/bsml-fuzz-$t"
  [ -x "$bin" ] || { echo "fuzz:native: no target '$t'" >&2; exit 2; }
  case "$t" in
    scriptnum) max_len=16 ;;
    *) max_len=12000 ;;
  esac
  seeds="${t%_avx512_simde}"  # batch_avx512_simde (SIMDe test builds) starts from batch's seeds
  corpus="$out/corpus/$t"
  mkdir -p "$corpus"
  inputs=("$corpus" "native/fuzz/seeds/$seeds")
  [ -d "native/fuzz/regressions/$seeds" ] && inputs+=("native/fuzz/regressions/$seeds")
  [ -d "$out/seed-corpus/$seeds" ] && inputs+=("$out/seed-corpus/$seeds")
  log="$out/logs/$t.log"
  set +e
  nice -n 10 "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="$max_len" \
    -print_final_stats=1 -artifact_prefix="$out/artifacts/$t-" "${inputs[@]}" >"$log" 2>&1
  rc=$?
  set -e
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || echo '?')
  if [ $rc -eq 0 ]; then
    echo "fuzz $t: ${seconds}s, $runs runs, coverage $cov edges, corpus $(ls "$corpus" | wc -l) inputs: no crash"
  else
    status=1
    echo "fuzz $t: FAILED (exit $rc) after $runs runs; log $log; input:" >&2
    ls "$out"/artifacts/"$t"-* >&2 2>/dev/null || true
    grep -E 'invariant failed|ERROR: |runtime error' "$log" | head -5 >&2 || true
  fi
done
exit $status
