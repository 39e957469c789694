#!/usr/bin/env bash
# Generates the media the sample timelines use, from ffmpeg's built-in (lavfi) sources only.
#
#   samples/make-media.sh [TARGET_DIR]      (default: samples/media next to this script)
#
# Files that already exist and are non-empty are kept, so running it again is cheap. Each file is
# written under a temporary name and renamed into place only when ffmpeg succeeded.
#
# a.mp4, b.mp4 and odd.mp4 carry a frame-number barcode so a test can read back which source frame
# ended up in an output frame: the top H/8 rows (integer division) are 12 equal-width cells; cell i
# (i = 0 left .. 11 right; pixel column x belongs to cell floor(x*12/W)) is white (luma 235) when
# bit i of the source frame number (counted from 0) is set and black (luma 16) otherwise. Sample
# each cell at its centre. The frame number is also drawn in large digits in the middle.
set -euo pipefail

script_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
out=${1:-"$script_dir/media"}
font=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf

if ! command -v ffmpeg >/dev/null 2>&1 || [ ! -f "$font" ]; then
  echo "ffmpeg or the DejaVu font is missing; running deploy/install-deps.sh" >&2
  "$script_dir/../deploy/install-deps.sh"
fi

mkdir -p -- "$out"
out=$(cd -- "$out" && pwd)

tmp=""
cleanup() { if [ -n "$tmp" ]; then rm -f -- "$tmp"; fi; }
trap cleanup EXIT

made=()

# generate NAME MUXER ffmpeg-arguments... : runs ffmpeg writing to a temp file, then renames it to NAME.
generate() {
  local name=$1 muxer=$2
  shift 2
  if [ -s "$out/$name" ]; then
    return
  fi
  tmp="$out/.$name.$$.partial"
  echo "making $name ..." >&2
  ffmpeg -nostdin -hide_banner -loglevel error -y "$@" -f "$muxer" "$tmp"
  [ -s "$tmp" ] || { echo "ffmpeg produced an empty $name" >&2; exit 1; }
  mv -f -- "$tmp" "$out/$name"
  tmp=""
  made+=("$name")
}

# graph PART... : joins filter-graph parts with ';'.
graph() { local IFS=';'; printf '%s' "$*"; }

# Barcode strip for a W x H picture at RATE: one W x 1 row where pixel x shows bit floor(x*12/W) of
# the frame number N, repeated down to H/8 rows. (Scaling a 12x1 row up with flags=neighbor is
# cheaper still but puts some cell edges 1-2 px off i*W/12; repeating a row vertically is exact.)
# Made in yuv444p so luma is exactly 16/235 before encoding.
barcode() {
  local w=$1 h=$2 rate=$3
  printf '%s' "nullsrc=s=${w}x1:r=$rate,format=yuv444p," \
    "geq=lum='if(mod(floor(N/pow(2\,floor(X*12/W)))\,2)\,235\,16)':cb=128:cr=128," \
    "scale=$w:$((h / 8)):flags=neighbor"
}

# Large frame number (the source frame index, counted from 0) in the middle of the picture.
frame_number() {
  local h=$1 colour=$2
  printf '%s' "drawtext=fontfile=$font:text='%{frame_num}':fontsize=$((h / 3)):fontcolor=$colour:" \
    "borderw=$((h / 90)):bordercolor=black:x=(w-tw)/2:y=(h-th)/2"
}

frames=360   # 12 s at 30 fps (12.012 s at 30000/1001)
# The length is cut with trim inside the graph, not with -frames:v: ffmpeg 5.1 stops the whole
# output once -frames:v is reached, which would cut the AAC audio ~30 ms short of 12 s.
with_barcode="[pic][bar]overlay=0:0:format=yuv420,format=yuv420p,trim=end_frame=$frames[v]"
x264=(-c:v libx264 -preset veryfast -crf 18 -g 30 -pix_fmt yuv420p -movflags +faststart)
aac=(-c:a aac -b:a 128k -ar 48000 -ac 2)
tone() { printf '%s' "sine=f=$1:r=48000:d=12,aformat=sample_fmts=fltp:channel_layouts=stereo[a]"; }

# a.mp4: testsrc2 pattern, white numbers, 440 Hz stereo tone.
generate a.mp4 mp4 -filter_complex "$(graph \
    "testsrc2=s=1920x1080:r=30,format=yuv420p,$(frame_number 1080 white)[pic]" \
    "$(barcode 1920 1080 30)[bar]" \
    "$with_barcode" \
    "$(tone 440)")" \
  -map '[v]' -map '[a]' "${x264[@]}" "${aac[@]}"

# b.mp4: SMPTE HD colour bars with an orange square moving across, yellow numbers, 660 Hz tone.
generate b.mp4 mp4 -filter_complex "$(graph \
    "smptehdbars=s=1920x1080:r=30,format=yuv420p[bars]" \
    "color=c=0xFF8000:s=200x200:r=30,format=yuv420p[box]" \
    "[bars][box]overlay=x='mod(n*16\,W-w)':y='440+260*sin(n/15)':format=yuv420,$(frame_number 1080 yellow)[pic]" \
    "$(barcode 1920 1080 30)[bar]" \
    "$with_barcode" \
    "$(tone 660)")" \
  -map '[v]' -map '[a]' "${x264[@]}" "${aac[@]}"

# odd.mp4: an awkward size and rate (1000x562 at 30000/1001), hue-shifted testsrc2, no audio.
generate odd.mp4 mp4 -filter_complex "$(graph \
    "testsrc2=s=1000x562:r=30000/1001,format=yuv420p,hue=h=150,$(frame_number 562 white)[pic]" \
    "$(barcode 1000 562 30000/1001)[bar]" \
    "$with_barcode")" \
  -map '[v]' "${x264[@]}"

# logo.png: 480x240 RGBA, a translucent orange-to-purple rounded rectangle (anti-aliased corners)
# with "RenderFarm" on it, on a fully transparent background.
inside="st(0\,max(abs(X-240)-184\,0));st(1\,max(abs(Y-120)-64\,0));clip(48.5-hypot(ld(0)\,ld(1))\,0\,1)"
generate logo.png image2 -filter_complex \
    "color=c=black@0:s=480x240:r=1,format=rgba,geq=r='255-X/3':g='120-X/8':b='40+X/3':a='225*($inside)',drawtext=fontfile=$font:text='RenderFarm':fontsize=64:fontcolor=white:shadowcolor=black@0.6:shadowx=3:shadowy=3:x=(w-tw)/2:y=(h-th)/2[v]" \
  -map '[v]' -frames:v 1 -c:v png -pix_fmt rgba -update 1

# music.m4a: 20 s of a I-vi-IV-V progression in C (one chord a second, with a soft attack and a
# release to silence so nothing clicks) over a bass note; stereo, 48 kHz AAC.
chord="st(0\,mod(floor(t)\,4));st(1\,if(eq(ld(0)\,0)\,261.63\,if(eq(ld(0)\,1)\,220\,if(eq(ld(0)\,2)\,174.61\,196))));"
chord+="st(2\,mod(t\,1));st(3\,min(1\,ld(2)*30)*pow(1-ld(2)\,1.5))"
voices="sin(2*PI*ld(1)*t)+0.8*sin(2*PI*ld(1)*1.25992*t)+0.7*sin(2*PI*ld(1)*1.49831*t)+0.6*sin(2*PI*ld(1)*0.5*t)"
generate music.m4a ipod -filter_complex \
    "aevalsrc=exprs='$chord;0.14*ld(3)*($voices)|$chord;0.14*ld(3)*($voices+0.3*sin(4*PI*ld(1)*t))':s=48000:d=20,aformat=sample_fmts=fltp:channel_layouts=stereo[a]" \
  -map '[a]' -c:a aac -b:a 160k -ar 48000 -ac 2

# voice.wav: 6 s mono 48 kHz 16-bit PCM, a sine with vibrato and a syllable-like loudness wobble.
generate voice.wav wav -filter_complex \
    "aevalsrc=exprs='0.4*sin(2*PI*220*t+4*sin(2*PI*5*t))*(0.55+0.45*sin(2*PI*3*t))*min(1\,t*20)*min(1\,(6-t)*20)':s=48000:d=6[a]" \
  -map '[a]' -c:a pcm_s16le -ar 48000 -ac 1

echo "media in $out:"
for name in a.mp4 b.mp4 odd.mp4 logo.png music.m4a voice.wav; do
  state=kept
  for m in ${made[@]+"${made[@]}"}; do [ "$m" = "$name" ] && state=made; done
  printf '  %-10s %10s bytes  (%s)\n' "$name" "$(stat -c %s -- "$out/$name")" "$state"
done
