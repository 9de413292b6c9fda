"""The HTTP shell around the normalisation core: Flask + flask-smorest, served by gunicorn.

>>> from service.api import create_app
>>> create_app().test_client().get("/readyz").status_code
200
"""

from service.api.app import create_app

__all__ = ["create_app"]
