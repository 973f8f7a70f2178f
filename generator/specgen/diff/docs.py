"""The rules tables of docs/diff.md, written from the registry (`python -m specgen.diff.docs`
rewrites them in place; a test checks that the file holds exactly this text)."""

from __future__ import annotations

import sys
from pathlib import Path

from specgen.diff.rules import PROPERTY_RULES, RULES, SCHEMA_KINDS, SCOPES, Rule

START = "<!-- rules:start (written by `python -m specgen.diff.docs`) -->"
END = "<!-- rules:end -->"
_AREAS = (
    "paths",
    "parameters",
    "request-body",
    "responses",
    "security",
    "servers",
    "components",
    "python",
)


def _rows(rules: list[Rule]) -> list[str]:
    return [f"| `{r.id}` | {r.level.value} | {r.description} |" for r in rules]


def rules_markdown() -> str:
    specific = [r for r in RULES.values() if r.area != "schema"]
    lines = [
        f"{len(RULES)} rule ids: {len(specific)} specific rules, "
        f"{sum(len(v) for v in PROPERTY_RULES.values())} property rules and "
        f"{len(SCHEMA_KINDS)} schema change kinds in {len(SCOPES)} scopes.",
    ]
    for area in _AREAS:
        rules = [r for r in specific if r.area == area]
        lines += ["", f"#### {area}", "", "| Rule | Level | Meaning |", "|---|---|---|"]
        lines += _rows(rules)
    lines += ["", "#### properties", "", "| Rule | Level | Meaning |", "|---|---|---|"]
    for entries in PROPERTY_RULES.values():
        lines += [f"| `{rid}` | {level.value} | {text} |" for rid, level, text in entries.values()]
    lines += [
        "",
        "#### schema changes",
        "",
        "A schema rule id is `SCOPE-KIND`, e.g. `request-property-max-length-decreased`. Scopes:",
        "",
    ]
    for scope in SCOPES.values():
        sender = "the API" if scope.output else "the caller"
        lines.append(f"- `{scope.name}`: {scope.label} (sent by {sender})")
    lines += [
        "",
        "| Kind | Level, caller sends | Level, API sends | Meaning |",
        "|---|---|---|---|",
    ]
    for kind, (request, response, text) in SCHEMA_KINDS.items():
        lines.append(f"| `{kind}` | {request.value} | {response.value} | {text} |")
    return "\n".join(lines)


def rewrite(path: Path) -> bool:
    """Put the current tables between the markers of `path`; True when the file changed."""
    text = path.read_text(encoding="utf-8")
    before, _, rest = text.partition(START)
    _, _, after = rest.partition(END)
    updated = f"{before}{START}\n{rules_markdown()}\n{END}{after}"
    if updated != text:
        path.write_text(updated, encoding="utf-8")
    return updated != text


if __name__ == "__main__":  # pragma: no cover - a maintenance command
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/diff.md")
    print(f"{target}: {'rewritten' if rewrite(target) else 'up to date'}")
