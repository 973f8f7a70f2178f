"""Docstrings reflow paragraphs to the width instead of wrapping the source's lines one by one.

A description written with lines shorter or longer than the docstring's width used to keep its
line breaks (a short line, then a long one wrapped mid-sentence). Lists, code blocks, tables and
the `Args:` entries of the method docstrings keep their lines.
"""

from __future__ import annotations

import ast
import inspect
import json
from pathlib import Path

from specgen.ir import pycode
from tests.support.generated import generate_cli, models_source


def lines_of(text: str, indent: int = 0, width: int = 60) -> list[str]:
    """The content lines of the docstring `pycode.docstring` makes of `text`."""
    source = pycode.docstring(text, indent, width)
    value = ast.literal_eval(source)
    assert isinstance(value, str)
    return [line[indent:] if line.startswith(" " * indent) else line for line in value.split("\n")]


def test_a_paragraph_wrapped_at_another_width_is_reflowed() -> None:
    text = (
        "The fields a call can change.\nPATCH semantics: every field\nis optional; null clears it."
    )
    assert lines_of(text, width=60) == [
        "",
        "The fields a call can change. PATCH semantics: every field",
        "is optional; null clears it.",
        "",
    ]


def test_a_short_paragraph_of_several_source_lines_becomes_one_line() -> None:
    assert pycode.docstring("one\ntwo\nthree") == '"""one two three"""'


def test_blank_lines_stay_paragraph_breaks() -> None:
    text = "First paragraph,\nstill the first.\n\nSecond\nparagraph."
    assert lines_of(text) == ["", "First paragraph, still the first.", "", "Second paragraph.", ""]


def test_list_items_keep_their_lines_and_wrap_under_their_text() -> None:
    text = (
        "Kinds:\n"
        "- `invalid`: a value of the wrong type or form, or an ID that does not exist\n"
        "- `duplicate`: a value that\n  must be unique\n"
        "* starred\n"
        "1. numbered, with a lazy\ncontinuation line\n"
        "2) second"
    )
    assert lines_of(text, width=50) == [
        "",
        "Kinds:",
        "- `invalid`: a value of the wrong type or form, or",
        "  an ID that does not exist",
        "- `duplicate`: a value that must be unique",
        "* starred",
        "1. numbered, with a lazy continuation line",
        "2) second",
        "",
    ]


def test_emphasis_at_the_start_of_a_line_is_not_a_list_item() -> None:
    assert pycode.reflow("See the note.\n*Really* read it.") == "See the note. *Really* read it."


def test_indented_and_fenced_code_blocks_stay_as_they_are() -> None:
    long_code = "    client.tickets.update_ticket('1', subject='x', extra_body={'accountId': '2'})"
    fenced = "```\nfenced   as is\n  indented\n```"
    text = f"Example:\n\n{long_code}\n    second   line\n\n{fenced}\nAfter."
    assert lines_of(text, width=50) == [
        "",
        "Example:",
        "",
        long_code,
        "    second   line",
        "",
        "```",
        "fenced   as is",
        "  indented",
        "```",
        "After.",
        "",
    ]


def test_markdown_table_rows_stay_as_they_are() -> None:
    text = "Codes:\n| code | meaning |\n|------|---------|\n| 404 | not found |\nThe end."
    assert lines_of(text) == [
        "",
        "Codes:",
        "| code | meaning |",
        "|------|---------|",
        "| 404 | not found |",
        "The end.",
        "",
    ]


def test_section_entries_keep_their_lines_and_hang_when_wrapped() -> None:
    text = (
        "Summary\n\nArgs:\n"
        "    ticket_id: ID of the ticket to update, a 64-bit number sent as digits.\n"
        "    subject: Subject.\n\nReturns:\n    Ticket, parsed from the response."
    )
    assert lines_of(text, width=50) == [
        "",
        "Summary",
        "",
        "Args:",
        "    ticket_id: ID of the ticket to update, a",
        "        64-bit number sent as digits.",
        "    subject: Subject.",
        "",
        "Returns:",
        "    Ticket, parsed from the response.",
        "",
    ]


def test_headings_and_hard_breaks_end_a_line() -> None:
    assert pycode.reflow("# Title\nText\nmore  \nafter a hard break") == (
        "# Title\nText more\nafter a hard break"
    )


def test_reflowing_reflowed_text_changes_nothing() -> None:
    text = "A paragraph\nover lines.\n\n- item\n  more\n\n    code\n\n| t |\nEnd."
    once = pycode.reflow(text)
    assert pycode.reflow(once) == once
    assert pycode.docstring(once, 4) == pycode.docstring(text, 4)


def test_model_docstrings_are_reflowed(tmp_path: Path) -> None:
    """models.py is laid out by datamodel-code-generator's templates (Jinja's wordwrap, line by
    line): specgen hands them the description reflowed, so paragraphs wrap as a whole."""
    description = "The fields a call can change.\nEvery field\nis optional.\n\n- one\n- two"
    document = {
        "openapi": "3.1.0",
        "info": {"title": "Docs", "version": "1"},
        "paths": {},
        "components": {
            "schemas": {
                "Thing": {
                    "type": "object",
                    "description": description,
                    "properties": {"name": {"type": "string", "description": description}},
                }
            }
        },
    }
    out, _ = generate_cli(tmp_path, "docs.json", json.dumps(document))
    tree = ast.parse(models_source(out / "docs"))
    (thing,) = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Thing"]
    docs = [
        inspect.cleandoc(n.value.value)
        for n in ast.walk(thing)
        if isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant)
    ]
    expected = "The fields a call can change. Every field is optional.\n\n- one\n- two"
    assert docs == [expected, expected]
