"""gunicorn entry point: ``gunicorn -c gunicorn.conf.py service.wsgi:app``.

The language tables (CLDR's month, weekday and age words) are built here, once, in the
process gunicorn preloads the app in (``preload_app``), so that every worker starts with them
and no first request pays for them.
"""

from service.api import create_app
from service.normalise.cldrwords import prepare

app = create_app()
prepare()
