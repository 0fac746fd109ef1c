#!/usr/bin/env bash
# ctest install.out_of_tree: installs the build into a fresh prefix, then builds and runs a copy of
# examples/ against that prefix alone, with the CMake package and with pkg-config.
# Usage: install_test.sh SOURCE_DIR BUILD_DIR WORK_DIR
set -euo pipefail
src=$1 build=$2 work=$3
rm -rf "$work"
mkdir -p "$work"
prefix=$work/prefix
cmake --install "$build" --prefix "$prefix" >"$work/install.log"
for f in bin/kmc include/kmc/kmc.hpp include/kmc/gtest.hpp include/kmc/detail/checker/execution.hpp \
  include/kmc/main.hpp include/kmc/detail/model/model_api.hpp include/kmc/detail/fuzz/protocol.hpp \
  include/kmc/detail/verify/catalogue.hpp include/kmc/detail/model/descriptor_registry.hpp \
  lib/libkmc_driver.a \
  lib/libkmc.a lib/libkmc.so lib/cmake/kmc/kmcConfig.cmake lib/pkgconfig/kmc.pc; do
  [[ -e $prefix/$f ]] || { echo "not installed: $f" >&2; exit 1; }
done
"$prefix/bin/kmc" --help | grep -q "run" || { echo "installed kmc --help failed" >&2; exit 1; }

# A copy, so that no path into the source tree can help the build.
cp -r "$src/examples" "$work/examples"
launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
cmake -S "$work/examples" -B "$work/build" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$prefix" "${launcher[@]}"
cmake --build "$work/build" -j2
ctest --test-dir "$work/build" --output-on-failure

# pkg-config: the cache demo against libkmc.so, found through kmc.pc only.
export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
c++ -O1 "$work/examples/cache/cache_demo.cpp" $(pkg-config --cflags --libs kmc) \
  -Wl,-rpath,"$prefix/lib" -o "$work/cache_demo_pc"
if "$work/cache_demo_pc" >"$work/cache_demo_pc.out"; then
  echo "the pkg-config build found no violation" >&2
  exit 1
fi
grep -q "VIOLATION data-race" "$work/cache_demo_pc.out"
echo "install test: ok"
