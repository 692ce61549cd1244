#!/usr/bin/env bash
# Installs code-server for the end-to-end tests into .e2e/ (git-ignored, outside the project's
# node_modules: its install needs special steps) and checks the Debian programs they drive.
# Idempotent: a second run with everything in place returns at once.
# Recipe and traps: code-server 4.100.3 is the last release on Node 20; as root its install
# scripts fail, so install with --ignore-scripts, add VS Code's own production dependencies,
# give @vscode/ripgrep Debian's rg (its postinstall would download one), then rebuild.
set -euo pipefail
cd "$(dirname "$0")/../.."

CODE_SERVER_VERSION=4.100.3
PREFIX=.e2e/code-server-$CODE_SERVER_VERSION
PACKAGE=$PREFIX/node_modules/code-server
DONE=$PREFIX/.installed

missing=()
for program in chromium nvim rg; do command -v "$program" >/dev/null || missing+=("$program"); done
if ((${#missing[@]})); then
  echo "e2e setup: missing ${missing[*]}; install them with:" >&2
  echo "  apt-get install -y chromium neovim ripgrep libkrb5-dev" >&2
  exit 1
fi

if [[ -f $DONE ]]; then
  exit 0
fi

echo "== installing code-server $CODE_SERVER_VERSION into $PREFIX"
start=$SECONDS
export npm_config_unsafe_perm=true npm_config_yes=true npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
rm -rf "$PREFIX"
export XDG_CONFIG_HOME=$PWD/$PREFIX/.config  # code-server --version writes a config file there
mkdir -p "$PREFIX"
echo '{"name": "dag-guard-e2e-code-server", "private": true}' > "$PREFIX/package.json"
npm install --prefix "$PREFIX" --ignore-scripts --no-save "code-server@$CODE_SERVER_VERSION"
(cd "$PACKAGE/lib/vscode" && npm install --omit=dev --ignore-scripts)
mkdir -p "$PACKAGE/lib/vscode/node_modules/@vscode/ripgrep/bin"
cp "$(command -v rg)" "$PACKAGE/lib/vscode/node_modules/@vscode/ripgrep/bin/rg"
(cd "$PACKAGE/lib/vscode" && npm rebuild --foreground-scripts)
# At the prefix: code-server's own postinstall (links in lib/vscode) and argon2's native module.
npm rebuild --prefix "$PREFIX" --foreground-scripts
node "$PACKAGE/out/node/entry.js" --version
touch "$DONE"
echo "== code-server installed in $((SECONDS - start)) s"
