#!/bin/sh
# bench-window.sh BUILD_DIR BIG.db [RUNS]: the window's first frame on an empty workspace and on
# BIG.db (the median of RUNS starts each, the two alternating; FIRST_FRAME_ONLY=1 stops there),
# then the All Members list, scrolling and peak memory on BIG.db. Runs under its own Xvfb. GL is disabled: on a machine without a GPU, Mesa's software GL
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

# One start: "WALL CPU", the milliseconds until the first frame and the main thread's processor
# time meanwhile.
first_frame () {
  GDK_DEBUG=gl-disable xvfb-run -a -s "-screen 0 1280x800x24" "$bench" --first-frame-only "$1" 2>/dev/null |
    sed -n 's/^first frame: \([0-9.]*\) ms after main(), \([0-9.]*\) ms.*/\1 \2/p'
}

# The empty and the big workspace started in turn, so that a change of the machine's load
# meets both.
for i in $(seq "$runs"); do
  first_frame "$tmp/empty.db" >> "$tmp/empty.times"
  first_frame "$big" >> "$tmp/big.times"
done
empty=$(cut -d' ' -f1 "$tmp/empty.times" | median)
full=$(cut -d' ' -f1 "$tmp/big.times" | median)
empty_cpu=$(cut -d' ' -f2 "$tmp/empty.times" | median)
full_cpu=$(cut -d' ' -f2 "$tmp/big.times" | median)
echo "first frame, median of $runs alternating starts: empty workspace $empty ms, $big $full ms, ratio $(echo "$full $empty" | awk '{ printf "%.2f", $1 / $2 }')"
echo "the main thread's processor time until then: empty $empty_cpu ms, big $full_cpu ms, ratio $(echo "$full_cpu $empty_cpu" | awk '{ printf "%.2f", $1 / $2 }')"
[ -n "$FIRST_FRAME_ONLY" ] && exit 0
echo "with GL disabled:"
GDK_DEBUG=gl-disable xvfb-run -a -s "-screen 0 1280x800x24" "$bench" "$big" 2>/dev/null
echo "with Mesa's software GL (the default under Xvfb):"
xvfb-run -a -s "-screen 0 1280x800x24" "$bench" "$big" 2>/dev/null | grep "peak memory"
