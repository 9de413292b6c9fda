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
