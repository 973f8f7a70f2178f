"""The `[tool.specgen]` table of pyproject.toml, merged with command-line options.

Relative paths in the table are relative to the pyproject.toml that holds it, so `specgen generate`
does the same job from any working directory inside the project. The table describes its own
spec: its names (`package`, `client_name`), lists, `strict` and `[tool.specgen.rules]` (how
severe each content rule is) do not apply to another spec given with `--spec` (command-line
options do).
"""

from __future__ import annotations

import keyword
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from specgen.diagnostics import UsageError
from specgen.rules import RuleSettings, parse_level, parse_rule_option

if TYPE_CHECKING:
    from specgen.document.select import Selection

_KNOWN_KEYS = {"spec", "out", "package", "client_name", "templates"}
# Lists of strings: overlay files, and the operations to generate (specgen.document.select).
_LIST_KEYS = {"overlays", "include", "exclude"}
# How severe content problems are (specgen.rules): `strict = true`, `[tool.specgen.rules]`.
_RULE_KEYS = {"strict", "rules"}


@dataclass(frozen=True, slots=True)
class Config:
    spec: Path
    out: Path
    package: str | None = None
    client_name: str | None = None
    templates: Path | None = None
    # The project root that relative paths in generated headers are written against.
    root: Path = Path(".")
    overlays: tuple[Path, ...] = ()  # Overlay 1.0 files, applied in order before validation
    include: tuple[str, ...] = ()  # selectors (`tag:repos`); empty: every operation
    exclude: tuple[str, ...] = ()
    rules: RuleSettings = field(default_factory=RuleSettings)

    def selection(self) -> Selection:
        """The parsed selectors; a malformed one is a UsageError."""
        from specgen.document.select import Selection

        return Selection.parse(self.include, self.exclude)


def find_pyproject(start: Path) -> Path | None:
    for folder in [start, *start.parents]:
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            try:
                data = tomllib.loads(candidate.read_text(encoding="utf-8"))
            except (OSError, tomllib.TOMLDecodeError):
                continue
            if "specgen" in data.get("tool", {}):
                return candidate
    return None


def _read_table(pyproject: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"{pyproject}: cannot read [tool.specgen]: {exc}") from exc
    table = data.get("tool", {}).get("specgen", {})
    if not isinstance(table, dict):
        raise UsageError(f"{pyproject}: [tool.specgen] must be a table")
    known = _KNOWN_KEYS | _LIST_KEYS | _RULE_KEYS
    unknown = sorted(set(table) - known)
    if unknown:
        raise UsageError(
            f"{pyproject}: unknown key(s) in [tool.specgen]: {', '.join(unknown)} "
            f"(known: {', '.join(sorted(known))})"
        )
    for key, value in table.items():
        if key in _LIST_KEYS:
            _check_string_list(pyproject, key, value)
        elif key in _RULE_KEYS:
            continue  # checked by rule_settings
        elif not isinstance(value, str):
            raise UsageError(f"{pyproject}: [tool.specgen] {key} must be a string")
    return table


def _check_string_list(pyproject: Path, key: str, value: Any) -> None:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise UsageError(f"{pyproject}: [tool.specgen] {key} must be a list of strings")


def _document_options(
    table: dict[str, Any],
    base: Path,
    same_spec: bool,
    overlays: Sequence[str] | None,
    include: Sequence[str] | None,
    exclude: Sequence[str] | None,
) -> tuple[tuple[Path, ...], tuple[str, ...], tuple[str, ...]]:
    """(overlays, include, exclude). A list given on the command line replaces the table's; the
    table's lists belong to the table's spec, as its names do."""

    def pick(key: str, given: Sequence[str] | None) -> tuple[str, ...]:
        if given is not None:
            return tuple(given)
        return tuple(table.get(key, [])) if same_spec else ()

    if overlays is not None:
        overlay_paths = tuple(Path(name) for name in overlays)
    else:
        overlay_paths = tuple(base / name for name in pick("overlays", None))
    return overlay_paths, pick("include", include), pick("exclude", exclude)


def rule_settings(
    table: dict[str, Any],
    pyproject: Path | None,
    *,
    applies: bool = True,
    strict: bool | None = None,
    rule_options: Sequence[str] = (),
) -> RuleSettings:
    """`strict` and `[tool.specgen.rules]` of the table (checked always, used when it ``applies``
    to the spec at hand), then `--strict` / `--no-strict` and `--rule ID=LEVEL`."""
    where = f"{pyproject}: [tool.specgen]"
    table_strict = table.get("strict", False)
    if not isinstance(table_strict, bool):
        raise UsageError(f"{where} strict must be true or false, not {table_strict!r}")
    levels = table.get("rules", {})
    if not isinstance(levels, dict):
        raise UsageError(f'{where} rules must be a table of rule = "error|warning|off"')
    from_table = RuleSettings(
        strict=table_strict,
        levels=tuple(
            parse_level(name, level, f"{pyproject}: [tool.specgen.rules]")
            for name, level in levels.items()
        ),
    )
    settings = from_table if applies else RuleSettings()
    if strict is not None:
        settings = RuleSettings(strict=strict, levels=settings.levels)
    return settings.with_levels(parse_rule_option(option) for option in rule_options)


def _check_identifier(label: str, value: str) -> None:
    """Names become code (`import zoho_desk`, `class ZohoDesk`): only identifiers qualify."""
    if not value.isidentifier() or keyword.iskeyword(value) or not value.isascii():
        raise UsageError(f"{label} must be a Python identifier, not {value!r}")


def load_config(
    *,
    cwd: Path | None = None,
    spec: str | None = None,
    out: str | None = None,
    package: str | None = None,
    client_name: str | None = None,
    templates: str | None = None,
    overlays: Sequence[str] | None = None,
    include: Sequence[str] | None = None,
    exclude: Sequence[str] | None = None,
    strict: bool | None = None,
    rule_options: Sequence[str] = (),
) -> Config:
    """Command-line values win over the table; the table's paths are relative to its file."""
    cwd = (cwd or Path.cwd()).resolve()
    pyproject = find_pyproject(cwd)
    table: dict[str, Any] = _read_table(pyproject) if pyproject else {}
    base = pyproject.parent if pyproject else cwd

    def from_table(key: str) -> Path | None:
        return (base / table[key]) if key in table else None

    spec_path = Path(spec) if spec else from_table("spec")
    if spec_path is None:
        raise UsageError("no spec given: pass a path or set `spec` in [tool.specgen]")
    out_path = Path(out) if out else from_table("out")
    if out_path is None:
        out_path = cwd / "generated"
    templates_path = Path(templates) if templates else from_table("templates")
    # The table's names belong to the table's spec: `--spec other.yaml` gets names of its own.
    table_spec = from_table("spec")
    same_spec = spec is None or (
        table_spec is not None and Path(spec).resolve() == table_spec.resolve()
    )
    for label, value in (("package", package), ("client_name", client_name)):
        if value is not None:
            _check_identifier(label, value)
    for label in ("package", "client_name"):
        if label in table:
            _check_identifier(label, table[label])
    overlay_paths, include_selectors, exclude_selectors = _document_options(
        table, base, same_spec, overlays, include, exclude
    )
    return Config(
        spec=spec_path,
        out=out_path,
        package=package or (table.get("package") if same_spec else None),
        client_name=client_name or (table.get("client_name") if same_spec else None),
        templates=templates_path,
        root=base,
        overlays=overlay_paths,
        include=include_selectors,
        exclude=exclude_selectors,
        rules=rule_settings(
            table, pyproject, applies=same_spec, strict=strict, rule_options=rule_options
        ),
    )
