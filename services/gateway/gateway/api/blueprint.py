"""The API's blueprints: flask-smorest's, reading each request's arguments with one schema
instance per schema class.

webargs builds a new schema for every request when a route names a schema class
(``@blp.arguments(BookingRequestSchema)``), and building one costs more than the load itself.
A marshmallow schema keeps no state between loads, so one instance serves every request.
"""

import functools

import flask_smorest
from marshmallow import Schema
from webargs.flaskparser import FlaskParser


@functools.cache
def _instance(schema_class: type[Schema]) -> Schema:
    return schema_class()


class SharedSchemaParser(FlaskParser):
    """A ``FlaskParser`` that builds each schema class once."""

    def _get_schema(self, argmap, req):
        if isinstance(argmap, type) and issubclass(argmap, Schema):
            return _instance(argmap)
        return super()._get_schema(argmap, req)


class Blueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = SharedSchemaParser()
