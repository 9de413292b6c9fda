"""The spec (``/openapi.yaml``, ``/openapi.json``) and Swagger UI (``/docs``), served offline.

Swagger UI's assets come from the ``flask-swagger-ui`` package (Swagger UI 5, which reads
OpenAPI 3.1; the ``swagger-ui-bundle`` package still ships Swagger UI 4, which cannot).
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from flask import Blueprint as FlaskBlueprint
from flask import Response, current_app, send_from_directory, url_for
from flask_smorest import Blueprint

from service.api.smorest import doc, doc_only

blp = Blueprint(
    "documentation", __name__, description="This API's own description, and a UI to try it."
)
assets = FlaskBlueprint("docs_assets", __name__)

_PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{title}</title>
  <link rel="stylesheet" href="{assets}/swagger-ui.css">
  <link rel="icon" type="image/png" href="{assets}/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="{assets}/swagger-ui-bundle.js"></script>
  <script>
    window.ui = SwaggerUIBundle({{
      url: "{spec}", dom_id: "#swagger-ui", deepLinking: true,
      presets: [SwaggerUIBundle.presets.apis], layout: "BaseLayout",
      defaultModelsExpandDepth: 0, tryItOutEnabled: true
    }});
  </script>
</body>
</html>
"""


@cache
def swagger_ui_dir() -> Path:
    """Directory of Swagger UI's built assets inside the installed package."""
    return Path(str(resources.files("flask_swagger_ui") / "dist"))


def _spec_text(key: str) -> bytes:
    return current_app.extensions["normaliser"][key]


@blp.route("/openapi.yaml", methods=["GET"])
@doc(
    operationId="openapiYaml",
    summary="This OpenAPI document (YAML)",
    description="Identical to the `openapi.yaml` committed with the service.",
)
@doc_only(
    blp.response(
        200,
        {"type": "object", "description": "The OpenAPI 3.1 document."},
        content_type="application/yaml",
        description="The OpenAPI document.",
    ),
)
def openapi_yaml() -> Response:
    return Response(_spec_text("spec_yaml"), status=200, mimetype="application/yaml")


@blp.route("/openapi.json", methods=["GET"])
@doc(
    operationId="openapiJson",
    summary="This OpenAPI document (JSON)",
    description="The same document as `/openapi.yaml`, as JSON.",
)
@doc_only(
    blp.response(
        200,
        {"type": "object", "description": "The OpenAPI 3.1 document."},
        content_type="application/json",
        description="The OpenAPI document.",
    ),
)
def openapi_json() -> Response:
    return Response(_spec_text("spec_json"), status=200, mimetype="application/json")


@blp.route("/docs", methods=["GET"])
@doc(
    operationId="docs",
    summary="Interactive documentation",
    description="Swagger UI for this API; its assets are served by the service itself, so it "
    "works with no internet access.",
)
@doc_only(
    blp.response(
        200,
        {"type": "string", "description": "An HTML page."},
        content_type="text/html",
        description="Swagger UI.",
    ),
)
def docs() -> Response:
    page = _PAGE.format(
        title=current_app.config["API_TITLE"],
        assets=url_for("docs_assets.asset", filename="swagger-ui.css").rsplit("/", 1)[0],
        spec=url_for("documentation.openapi_json"),
    )
    return Response(page, status=200, mimetype="text/html")


@assets.route("/docs/assets/<path:filename>", methods=["GET"])
def asset(filename: str) -> Response:
    """Swagger UI's JS/CSS (not in the spec: static files)."""
    return send_from_directory(swagger_ui_dir(), filename, max_age=86400)
