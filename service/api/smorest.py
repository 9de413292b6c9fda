"""flask-smorest/apispec set up for this API: problem+json errors, closed objects, 3.1 refs.

>>> spec_plugin().Converter.__name__
'ClosedObjectConverter'
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from apispec.ext.marshmallow import MarshmallowPlugin, OpenAPIConverter
from apispec.ext.marshmallow.common import resolve_schema_instance
from flask_smorest import Api, Blueprint
from marshmallow import EXCLUDE, INCLUDE

from service.api.fields import alternatives2properties
from service.api.problems import PROBLEM_MEDIA_TYPE
from service.api.schemas import ProblemSchema


class NormaliserApi(Api):
    """flask-smorest's Api with problem+json errors and no generic ``default`` response."""

    ERROR_SCHEMA = ProblemSchema
    DEFAULT_ERROR_RESPONSE_NAME = None


class ClosedObjectConverter(OpenAPIConverter):
    """States ``additionalProperties`` for every schema (apispec omits it when a schema has
    a description), so the spec says exactly which keys requests and answers may hold."""

    def schema2jsonschema(self, schema: Any) -> dict[str, Any]:
        jsonschema = super().schema2jsonschema(schema)
        unknown = resolve_schema_instance(schema).unknown
        if unknown != EXCLUDE:
            jsonschema["additionalProperties"] = unknown == INCLUDE
        return jsonschema


class NormaliserPlugin(MarshmallowPlugin):
    Converter = ClosedObjectConverter

    def init_spec(self, spec: Any) -> None:
        super().init_spec(spec)
        self.converter.add_attribute_function(alternatives2properties)


def spec_plugin() -> NormaliserPlugin:
    return NormaliserPlugin()


View = Callable[..., Any]


def doc_only(*decorators: Callable[[View], View]) -> Callable[[View], View]:
    """Apply flask-smorest's ``response``/``alt_response`` decorators for the OpenAPI text they
    record, and leave the view itself unwrapped.

    Every view here returns a finished ``Response``, which those wrappers only pass through,
    at the cost of a call and a coroutine check each on every request: on the hot path that
    is measurable. Listed top to bottom as they would be stacked.
    """

    def decorate(view: View) -> View:
        documented = view
        for decorator in reversed(decorators):
            documented = decorator(documented)
        view._apidoc = documented._apidoc  # type: ignore[attr-defined]
        return view

    return decorate


def doc(**kwargs: Any) -> Callable[[View], View]:
    """``Blueprint.doc``'s OpenAPI text (summary, description, request body...) without its
    wrapper, which would otherwise run on every request (see ``doc_only``)."""
    return doc_only(Blueprint.doc(**kwargs))


def problem_docs(blp: Blueprint, **descriptions: str) -> list[Callable[[View], View]]:
    """``alt_response`` decorators documenting problem+json answers: ``s422="why"``."""
    return [
        blp.alt_response(
            int(key[1:]),
            schema=ProblemSchema,
            content_type=PROBLEM_MEDIA_TYPE,
            description=text,
        )
        for key, text in sorted(descriptions.items())
    ]
