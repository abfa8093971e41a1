#!/usr/bin/env bash
# The whole native ctest suite under AddressSanitizer + UndefinedBehaviorSanitizer, in its own
# build directory (`npm run test:native:sanitize`). Any sanitizer report aborts its test.
set -euo pipefail
cd "$(dirname "$0")/.."
cc="$(command -v clang-14 || command -v clang || command -v gcc)"
cxx="$(command -v clang++-14 || command -v clang++ || command -v g++)"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
CC="$cc" CXX="$cxx" cmake -S native -B build/sanitize -DBSML_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build/sanitize -j2
ctest --test-dir build/sanitize --output-on-failure
