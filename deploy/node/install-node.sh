#!/usr/bin/env bash
# Installs what a render node runs on a fresh Debian or Ubuntu machine: ffmpeg, the title font,
# bubblewrap, the .NET runtime, and the silo from PACKAGE_URL (a .tar.gz of `dotnet publish Silo`).
set -euo pipefail
package_url=${1:?usage: install-node.sh PACKAGE_URL}
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends ffmpeg fonts-dejavu-core bubblewrap ca-certificates curl
if ! command -v dotnet >/dev/null; then
  apt-get install -y -q --no-install-recommends aspnetcore-runtime-10.0 \
    || { curl -fsSL https://dot.net/v1/dotnet-install.sh -o /tmp/dotnet-install.sh \
         && bash /tmp/dotnet-install.sh --runtime aspnetcore --channel 10.0 --install-dir /usr/share/dotnet \
         && ln -sf /usr/share/dotnet/dotnet /usr/bin/dotnet; }
fi
id renderfarm >/dev/null 2>&1 || useradd --system --create-home --home-dir /var/lib/renderfarm renderfarm
mkdir -p /opt/renderfarm/silo
curl -fsSL "$package_url" | tar -xz -C /opt/renderfarm/silo
chown -R renderfarm: /opt/renderfarm /var/lib/renderfarm
