#!/usr/bin/env bash
# Installs what the end-to-end tests need into <repo>/.tools/ (git-ignored):
#   .tools/node24/       node 24 (the `node` npm package ships the binary) — code-server needs it
#   .tools/code-server/  code-server (VS Code in the browser), built with node 24
#   .tools/e2e/          playwright-core and @vscode/vsce, outside the workspace's node_modules
# and, through apt-get when missing: chromium (the browser) and libkrb5-dev
# (headers for code-server's native `kerberos` module).
#
# Idempotent and non-interactive (safe with CI=true and no stdin): every step is
# skipped when its result is already there, so a second run takes about a second.
#
# Environment overrides:
#   RAPPORT_E2E_TOOLS      tool folder (default <repo>/.tools)
#   NODE24_VERSION         version of the `node` npm package (default below)
#   CODE_SERVER_VERSION    code-server version (default below)
#   PLAYWRIGHT_CORE_VERSION, VSCE_VERSION
#   RAPPORT_E2E_SKIP_APT=1 never call apt-get (fail if chromium is missing)
set -euo pipefail

NODE24_VERSION="${NODE24_VERSION:-24.21.0}"
CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
PLAYWRIGHT_CORE_VERSION="${PLAYWRIGHT_CORE_VERSION:-1.65.1}"
VSCE_VERSION="${VSCE_VERSION:-4.1.0}"

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
TOOLS="${RAPPORT_E2E_TOOLS:-$ROOT/.tools}"
mkdir -p "$TOOLS"
TOOLS="$(cd "$TOOLS" && pwd)"

export DEBIAN_FRONTEND=noninteractive
# Run from `pnpm test`, this script inherits pnpm's npm_* variables: its user agent makes
# code-server's postinstall give up ("Could not determine which package manager"), and its
# npm_config_* settings would steer npm. The installs below are npm's own: start them clean.
while IFS= read -r v; do unset "$v"; done < <(env | sed -n 's/^\(npm_[A-Za-z0-9_]*\)=.*/\1/p; s/^\(PNPM_[A-Za-z0-9_]*\)=.*/\1/p')
export npm_config_yes=true npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
exec </dev/null

START=$SECONDS
say() { printf '[e2e-setup %3ss] %s\n' "$((SECONDS - START))" "$*"; }
die() { say "ERROR: $*" >&2; exit 1; }

command -v npm >/dev/null || die "npm is needed (any recent npm; it is run with node 24 for code-server)"

# npm >= 11.x gates dependency install scripts behind `allowScripts`; the node and
# code-server packages need theirs. Pass the escape hatch only where npm knows it.
NPM_SCRIPT_FLAGS=()
if [ "$(npm config get dangerously-allow-all-scripts 2>/dev/null || true)" = "false" ]; then
  NPM_SCRIPT_FLAGS=(--dangerously-allow-all-scripts)
fi

# ------------------------------------------------------------------ apt packages
SUDO=()
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then SUDO=(sudo -n); fi
fi
have_deb() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

CHROMIUM="${RAPPORT_E2E_CHROMIUM:-/usr/bin/chromium}"
missing=()
[ -x "$CHROMIUM" ] || missing+=(chromium)
have_deb libkrb5-dev || missing+=(libkrb5-dev)
if [ ${#missing[@]} -gt 0 ]; then
  [ -z "${RAPPORT_E2E_SKIP_APT:-}" ] || die "missing ${missing[*]} and RAPPORT_E2E_SKIP_APT is set"
  command -v apt-get >/dev/null || die "missing ${missing[*]} and no apt-get"
  say "apt-get install ${missing[*]}"
  "${SUDO[@]}" apt-get update -qq
  "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  [ -x "$CHROMIUM" ] || die "chromium still missing at $CHROMIUM"
else
  say "apt packages present (chromium, libkrb5-dev)"
fi

# ------------------------------------------------------------------ node 24
NODE24_DIR="$TOOLS/node24"
NODE24="$NODE24_DIR/node_modules/node/bin/node"
node24_ok() { [ -x "$NODE24" ] && [ "$("$NODE24" -v 2>/dev/null)" = "v$NODE24_VERSION" ]; }
if node24_ok; then
  say "node $NODE24_VERSION present"
else
  say "installing node@$NODE24_VERSION into $NODE24_DIR"
  rm -rf "$NODE24_DIR"
  npm install --prefix "$NODE24_DIR" --no-save --loglevel=error "${NPM_SCRIPT_FLAGS[@]}" "node@$NODE24_VERSION"
  node24_ok || die "node 24 not usable at $NODE24"
fi
# The directory with bin/node and include/node (headers for native modules).
NODE24_HOME="$(cd "$NODE24_DIR/node_modules/node/node_modules/node-linux-"* 2>/dev/null && pwd || true)"
[ -n "$NODE24_HOME" ] && [ -f "$NODE24_HOME/include/node/node.h" ] || die "node 24 headers not found under $NODE24_DIR"

# ------------------------------------------------------------------ code-server
CS_DIR="$TOOLS/code-server"
CS_PKG="$CS_DIR/lib/node_modules/code-server"
CS_MARK="$CS_DIR/.installed-$CODE_SERVER_VERSION"
if [ -f "$CS_MARK" ] && [ -f "$CS_PKG/out/node/entry.js" ]; then
  say "code-server $CODE_SERVER_VERSION present"
else
  say "installing code-server@$CODE_SERVER_VERSION into $CS_DIR (builds native modules, ~2 min)"
  rm -rf "$CS_DIR"
  # Run npm itself under node 24: code-server's postinstall checks the node major
  # version from npm's user agent, and native modules must be built for node 24.
  PATH="$NODE24_HOME/bin:$PATH" npm_config_nodedir="$NODE24_HOME" \
    npm install -g --prefix "$CS_DIR" --loglevel=error "${NPM_SCRIPT_FLAGS[@]}" "code-server@$CODE_SERVER_VERSION"
  [ -f "$CS_PKG/lib/vscode/node_modules/kerberos/build/Release/kerberos.node" ] || die "code-server native modules were not built"
  version="$(PATH="$NODE24_HOME/bin:$PATH" "$NODE24" "$CS_PKG/out/node/entry.js" --config /dev/null --version 2>/dev/null | head -1 || true)"
  case "$version" in "$CODE_SERVER_VERSION "*) ;; *) die "code-server --version said: $version" ;; esac
  touch "$CS_MARK"
fi

# ------------------------------------------------------------------ playwright-core + vsce
E2E_DIR="$TOOLS/e2e"
e2e_ok() {
  [ -f "$E2E_DIR/node_modules/playwright-core/package.json" ] && [ -f "$E2E_DIR/node_modules/@vscode/vsce/package.json" ] &&
    "$NODE24" -e '
      const [dir, pw, vsce] = process.argv.slice(1);
      const v = (p) => require(dir + "/node_modules/" + p + "/package.json").version;
      process.exit(v("playwright-core") === pw && v("@vscode/vsce") === vsce ? 0 : 1);
    ' "$E2E_DIR" "$PLAYWRIGHT_CORE_VERSION" "$VSCE_VERSION"
}
if e2e_ok; then
  say "playwright-core $PLAYWRIGHT_CORE_VERSION and @vscode/vsce $VSCE_VERSION present"
else
  say "installing playwright-core@$PLAYWRIGHT_CORE_VERSION and @vscode/vsce@$VSCE_VERSION into $E2E_DIR"
  mkdir -p "$E2E_DIR"
  cat >"$E2E_DIR/package.json" <<EOF
{
  "name": "rapport-e2e-tools",
  "private": true,
  "description": "Generated by test/e2e/setup.sh",
  "dependencies": {
    "playwright-core": "$PLAYWRIGHT_CORE_VERSION",
    "@vscode/vsce": "$VSCE_VERSION"
  }
}
EOF
  # playwright-core's install has no download step (only `playwright install` downloads
  # browsers, and it is never run). vsce >= 4 needs node >= 22, so run npm with node 24.
  PATH="$NODE24_HOME/bin:$PATH" npm install --prefix "$E2E_DIR" --loglevel=error --no-package-lock "${NPM_SCRIPT_FLAGS[@]}"
  e2e_ok || die "playwright-core/vsce not usable in $E2E_DIR"
fi

say "done in $((SECONDS - START)) s"
cat <<EOF
  node 24:          $NODE24 ($("$NODE24" -v))
  code-server:      $CS_PKG/out/node/entry.js ($CODE_SERVER_VERSION, run it with node 24)
  chromium:         $CHROMIUM ($("$CHROMIUM" --version 2>/dev/null | head -1))
  playwright-core:  $E2E_DIR/node_modules/playwright-core ($PLAYWRIGHT_CORE_VERSION)
  vsce:             $E2E_DIR/node_modules/@vscode/vsce/vsce ($VSCE_VERSION)
  run the smoke test: node test/e2e/smoke.mjs
EOF
