#!/usr/bin/env bash
# Renders the feature sample on this machine: installs ffmpeg and the title font if missing, makes the
# sample media, then renders samples/feature.json in 4 chunks to out/feature.mp4.
set -euo pipefail
cd "$(dirname "$0")"
bash deploy/install-deps.sh
bash samples/make-media.sh samples/media
mkdir -p out
dotnet run --project Client/Cli -c Release -- render samples/feature.json --assets samples/media -o out/feature.mp4 --chunks 4 "$@"
