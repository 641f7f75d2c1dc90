#!/usr/bin/env bash
# Install the Debian packages the tests need, if they are missing:
#   chromium-headless-shell (browser tests: Debian's Chromium without its window, about a quarter
#   less time a browser test than the full chromium in headless mode), gettext (translation
#   checks), poppler-utils (PDF checks),
#   fonts-dejavu-core (the report PDF's font, which Typst finds among the system fonts),
#   libcairo2 (CairoSVG: the charts of the Word report),
#   redis-server (tests/platform/test_two_servers.py: two app servers on one Redis);
#   with --postgres the PostgreSQL server (also used by the two-server test).
set -euo pipefail
packages=(chromium-headless-shell gettext poppler-utils fonts-dejavu-core libcairo2 redis-server)
[ "${1:-}" = "--postgres" ] && packages=(postgresql)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing Debian packages: ${missing[*]}. Install them as root: apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
if ! apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
  # The headless shell is the browser tests' first choice; where it cannot be had but the full
  # chromium is there, the tests use that (tests/conftest.py), only slower.
  rest=()
  for p in "${missing[@]}"; do [ "$p" = chromium-headless-shell ] || rest+=("$p"); done
  command -v chromium >/dev/null && [ ${#rest[@]} -lt ${#missing[@]} ] || exit 1
  echo "chromium-headless-shell could not be installed: the browser tests use chromium" >&2
  [ ${#rest[@]} -eq 0 ] || apt-get install -y -qq --no-install-recommends "${rest[@]}" >/dev/null
fi
