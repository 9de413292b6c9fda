"""Invented pages of invented sites, for the site-furniture tests: every page of a site carries
the same furniture (a funding plea between paragraphs, a comments prompt after them) that the
single-page rules keep in the body; each page's article is its own."""

from __future__ import annotations

REFERENCE_TIME = "2025-03-24T12:00:00Z"
SITE = "https://www.lakeside.example/news/"
PLEA = (
    "Lakeside Courier journalism is funded by readers like you, so every story stays free to read."
)
PROMPT = "Tell us what you think about this story in the comments below."
STORIES = [
    (
        "Ferry timetable changes on the north pier",
        "The north pier ferry will run every forty minutes from next week, the operator said "
        "on Tuesday.",
        "Passengers had asked for later boats in the evening, and the operator agreed to add two.",
    ),
    (
        "Library opens a reading garden",
        "A new reading garden behind the central library opened to visitors on Saturday morning.",
        "Volunteers planted lavender and two small apple trees along the path to the pond.",
    ),
    (
        "Council debates parking fees",
        "Councillors spent three hours debating the price of parking near the market square.",
        "No vote was taken, and the matter comes back to the council next month.",
    ),
    (
        "Choir wins regional prize",
        "The harbour choir took first place at the regional festival with a programme of "
        "sea songs.",
        "Its director thanked the singers' families for their patience during rehearsals.",
    ),
]


def lakeside_page(number: int) -> tuple[str, str]:
    """``(text, url)`` of the site's page ``number`` (0 to 3)."""
    title, first, second = STORIES[number]
    text = (
        f"Lakeside Courier\nEvery story from the lake towns\n\n{title}\n\n{first}\n\n{PLEA}\n\n"
        f"{second}\n\n{PROMPT}\n"
    )
    return text, SITE + title.lower().replace(" ", "-")


def lakeside_items() -> list[dict[str, str]]:
    """The four pages as batch items."""
    items = []
    for number in range(len(STORIES)):
        text, url = lakeside_page(number)
        items.append(
            {"id": f"p{number}", "text": text, "url": url, "reference_time": REFERENCE_TIME}
        )
    return items


def lakeside_body(number: int) -> str:
    """The body page ``number`` should have: its own two paragraphs, no furniture."""
    _, first, second = STORIES[number]
    return f"{first}\n\n{second}"
