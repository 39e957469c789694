#!/usr/bin/env bash
# Installs what rendering needs on a Debian machine: ffmpeg/ffprobe and the font titles are drawn with;
# and what monitoring and its tests use: Prometheus with promtool, tmux (the terminal dashboard's test),
# and Node.js with npm (the Grafana dashboard's schema check, deploy/grafana/schema); strace, with which
# the input policy's tests see every file ffprobe and ffmpeg open; tcpdump, with which the TLS tests
# read what goes over the farm's links; bubblewrap and prlimit (util-linux), the sandbox every ffmpeg
# and ffprobe of a farm node runs in (docs/sandbox.md); Chromium, the browser the web dashboard's tests
# drive headless (docs/dashboard.md).
set -euo pipefail
need=()
command -v ffmpeg >/dev/null 2>&1 || need+=(ffmpeg)
command -v ffprobe >/dev/null 2>&1 || need+=(ffmpeg)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
command -v prometheus >/dev/null 2>&1 || need+=(prometheus)
command -v promtool >/dev/null 2>&1 || need+=(prometheus)
command -v tmux >/dev/null 2>&1 || need+=(tmux)
command -v npm >/dev/null 2>&1 || need+=(nodejs npm)
command -v strace >/dev/null 2>&1 || need+=(strace)
command -v tcpdump >/dev/null 2>&1 || need+=(tcpdump)
command -v bwrap >/dev/null 2>&1 || need+=(bubblewrap)
command -v prlimit >/dev/null 2>&1 || need+=(util-linux)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
