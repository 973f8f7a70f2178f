"""Give every schema that becomes a class its final Python name, before anything else reads it.

The document is rewritten so that:
- every component schema key is the Python class name (PascalCase, unique, not a reserved name),
  and every `$ref` follows the rename;
- inline object/enum/composition schemas of request bodies, responses and properties are hoisted
  into named components (`TicketSource`, `UpdateTicketResponse`), so the IR and the generated models
  agree on class names without guessing what datamodel-code-generator would call them;
- references to primitive components (`Id: {type: string, pattern: ...}`) are replaced by the schema
  itself, so users see `str`, not a wrapper class.

The result is the document the IR is built from; `models.py` derives the model generator's input
from it. Names depend only on the spec names they come from, so they are stable across unrelated
edits.
"""

from __future__ import annotations

import collections
import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from specgen.document import jsonpointer
from specgen.document.schema import (
    Schema,
    is_composition,
    is_enum,
    is_object_with_properties,
    needs_class,
)
from specgen.document.walk import iter_operations
from specgen.ir import naming

SCHEMAS_PREFIX = "#/components/schemas/"

# Class names the models module imports or defines itself; a schema may not take them.
RESERVED_CLASS_NAMES = frozenset(
    {
        "Annotated",
        "Any",
        "AwareDatetime",
        "BaseModel",
        "ClassVar",
        "ConfigDict",
        "DateTime",
        "Enum",
        "Field",
        "IntEnum",
        "Literal",
        "Optional",
        "RequestModel",
        "ResponseModel",
        "RootModel",
        "SpecModel",
        "StrEnum",
        "Union",
        "date",
        "datetime",
        "open_enum_missing",
    }
)


@dataclass(frozen=True, slots=True)
class Prepared:
    document: dict[str, Any]
    # Where each class's schema came from in the original document (JSON pointer).
    origins: dict[str, str]
    # JSON names of the `readOnly` properties left out of each request class (`access`): the
    # client still never sends them when a caller passes them in a dict.
    read_only: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Each request twin of a class used on both sides → the class (`BookingRequest` → `Booking`).
    request_twins: dict[str, str] = field(default_factory=dict)


def prepare(document: dict[str, Any]) -> Prepared:
    doc = copy.deepcopy(document)
    components = doc.setdefault("components", {})
    if not isinstance(components, dict):
        components = doc["components"] = {}
    schemas = components.get("schemas")
    if not isinstance(schemas, dict):
        schemas = {}
    origins: dict[str, str] = {}

    # 1. Component keys become class names.
    taken: set[str] = set(RESERVED_CLASS_NAMES)
    renames: dict[str, str] = {}
    for key in sorted(schemas):
        renames[key] = naming.unique(naming.pascal(key), taken)
    components["schemas"] = {renames[key]: schemas[key] for key in schemas}
    for key, name in renames.items():
        origins[name] = jsonpointer.join("components", "schemas", key)
    rewrite_refs(doc, renames)
    schemas = components["schemas"]

    hoisted: list[str] = []  # the classes made by `hoist` since it was last cleared

    def hoist(schema: Schema, name: str, origin: str) -> dict[str, str]:
        class_name = naming.unique(name, taken)
        schemas[class_name] = schema
        origins[class_name] = origin
        hoisted.append(class_name)
        return {"$ref": SCHEMAS_PREFIX + jsonpointer.escape(class_name)}

    # 2. Inline bodies of operations and of reusable requestBodies/responses.
    for pointer, owner, key, schema, name in list(_body_schemas(doc)):
        if needs_class(schema):
            owner[key] = hoist(schema, name, pointer)
        elif (
            schema.get("type") == "array"
            and isinstance(schema.get("items"), dict)
            and needs_class(schema["items"])
        ):
            schema["items"] = hoist(schema["items"], f"{name}Item", pointer + "/items")

    # 3. Inline classes nested in component schemas (breadth first; hoisted ones are visited too).
    #    (`hoisted` says what each visit added: comparing sets of all the names, as this did,
    #    took a second on Stripe's 5,000 classes.)
    queue = collections.deque(schemas)
    while queue:
        class_name = queue.popleft()
        hoisted.clear()
        _hoist_nested(schemas[class_name], class_name, origins[class_name], hoist)
        queue.extend(sorted(hoisted))

    # 4. Components that are not classes of their own (primitives, arrays, unions, aliases) are
    #    inlined where they are used, so users see `str` or `Card | Account`, not a wrapper.
    #    A union that is a request body on its own stays a class: the client validates the
    #    body against it (`oneOf: [Cat, Dog]` with its discriminator) before sending.
    union_bodies = _union_bodies(doc, schemas)
    candidates = {
        name for name, schema in schemas.items() if _inlinable(schema) and name not in union_bodies
    }
    # A primitive on a cycle of primitives (`Tree: {items: {$ref: Tree}}`) stays a class, so
    # inlining always ends; the others are inlined, nested ones too.
    edges = {name: referenced_names(schemas[name]) & candidates for name in candidates}
    primitives = {name: schemas[name] for name in candidates if not _on_cycle(name, edges)}
    if primitives:
        _inline_refs(doc, primitives)
        for name in primitives:
            del schemas[name]
            origins.pop(name, None)
    return Prepared(document=doc, origins=origins)


def rewrite_refs(node: Any, renames: dict[str, str]) -> None:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(SCHEMAS_PREFIX):
            tokens = jsonpointer.split(jsonpointer.local_ref_pointer(ref))
            if len(tokens) >= 3 and tokens[2] in renames:
                tokens[2] = renames[tokens[2]]
                node["$ref"] = "#" + jsonpointer.join(*tokens)
        discriminator = node.get("discriminator")
        if isinstance(discriminator, dict):
            _rewrite_mapping(node, discriminator, renames)
        for value in node.values():
            rewrite_refs(value, renames)
    elif isinstance(node, list):
        for item in node:
            rewrite_refs(item, renames)


def _rewrite_mapping(
    node: dict[str, Any], discriminator: dict[str, Any], renames: dict[str, str]
) -> None:
    """A discriminator's mapping names schemas too (Adyen's `upi_collect:
    #/components/schemas/UPIPaymentMethod`, a class renamed UpiPaymentMethod): left as it was,
    the tag became the class name. A member named only implicitly (by its schema's name, no
    mapping entry) keeps that name as its tag through an explicit entry."""
    raw = discriminator.get("mapping")
    mapping: dict[str, Any] = dict(raw) if isinstance(raw, dict) else {}
    for tag, target in mapping.items():
        if isinstance(target, str) and target in renames:
            mapping[tag] = SCHEMAS_PREFIX + jsonpointer.escape(renames[target])
        elif isinstance(target, str) and target.startswith(SCHEMAS_PREFIX):
            holder = {"$ref": target}
            rewrite_refs(holder, renames)
            mapping[tag] = holder["$ref"]
    mapped = {target for target in mapping.values() if isinstance(target, str)}
    for key in ("oneOf", "anyOf"):
        for member in node.get(key) or []:
            ref = member.get("$ref") if isinstance(member, dict) else None
            if not (isinstance(ref, str) and ref.startswith(SCHEMAS_PREFIX)):
                continue
            tokens = jsonpointer.split(jsonpointer.local_ref_pointer(ref))
            if len(tokens) != 3 or renames.get(tokens[2], tokens[2]) == tokens[2]:
                continue  # not renamed: its implicit tag is its class name already
            renamed = SCHEMAS_PREFIX + jsonpointer.escape(renames[tokens[2]])
            if renamed not in mapped:
                mapping.setdefault(tokens[2], renamed)
    if mapping or isinstance(raw, dict):
        discriminator["mapping"] = mapping


def _body_schemas(doc: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any], str, Schema, str]]:
    """(pointer, owner, key, schema, class name) for each inline media-type schema of a body."""
    for site in iter_operations(doc):
        operation, op_pointer = site.operation, site.pointer
        base = naming.pascal(operation.get("operationId") or f"{site.method} {site.template}")
        body = operation.get("requestBody")
        if isinstance(body, dict):
            yield from _media_schemas(body, f"{op_pointer}/requestBody", f"{base}Request")
        responses = operation.get("responses") or {}
        statuses = [str(s) for s in responses if isinstance(responses[s], dict)]
        first_success = min((s for s in statuses if s.startswith("2")), default=None)
        for status in statuses:
            if status == first_success:
                name = f"{base}Response"
            elif status.startswith("2"):
                name = f"{base}Response{status}"
            else:
                name = f"{base}Error{naming.pascal(status) if status == 'default' else status}"
            yield from _media_schemas(
                responses[status], jsonpointer.append(op_pointer, "responses", status), name
            )
    components = doc.get("components") or {}
    for kind, suffix in (("requestBodies", "Request"), ("responses", "Response")):
        for key, value in (components.get(kind) or {}).items():
            if isinstance(value, dict):
                pointer = jsonpointer.join("components", kind, key)
                yield from _media_schemas(value, pointer, f"{naming.pascal(key)}{suffix}")


def _media_schemas(
    owner: dict[str, Any], pointer: str, name: str
) -> Iterator[tuple[str, dict[str, Any], str, Schema, str]]:
    content = owner.get("content")
    if not isinstance(content, dict):
        return
    media_types = [m for m in content if isinstance(content[m], dict)]
    for media_type in media_types:
        media = content[media_type]
        schema = media.get("schema")
        if isinstance(schema, dict) and "$ref" not in schema:
            # One class per body: further media types with an equal schema share it.
            yield (
                jsonpointer.append(pointer, "content", media_type, "schema"),
                media,
                "schema",
                schema,
                name,
            )
            name = f"{name}{naming.pascal(media_type)}"


def _hoist_nested(
    schema: Schema,
    class_name: str,
    origin: str,
    hoist: Callable[[Schema, str, str], dict[str, str]],
) -> None:
    properties = schema.get("properties")
    if isinstance(properties, dict):
        for prop, sub in list(properties.items()):
            if isinstance(sub, dict):
                name = class_name + naming.pascal(prop)
                properties[prop] = _hoisted(
                    sub, name, f"{origin}/properties/{jsonpointer.escape(prop)}", hoist
                )
    for key in ("items", "additionalProperties"):
        sub = schema.get(key)
        if isinstance(sub, dict):
            suffix = "Item" if key == "items" else "Value"
            schema[key] = _hoisted(sub, class_name + suffix, f"{origin}/{key}", hoist)
    for key in ("allOf", "anyOf", "oneOf"):
        members = schema.get(key)
        if not isinstance(members, list):
            continue
        for index, sub in enumerate(members):
            if not isinstance(sub, dict) or "$ref" in sub:
                continue
            member_origin = f"{origin}/{key}/{index}"
            if key != "allOf" and (is_object_with_properties(sub) or is_enum(sub)):
                # A union's object members get names of their own: the union itself may be
                # inlined where it is used (step 4), and the IR must name its parts.
                members[index] = hoist(sub, f"{class_name}Option{index + 1}", member_origin)
            else:
                # allOf members are merged into the class; only their nested objects need names.
                _hoist_nested(sub, class_name, member_origin, hoist)


def _hoisted(
    sub: Schema, name: str, origin: str, hoist: Callable[[Schema, str, str], dict[str, str]]
) -> Schema:
    """`sub`, or a $ref to a new component holding it; nullable wrappers keep their null."""
    if "$ref" in sub:
        return sub
    if is_object_with_properties(sub) or is_enum(sub):
        return hoist(sub, name, origin)
    if is_composition(sub):
        for key in ("anyOf", "oneOf"):
            members = sub.get(key)
            if isinstance(members, list):
                classes = [
                    m for m in members if isinstance(m, dict) and needs_class(m) and "$ref" not in m
                ]
                for index, member in enumerate(members):
                    if member in classes:
                        member_name = name if len(classes) == 1 else f"{name}{index + 1}"
                        members[index] = hoist(member, member_name, f"{origin}/{key}/{index}")
        return sub
    if sub.get("type") == "array" or "items" in sub:
        items = sub.get("items")
        if isinstance(items, dict):
            sub["items"] = _hoisted(items, f"{name}Item", f"{origin}/items", hoist)
    elif isinstance(sub.get("additionalProperties"), dict):
        sub["additionalProperties"] = _hoisted(
            sub["additionalProperties"], f"{name}Value", f"{origin}/additionalProperties", hoist
        )
    return sub


def _union_bodies(doc: dict[str, Any], schemas: dict[str, Any]) -> set[str]:
    """Union schemas used directly as a request body and nowhere inside another schema."""
    used_in_schemas = set().union(*(referenced_names(s) for s in schemas.values()))
    found: set[str] = set()
    bodies = [site.operation.get("requestBody") for site in iter_operations(doc)]
    bodies += list(((doc.get("components") or {}).get("requestBodies") or {}).values())
    for body in bodies:
        content = body.get("content") if isinstance(body, dict) else None
        for media in (content or {}).values() if isinstance(content, dict) else ():
            schema = media.get("schema") if isinstance(media, dict) else None
            ref = schema.get("$ref") if isinstance(schema, dict) else None
            if isinstance(ref, str) and ref.startswith(SCHEMAS_PREFIX):
                name = jsonpointer.unescape(ref.removeprefix(SCHEMAS_PREFIX))
                target = schemas.get(name)
                if (
                    isinstance(target, dict)
                    and any(isinstance(target.get(k), list) for k in ("oneOf", "anyOf"))
                    and not is_object_with_properties(target)
                    and name not in used_in_schemas
                ):
                    found.add(name)
    return found


def _inlinable(schema: Schema) -> bool:
    if is_object_with_properties(schema) or is_enum(schema):
        return False
    all_of = schema.get("allOf")
    return not (isinstance(all_of, list) and len(all_of) > 1)


def _on_cycle(start: str, edges: dict[str, set[str]]) -> bool:
    stack, seen = list(edges[start]), set()
    while stack:
        name = stack.pop()
        if name == start:
            return True
        if name not in seen:
            seen.add(name)
            stack.extend(edges.get(name, ()))
    return False


def referenced_names(node: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(SCHEMAS_PREFIX):
            found.add(jsonpointer.split(jsonpointer.local_ref_pointer(ref))[2])
        for value in node.values():
            found |= referenced_names(value)
    elif isinstance(node, list):
        for item in node:
            found |= referenced_names(item)
    return found


def _inline_refs(node: Any, primitives: dict[str, Schema]) -> Any:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(SCHEMAS_PREFIX):
            name = jsonpointer.unescape(ref[len(SCHEMAS_PREFIX) :])
            if name in primitives:
                replacement = copy.deepcopy(primitives[name])
                siblings = {k: v for k, v in node.items() if k != "$ref"}
                node.clear()
                node.update(replacement)
                node.update(siblings)  # 3.1: keywords beside $ref (description) win
        for value in node.values():
            _inline_refs(value, primitives)
    elif isinstance(node, list):
        for item in node:
            _inline_refs(item, primitives)
    return node
