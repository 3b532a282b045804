#!/usr/bin/env bash
# Builds pgvector from Debian's trixie source package for the machine's PostgreSQL 15.
# Bookworm ships no pgvector package; see DEVELOPERS.md. Needs root (apt-get, make install).
set -euo pipefail

PG_CONFIG="${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}"
if [ -f "$("$PG_CONFIG" --sharedir)/extension/vector.control" ]; then
  echo "pgvector already installed"; exit 0
fi

src_list=/etc/apt/sources.list.d/retail-mcp-trixie-src.sources
work="$(mktemp -d)"
cleanup() { rm -f "$src_list"; rm -rf "$work"; }
trap cleanup EXIT

# 1. A deb-src entry for trixie: the first stanza of the system's sources, with Types and Suites changed.
awk 'BEGIN{RS=""; ORS="\n"} NR==1{print; exit}' /etc/apt/sources.list.d/debian.sources \
  | sed -e 's/^Types:.*/Types: deb-src/' -e 's/^Suites:.*/Suites: trixie/' > "$src_list"

# 2. Build tools and the server headers.
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-server-dev-15 make gcc >/dev/null

# 3. Fetch the source only (no build-deps from trixie), then build against PG 15.
cd "$work"
apt-get source --download-only pgvector >/dev/null
tar xzf pgvector_*.orig.tar.gz
cd "$(find . -maxdepth 1 -type d -name 'pgvector*' | head -1)"
make -s PG_CONFIG="$PG_CONFIG"
make -s install PG_CONFIG="$PG_CONFIG"
echo "pgvector installed for $("$PG_CONFIG" --version)"
# 4. The trap removes the deb-src entry.
