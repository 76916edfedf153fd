#!/usr/bin/env bash
# Debian packages the integration suite needs: public-inbox (lore's server), postgresql,
# git-pw (a real patchwork client), b4 (feeds `kvetch b4-check`), chromium (opens the digest page,
# driven by playwright-core). Installs only what is missing.
set -euo pipefail
need=()
command -v public-inbox-httpd >/dev/null || need+=(public-inbox)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v git-pw >/dev/null || need+=(git-pw)
command -v b4 >/dev/null || need+=(b4)
[ -x /usr/bin/chromium ] || need+=(chromium)
[ "${#need[@]}" -eq 0 ] && exit 0
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
