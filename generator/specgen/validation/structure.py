"""The shapes the generator relies on: blocking problems, because no faithful code can be made.

The meta-schema says much more about a document; most of what it says (a field not allowed in a
place, a wrong `description`) the generator can do without, and those are content problems.
This check names what the generator must read to make a client: if `paths` is not a mapping or a
parameter has no `in`, an operation or argument would silently go missing. Whatever is reported
here, the meta-schema's report about the same node is left out.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from specgen.document import jsonpointer
from specgen.document.openapi import COMPONENT_KINDS
from specgen.document.refs import deref
from specgen.document.walk import HTTP_METHODS, iter_operations, listed_parameters
from specgen.validation.context import Context, Finding, Segments, segments

_LOCATIONS_30 = ("path", "query", "header", "cookie")
_API_KEY_LOCATIONS = ("query", "header", "cookie")


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    return "a string" if isinstance(value, str) else "a number"


class _Shapes:
    def __init__(self, context: Context) -> None:
        self.context = context
        self.document = context.document
        self.found: list[Finding] = []

    def report(self, path: Segments, message: str) -> None:
        self.found.append(Finding("structure", path, message))

    def mapping(self, path: Segments, value: Any, what: str) -> bool:
        if isinstance(value, dict):
            return True
        self.report(path, f"{what} must be a mapping, not {_kind(value)}")
        return False

    def schema(self, path: Segments, value: Any) -> None:
        if isinstance(value, bool) and not self.context.is_30:
            return
        self.mapping(path, value, "a schema")

    def run(self) -> list[Finding]:
        document = self.document
        if "info" in document:
            self.mapping(("info",), document["info"], "'info'")
        if "servers" in document:
            self.servers(("servers",), document["servers"])
        if "paths" in document and self.mapping(("paths",), document["paths"], "'paths'"):
            self.paths(document["paths"])
        if "components" in document:
            self.components(document["components"])
        for site in iter_operations(document):
            self.operation(segments(site.pointer), site.operation)
        return self.found

    def servers(self, path: Segments, servers: Any) -> None:
        if not isinstance(servers, list):
            self.report(path, f"'servers' must be a list, not {_kind(servers)}")
            return
        for index, server in enumerate(servers):
            here = (*path, str(index))
            if self.mapping(here, server, "a server") and not isinstance(server.get("url"), str):
                self.report(here, "a server needs a 'url' (a string)")

    def paths(self, paths: dict[str, Any]) -> None:
        for template, item in paths.items():
            if template.startswith("x-"):
                continue
            target = deref(self.document, item, jsonpointer.join("paths", template))
            if not target.resolved:
                continue  # the reference check reports it
            here = segments(target.pointer)
            if not self.mapping(here, target.node, "a path item"):
                continue
            self.parameters(here, target.node)
            for method in HTTP_METHODS:
                if method in target.node:
                    self.mapping((*here, method), target.node[method], f"the {method} operation")

    def parameters(self, owner_path: Segments, owner: dict[str, Any]) -> None:
        listed = owner.get("parameters")
        if listed is None:
            return
        if not isinstance(listed, list):
            message = f"'parameters' must be a list, not {_kind(listed)}"
            self.report((*owner_path, "parameters"), message)
            return
        locations = _LOCATIONS_30 + (("querystring",) if self.context.version == "3.2" else ())
        pointer = jsonpointer.join(*owner_path)
        resolved = {p.listed_at: p for p in listed_parameters(self.document, owner, pointer)}
        for index, entry in enumerate(listed):
            listed_at = (*owner_path, "parameters", str(index))
            site = resolved.get(jsonpointer.join(*listed_at))
            if site is None:
                if not (isinstance(entry, dict) and "$ref" in entry):
                    self.report(listed_at, f"a parameter must be a mapping, not {_kind(entry)}")
                continue  # a broken $ref: the reference check reports it
            here = segments(site.pointer)
            parameter = site.parameter
            if "$ref" in parameter:
                continue
            if not isinstance(parameter.get("name"), str):
                self.report(here, "a parameter needs a 'name' (a string)")
            location = parameter.get("in")
            if location not in locations:
                allowed = ", ".join(locations)
                got = "no 'in'" if location is None else f"'in: {location}'"
                self.report(here, f"a parameter needs 'in' (one of {allowed}); it has {got}")
            if "schema" in parameter:
                self.schema((*here, "schema"), parameter["schema"])
            if "content" in parameter:
                self.content((*here, "content"), parameter["content"])

    def operation(self, path: Segments, operation: dict[str, Any]) -> None:
        self.parameters(path, operation)
        body = operation.get("requestBody")
        if body is not None:
            target = deref(self.document, body, jsonpointer.join(*path, "requestBody"))
            if target.resolved:
                self.request_body(segments(target.pointer), target.node)
        responses = operation.get("responses")
        if responses is None:
            return
        if not self.mapping((*path, "responses"), responses, "'responses'"):
            return
        for status, response in responses.items():
            if str(status).startswith("x-"):
                continue
            if isinstance(response, dict) and "$ref" in response:
                continue  # a component: checked with the components
            self.response((*path, "responses", str(status)), response)

    def request_body(self, path: Segments, body: Any) -> None:
        if not self.mapping(path, body, "a request body"):
            return
        if "content" not in body:
            self.report(path, "a request body needs 'content' (its media types)")
        else:
            self.content((*path, "content"), body["content"])

    def response(self, path: Segments, response: Any) -> None:
        if not self.mapping(path, response, "a response"):
            return
        if "content" in response:
            self.content((*path, "content"), response["content"])
        headers = response.get("headers")
        if headers is not None and self.mapping((*path, "headers"), headers, "'headers'"):
            for name, header in headers.items():
                if isinstance(header, dict) and "schema" in header:
                    self.schema((*path, "headers", name, "schema"), header["schema"])

    def content(self, path: Segments, content: Any) -> None:
        if not self.mapping(path, content, "'content'"):
            return
        for media_type, media in content.items():
            here = (*path, media_type)
            if self.mapping(here, media, f"the media type {media_type!r}") and "schema" in media:
                self.schema((*here, "schema"), media["schema"])

    def components(self, components: Any) -> None:
        if not self.mapping(("components",), components, "'components'"):
            return
        for kind in COMPONENT_KINDS:
            entries = components.get(kind)
            if entries is None:
                continue
            here = ("components", kind)
            if not self.mapping(here, entries, f"'components/{kind}'"):
                continue
            for name, entry in entries.items():
                if name.startswith("x-") and kind != "schemas":
                    continue
                entry_path = (*here, name)
                if kind == "schemas":
                    self.schema(entry_path, entry)
                elif isinstance(entry, dict) and "$ref" in entry:
                    continue
                elif kind == "responses":
                    self.response(entry_path, entry)
                elif kind == "securitySchemes":
                    self.security_scheme(entry_path, entry)
                elif kind == "requestBodies":
                    self.request_body(entry_path, entry)

    def security_scheme(self, path: Segments, scheme: Any) -> None:
        if not self.mapping(path, scheme, "a security scheme"):
            return
        kind = scheme.get("type")
        if not isinstance(kind, str):
            self.report(path, "a security scheme needs a 'type' (a string)")
        elif kind == "apiKey":
            if not isinstance(scheme.get("name"), str):
                self.report(path, "an apiKey security scheme needs a 'name' (a string)")
            if scheme.get("in") not in _API_KEY_LOCATIONS:
                self.report(path, "an apiKey security scheme needs 'in' (query, header or cookie)")
        elif kind == "http" and not isinstance(scheme.get("scheme"), str):
            self.report(path, "an http security scheme needs a 'scheme' (a string)")
        elif kind == "oauth2" and "flows" in scheme:
            self.mapping((*path, "flows"), scheme["flows"], "'flows'")


def check_structure(context: Context) -> Iterator[Finding]:
    found = _Shapes(context).run()
    context.claimed.update(finding.path for finding in found)
    yield from found
