"""The pure normalisation core: raw scraped page in, normalised article (a dict) out.

Nothing below this package imports Flask, marshmallow or any web code.

>>> from service.normalise import normalise
>>> page = " date 2025-01-21 Putin spoke to Xi."
>>> article = normalise(page, reference_time="2025-03-24T12:00:00Z")
>>> article["format"], article["published"]["value"], article["body"]
('dateline', '2025-01-21T00:00:00Z', 'Putin spoke to Xi.')
"""

from service.normalise.bounds import WorkBudget
from service.normalise.errors import BudgetExceededError, InvalidOptionError, NormaliseError
from service.normalise.pipeline import normalise

__all__ = [
    "BudgetExceededError",
    "InvalidOptionError",
    "NormaliseError",
    "WorkBudget",
    "normalise",
]
