#!/usr/bin/env bash
# Smoke test with a real MCP client: the MCP Inspector's CLI mode (@modelcontextprotocol/inspector),
# with a bearer token, against a running retail-mcp HTTP server. Exits non-zero on the first failed
# assertion. scripts/conformance.sh runs it against the server it starts; to run it by hand:
#
#   npm start                                    # in another terminal (http://127.0.0.1:3000/mcp)
#   npm run -s cli -- token --user hq@zava.example > /tmp/hq.token
#   scripts/inspector-smoke.sh --url http://127.0.0.1:3000/mcp --token-file /tmp/hq.token \
#     [--store-token-file /tmp/store.token]     # a store manager's token: RLS shows one store
#
# For each protocol era the Inspector speaks (legacy = 2025-11-25, modern = 2026-07-28) it:
#   - lists the tools and expects the four retail-mcp tools;
#   - calls get_current_utc_date and expects today's UTC date (and, in the result's _meta, the
#     per-request serverInfo of 2026-07-28 in the modern era only);
#   - calls execute_sales_query (count of distinct store_id in retail.orders) and expects 24 stores
#     for head office (and 1 for the store manager, when given);
#   - calls execute_sales_query with a DELETE and expects a tool error (exit 5) with SQL_REJECTED.
# Then, once: no token is refused (exit 3, auth required). --stored-auth-only keeps the Inspector
# from starting an interactive OAuth login on a 401.
#
# The token is passed to the Inspector in a session config file (mode 600), not on its command line.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

URL=""
TOKEN_FILE=""
STORE_TOKEN_FILE=""
while [ "$#" -gt 0 ]; do
  case "$1" in
    --url) URL="$2"; shift 2 ;;
    --token-file) TOKEN_FILE="$2"; shift 2 ;;
    --store-token-file) STORE_TOKEN_FILE="$2"; shift 2 ;;
    *) echo "inspector-smoke: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -n "$URL" ] && [ -n "$TOKEN_FILE" ] || { echo "usage: $0 --url URL --token-file FILE [--store-token-file FILE]" >&2; exit 2; }

# The Inspector needs Node >= 22.19; use-node.sh is a no-op when the pinned Node is already on PATH.
# shellcheck source=scripts/use-node.sh
source scripts/use-node.sh >/dev/null

INSPECTOR_CLI="node_modules/@modelcontextprotocol/inspector/clients/cli/build/index.js"
[ -e "$INSPECTOR_CLI" ] || { echo "inspector-smoke: $INSPECTOR_CLI is missing; run npm ci first" >&2; exit 2; }

WORK="${INSPECTOR_SMOKE_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/inspector-smoke.XXXXXX")}"
mkdir -p "$WORK"
chmod 700 "$WORK"
# The Inspector keeps its state (catalog, OAuth) under the home directory: point that at the work
# dir so a run reads nothing from, and leaves nothing in, the user's. (MCP_CATALOG_PATH would count
# as --catalog, which cannot be combined with --config.)
unset MCP_CATALOG_PATH
export HOME="$WORK/home"
# No OS keychain in CI: keep the Inspector's (unused) secret store in memory, without its warning.
export MCP_INSPECTOR_SECRET_STORE=memory
mkdir -p "$HOME"

FAILED=0
pass() { printf '  ok    %s\n' "$*"; }
fail() { printf '  FAIL  %s\n' "$*" >&2; FAILED=1; }

# config <name> <token-file|-> : writes an Inspector session config for URL with that bearer token.
config() {
  local name="$1" tokfile="$2" file="$WORK/$1.json"
  (
    umask 077
    if [ "$tokfile" = - ]; then
      jq -n --arg url "$URL" '{mcpServers: {"retail-mcp": {type: "streamable-http", url: $url}}}'
    else
      jq -n --arg url "$URL" --arg auth "Bearer $(head -n 1 "$tokfile")" \
        '{mcpServers: {"retail-mcp": {type: "streamable-http", url: $url, headers: {Authorization: $auth}}}}'
    fi >"$file"
  )
  echo "$file"
}

# inspect <config> <era> <out> <args...>: runs the Inspector CLI, JSON output to <out>, stderr to
# <out>.err; returns its exit code.
inspect() {
  local cfg="$1" era="$2" out="$3"
  shift 3
  local rc=0
  printf '  $ mcp-inspector --cli --config %s --server retail-mcp --protocol-era %s --format json --stored-auth-only' "$(basename "$cfg")" "$era"
  printf ' %q' "$@"
  printf '\n' 
  node "$INSPECTOR_CLI" --config "$cfg" --server retail-mcp --protocol-era "$era" --format json --connect-timeout 30000 --stored-auth-only "$@" \
    >"$out" 2>"$out.err" </dev/null || rc=$?
  return "$rc"
}

show_failure() { # out
  echo "    stdout: $(head -c 2000 "$1")" >&2
  echo "    stderr: $(head -c 2000 "$1.err")" >&2
}

# The rows of a tools/call answer: structuredContent when present.
rows_of() { jq -c '(.structuredContent // .result.structuredContent // {}) | .rows // empty' "$1"; }

HQ_CFG="$(config hq "$TOKEN_FILE")"
TODAY="$(date -u +%Y-%m-%d)"
COUNT_SQL='select count(distinct store_id)::int as stores from retail.orders'

for era in legacy modern; do
  echo "--- protocol era: $era"
  out="$WORK/$era-tools-list.json"
  if inspect "$HQ_CFG" "$era" "$out" --method tools/list; then
    names="$(jq -r '[(.tools // .result.tools // [])[].name] | sort | join(",")' "$out")"
    want="compare_stores,execute_sales_query,export_query_result,get_current_utc_date,get_inventory_alerts,get_multiple_table_schemas,get_sales_trend,get_store_performance,get_top_products,list_metrics,query_metrics,semantic_search_products"
    if [ "$names" = "$want" ]; then pass "tools/list: $names"; else fail "tools/list: got [$names], want [$want]"; show_failure "$out"; fi
  else
    fail "tools/list exited $?"; show_failure "$out"
  fi

  out="$WORK/$era-date.json"
  if inspect "$HQ_CFG" "$era" "$out" --method tools/call --tool-name get_current_utc_date; then
    got="$(jq -r '(.structuredContent // .result.structuredContent // {}).utc_date // empty' "$out")"
    if [ "$got" = "$TODAY" ]; then pass "get_current_utc_date: $got"; else fail "get_current_utc_date: got '$got', want $TODAY"; show_failure "$out"; fi
    # A 2026-07-28 server names itself in every result's _meta (there is no initialize); a
    # 2025-11-25 session does not. This shows which era the Inspector and the server agreed on.
    info="$(jq -r '.result._meta["io.modelcontextprotocol/serverInfo"].name // "none"' "$out")"
    want_info=none
    [ "$era" = modern ] && want_info=retail-mcp
    if [ "$info" = "$want_info" ]; then pass "era $era: serverInfo in result _meta: $info"; else fail "era $era: serverInfo in result _meta: $info, want $want_info"; show_failure "$out"; fi
  else
    fail "get_current_utc_date exited $?"; show_failure "$out"
  fi

  out="$WORK/$era-hq-query.json"
  if inspect "$HQ_CFG" "$era" "$out" --method tools/call --tool-name execute_sales_query --tool-arg "postgresql_query=$COUNT_SQL"; then
    rows="$(rows_of "$out")"
    if [ "$(jq -r '.[0].stores // .[0][0] // empty' <<<"${rows:-[]}")" = 24 ]; then pass "execute_sales_query as head office: 24 stores"; else fail "execute_sales_query as head office: rows $rows, want 24 stores"; show_failure "$out"; fi
  else
    fail "execute_sales_query as head office exited $?"; show_failure "$out"
  fi

  if [ -n "$STORE_TOKEN_FILE" ]; then
    out="$WORK/$era-store-query.json"
    if inspect "$(config store "$STORE_TOKEN_FILE")" "$era" "$out" --method tools/call --tool-name execute_sales_query --tool-arg "postgresql_query=$COUNT_SQL"; then
      rows="$(rows_of "$out")"
      if [ "$(jq -r '.[0].stores // .[0][0] // empty' <<<"${rows:-[]}")" = 1 ]; then pass "execute_sales_query as a store manager: 1 store (RLS)"; else fail "execute_sales_query as a store manager: rows $rows, want 1 store"; show_failure "$out"; fi
    else
      fail "execute_sales_query as a store manager exited $?"; show_failure "$out"
    fi
  fi

  out="$WORK/$era-rejected.json"
  rc=0
  inspect "$HQ_CFG" "$era" "$out" --method tools/call --tool-name execute_sales_query --tool-arg "postgresql_query=delete from retail.orders" || rc=$?
  if [ "$rc" -eq 5 ] && grep -q SQL_REJECTED "$out" "$out.err"; then pass "a DELETE is a tool error (exit 5, SQL_REJECTED)"; else fail "a DELETE: exit $rc, want 5 with SQL_REJECTED"; show_failure "$out"; fi
done

echo "--- no token"
out="$WORK/no-token.json"
rc=0
inspect "$(config anonymous -)" legacy "$out" --method tools/list || rc=$?
if [ "$rc" -eq 3 ]; then pass "no bearer token: refused (exit 3, auth required)"; else fail "no bearer token: exit $rc, want 3"; show_failure "$out"; fi

if [ "$FAILED" -ne 0 ]; then
  echo "inspector-smoke: FAILED (outputs in $WORK)" >&2
  exit 1
fi
echo "inspector-smoke: all assertions passed"
[ -n "${INSPECTOR_SMOKE_WORK:-}" ] || rm -rf "$WORK"
