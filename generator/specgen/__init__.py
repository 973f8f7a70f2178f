"""specgen: an OpenAPI document in, a typed Python client, models and contract tests out."""

__version__ = "0.1.0"
