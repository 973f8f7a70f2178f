"""Request models keep their components' class names beside constrained nested values.

datamodel-code-generator gives a constrained scalar nested in a field (a list item with a
`maxLength`, a union member with a `pattern`) a class named after the field. When a component
has that name, it renamed the component's class, silently: `customer: anyOf: [{type: string,
maxLength: 5000}, $ref customer]` made `Customer` a string wrapper and the component
`CustomerModel`; `tags: items: {maxLength: 5}` made `Tag` a string wrapper and the `tag`
component `Tag3`. Request models keep those limits (they are checked before sending), so the
limits stay and the names must too; and a rename that still happens is an error, not a client
whose `Customer` is a string.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

import specgen.render.models
from specgen.config import Config
from specgen.pipeline import generate
from specgen.render.model_source import ModelGenerationError
from tests.support.generated import generate_cli, run_probe


def document() -> dict[str, Any]:
    body = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/account"}}}}
    return {
        "openapi": "3.0.3",
        "info": {"title": "Names", "version": "1"},
        "paths": {
            "/accounts": {
                "post": {
                    "operationId": "createAccount",
                    "requestBody": body,
                    "responses": {"204": {"description": "created"}},
                }
            },
        },
        "components": {
            "schemas": {
                "account": {
                    "type": "object",
                    "properties": {
                        "customer": {
                            "anyOf": [
                                {"type": "string", "maxLength": 8},
                                {"$ref": "#/components/schemas/customer"},
                            ]
                        },
                        "tags": {"type": "array", "items": {"type": "string", "maxLength": 5}},
                        "labels": {
                            "type": "object",
                            "additionalProperties": {"type": "string", "pattern": "^[a-z]+$"},
                        },
                        "main_tag": {"$ref": "#/components/schemas/tag"},
                    },
                },
                "customer": {
                    "type": "object",
                    "required": ["id"],
                    "properties": {"id": {"type": "string"}},
                },
                "tag": {"type": "object", "properties": {"name": {"type": "string"}}},
            }
        },
    }


def test_components_keep_their_names_and_nested_values_their_limits(tmp_path: Path) -> None:
    out, _ = generate_cli(tmp_path, "names.yaml", yaml.safe_dump(document()))
    probe = """
import pydantic
import names.models as m
print(sorted(name for name in m.__all__))
print(sorted(m.Customer.model_fields), sorted(m.Tag.model_fields))
account = m.Account(customer=m.Customer(id="c1"), main_tag=m.Tag(name="t"))
print(type(account.customer).__name__, type(account.main_tag).__name__)
given = {"customer": "cus_1", "tags": ["abc"], "labels": {"k": "abc"}}
print(m.Account(**given).model_dump(exclude_unset=True) == given)
for wrong in ({"customer": "cus_123456"}, {"tags": ["abcdef"]}, {"labels": {"k": "A"}}):
    try:
        m.Account(**wrong)
        print("accepted", wrong)
    except pydantic.ValidationError as error:
        print("refused", error.errors()[0]["loc"][0])
"""
    printed = run_probe(out, probe).splitlines()
    assert printed == [
        "['Account', 'Customer', 'Tag']",
        "['id'] ['name']",
        "Customer Tag",
        "True",
        "refused customer",
        "refused tags",
        "refused labels",
    ]


def test_a_schema_class_renamed_by_the_model_generator_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same document with the nested values left inline, as before: datamodel-code-generator
    renames the components' classes, and generation stops saying which and why."""
    monkeypatch.setattr(specgen.render.models, "name_limited_values", lambda *_: None)
    spec = tmp_path / "names.yaml"
    spec.write_text(yaml.safe_dump(document()), encoding="utf-8")
    with pytest.raises(ModelGenerationError) as caught:
        generate(Config(spec=spec, out=tmp_path / "out", root=tmp_path))
    message = str(caught.value)
    assert "gave the name of a schema to another class" in message
    assert "Customer is a RootModel[str], the schema's class is CustomerModel" in message
    assert not (tmp_path / "out").exists()
