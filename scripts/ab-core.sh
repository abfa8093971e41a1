#!/usr/bin/env bash
# Compares the native core's speed at two git revisions on Core's public vectors, in one process
# (native/tools/bsml_ab.cpp: both builds dlopened, run in alternation), which stays meaningful on
# a machine whose load moves more than the difference being measured. Each revision's core is
# built by its own native/CMakeLists.txt (Release, the library only) and linked whole into a
# shared library.
# Usage: bash scripts/ab-core.sh REV_A REV_B [bsml-ab options: --rounds R, --per-case]
# (REV may be WORK for the working tree.) Developer tool; needs CMake, g++ and POSIX dlopen.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: scripts/ab-core.sh REV_A REV_B [--rounds R] [--per-case]" >&2; exit 2; }
root=$(git rev-parse --show-toplevel)
a=$1 b=$2
shift 2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
CXX=${CXX:-g++}
build() {  # build REV NAME
  local src="$out/$2-src"
  mkdir -p "$src"
  if [ "$1" = WORK ]; then cp -r "$root/native" "$src/"; else git -C "$root" archive "$1" native | tar -x -C "$src"; fi
  cmake -S "$src/native" -B "$out/$2-build" -DCMAKE_BUILD_TYPE=Release -DBSML_BUILD_TOOLS=OFF >/dev/null
  cmake --build "$out/$2-build" --target bsml_core -j2 >/dev/null
  # The core is built position-independent, so its archive links into a shared library.
  "$CXX" -shared -Wl,--whole-archive "$out/$2-build/libbsml_core.a" -Wl,--no-whole-archive -o "$out/$2.so"
}
build "$a" A
build "$b" B
"$CXX" -O2 -std=c++17 -I"$root/native/include" -I"$root/native/tools" "$root/native/tools/bsml_ab.cpp" \
  "$root/native/tools/bench_util.cpp" "$root/native/tools/hexutil.cpp" -ldl -o "$out/bsml-ab"
echo "A = $a, B = $b"
"$out/bsml-ab" "$out/A.so" "$out/B.so" "$root/test/fixtures/script_tests.native.txt" "$@"
