#!/usr/bin/env bash
# Refresh the vendored NL Design System CSS and htmx from the npm registry (pinned in
# frontend/package.json). The platform serves the copies in src/regiodeal/static/vendor, so
# running it needs no Node.js; only a change of these versions does.
set -euo pipefail
cd "$(dirname "$0")/../frontend"
npm install --no-audit --no-fund --silent
out=../src/regiodeal/static/vendor
mkdir -p "$out"
cp node_modules/@utrecht/component-library-css/dist/index.css "$out/utrecht-component-library.css"
cp node_modules/@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css "$out/voorbeeld-theme.css"
cp node_modules/htmx.org/dist/htmx.min.js "$out/htmx.min.js"
for pkg in @utrecht/component-library-css @nl-design-system-unstable/voorbeeld-design-tokens htmx.org; do
  node -e "const p=require('./node_modules/$pkg/package.json'); console.log(p.name+'@'+p.version+' '+p.license)"
done > "$out/VERSIONS.txt"
cat "$out/VERSIONS.txt"
