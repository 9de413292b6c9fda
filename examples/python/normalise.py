#!/usr/bin/env python3
"""Normalise one scraped page with the article normaliser service (Python 3.8+, standard
library only).

    NORMALISER_URL=http://localhost:8000 python3 normalise.py page.txt

Posts the page file's bytes unchanged as text/plain (the service reads UTF-8, or the encoding a
byte-order mark names), or as text/html when the file is named *.html or *.htm (the service finds
the main content and reads the charset the document declares), and prints the title, the publication
date and the number of history entries. NORMALISER_API_KEY, when set, is sent as ``Authorization:
Bearer <key>``; REFERENCE_TIME (RFC 3339, e.g. 2025-03-24T12:00:00Z) as the scrape time. Any failure
(a file that cannot be read, a refused page, a service that cannot be reached) is one line on stderr
and exit status 1; a usage mistake exits 2.
"""

import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request

HTML_SUFFIXES = (".html", ".htm")


def content_type(path):
    """text/html for an HTML file (by its name), else text/plain."""
    return "text/html" if path.lower().endswith(HTML_SUFFIXES) else "text/plain"


def normalise(base_url, page, reference_time=None, api_key=None, media_type="text/plain"):
    """POST the page's bytes; the article as a dict, or RuntimeError with the problem."""
    url = base_url.rstrip("/") + "/v1/normalise"
    if reference_time:
        url += "?" + urllib.parse.urlencode({"reference_time": reference_time})
    headers = {"Content-Type": media_type, "Accept": "application/json"}
    if api_key:
        headers["Authorization"] = "Bearer " + api_key
    request = urllib.request.Request(url, data=page, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:
        try:
            problem = json.load(error)
        except ValueError:
            problem = {}
        title = problem.get("title", error.reason)
        raise RuntimeError(f"{error.code} {title}: {problem.get('detail', '')}") from None
    except urllib.error.URLError as error:
        raise RuntimeError(f"cannot reach {base_url}: {error.reason}") from None


def main(argv):
    if len(argv) != 2:
        print("usage: normalise.py PAGE_FILE   (service at $NORMALISER_URL)", file=sys.stderr)
        return 2
    base_url = os.environ.get("NORMALISER_URL") or "http://localhost:8000"
    try:
        with open(argv[1], "rb") as source:
            page = source.read()
    except OSError as error:
        print(f"normalise failed: cannot read {argv[1]}: {error.strerror}", file=sys.stderr)
        return 1
    try:
        article = normalise(
            base_url,
            page,
            os.environ.get("REFERENCE_TIME"),
            os.environ.get("NORMALISER_API_KEY"),
            content_type(argv[1]),
        )
    except (RuntimeError, OSError) as error:
        print(f"normalise failed: {error}", file=sys.stderr)
        return 1
    published = (article.get("published") or {}).get("value") or "(unknown)"
    print(f"title: {article.get('title') or '(none)'}")
    print(f"published: {published}")
    print(f"history: {len(article.get('history') or [])}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
