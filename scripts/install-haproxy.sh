#!/usr/bin/env bash
# Installs HAProxy (Debian package) for the load-balancer test. The package's own service is left
# stopped: the test starts its own instance on a spare port with a generated config.
set -euo pipefail
if command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ]; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
sudo_if_needed apt-get update -qq
sudo_if_needed apt-get install -y -qq --no-install-recommends haproxy
# Debian starts the packaged service; nothing here uses it.
(sudo_if_needed systemctl stop haproxy 2>/dev/null || sudo_if_needed service haproxy stop 2>/dev/null || true) >/dev/null
