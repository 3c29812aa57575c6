#!/usr/bin/env bash
# Captures the README's screens from the simulated fleet: text captures through tmux (what the
# README's ```text blocks show) and PNG screenshots from a real terminal (xterm, as xterm-256color, with DejaVu Sans
# Mono under Xvfb), so colours and glyphs can be looked at.
#
#   bash scripts/screenshots.sh [OUT_DIR]     # default: target/screenshots
#   OPSDECK_BIN=path/to/opsdeck bash scripts/screenshots.sh docs/screenshots   # the README's
#
# Needs tmux, and for the PNGs Xvfb, xterm, xdotool, ImageMagick's `import` and
# fonts-dejavu-core (Debian: apt-get install -y tmux xvfb xterm xdotool imagemagick
# fonts-dejavu-core). Each capture
# waits for the simulated fleet to reach its moment: 20 s at --speed 60 is twenty minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-target/screenshots}
mkdir -p "$OUT"
if [ -z "${OPSDECK_BIN:-}" ]; then
    cargo build --locked --quiet
fi
BIN=${OPSDECK_BIN:-$PWD/target/debug/opsdeck}
HOME_DIR=$(mktemp -d)
trap 'rm -rf "$HOME_DIR"; tmux kill-session -t opsdeck-shots 2>/dev/null || true' EXIT
ENVS="XDG_CONFIG_HOME=$HOME_DIR/config XDG_STATE_HOME=$HOME_DIR/state XDG_DATA_HOME=$HOME_DIR/data"
RUN="env $ENVS $BIN --demo --scenario black-friday --speed 60 --seed 7"

# Text: 110×28, Fleet then Capacity, twenty simulated minutes in.
tmux new-session -d -s opsdeck-shots -x 110 -y 28 "$RUN"
sleep 20
tmux capture-pane -p -t opsdeck-shots > "$OUT/fleet-110x28.txt"
tmux send-keys -t opsdeck-shots 4
sleep 2
tmux capture-pane -p -t opsdeck-shots > "$OUT/capacity-110x28.txt"
tmux send-keys -t opsdeck-shots q
echo "text captures in $OUT"

# Pictures: a real terminal at 200×55.
if command -v Xvfb >/dev/null && command -v xterm >/dev/null && command -v xdotool >/dev/null \
    && command -v import >/dev/null; then
    Xvfb :9 -screen 0 1800x1100x24 >/dev/null 2>&1 &
    XVFB=$!
    trap 'kill $XVFB 2>/dev/null; rm -rf "$HOME_DIR"; tmux kill-session -t opsdeck-shots 2>/dev/null || true' EXIT
    sleep 1
    shot() { # NAME: the xterm window as it is now
        DISPLAY=:9 import -window root -crop "$(DISPLAY=:9 xdotool search --class xterm getwindowgeometry --shell \
            | awk -F= '/WIDTH/{w=$2}/HEIGHT/{h=$2}END{print w"x"h"+0+0"}')" "$OUT/$1.png"
    }
    DISPLAY=:9 xterm -tn xterm-256color -fa 'DejaVu Sans Mono' -fs 10 -bg black -fg grey90 -geometry 200x55+0+0 -e $RUN &
    TERM_PID=$!
    sleep 20
    for tab in 0 3; do
        DISPLAY=:9 xdotool search --sync --class xterm windowfocus --sync key "$tab"
        sleep 2
        shot "tab-$tab-200x55"
    done
    kill $TERM_PID 2>/dev/null || true
    sleep 1
    # The wall: --kiosk on the Overview, read-only, under the big clock and headline figures.
    DISPLAY=:9 xterm -tn xterm-256color -fa 'DejaVu Sans Mono' -fs 10 -bg black -fg grey90 -geometry 200x55+0+0 -e $RUN --kiosk &
    TERM_PID=$!
    sleep 20
    shot "kiosk-200x55"
    kill $TERM_PID 2>/dev/null || true
    echo "screenshots in $OUT"
else
    echo "no Xvfb/xterm/xdotool/import: PNG screenshots skipped" >&2
fi
