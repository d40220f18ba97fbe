#!/usr/bin/env bash
# The Decap CMS bundle `congxa serve --edit` carries (src/edit/vendor.rs includes the files
# below). Downloads the npm tarball of the version pinned in package-lock.json, checks it
# against the lock file's integrity hash, and compares (default) or rewrites (--update):
#   decap-cms.js.gz              dist/decap-cms.js, gzip -9 -n (served as it is, Content-Encoding: gzip)
#   decap-cms.js.sha256          SHA-256 of dist/decap-cms.js (a unit test checks the .gz against it)
#   decap-cms.js.LICENSE.txt     dist/decap-cms.js.LICENSE.txt: the licences of what the bundle holds
# LICENSE-decap-cms.txt is Decap CMS's own MIT licence (the npm package does not carry it).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mode="${1:---check}"
read -r version integrity < <(node -e '
  const p = require(process.argv[1]).packages["node_modules/decap-cms"];
  console.log(p.version, p.integrity);' "$here/package-lock.json")
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
( cd "$tmp" && npm pack "decap-cms@$version" --silent --loglevel=error >/dev/null )
tgz="$tmp/decap-cms-$version.tgz"
got="sha512-$(openssl dgst -sha512 -binary "$tgz" | base64 -w0)"
if [ "$got" != "$integrity" ]; then
  echo "decap-cms-$version.tgz: integrity $got, package-lock.json says $integrity" >&2; exit 1
fi
tar -xzf "$tgz" -C "$tmp" package/dist/decap-cms.js package/dist/decap-cms.js.LICENSE.txt
js="$tmp/package/dist/decap-cms.js"
sum="$(sha256sum "$js" | cut -d' ' -f1)"
if [ "$mode" = "--update" ]; then
  gzip -9 -n -c "$js" >"$here/decap-cms.js.gz"
  echo "$sum" >"$here/decap-cms.js.sha256"
  cp "$tmp/package/dist/decap-cms.js.LICENSE.txt" "$here/decap-cms.js.LICENSE.txt"
  echo "decap-cms $version vendored ($sum)"
else
  [ "$(cat "$here/decap-cms.js.sha256")" = "$sum" ] || { echo "editor/decap-cms.js.sha256 is not decap-cms $version's dist/decap-cms.js: run bash editor/vendor.sh --update" >&2; exit 1; }
  [ "$(gzip -dc "$here/decap-cms.js.gz" | sha256sum | cut -d' ' -f1)" = "$sum" ] || { echo "editor/decap-cms.js.gz is not decap-cms $version's dist/decap-cms.js: run bash editor/vendor.sh --update" >&2; exit 1; }
  cmp -s "$here/decap-cms.js.LICENSE.txt" "$tmp/package/dist/decap-cms.js.LICENSE.txt" || { echo "editor/decap-cms.js.LICENSE.txt differs from the package's" >&2; exit 1; }
  echo "decap-cms $version: editor/ matches the npm tarball (integrity checked)"
fi
