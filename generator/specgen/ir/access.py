"""`readOnly` and `writeOnly`: one faithful shape of a schema per direction of the exchange.

A `readOnly` property is the server's (an `id`, a `created_at`): a request never carries it, so a
request model must neither require nor accept it as a field. A `writeOnly` one is the client's (a
`password`): a response should not carry it, so a response model must not demand it; it stays an
optional field, since documents do show it in responses (train-travel's card `cvc` example) and
a server that echoes it is then still read into a typed field. One class for both sides forced
callers to send server-owned fields, or failed on conforming responses.

After `hoist.prepare`, every class is a component, so the shapes are decided on components:
- a class used by responses (or by nothing) keeps its name, its `writeOnly` properties optional;
- a class used by requests only keeps its name, without its `readOnly` properties;
- a class used on both sides whose request shape differs (it has a flagged property, or refers,
  through properties, items, allOf..., to a class that differs) gets a request twin named
  `<Name>Request` beside it, and request bodies refer to the twin. Classes where neither keyword
  appears (in themselves or in what they refer to) are left exactly as they were.

A property is flagged when its schema says so, or the schema its `$ref` (or a one-member allOf
wrapper, 3.0's way of annotating a `$ref`) names. Names required by a class and flagged in an
allOf base are dropped from its `required` too.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from specgen.document import jsonpointer
from specgen.document.walk import iter_operations
from specgen.ir import naming
from specgen.ir.hoist import RESERVED_CLASS_NAMES, SCHEMAS_PREFIX, Prepared, referenced_names
from specgen.ir.hoist import rewrite_refs as _rewrite_refs
from specgen.ir.models import model_uses

READ, WRITE = "readOnly", "writeOnly"
# The suffix of a class's request twin, as inline request bodies are named (`CreateUserRequest`).
REQUEST_SUFFIX = "Request"


def split_by_direction(prepared: Prepared) -> Prepared:
    """`prepared` with each class in the shape of the direction(s) it is used in (see above)."""
    doc = prepared.document
    schemas: dict[str, Any] = doc["components"]["schemas"]
    in_request, in_response = model_uses(doc)
    flagged = {
        name: (
            _flagged(name, READ, schemas, set()),
            _flagged(name, WRITE, schemas, set()) & _required(schemas[name], schemas),
        )
        for name in schemas
    }
    if not any(read or write for read, write in flagged.values()):
        return prepared
    differs = _differing({n for n in in_request & in_response if n in schemas}, flagged, schemas)
    taken = set(schemas) | set(RESERVED_CLASS_NAMES)
    twins = {name: naming.unique(name + REQUEST_SUFFIX, taken) for name in sorted(differs)}

    origins = dict(prepared.origins)
    read_only: dict[str, tuple[str, ...]] = {}
    result: dict[str, Any] = {}
    for name, schema in schemas.items():
        read, write = flagged[name]
        sent = name in in_request and (name in twins or name not in in_response)
        if sent:  # its request shape: a twin beside the class, or the class itself
            request = copy.deepcopy(schema) if name in twins else schema
            _strip(request, READ, read, schemas, drop_properties=True)
            _rewrite_refs(request, twins)
            request_name = twins.get(name, name)
            read_only[request_name] = tuple(sorted(read))
            if name in twins:
                origins[request_name] = origins.get(name, _pointer(name))
        if name in in_response:
            _strip(schema, WRITE, write, schemas, drop_properties=False)
        if name in in_response or name not in in_request:  # read, or unused: keeps its name
            result[name] = schema
        if sent:
            result[request_name] = request
    doc["components"]["schemas"] = result
    for body in _request_bodies(doc):
        _rewrite_refs(body, twins)
    return Prepared(
        document=doc,
        origins=origins,
        read_only={**prepared.read_only, **read_only},
        request_twins={twin: name for name, twin in twins.items()},
    )


def _pointer(name: str) -> str:
    return jsonpointer.join("components", "schemas", name)


def _target(schema: Any, schemas: dict[str, Any]) -> Any:
    """The component a `$ref` names, or `schema` itself."""
    ref = schema.get("$ref") if isinstance(schema, dict) else None
    if isinstance(ref, str) and ref.startswith(SCHEMAS_PREFIX):
        return schemas.get(jsonpointer.unescape(ref.removeprefix(SCHEMAS_PREFIX)))
    return schema


def _carries(schema: Any, flag: str, schemas: dict[str, Any]) -> bool:
    """Whether a property's schema carries `flag` (itself, through its `$ref`, or through the
    members of an allOf wrapper)."""
    if not isinstance(schema, dict):
        return False
    if schema.get(flag) is True:
        return True
    target = _target(schema, schemas)
    if target is not schema and isinstance(target, dict) and target.get(flag) is True:
        return True
    members = schema.get("allOf")
    return isinstance(members, list) and any(
        isinstance(m, dict) and (m.get(flag) is True or _flag_of(_target(m, schemas), flag))
        for m in members
    )


def _flag_of(schema: Any, flag: str) -> bool:
    return isinstance(schema, dict) and schema.get(flag) is True


def _object_parts(schema: Any) -> Iterator[dict[str, Any]]:
    """The schema and its inline allOf members: the parts of its class's own properties (a
    `$ref`'d member is a base class, with a shape of its own)."""
    if not isinstance(schema, dict):
        return
    yield schema
    for member in schema.get("allOf") or ():
        if isinstance(member, dict) and "$ref" not in member:
            yield from _object_parts(member)


def _flagged(name: str, flag: str, schemas: dict[str, Any], seen: set[str]) -> frozenset[str]:
    """The property names of class `name` that carry `flag`, its allOf bases' included."""
    found: set[str] = set()
    schema = schemas.get(name)
    if name in seen or not isinstance(schema, dict):
        return frozenset()
    seen.add(name)
    for part in _object_parts(schema):
        properties = part.get("properties")
        if isinstance(properties, dict):
            found |= {str(p) for p, sub in properties.items() if _carries(sub, flag, schemas)}
        for member in part.get("allOf") or ():
            ref = member.get("$ref") if isinstance(member, dict) else None
            if isinstance(ref, str) and ref.startswith(SCHEMAS_PREFIX):
                base = jsonpointer.unescape(ref.removeprefix(SCHEMAS_PREFIX))
                found |= _flagged(base, flag, schemas, seen)
    return frozenset(found)


def _differing(
    both: set[str],
    flagged: dict[str, tuple[frozenset[str], frozenset[str]]],
    schemas: dict[str, Any],
) -> set[str]:
    """The classes used on both sides whose request shape is not their response shape."""
    edges = {name: referenced_names(schemas[name]) & both for name in both}
    differs = {name for name in both if flagged[name][0] or flagged[name][1]}
    changed = True
    while changed:  # a class referring to one that differs differs too (cycles included)
        changed = False
        for name in sorted(both - differs):
            if edges[name] & differs:
                differs.add(name)
                changed = True
    return differs


def _required(schema: Any, schemas: dict[str, Any]) -> frozenset[str]:
    """The names the class's own parts require."""
    return frozenset(
        str(name)
        for part in _object_parts(schema)
        for name in part.get("required") or ()
        if isinstance(part.get("required"), list)
    )


def _strip(
    schema: Any, flag: str, names: frozenset[str], schemas: dict[str, Any], *, drop_properties: bool
) -> None:
    """Drop `names` from the `required` of the class's own parts (and from the key sets of
    presence-only unions), and with `drop_properties` the `flag` properties themselves."""
    if not names:
        return
    for part in _object_parts(schema):
        properties = part.get("properties")
        if drop_properties and isinstance(properties, dict):
            for prop in [p for p, sub in properties.items() if _carries(sub, flag, schemas)]:
                del properties[prop]
        _drop_required(part, names)
        for key in ("anyOf", "oneOf"):
            for member in part.get(key) or ():
                if isinstance(member, dict) and "$ref" not in member:
                    _drop_required(member, names)


def _drop_required(part: dict[str, Any], names: frozenset[str]) -> None:
    required = part.get("required")
    if isinstance(required, list):
        kept = [r for r in required if r not in names]
        if kept:
            part["required"] = kept
        else:
            del part["required"]


def _request_bodies(doc: dict[str, Any]) -> Iterator[Any]:
    """The media-type maps of every request body (of operations, and reusable ones)."""
    for site in iter_operations(doc):
        body = site.operation.get("requestBody")
        if isinstance(body, dict) and "$ref" not in body:
            yield body.get("content")
    for body in ((doc.get("components") or {}).get("requestBodies") or {}).values():
        if isinstance(body, dict):
            yield body.get("content")
