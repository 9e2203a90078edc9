#!/bin/sh
# bench-window.sh BUILD_DIR BIG.db [RUNS]: the window's first frame on an empty workspace and on
# BIG.db (the median of RUNS starts each), then the All Members list, scrolling and peak memory on
# BIG.db. Runs under its own Xvfb. GL is disabled: on a machine without a GPU, Mesa's software GL
# maps LLVM, which would count 60 MB of shared library pages against the app; both figures of the
# memory are printed.
set -e
build=${1:?build directory}
big=${2:?big workspace}
runs=${3:-5}
bench="$build/tests/bench/bench-window"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export GSETTINGS_SCHEMA_DIR="$build/data" GSETTINGS_BACKEND=memory GSK_RENDERER=cairo
"$build/src/community-ops" --database "$tmp/empty.db" --list-groups

median () {
  sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}

first_frames () {
  for i in $(seq "$runs"); do
    GDK_DEBUG=gl-disable xvfb-run -a -s "-screen 0 1280x800x24" "$bench" --first-frame-only "$1" 2>/dev/null |
      sed -n 's/^first frame: \([0-9.]*\) ms.*/\1/p'
  done | median
}

empty=$(first_frames "$tmp/empty.db")
full=$(first_frames "$big")
echo "first frame, median of $runs: empty workspace $empty ms, $big $full ms, ratio $(echo "$full $empty" | awk '{ printf "%.2f", $1 / $2 }')"
echo "with GL disabled:"
GDK_DEBUG=gl-disable xvfb-run -a -s "-screen 0 1280x800x24" "$bench" "$big" 2>/dev/null
echo "with Mesa's software GL (the default under Xvfb):"
xvfb-run -a -s "-screen 0 1280x800x24" "$bench" "$big" 2>/dev/null | grep "peak memory"
