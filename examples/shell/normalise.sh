#!/bin/sh
# Normalise one scraped page with the article normaliser service, using curl.
#
#   NORMALISER_URL=http://localhost:8000 ./normalise.sh page.txt
#
# Posts the raw page as text/plain (the body is the page, byte for byte) and prints the title,
# the publication date and the number of history entries. Reads the JSON with jq when it is
# installed, with python3 otherwise. Exits 1 with the problem's detail when the service refuses.
set -eu

page=${1:?usage: normalise.sh PAGE_FILE   (service at \$NORMALISER_URL)}
base=${NORMALISER_URL:-http://localhost:8000}
query=
# optional scrape time; "+" of an offset must be escaped in a query string
[ -z "${REFERENCE_TIME:-}" ] || query="?reference_time=$(printf %s "$REFERENCE_TIME" | sed 's/+/%2B/g')"

answer=$(mktemp)
trap 'rm -f "$answer"' EXIT
status=$(curl -sS -o "$answer" -w '%{http_code}' -X POST \
  -H 'Content-Type: text/plain; charset=utf-8' --data-binary @"$page" \
  "${base%/}/v1/normalise$query")

if command -v jq >/dev/null 2>&1; then
  if [ "$status" != 200 ]; then
    echo "normalise failed: $status $(jq -r '"\(.title): \(.detail)"' "$answer")" >&2
    exit 1
  fi
  jq -r '"title: \(.title // "(none)")",
         "published: \(.published.value // "(unknown)")",
         "history: \(.history | length)"' "$answer"
else
  python3 - "$answer" "$status" <<'PY'
import json, sys
article = json.load(open(sys.argv[1], encoding="utf-8"))
if sys.argv[2] != "200":
    sys.exit(f"normalise failed: {sys.argv[2]} {article.get('title')}: {article.get('detail')}")
print(f"title: {article['title'] or '(none)'}")
print(f"published: {(article['published'] or {}).get('value') or '(unknown)'}")
print(f"history: {len(article['history'])}")
PY
fi
