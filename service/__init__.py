"""Article normalisation service: a pure core (``service.normalise``) and a thin web shell."""

__version__ = "0.1.0"
