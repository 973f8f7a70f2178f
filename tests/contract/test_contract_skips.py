"""Every skip of the generated contract tests has a good reason (issue 8: "No Unsatisfiable:
strategies can always draw a value. A schema that truly admits none is skipped, with a reason
naming the schema").

Small documents, each generated and its contract tests run in a fresh pytest process: a
satisfiable schema is drawn from (not skipped as "no valid value could be drawn"), a schema that
admits no value is skipped naming why, and a test with nothing to check is not collected.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from tests.support.contract import generate_client, outcome, run_contract_tests

_NULLABLE_OBJECT = {
    "type": ["object", "null"],
    "properties": {"a": {"type": "string"}, "b": {"type": ["integer", "null"]}},
}


def _document(paths: dict[str, Any], schemas: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Skips", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": paths,
        "components": {"schemas": schemas or {}},
    }


def _run(tmp_path: Path, document: dict[str, Any]) -> tuple[dict[str, int], list[str], str]:
    tmp_path.mkdir(parents=True, exist_ok=True)
    spec = tmp_path / "openapi.yaml"
    spec.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    out = generate_client(spec, tmp_path / "out")
    result = run_contract_tests(out, "-rA", max_examples=10)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    lines = result.stdout.splitlines()
    skips = [line for line in lines if line.startswith("SKIPPED")]
    return outcome(result), skips, result.stdout


def test_a_form_whose_fields_may_be_null_is_drawn_as_a_form_can_send_it(tmp_path: Path) -> None:
    """Required `type: [object, null]` fields (openapi-python-client's upload) and nullable
    lists: a form cannot send null, nor an empty object, so most values drawn from the schema as
    it stands are unsendable, and the draw failed by chance. Narrowed first, it cannot fail."""
    fields = {f"part{i}": _NULLABLE_OBJECT for i in range(6)}
    fields["numbers"] = {"type": ["array", "null"], "items": {"type": ["integer", "null"]}}
    fields["file"] = {"type": "string", "format": "binary"}
    body = {"type": "object", "required": sorted(fields), "properties": fields}
    document = _document(
        {
            "/upload": {
                "post": {
                    "operationId": "upload",
                    "requestBody": {
                        "required": True,
                        "content": {
                            "multipart/form-data": {
                                "schema": {"$ref": "#/components/schemas/Upload"}
                            }
                        },
                    },
                    "responses": {"204": {"description": "done"}},
                }
            }
        },
        {"Upload": body},
    )
    _, skips, stdout = _run(tmp_path, document)
    assert not [s for s in skips if "live mode" not in s], skips
    assert "drawn" not in "".join(skips) and "Unsatisfiable" not in stdout
    passed = [line for line in stdout.splitlines() if line.startswith("PASSED")]
    assert any("test_drawn_bodies_conform" in line for line in passed), passed
    assert sum("upload" in line for line in passed) >= 4, passed


def test_a_ref_inside_an_extension_does_not_lose_the_schema(tmp_path: Path) -> None:
    """Spotify's `x-spotify-policy-list` holds `$ref`s into a file that is not there: an
    extension is no schema keyword, and the response schema around it is drawn from."""
    track = {
        "type": "object",
        "required": ["name"],
        "properties": {
            "name": {"type": "string", "x-policy": [{"$ref": "#/components/x-policies/Missing"}]}
        },
    }
    document = _document(
        {
            "/track": {
                "get": {
                    "operationId": "getTrack",
                    "responses": {
                        "200": {
                            "description": "a track",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Track"}
                                }
                            },
                        }
                    },
                }
            }
        },
        {"Track": track},
    )
    counts, skips, _ = _run(tmp_path, document)
    assert not [s for s in skips if "live mode" not in s], skips
    assert counts.get("passed", 0) >= 4, counts


def test_a_schema_that_admits_no_value_is_skipped_naming_why(tmp_path: Path) -> None:
    """`oneOf: [A, A]` admits no value (each value matches both); a required query parameter
    whose items can only be null has no wire form. Both are said, not "could not be drawn"."""
    model = {"type": "object", "properties": {"x": {"type": "string"}}}
    twins = {"oneOf": [{"$ref": "#/components/schemas/Model"}] * 2}
    body = {"required": True, "content": {"application/json": {"schema": twins}}}
    document = _document(
        {
            "/twins": {
                "post": {
                    "operationId": "twins",
                    "requestBody": body,
                    "responses": {"204": {"description": "done"}},
                }
            },
            "/nulls": {
                "get": {
                    "operationId": "nulls",
                    "parameters": [
                        {
                            "name": "nothing",
                            "in": "query",
                            "required": True,
                            "schema": {"type": "array", "items": {"enum": [None]}},
                        }
                    ],
                    "responses": {"204": {"description": "done"}},
                }
            },
        },
        {"Model": model},
    )
    _, skips, _ = _run(tmp_path, document)
    reasons = "\n".join(skips)
    assert "could not be drawn" not in reasons, reasons
    assert "its oneOf lists the same schema twice (#/components/schemas/Model)" in reasons
    assert "query parameter nothing" in reasons and "allows only null" in reasons, reasons


def test_nothing_to_check_is_not_collected(tmp_path: Path) -> None:
    """A document without operations: one skip that says so, not one per framework test. With
    operations and live mode off: one live skip for all of them, none for what the spec lacks
    (a request body, nullable properties)."""
    _, skips, _ = _run(tmp_path / "none", _document({}, {"Thing": {"type": "object"}}))
    assert len(skips) == 1 and "the spec has no operations" in skips[0], skips

    get = {"responses": {"204": {"description": "done"}}}
    paths = {f"/items{i}": {"get": {**get, "operationId": f"get{i}"}} for i in range(3)}
    counts, skips, _ = _run(tmp_path / "three", _document(paths))
    assert counts.get("skipped") == 1, (counts, skips)
    assert "live mode is off" in skips[0] and "(3 operations)" in skips[0], skips


def test_a_text_response_is_served_with_a_body(tmp_path: Path) -> None:
    """A `text/plain` string response: the simplest string is "", an empty body, which
    openapi-core reads as no body ("Missing response data") and the test skipped. A non-empty
    string is served and checked."""
    text = {"text/plain": {"schema": {"type": "string"}}}
    responses = {
        "200": {"description": "text", "content": text},
        "404": {"description": "not found", "content": text},
    }
    document = _document({"/text": {"get": {"operationId": "getText", "responses": responses}}})
    counts, skips, _ = _run(tmp_path, document)
    assert not [s for s in skips if "live mode" not in s], skips
    assert counts.get("passed", 0) >= 6, counts


def test_a_required_undeclared_property_is_given_as_extra_body(tmp_path: Path) -> None:
    """Spotify's `uris`: required, not among the properties, so no keyword. Given by keywords,
    the body's other properties are keywords and it goes in `extra_body=`; the case was skipped
    ("has properties the method offers no keyword for")."""
    body = {
        "type": "object",
        "required": ["uris"],
        "properties": {"position": {"type": "integer"}},
    }
    content = {"application/json": {"schema": body}}
    operation = {
        "operationId": "addItems",
        "requestBody": {"required": True, "content": content},
        "responses": {"204": {"description": "done"}},
    }
    _, skips, stdout = _run(tmp_path, _document({"/items": {"post": operation}}))
    assert not [s for s in skips if "live mode" not in s], skips
    passed = [line for line in stdout.splitlines() if line.startswith("PASSED")]
    assert any("schema examples, keywords" in line for line in passed), passed


def test_a_read_only_parameter_schema_is_named(tmp_path: Path) -> None:
    """GitHub's `alert_number` path parameter: its schema says `readOnly: true`, and OpenAPI's
    validators (openapi-core too) refuse every value of it in a request. Said, not "could not be
    drawn" (88 skips)."""
    document = _document(
        {
            "/alerts/{alert_number}": {
                "get": {
                    "operationId": "getAlert",
                    "parameters": [
                        {
                            "name": "alert_number",
                            "in": "path",
                            "required": True,
                            "schema": {"$ref": "#/components/schemas/alert-number"},
                        }
                    ],
                    "responses": {"204": {"description": "done"}},
                }
            }
        },
        {"alert-number": {"type": "integer", "readOnly": True}},
    )
    document["openapi"] = "3.0.3"
    _, skips, _ = _run(tmp_path, document)
    reasons = "\n".join(skips)
    assert "could not be drawn" not in reasons, reasons
    assert "path parameter alert_number" in reasons and "`readOnly: true`" in reasons, reasons


def test_ranges_and_default_are_served_as_a_status_they_cover(tmp_path: Path) -> None:
    """`2XX`, `4XX` and `default` were skipped ("not one status to serve"): each is served as
    a status that it alone covers (201, 400, 500 here), and the client must parse or raise
    as it documents. `1XX` and `3XX` stay skipped, saying why."""
    problem = {"type": "object", "required": ["code"], "properties": {"code": {"type": "string"}}}
    thing = {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}}

    def json_response(schema: dict[str, Any]) -> dict[str, Any]:
        return {"description": "r", "content": {"application/json": {"schema": schema}}}

    responses = {
        "200": json_response(thing),
        "2XX": json_response(thing),
        "404": json_response(problem),
        "4XX": json_response(problem),
        "default": json_response(problem),
        "3XX": {"description": "a redirect"},
    }
    document = _document(
        {"/things": {"get": {"operationId": "listThings", "responses": responses}}}
    )
    _, skips, stdout = _run(tmp_path, document)
    reasons = "\n".join(skips)
    passed = [line for line in stdout.splitlines() if line.startswith("PASSED")]
    for status in ("2XX", "4XX", "default"):
        assert any(f"[{status} value from the schema]" in line for line in passed), (status, passed)
        assert f"status '{status}'" not in reasons, reasons
    assert "status '3XX' is a range or default with no status to serve" in reasons, reasons


def test_stripe_like_gets_have_nothing_to_draw_and_unsendable_options_left_out(
    tmp_path: Path,
) -> None:
    """Stripe's GETs: an optional form body that declares no field and allows none (its one
    value is the empty form, no body), and an optional query parameter that is a list of objects
    (no wire form in a query). The drawn-bodies test is not collected for such a body (484
    skips, "no valid value could be drawn"); the call with every parameter leaves the
    unsendable one out instead of being skipped."""
    fieldless = {"type": "object", "properties": {}, "additionalProperties": False}
    lines = {
        "type": "array",
        "items": {"type": "object", "properties": {"amount": {"type": "integer"}}},
    }
    operation = {
        "operationId": "listThings",
        "parameters": [
            {"name": "limit", "in": "query", "schema": {"type": "integer"}},
            {"name": "lines", "in": "query", "style": "deepObject", "schema": lines},
        ],
        "requestBody": {
            "required": False,
            "content": {"application/x-www-form-urlencoded": {"schema": fieldless}},
        },
        "responses": {"204": {"description": "done"}},
    }
    _, skips, stdout = _run(tmp_path, _document({"/things": {"get": operation}}))
    assert not [s for s in skips if "live mode" not in s], skips
    assert "test_drawn_bodies_conform" not in stdout
    passed = [line for line in stdout.splitlines() if line.startswith("PASSED")]
    assert any("list_things[body=]" in line for line in passed), passed  # every parameter


def test_nullable_without_type_is_drawn_as_not_null(tmp_path: Path) -> None:
    """GitHub's commit authors, `{nullable: true, allOf: [git-user]}`: without a `type` beside
    it `nullable` admits no null (OAS 3.0.3, as the spec's validator reads it), but schemathesis
    drew null from it, so few response values were valid and the draw failed."""
    user = {"type": "object", "properties": {"name": {"type": "string"}}}
    author = {"nullable": True, "allOf": [{"$ref": "#/components/schemas/User"}]}
    names = [f"person{i}" for i in range(8)]
    commit = {"type": "object", "required": names, "properties": dict.fromkeys(names, author)}
    content = {"application/json": {"schema": {"$ref": "#/components/schemas/Commit"}}}
    responses = {"200": {"description": "a commit", "content": content}}
    document = _document(
        {"/commit": {"get": {"operationId": "getCommit", "responses": responses}}},
        {"User": user, "Commit": commit},
    )
    document["openapi"] = "3.0.3"
    counts, skips, _ = _run(tmp_path, document)
    assert not [s for s in skips if "live mode" not in s], skips
    assert counts.get("passed", 0) >= 4, counts


def test_a_deep_object_form_field_is_drawn_as_it_can_be_sent(tmp_path: Path) -> None:
    """Stripe's `line_items` of `post_tax_calculations`: a urlencoded field with `style:
    deepObject`, a list of objects that allow any other key. A null, an empty object or list, or
    an undescribed key anywhere has no wire form, so 2 drawn values in 40 could be sent."""
    item = {
        "type": "object",
        "required": ["amount", "reference"],
        "properties": {
            "amount": {"type": "integer"},
            "reference": {"type": "string", "maxLength": 500},
            "tax": {"type": "object", "properties": {"code": {"type": "string"}}},
        },
    }
    fields = {f"lines{i}": {"type": "array", "items": item} for i in range(4)}
    body = {"type": "object", "required": sorted(fields), "properties": fields}
    encoding = {name: {"style": "deepObject", "explode": True} for name in fields}
    media = {"schema": body, "encoding": encoding}
    operation = {
        "operationId": "calculate",
        "requestBody": {
            "required": True,
            "content": {"application/x-www-form-urlencoded": media},
        },
        "responses": {"204": {"description": "done"}},
    }
    _, skips, stdout = _run(tmp_path, _document({"/calculations": {"post": operation}}))
    assert not [s for s in skips if "live mode" not in s], skips
    passed = [line for line in stdout.splitlines() if line.startswith("PASSED")]
    assert any("test_drawn_bodies_conform" in line for line in passed), passed
