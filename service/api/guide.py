# ruff: noqa: E501 - each call is one line of shell, to be pasted whole
"""Text for people: the copy-paste calls for each input form and the rules behind the date
intervals. Served in the API description (``/docs``) and printed, word for word, in README.md
(a test keeps the two in step and runs every call against the live server).

>>> CALLS.count("curl ")
4
"""

from __future__ import annotations

CALLS = """\
A page file, as it is (options in the query string; encode a `+` in an offset as `%2B`):

```sh
curl -s -H 'Content-Type: text/plain' --data-binary @tests/fixtures/seeds/000_93d3aa2cde478476.txt \\
  'http://127.0.0.1:8000/v1/normalise?reference_time=2025-03-24T12:00:00Z'
```

A JSON body (the page in `text`, options beside it):

```sh
curl -s -H 'Content-Type: application/json' \\
  -d '{"text": "Leaders meet in Geneva\\n2 hours ago\\n\\nThey agreed to meet again.", "reference_time": "2025-03-24T12:00:00Z", "timezone": "Europe/Zurich"}' \\
  http://127.0.0.1:8000/v1/normalise
```

A JSON batch (up to 1000 items, answered at once, each result in item order):

```sh
curl -s -H 'Content-Type: application/json' \\
  -d '{"items": [{"id": "a", "text": "First page\\n3 hours ago\\n\\nIts body.", "reference_time": "2025-03-24T12:00:00Z"}, {"id": "b", "text": "Second page\\n1 day ago\\n\\nIts body."}]}' \\
  http://127.0.0.1:8000/v1/normalise/batch
```

An NDJSON stream (one item a line in, one result a line out as each is done; no limit on lines):

```sh
printf '%s\\n' '{"id": "a", "text": "First page\\n3 hours ago\\n\\nIts body.", "reference_time": "2025-03-24T12:00:00Z"}' \\
  '{"id": "b", "text": "Second page\\n1 day ago\\n\\nIts body."}' |
  curl -s -N -H 'Content-Type: application/x-ndjson' --data-binary @- http://127.0.0.1:8000/v1/normalise/batch
```

With `NORMALISER_API_KEYS` set on the server, add `-H "Authorization: Bearer $NORMALISER_API_KEY"`
to each call. Use `--data-binary`, never `-d`, for a page file: `-d @file` strips its line
breaks (the service refuses such a page with a hint)."""

DATE_RULES = """\
What a client may trust in a timestamp (`published`, `updated`, each history entry's
`published`), and why:

* **`[earliest, latest]` contains the true instant.** It is a closed interval, never a guess:
  use it when a decision must be right (deduplicating, ordering, filtering by date). `value`
  is the best single estimate and always lies inside it.
* **A relative age is resolved against `reference_time`**, the moment the page was scraped.
  Send it: without it the time of the request is used (warning `reference_time_assumed`) and
  every relative date is off by the time between scraping and normalising.
* **Ages are counted as the page's formatter counts them**: truncated ("4 days, 10 hours" is at
  least that and less than one more hour), with months counted either as calendar months or
  as 30 days; the interval holds under every reading. A one-unit age on the aggregator layout
  (`2 months ago`) is bounded by the unit below it (less than 2 months and 1 week); other
  one-unit ages (`3 hours ago`) get the whole unit. `yesterday` spans both of its readings.
* **`precision`** says how coarse the statement was (`hour`, `day`, `month`…); the interval
  is at least that wide. A date without a time spans its whole day in `timezone`.
* **`null` means the page states no date that can be read**, with a warning; a date is never
  invented. A time after `reference_time` is kept and warned about (`future_time`)."""
