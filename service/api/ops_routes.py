"""Operations: ``/healthz`` (alive), ``/readyz`` (ready to serve), ``/metrics`` (Prometheus)."""

from __future__ import annotations

from flask import Response, current_app
from flask_smorest import Blueprint

from service import __version__
from service.api import metrics
from service.api.problems import PROBLEM_MEDIA_TYPE, Problem
from service.api.schemas import HealthSchema, ProblemSchema, ReadySchema
from service.api.smorest import doc, doc_only

blp = Blueprint("operations", __name__, description="Probes and metrics for operators.")

#: The probes' answers (``service.api.probes`` answers them ahead of Flask with these bodies).
HEALTHY_BODY = b'{"status":"ok"}'
READY_BODY = b'{"status":"ready","version":"' + __version__.encode() + b'"}'


@blp.route("/healthz", methods=["GET"])
@doc(
    operationId="healthz",
    summary="Liveness probe",
    description="Answers as long as the worker process serves requests; does no work.",
)
@doc_only(
    blp.response(200, HealthSchema, description="Alive.", example={"status": "ok"}),
)
def healthz() -> Response:
    return Response(HEALTHY_BODY, status=200, mimetype="application/json")


@blp.route("/readyz", methods=["GET"])
@doc(
    operationId="readyz",
    summary="Readiness probe",
    description="Ready once this worker has normalised the example page at start-up.",
)
@doc_only(
    blp.response(
        200, ReadySchema, description="Ready.", example={"status": "ready", "version": __version__}
    ),
    blp.alt_response(
        503, schema=ProblemSchema, content_type=PROBLEM_MEDIA_TYPE, description="Not ready."
    ),
)
def readyz() -> Response:
    if not current_app.config.get("NORMALISER_READY"):
        raise Problem("not-ready", "the start-up self-test failed; see the service log")
    return Response(READY_BODY, status=200, mimetype="application/json")


@blp.route("/metrics", methods=["GET"])
@doc(
    operationId="metrics",
    summary="Prometheus metrics",
    description="Request counts and latency by route and status, pages normalised by mode "
    "and format, pages refused by status, and batch sizes; merged across all gunicorn "
    "workers.",
)
@doc_only(
    blp.response(
        200,
        {"type": "string", "description": "Prometheus text exposition format 0.0.4."},
        content_type="text/plain",
        description="Metrics in the Prometheus text format.",
    ),
)
def prometheus_metrics() -> Response:
    payload, content_type = metrics.render()
    return Response(payload, status=200, content_type=content_type)
