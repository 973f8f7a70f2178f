"""The `[tool.specgen]` table of pyproject.toml, merged with command-line options.

Relative paths in the table are relative to the pyproject.toml that holds it, so `specgen generate`
does the same job from any working directory inside the project. The table describes its own
spec: its names (`package`, `client_name`), lists, `strict` and `[tool.specgen.rules]` (how
severe each content rule is) do not apply to another spec given with `--spec` (command-line
options do).

A project with several APIs lists them as `[[tool.specgen.clients]]`: each entry takes the keys
of the table (spec, out and package required), and the table's own keys are defaults for every
entry (`[tool.specgen.rules]` merged rule by rule). Clients that share an `out` keep apart there:
each owns its package folder, its tests folder `tests_<package>` and its manifest
`.specgen-manifest.<package>.json`; a client alone in its `out` has `tests` and
`.specgen-manifest.json`.
"""

from __future__ import annotations

import keyword
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from specgen.diagnostics import UsageError
from specgen.output.tree import MANIFEST_NAME
from specgen.rules import RuleSettings, parse_level, parse_rule_option

if TYPE_CHECKING:
    from specgen.document.select import Selection

_KNOWN_KEYS = {"spec", "out", "package", "client_name", "templates"}
# `[[tool.specgen.clients]]` entries: one per API; `name` (default: the package) for --client.
_CLIENTS_KEY = "clients"
_ENTRY_ONLY_KEYS = {"name"}
# Options that shape one client's output: with several clients they need `--client NAME`.
PER_CLIENT_OPTIONS = (
    *("out", "package", "client_name", "templates"),
    *("overlays", "include", "exclude"),
)
TESTS_DIR = "tests"  # a client's tests folder in an `out` of its own (see the module docstring)
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
    # The `[[tool.specgen.clients]]` entry this is (None: the plain `[tool.specgen]` table).
    name: str | None = None
    tests_dir: str = TESTS_DIR  # the contract tests' folder inside `out`
    manifest_name: str = MANIFEST_NAME
    # The top-level names inside `out` this client owns when it shares `out` with others (its
    # package, tests folder and manifest); None: it owns the whole folder.
    owned: tuple[str, ...] | None = None

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
    entries = table.get(_CLIENTS_KEY)
    if entries is not None and not (
        isinstance(entries, list) and entries and all(isinstance(e, dict) for e in entries)
    ):
        raise UsageError(f"{pyproject}: [[tool.specgen.clients]] must be a list of tables")
    _check_keys(pyproject, "[tool.specgen]", table, {_CLIENTS_KEY})
    for number, entry in enumerate(entries or [], 1):
        _check_keys(pyproject, f"[[tool.specgen.clients]] #{number}", entry, _ENTRY_ONLY_KEYS)
    return table


def _check_keys(pyproject: Path, where: str, table: dict[str, Any], extra: set[str]) -> None:
    known = _KNOWN_KEYS | _LIST_KEYS | _RULE_KEYS | extra
    unknown = sorted(set(table) - known)
    if unknown:
        raise UsageError(
            f"{pyproject}: unknown key(s) in {where}: {', '.join(unknown)} "
            f"(known: {', '.join(sorted(known))})"
        )
    for key, value in table.items():
        if key in _LIST_KEYS:
            _check_string_list(pyproject, key, value)
        elif key in _RULE_KEYS or key == _CLIENTS_KEY:
            continue  # checked by rule_settings, and per entry
        elif not isinstance(value, str):
            raise UsageError(f"{pyproject}: {where} {key} must be a string")


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


@dataclass(frozen=True, slots=True)
class _Given:
    """The command-line values (None: as configured)."""

    spec: str | None = None
    out: str | None = None
    package: str | None = None
    client_name: str | None = None
    templates: str | None = None
    overlays: Sequence[str] | None = None
    include: Sequence[str] | None = None
    exclude: Sequence[str] | None = None
    strict: bool | None = None
    rule_options: Sequence[str] = ()


def load_clients(
    *,
    cwd: Path | None = None,
    client: str | None = None,
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
) -> list[Config]:
    """The configured clients a command works on, command-line values applied.

    Without `[[tool.specgen.clients]]`: the one `[tool.specgen]` table. With it: the entry named
    `client`; else the entry whose spec is `spec` (another spec: an unconfigured run with the
    table's defaults); else every entry, in file order.
    """
    given = _Given(
        spec, out, package, client_name, templates, overlays, include, exclude, strict,
        rule_options,
    )  # fmt: skip
    cwd = (cwd or Path.cwd()).resolve()
    pyproject = find_pyproject(cwd)
    table: dict[str, Any] = _read_table(pyproject) if pyproject else {}
    base = pyproject.parent if pyproject else cwd
    if _CLIENTS_KEY not in table:
        if client is not None:
            raise UsageError(
                f"--client {client}: no [[tool.specgen.clients]] configured"
                + (f" in {pyproject}" if pyproject else "")
            )
        return [_from_table(table, pyproject, base, cwd, given)]
    assert pyproject is not None
    defaults = {k: v for k, v in table.items() if k != _CLIENTS_KEY}
    entries = [_merged(defaults, entry) for entry in table[_CLIENTS_KEY]]
    names = _client_names(pyproject, entries)
    layouts = _layouts(pyproject, base, entries)
    if client is not None:
        if client not in names:
            raise UsageError(
                f"unknown client {client!r}; the configured clients are: {', '.join(names)}"
            )
        chosen = [names.index(client)]
    elif spec is not None:
        wanted = Path(spec).resolve()
        chosen = [i for i, e in enumerate(entries) if (base / e["spec"]).resolve() == wanted][:1]
        if not chosen:  # a spec no client names: the defaults, without a client's names
            return [_from_table(defaults, pyproject, base, cwd, given)]
    else:
        chosen = list(range(len(entries)))
        if len(chosen) > 1:
            for option in PER_CLIENT_OPTIONS:
                if getattr(given, option) is not None:
                    flag = "--overlay" if option == "overlays" else "--" + option.replace("_", "-")
                    raise UsageError(
                        f"{flag} applies to one client: add --client NAME "
                        f"(configured: {', '.join(names)})"
                    )
    return [
        _from_table(entries[i], pyproject, base, cwd, given, names[i], layouts[i]) for i in chosen
    ]


def load_config(*, client: str | None = None, **options: Any) -> Config:
    """The one client a command works on (`load_clients` with the same arguments); several
    configured and none chosen is a UsageError naming them."""
    configs = load_clients(client=client, **options)
    if len(configs) > 1:
        names = ", ".join(str(c.name) for c in configs)
        raise UsageError(f"several clients are configured ({names}): choose one with --client")
    return configs[0]


def client_names(cwd: Path | None = None) -> list[str]:
    """The names of the `[[tool.specgen.clients]]` entries ([] without any)."""
    pyproject = find_pyproject((cwd or Path.cwd()).resolve())
    table = _read_table(pyproject) if pyproject else {}
    if pyproject is None or _CLIENTS_KEY not in table:
        return []
    defaults = {k: v for k, v in table.items() if k != _CLIENTS_KEY}
    return _client_names(pyproject, [_merged(defaults, e) for e in table[_CLIENTS_KEY]])


def _merged(defaults: dict[str, Any], entry: dict[str, Any]) -> dict[str, Any]:
    """An entry over the table's defaults; `rules` merge rule by rule."""
    merged = {**defaults, **entry}
    if isinstance(defaults.get("rules"), dict) and isinstance(entry.get("rules"), dict):
        merged["rules"] = {**defaults["rules"], **entry["rules"]}
    return merged


def _client_names(pyproject: Path, entries: list[dict[str, Any]]) -> list[str]:
    names = []
    for number, entry in enumerate(entries, 1):
        for key in ("spec", "out", "package"):
            if key not in entry:
                raise UsageError(
                    f"{pyproject}: [[tool.specgen.clients]] #{number} needs `{key}` "
                    "(in the entry, or in [tool.specgen] for every entry)"
                )
        name = entry.get("name", entry["package"])
        if name in names:
            raise UsageError(
                f"{pyproject}: two [[tool.specgen.clients]] are named {name!r} "
                "(a client's name is its `name`, else its `package`)"
            )
        names.append(name)
    return names


def _layouts(
    pyproject: Path, base: Path, entries: list[dict[str, Any]]
) -> list[tuple[str, str, tuple[str, ...] | None]]:
    """(tests folder, manifest name, owned names) per entry: apart when they share an `out`.

    Decided from the whole list, so that `--client` writes exactly what a run of all does."""
    outs = [(base / e["out"]).resolve() for e in entries]
    layouts: list[tuple[str, str, tuple[str, ...] | None]] = []
    for entry, out in zip(entries, outs, strict=True):
        sharing = [e for e, o in zip(entries, outs, strict=True) if o == out]
        if len(sharing) == 1:
            layouts.append((TESTS_DIR, MANIFEST_NAME, None))
            continue
        packages = [e["package"] for e in sharing]
        if len(set(packages)) < len(packages):
            raise UsageError(
                f"{pyproject}: clients that share out = {entry['out']!r} need different "
                f"packages (they have: {', '.join(packages)})"
            )
        package = entry["package"]
        tests, manifest = f"tests_{package}", f".specgen-manifest.{package}.json"
        layouts.append((tests, manifest, (package, tests, manifest)))
    return layouts


def _from_table(
    table: dict[str, Any],
    pyproject: Path | None,
    base: Path,
    cwd: Path,
    given: _Given,
    name: str | None = None,
    layout: tuple[str, str, tuple[str, ...] | None] = (TESTS_DIR, MANIFEST_NAME, None),
) -> Config:
    """One client: command-line values win over the table; its paths are relative to its file."""

    def from_table(key: str) -> Path | None:
        return (base / table[key]) if key in table else None

    spec = given.spec
    spec_path = Path(spec) if spec else from_table("spec")
    if spec_path is None:
        raise UsageError("no spec given: pass a path or set `spec` in [tool.specgen]")
    out_path = Path(given.out) if given.out else from_table("out")
    if out_path is None:
        out_path = cwd / "generated"
    templates_path = Path(given.templates) if given.templates else from_table("templates")
    # The table's names belong to the table's spec: `--spec other.yaml` gets names of its own.
    table_spec = from_table("spec")
    same_spec = spec is None or (
        table_spec is not None and Path(spec).resolve() == table_spec.resolve()
    )
    for label, value in (("package", given.package), ("client_name", given.client_name)):
        if value is not None:
            _check_identifier(label, value)
    for label in ("package", "client_name"):
        if label in table:
            _check_identifier(label, table[label])
    overlay_paths, include_selectors, exclude_selectors = _document_options(
        table, base, same_spec, given.overlays, given.include, given.exclude
    )
    tests_dir, manifest_name, owned = layout
    package = given.package or (table.get("package") if same_spec else None)
    if owned is not None and package is not None:
        owned = (package, tests_dir, manifest_name)
    return Config(
        spec=spec_path,
        out=out_path,
        package=package,
        client_name=given.client_name or (table.get("client_name") if same_spec else None),
        templates=templates_path,
        root=base,
        overlays=overlay_paths,
        include=include_selectors,
        exclude=exclude_selectors,
        rules=rule_settings(
            table,
            pyproject,
            applies=same_spec,
            strict=given.strict,
            rule_options=given.rule_options,
        ),
        name=name,
        tests_dir=tests_dir,
        manifest_name=manifest_name,
        owned=owned,
    )
