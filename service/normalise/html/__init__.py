"""The HTML path: a page's HTML to the core's input plus what its markup states.

>>> from service.normalise.html import normalise_html
>>> normalise_html(b"<p>Hello there</p>", reference_time="2025-03-24T12:00:00Z")["body"]
'Hello there'
"""

from service.normalise.html.article import normalise_html

__all__ = ["normalise_html"]
