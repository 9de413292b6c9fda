"""A Flask "hello world" to run under gunicorn beside the service: the stack's own cost.

``gunicorn -c bench/hello/gunicorn.conf.py bench.hello:app`` (2 sync workers, gunicorn's
defaults otherwise). The HTTP section measures it in the same run and the same way as the
service, so that the service's web layer can be stated as a multiple of it.

>>> app.test_client().get("/").data
b'Hello, World!'
"""

from flask import Flask

app = Flask(__name__)


@app.route("/")
def hello() -> str:
    return "Hello, World!"
