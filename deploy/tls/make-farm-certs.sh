#!/usr/bin/env bash
# Makes a farm's certificate authority and the certificates its nodes and clients present on the
# farm's mutual TLS links (docs/security.md). Nothing is overwritten: an existing authority is reused
# to issue more certificates, and an existing certificate is left as it is.
#
#   make-farm-certs.sh DIR ca                     the farm's authority: DIR/ca.pem (shared), DIR/ca.key (kept offline)
#   make-farm-certs.sh DIR node NAME [NAME...]    node (silo) certificates: DIR/NAME.pem + DIR/NAME.key (server and client use)
#   make-farm-certs.sh DIR client NAME [NAME...]  client certificates: DIR/NAME.pem + DIR/NAME.key (client use only)
#
# Environment: DAYS (validity of issued certificates, default 397), CA_DAYS (of the authority, default 3650),
# CA_NAME (the authority's common name, default "renderfarm farm CA <date>", dated so that a rotation's new
# authority is told apart from the old one).
set -euo pipefail
dir=${1:?usage: make-farm-certs.sh DIR ca|node|client [NAME...]}
kind=${2:?usage: make-farm-certs.sh DIR ca|node|client [NAME...]}
shift 2
days=${DAYS:-397}
ca_days=${CA_DAYS:-3650}
mkdir -p "$dir"
umask 077

make_ca() {
  if [[ -f "$dir/ca.pem" ]]; then
    echo "kept $dir/ca.pem (an authority exists: rotate into a new DIR, see docs/security.md)" >&2
    return
  fi
  openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -sha256 -days "$ca_days" \
    -subj "/CN=${CA_NAME:-renderfarm farm CA $(date -u +%Y-%m-%d)}" \
    -addext "basicConstraints=critical,CA:TRUE,pathlen:0" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout "$dir/ca.key" -out "$dir/ca.pem" 2>/dev/null
  chmod 644 "$dir/ca.pem"
  echo "made $dir/ca.pem and $dir/ca.key" >&2
}

issue() { # issue NAME USAGES
  local name=$1 usage=$2
  [[ "$name" =~ ^[A-Za-z0-9._-]+$ ]] || { echo "NAME must be letters, digits, '.', '_' or '-' (was '$name')" >&2; exit 64; }
  [[ -f "$dir/ca.pem" && -f "$dir/ca.key" ]] || { echo "no authority in $dir: run make-farm-certs.sh $dir ca first" >&2; exit 66; }
  if [[ -f "$dir/$name.pem" ]]; then
    echo "kept $dir/$name.pem" >&2
    return
  fi
  local ext
  ext=$(mktemp)
  printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=%s\nsubjectAltName=DNS:%s\n' "$usage" "$name" >"$ext"
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$name" \
    -keyout "$dir/$name.key" -out "$dir/$name.csr" 2>/dev/null
  openssl x509 -req -in "$dir/$name.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial \
    -days "$days" -sha256 -extfile "$ext" -out "$dir/$name.pem" 2>/dev/null
  rm -f "$dir/$name.csr" "$ext"
  chmod 644 "$dir/$name.pem"
  echo "made $dir/$name.pem and $dir/$name.key" >&2
}

case "$kind" in
  ca) make_ca ;;
  node) for name in "$@"; do issue "$name" serverAuth,clientAuth; done ;;
  client) for name in "$@"; do issue "$name" clientAuth; done ;;
  *) echo "kind must be ca, node or client (was '$kind')" >&2; exit 64 ;;
esac
