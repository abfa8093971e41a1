#!/usr/bin/env bash
# Cross-builds the native core, its runner and its ctest suite for aarch64 (Debian's
# g++-aarch64-linux-gnu) and runs the suite under qemu-aarch64 (`npm run test:aarch64`).
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in aarch64-linux-gnu-g++ qemu-aarch64 cmake; do
  command -v "$tool" >/dev/null || { echo "test:aarch64: $tool is missing (apt-get install g++-aarch64-linux-gnu qemu-user cmake)" >&2; exit 2; }
done
cmake -S native -B build/aarch64 -DCMAKE_TOOLCHAIN_FILE="$PWD/native/cmake/aarch64-linux-gnu.cmake" >/dev/null
cmake --build build/aarch64 -j2
file build/aarch64/bsml-run 2>/dev/null | grep -q aarch64 || [ ! -x /usr/bin/file ] || { echo "test:aarch64: not an aarch64 binary" >&2; exit 1; }
ctest --test-dir build/aarch64 --output-on-failure

# The same core built for CPUs with the SHA1/SHA2 instructions (-march=armv8-a+crypto): its hash
# test must run on those instructions (qemu's `max` CPU has them) and agree with the portable code,
# and Core's vectors must pass on it.
cmake -S native -B build/aarch64-crypto -DCMAKE_TOOLCHAIN_FILE="$PWD/native/cmake/aarch64-linux-gnu.cmake" \
  -DCMAKE_CXX_FLAGS=-march=armv8-a+crypto >/dev/null
cmake --build build/aarch64-crypto -j2 --target bsml-hashes-test bsml-vectors-test
qemu-aarch64 -cpu max -L /usr/aarch64-linux-gnu build/aarch64-crypto/bsml-hashes-test --expect-extensions
qemu-aarch64 -cpu max -L /usr/aarch64-linux-gnu build/aarch64-crypto/bsml-vectors-test test/fixtures/script_tests.native.txt
