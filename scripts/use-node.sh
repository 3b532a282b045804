#!/usr/bin/env bash
# Puts a pinned Node 24 LTS first on PATH. The binary comes from the npm registry (the official
# build, published as the `node-linux-<arch>` packages), fetched with `npm pack`, checked against
# the integrity pinned below, and unpacked once into a cache outside the repo. Later runs reuse it.
#
#   source scripts/use-node.sh            # in a bash script or shell: PATH now starts with Node 24
#   scripts/use-node.sh npm ci            # run one command with Node 24
#
# Knobs (environment):
#   RETAIL_MCP_NODE_CACHE  where to unpack (default: ${XDG_CACHE_HOME:-$HOME/.cache}/retail-mcp)
#   RETAIL_MCP_NODE=system skip the download and use the node already on PATH (must be >= 22)
#
# npm is whichever npm is on PATH (the npm packages of Node ship no npm); it runs under the node
# found first on PATH, so Node 24 here. Node 24.22.3 bundles npm 11.19.1, the version CI uses.

__retail_mcp_use_node() {
  local version=24.22.3
  local os arch pkg integrity
  case "$(uname -s)" in
    Linux) os=linux ;;
    *) os="" ;;
  esac
  case "$(uname -m)" in
    x86_64 | amd64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) arch="" ;;
  esac
  case "${os}-${arch}" in
    linux-x64) integrity='sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==' ;;
    linux-arm64) integrity='sha512-IZx0J52/1NDwAsY2iyWR9nlPIYuYviTWetjj8+ElvYQh2+XRhLfCfkbFEF/2O5vGI2hcUbyPNHV+nz342FbJXw==' ;;
    *) integrity='' ;;
  esac

  if [ "${RETAIL_MCP_NODE:-}" = system ] || [ -z "$integrity" ]; then
    if [ -z "$integrity" ]; then
      echo "use-node: no pinned Node ${version} for $(uname -s)/$(uname -m); using the node on PATH" >&2
    fi
    local major
    major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
    if [ "$major" -lt 22 ]; then
      echo "use-node: node $(node --version 2>/dev/null || echo '(none)') on PATH; Node >= 22 is required" >&2
      return 1
    fi
    echo "use-node: node $(node --version) (system), npm $(npm --version)"
    return 0
  fi

  pkg="node-${os}-${arch}"
  local cache="${RETAIL_MCP_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/retail-mcp}"
  local dir="${cache}/node-v${version}-${os}-${arch}"

  if [ "$("${dir}/bin/node" --version 2>/dev/null)" != "v${version}" ]; then
    echo "use-node: installing ${pkg}@${version} into ${dir}"
    mkdir -p "$cache"
    local tmp
    tmp="$(mktemp -d "${cache}/.node-install.XXXXXX")" || return 1
    # npm pack verifies the registry's integrity; the pinned value above is checked again below.
    if ! (cd "$tmp" && npm pack "${pkg}@${version}" --silent >/dev/null); then
      echo "use-node: npm pack ${pkg}@${version} failed" >&2
      rm -rf "$tmp"
      return 1
    fi
    local tgz="${tmp}/${pkg}-${version}.tgz" actual
    actual="sha512-$(openssl dgst -sha512 -binary "$tgz" | base64 -w0)"
    if [ "$actual" != "$integrity" ]; then
      echo "use-node: integrity mismatch for ${pkg}@${version}: got ${actual}" >&2
      rm -rf "$tmp"
      return 1
    fi
    mkdir "${tmp}/node"
    if ! tar -xzf "$tgz" -C "${tmp}/node" --strip-components=1 --no-same-owner; then
      echo "use-node: could not unpack ${tgz}" >&2
      rm -rf "$tmp"
      return 1
    fi
    # Replace atomically, so a concurrent or interrupted run never leaves a half-unpacked Node.
    rm -rf "$dir"
    mv "${tmp}/node" "$dir" 2>/dev/null || [ "$("${dir}/bin/node" --version 2>/dev/null)" = "v${version}" ] || {
      rm -rf "$tmp"
      return 1
    }
    rm -rf "$tmp"
  fi

  case ":${PATH}:" in
    *":${dir}/bin:"*) ;;
    *) PATH="${dir}/bin:${PATH}" ;;
  esac
  export PATH
  # Native addons (node-gyp) build against this Node's headers, not the system Node's.
  export npm_config_nodedir="$dir"
  hash -r 2>/dev/null || true
  echo "use-node: node $(node --version) ($(command -v node)), npm $(npm --version)"
}

if [ "${BASH_SOURCE[0]}" != "$0" ]; then
  # Sourced: change the caller's PATH.
  __retail_mcp_use_node
  __retail_mcp_use_node_rc=$?
  unset -f __retail_mcp_use_node
  return "$__retail_mcp_use_node_rc"
else
  # Executed: set up Node 24, then run the given command with it.
  set -euo pipefail
  __retail_mcp_use_node
  if [ "$#" -gt 0 ]; then
    exec "$@"
  fi
fi
