"""Errors the core raises for options it cannot accept (the text itself never raises)."""


class NormaliseError(ValueError):
    """Base class of every error the core raises on purpose."""


class InvalidOptionError(NormaliseError):
    """An option (``reference_time``, ``timezone``…) is invalid.

    ``field`` names the option so that the web layer can key its 422 ``errors`` by it.

    >>> InvalidOptionError("timezone", "unknown time zone 'Mars/Base'").field
    'timezone'
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class BudgetExceededError(RuntimeError):
    """Normalising a page took longer than the work budget its caller set.

    Not a ``ValueError``: no ``except ValueError`` around a parse may swallow it. ``line`` is
    the input line the work had reached (None before the lines were cut), so that the message
    can say how far it got.

    >>> error = BudgetExceededError(2.0, 120, 5000)
    >>> str(error)
    'normalising this page took longer than its budget of 2 s (stopped at line 120 of 5000)'
    """

    def __init__(self, budget: float, line: int | None = None, lines: int | None = None) -> None:
        where = f" (stopped at line {line} of {lines})" if line and lines else ""
        super().__init__(
            f"normalising this page took longer than its budget of {budget:g} s{where}"
        )
        self.budget = budget
        self.line = line
        self.lines = lines
