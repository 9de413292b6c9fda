"""The application factory.

>>> app = create_app({"NORMALISER_MAX_BATCH_ITEMS": 5})
>>> app.config["NORMALISER"].max_batch_items
5
>>> app.test_client().get("/healthz").json
{'status': 'ok'}
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from typing import Any

from flask import Flask

from service import __version__
from service.api import (
    docs_routes,
    hooks,
    metrics,
    normalise_routes,
    ops_routes,
    playground,
    request_hints,
)
from service.api.config import settings_from_env
from service.api.examples import seed_article
from service.api.fields import ReferenceTime
from service.api.hot_path import answer_json_pages
from service.api.probes import answer_probes
from service.api.problems import register_error_handlers
from service.api.smorest import NormaliserApi, spec_plugin
from service.api.spec import build_spec, dump_json, dump_yaml

log = logging.getLogger("service.api")

TITLE = "Article normaliser"


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the service. ``config`` overrides the environment: ``NORMALISER_*`` keys are
    read like the environment variables of the same name, any other key goes to Flask's
    config (e.g. ``TESTING``)."""
    overrides = dict(config or {})
    env = {**os.environ}
    env.update({k: str(v) for k, v in overrides.items() if k.startswith("NORMALISER_")})
    # No static_folder: Flask's default /static route would serve service/api/static/ without
    # the playground's headers; the playground blueprint serves its own assets.
    app = Flask("service.api", static_folder=None)
    app.config.update(
        API_TITLE=TITLE,
        API_VERSION=__version__,
        OPENAPI_VERSION="3.1.0",
        NORMALISER=settings_from_env(env),
        NORMALISER_READY=False,
    )
    app.config.update({k: v for k, v in overrides.items() if not k.startswith("NORMALISER_")})

    api = NormaliserApi(app, spec_kwargs={"marshmallow_plugin": spec_plugin()})
    api.register_field(ReferenceTime, "string", "date-time")
    for blueprint in (normalise_routes.blp, ops_routes.blp, docs_routes.blp):
        api.register_blueprint(blueprint)
    app.register_blueprint(docs_routes.assets)
    app.register_blueprint(playground.blueprint)
    register_error_handlers(app)
    request_hints.install(app)
    hooks.install(app)

    spec = build_spec(app, api)
    app.extensions["normaliser"] = {
        "spec": spec,
        "spec_yaml": dump_yaml(spec).encode("utf-8"),
        "spec_json": dump_json(spec),
    }
    app.config["NORMALISER_READY"] = _self_test()
    metrics.create_series()
    # The probes and the plain JSON POST /v1/normalise are answered ahead of Flask
    # (service.api.probes, service.api.hot_path), inside the metrics middleware so that they
    # are counted like every other request.
    hot = answer_json_pages(app.wsgi_app, app)
    probes = answer_probes(hot, lambda: bool(app.config.get("NORMALISER_READY")))
    app.wsgi_app = metrics.count_in_flight(probes)  # type: ignore[method-assign]
    return app


def _self_test() -> bool:
    try:
        return seed_article()["format"] == "aggregator"
    except Exception:
        log.exception("start-up self-test failed: the service is not ready")
        return False
