#!/bin/bash
# with-keyring.sh COMMAND [ARG...]: runs COMMAND on a D-Bus session of its own with an unlocked
# GNOME Keyring in a temporary home, removed at the end; so that a test can keep passwords through
# libsecret without touching the user's keyring. (The keyring's password must not be empty: with
# an empty one the daemon makes no login keyring.)
set -eu
home=$(mktemp -d "${TMPDIR:-/tmp}/co-keyring.XXXXXX")
trap 'rm -rf "$home"' EXIT
mkdir -m 700 "$home/runtime"
export HOME=$home XDG_DATA_HOME=$home/data XDG_CONFIG_HOME=$home/config XDG_CACHE_HOME=$home/cache
export XDG_RUNTIME_DIR=$home/runtime
dbus-run-session -- bash -c 'printf test | gnome-keyring-daemon --unlock --components=secrets >/dev/null && "$@"' \
  with-keyring.sh "$@"
