#!/usr/bin/env bash
# Runs Rapport's language server under headless neovim on a small workspace and checks that an
# opened note receives its overdue diagnostic. Needs `nvim` (Debian: apt-get install -y neovim)
# and the built server (pnpm run build). Prints neovim's report; exits non-zero on failure.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
if ! command -v nvim >/dev/null 2>&1; then
  echo "test/nvim/run.sh: nvim is not installed (Debian: apt-get install -y neovim)" >&2
  exit 2
fi
server="$repo/packages/language-server/bin/rapport-language-server.js"
[ -f "$repo/packages/language-server/dist/server.js" ] || { echo "build the server first: pnpm run build" >&2; exit 2; }
root="$(mktemp -d "${TMPDIR:-/tmp}/rapport-nvim-XXXXXX")"
root="$(cd "$root" && pwd -P)"
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/people" "$root/organizations"
printf 'today: 2026-11-25\nthank_you_within: 3 days\n' > "$root/rapport.yaml"
cat > "$root/people/kevin-brandt.md" <<'NOTE'
---
type: person
name: Dr. Kevin Brandt
role: Program Director
met: 2026-11-20
organization: "[[Riverside Medical Center]]"
---

# Dr. Kevin Brandt
NOTE
cat > "$root/organizations/riverside-medical-center.md" <<'NOTE'
---
type: organization
name: Riverside Medical Center
---
NOTE
RAPPORT_SERVER="$server" RAPPORT_ROOT="$root" RAPPORT_FILE="$root/people/kevin-brandt.md" \
  timeout 60 nvim --headless --clean -n -i NONE -u NONE -c "luafile $here/check.lua"
