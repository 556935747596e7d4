"""The gateway: the Flask REST API (/api/v1), its OpenAPI document, authentication and health."""
