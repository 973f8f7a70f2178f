"""The Python API: what the CLI does, returning results instead of printing them.

For build hooks and users' scripts. Paths are resolved as the CLI resolves them: arguments win
over `[tool.specgen]` in the nearest pyproject.toml above `cwd`. Stages are imported on first
call, so `import specgen` stays cheap.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from specgen.config import Config, load_config
from specgen.diagnostics import Diagnostic, Severity, UsageError, has_errors

if TYPE_CHECKING:
    import datetime

    from specgen.diff.engine import DiffResult
    from specgen.output.report import CheckReport
    from specgen.pipeline import GenerateResult

StrPath = str | os.PathLike[str]


@dataclass(frozen=True, slots=True)
class DocumentOptions:
    """Overlays and the selection (None: as [tool.specgen] says)."""

    overlays: Sequence[StrPath] | None = None
    include: Sequence[str] | None = None
    exclude: Sequence[str] | None = None


@dataclass(frozen=True, slots=True)
class ValidationResult:
    """Every finding of `validate`, sorted by location."""

    spec: Path
    diagnostics: tuple[Diagnostic, ...]
    # What generate would keep with the configured include/exclude (one line); None without.
    selection: str | None = None

    @property
    def ok(self) -> bool:
        """True when nothing blocks generation (warnings may remain)."""
        return not has_errors(self.diagnostics)

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity is Severity.WARNING)


def _config(
    spec: StrPath | None,
    out: StrPath | None,
    package: str | None,
    client_name: str | None,
    templates: StrPath | None,
    cwd: StrPath | None,
    document: DocumentOptions = DocumentOptions(),
) -> Config:
    overlays = document.overlays
    return load_config(
        cwd=Path(cwd) if cwd is not None else None,
        spec=os.fspath(spec) if spec is not None else None,
        out=os.fspath(out) if out is not None else None,
        package=package,
        client_name=client_name,
        templates=os.fspath(templates) if templates is not None else None,
        overlays=[os.fspath(p) for p in overlays] if overlays is not None else None,
        include=document.include,
        exclude=document.exclude,
    )


def validate(
    spec: StrPath | None = None,
    *,
    overlays: Sequence[StrPath] | None = None,
    include: Sequence[str] | None = None,
    exclude: Sequence[str] | None = None,
    cwd: StrPath | None = None,
) -> ValidationResult:
    """Load (with its overlays) and check a whole document, selection or not.

    Raises `SpecgenError` only when it cannot be read at all, or a selector is bad.
    """
    from specgen.document.select import select
    from specgen.pipeline import validate as run

    config = _config(spec, None, None, None, None, cwd, DocumentOptions(overlays, include, exclude))
    selection = config.selection()
    # At the severities [tool.specgen] sets (`strict`, `[tool.specgen.rules]`).
    checked = run(config)
    document = checked.spec.document
    summary = select(document, selection).describe(selection) if selection else None
    return ValidationResult(config.spec, tuple(checked.diagnostics), summary)


def generate(
    spec: StrPath | None = None,
    *,
    out: StrPath | None = None,
    package: str | None = None,
    client_name: str | None = None,
    templates: StrPath | None = None,
    overlays: Sequence[StrPath] | None = None,
    include: Sequence[str] | None = None,
    exclude: Sequence[str] | None = None,
    cwd: StrPath | None = None,
) -> GenerateResult:
    """Validate, render and write the output folder (all or nothing).

    Raises `SpecInvalid` (with `.diagnostics`) for a spec that cannot generate, `UsageError`
    for bad options. `overlays`, `include` and `exclude` replace [tool.specgen]'s when given.
    """
    from specgen.pipeline import generate as run

    document = DocumentOptions(overlays, include, exclude)
    return run(_config(spec, out, package, client_name, templates, cwd, document))


def check(
    spec: StrPath | None = None,
    *,
    out: StrPath | None = None,
    package: str | None = None,
    client_name: str | None = None,
    templates: StrPath | None = None,
    overlays: Sequence[StrPath] | None = None,
    include: Sequence[str] | None = None,
    exclude: Sequence[str] | None = None,
    cwd: StrPath | None = None,
) -> CheckReport:
    """Render in memory and compare with the output folder; `.clean` says whether it matches."""
    from specgen.pipeline import check as run

    document = DocumentOptions(overlays, include, exclude)
    return run(_config(spec, out, package, client_name, templates, cwd, document))


def diff(
    base: str,
    revision: str | None = None,
    *,
    today: datetime.date | None = None,
    ignore: StrPath | None = None,
    package: str | None = None,
    client_name: str | None = None,
    suggest_version: bool = False,
    cwd: StrPath | None = None,
) -> DiffResult:
    """Breaking changes from `base` to `revision` (each a path or `git:REV:PATH`; the revision
    defaults to the configured spec), on the wire and in the generated Python API.

    `.findings` are sorted, accepted ones (the `ignore` file) are in `.ignored`. Raises
    `UsageError` when a side or the ignore file cannot be read, `SpecInvalid` when a side does not
    parse.
    """
    from specgen.diff.engine import diff as run
    from specgen.ir.build import Options

    # The configured names apply to the configured spec (a git side of it too).
    path = revision if revision is not None and not revision.startswith("git:") else None
    try:
        config: Config | None = _config(path, None, package, client_name, None, cwd)
    except UsageError:
        if revision is None:
            raise
        config = None
    return run(
        base,
        revision if revision is not None else str(config.spec),  # type: ignore[union-attr]
        today=today,
        ignore=Path(ignore) if ignore is not None else None,
        options=Options(
            package=package or (config.package if config else None),
            client_name=client_name or (config.client_name if config else None),
        ),
        suggest_version=suggest_version,
    )
