#!/bin/sh
# Normalise one scraped page with the article normaliser service, using curl.
#
#   NORMALISER_URL=http://localhost:8000 ./normalise.sh page.txt
#
# Posts the page file's bytes unchanged as text/plain (the service reads UTF-8, or the encoding a
# byte-order mark names), or as text/html when the file is named *.html or *.htm (the service finds
# the main content and reads the charset the document declares), and prints the title, the
# publication date and the number of history entries. NORMALISER_API_KEY, when set, is sent as
# "Authorization: Bearer <key>"; REFERENCE_TIME as the scrape time. Reads the JSON with jq when it
# is installed, with python3 otherwise. Any failure (a file that cannot be read, a refused page, a
# service that cannot be reached) is one line on stderr and exit status 1; a usage mistake exits 2.
set -u

if [ $# -ne 1 ]; then
  echo "usage: normalise.sh PAGE_FILE   (service at \$NORMALISER_URL)" >&2
  exit 2
fi
page=$1
base=${NORMALISER_URL:-http://localhost:8000}
if [ ! -f "$page" ] || [ ! -r "$page" ]; then
  echo "normalise failed: cannot read $page: no such readable file" >&2
  exit 1
fi
query=
# optional scrape time; "+" of an offset must be escaped in a query string
[ -z "${REFERENCE_TIME:-}" ] || query="?reference_time=$(printf %s "$REFERENCE_TIME" | sed 's/+/%2B/g')"

answer=$(mktemp)
# the key goes through a header file (-H @file), never onto the command line other users see
headers=$(mktemp)
trap 'rm -f "$answer" "$headers"' EXIT
case $page in
  *.[hH][tT][mM][lL] | *.[hH][tT][mM]) media_type=text/html ;;
  *) media_type=text/plain ;;
esac
printf 'Content-Type: %s\n' "$media_type" >"$headers"
[ -z "${NORMALISER_API_KEY:-}" ] || printf 'Authorization: Bearer %s\n' "$NORMALISER_API_KEY" >>"$headers"
status=$(curl -s -o "$answer" -w '%{http_code}' -X POST -H @"$headers" \
  --data-binary @"$page" "${base%/}/v1/normalise$query")
code=$?
if [ "$code" -ne 0 ] || [ "$status" = 000 ]; then
  echo "normalise failed: cannot reach $base (curl exit status $code)" >&2
  exit 1
fi

if command -v jq >/dev/null 2>&1; then
  if [ "$status" != 200 ]; then
    echo "normalise failed: $status $(jq -r '"\(.title): \(.detail)"' "$answer" 2>/dev/null)" >&2
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
