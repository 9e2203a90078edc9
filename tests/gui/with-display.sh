#!/bin/bash
# with-display.sh COMMAND [ARG...]: runs COMMAND on an X display (Xvfb) and a D-Bus session of
# its own, removed at the end; so that the UI tests can run side by side. On one shared display
# the newest window takes the keyboard focus from another test's (whose focused field would save
# itself mid-test), and on one session bus a second instance of the app hands its command line
# to the first.
set -u
dir=$(mktemp -d "${TMPDIR:-/tmp}/co-display.XXXXXX")
# -displayfd: Xvfb picks a free display itself and writes its number once it accepts clients
# (xvfb-run -a guesses one, which two tests starting together can both guess).
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$dir/display" 2>"$dir/xvfb.log" &
xvfb=$!
trap 'kill "$xvfb" 2>/dev/null; wait "$xvfb" 2>/dev/null; rm -rf "$dir"' EXIT
until display=$(head -n 1 "$dir/display") && [[ $display =~ ^[0-9]+$ ]] && [ "$(wc -l < "$dir/display")" -ge 1 ]; do
  if ! kill -0 "$xvfb" 2>/dev/null; then
    echo "with-display.sh: Xvfb did not start:" >&2
    cat "$dir/xvfb.log" >&2
    exit 1
  fi
  sleep 0.05
done
DISPLAY=:$display dbus-run-session -- "$@"
