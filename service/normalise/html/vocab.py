"""Names the HTML path looks for in a page's markup (data, apart from the logic).

Sources: schema.org's article types, the Open Graph protocol's ``article:`` properties, and
the ``<meta name>`` conventions of common publishing systems (Dublin Core, Parse.ly,
Sailthru, Google News' ``original-source``-era tags).
"""

from __future__ import annotations

#: schema.org types whose item describes the article itself, best first.
ARTICLE_TYPES: tuple[str, ...] = (
    "NewsArticle",
    "ReportageNewsArticle",
    "ReportageNews",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "ReviewNewsArticle",
    "LiveBlogPosting",
    "BlogPosting",
    "Article",
    "TechArticle",
    "ScholarlyArticle",
    "SocialMediaPosting",
    "Report",
    "Review",
    "VideoObject",
    "WebPage",
    "ItemPage",
)

#: Meta names and properties stating the publication time, best first.
PUBLISHED_META: tuple[str, ...] = (
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "datepublished",
    "article.published",
    "published_time",
    "publish-date",
    "publishdate",
    "pubdate",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "date",
    "og:updated_time",
)

#: Meta names and properties stating the last update.
UPDATED_META: tuple[str, ...] = (
    "article:modified_time",
    "og:article:modified_time",
    "article:modified",
    "datemodified",
    "article.updated",
    "last-modified",
    "dcterms.modified",
    "og:updated_time",
)

#: Meta names stating the author (a person's name, not an address).
AUTHOR_META: tuple[str, ...] = (
    "author",
    "article:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "dcterms.creator",
    "byl",
)

SITE_META: tuple[str, ...] = ("og:site_name", "application-name", "publisher", "twitter:site")
TITLE_META: tuple[str, ...] = ("og:title", "twitter:title", "headline", "title", "dc.title")
IMAGE_META: tuple[str, ...] = ("og:image", "og:image:url", "og:image:secure_url", "twitter:image")
LANGUAGE_META: tuple[str, ...] = ("content-language", "language", "og:locale", "dc.language")

#: Separators between a headline and the site's name in ``<title>`` and ``og:title``.
TITLE_SEPARATORS: tuple[str, ...] = (" | ", " - ", " – ", " — ", " :: ", " « ", " » ", " · ")
