"""load → validate → IR → models → render, then write (generate) or compare (check)."""

from __future__ import annotations

import datetime
import gc
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from specgen import __version__
from specgen._install import builtin_templates_dir
from specgen.config import TESTS_DIR, Config
from specgen.diagnostics import Diagnostic, Severity, SpecInvalid, UsageError, has_errors
from specgen.output import fingerprint
from specgen.output.report import CheckReport
from specgen.output.tree import (
    Drift,
    Spares,
    WriteResult,
    compare_tree,
    manifest_bytes,
    on_disk,
    write_tree,
)
from specgen.rules import count_by_rule

if TYPE_CHECKING:
    from specgen.diff.engine import DiffResult
    from specgen.document.select import Selection
    from specgen.ir import nodes as ir
    from specgen.load.spec import LoadedSpec
    from specgen.render.models_worker import ModelsWorker
    from specgen.render.templates import TemplateSet
    from specgen.validation.checks import Validation


@dataclass
class Build:
    files: dict[str, bytes]
    warnings: list[Diagnostic] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    selection: str | None = None  # what an include/exclude kept, in one line
    findings_line: str = ""  # one line about the content problems left as warnings, or ""


@dataclass
class Checked:
    """A loaded, validated spec: its diagnostics at the configured severities."""

    spec: LoadedSpec
    validation: Validation
    diagnostics: list[Diagnostic]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]


@contextmanager
def _no_gc_pauses() -> Iterator[None]:
    """Python's cycle collector paused for one run of the stages, restored after.

    The stages build millions of short-lived objects (YAML nodes, the IR, datamodel-code-
    generator's models, the `ast` of its module) on top of a large live heap, and each
    collection walks that whole heap for the little garbage they leave in cycles: on Stripe a
    quarter of the run's CPU went to it, for about 2 % less peak memory. Reference counting
    still frees everything else as it goes."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def validate(config: Config, spec: LoadedSpec | None = None) -> Checked:
    """Load (with the overlays) and validate the whole configured spec, with the configured
    rule severities; `spec`: the same, already loaded. Raises SpecInvalid when the document
    cannot be loaded at all (its diagnostics at those severities too)."""
    from specgen.validation.checks import validate as run_checks

    with _no_gc_pauses():
        spec = spec if spec is not None else load(config)
        validation = run_checks(spec)
    return Checked(spec, validation, config.rules.apply(validation.diagnostics))


def load(config: Config) -> LoadedSpec:
    """The configured spec with its overlays applied. Raises SpecInvalid (at the configured
    severities) when it cannot be loaded at all."""
    from specgen.load.spec import load_spec

    with _no_gc_pauses():
        try:
            return load_spec(config.spec, config.overlays)
        except SpecInvalid as exc:
            raise SpecInvalid(config.rules.apply(exc.diagnostics)) from exc


def findings_line(spec: str, counts: dict[str, int]) -> str:
    """`generate` and `check` name the content problems left as warnings in one line
    (`validate` lists them); ``counts`` by rule id."""
    total = sum(counts.values())
    if not total:
        return ""
    ordered = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
    shown = ", ".join(f"{count} {rule_id}" for rule_id, count in ordered[:3])
    more = ", ..." if len(ordered) > 3 else ""
    noun = "warning" if total == 1 else "warnings"
    return f"specgen: {spec}: {total} {noun} ({shown}{more}); `specgen validate {spec}` lists them"


def _content_counts(checked: Checked) -> dict[str, int]:
    """Content problems by rule, whatever their configured severity (for the manifest)."""
    return dict(count_by_rule(checked.validation.diagnostics))


def _display(path: Path, root: Path) -> str:
    """A path as written in generated headers: relative to the project root, posix."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _spec_label(config: Config) -> str:
    """How generated headers name the spec; never depends on the working directory."""
    spec = config.spec.resolve()
    for base in (config.root.resolve(), config.out.resolve().parent):
        if spec.is_relative_to(base):
            return spec.relative_to(base).as_posix()
    return os.path.relpath(spec, config.out.resolve().parent).replace(os.sep, "/")


# Called while `build` waits for the models: (how many files it will write at most, a call that
# says when they are there).
WhileWaiting = Callable[[int, Callable[[], bool]], None]


def build(config: Config, while_waiting: WhileWaiting | None = None) -> Build:
    """Everything `generate` would write, in memory. Raises SpecInvalid for an invalid spec."""
    with _no_gc_pauses():
        return _build_with_worker(config, while_waiting)


def _build_with_worker(config: Config, while_waiting: WhileWaiting | None) -> Build:
    # Loaded here, not at import: `check` on an unchanged tree should not pay for them.
    from specgen.render.models_worker import ModelsWorker

    selection = config.selection()  # a malformed selector fails before any loading
    # datamodel-code-generator imports in its own process while this one loads the spec.
    with ModelsWorker() as worker:
        return _build(config, selection, worker, while_waiting)


@dataclass
class Prepared:
    """A validated spec taken as far as the IR: what rendering and the models start from."""

    checked: Checked
    document: dict[str, Any]  # repaired, and pruned to the selection
    selected: str | None  # what an include/exclude kept, in one line
    templates: TemplateSet
    api: ir.Api

    @property
    def model_template_dirs(self) -> list[Path]:
        """datamodel-code-generator's template folders, later ones overriding earlier ones."""
        return self.template_dirs_of(self.templates)

    @staticmethod
    def template_dirs_of(templates: TemplateSet) -> list[Path]:
        return [folder / "models" for folder in reversed(templates.folders())]


def prepare(
    config: Config,
    selection: Selection | None = None,
    *,
    spec: LoadedSpec | None = None,
    unvalidated: Unvalidated | None = None,
) -> Prepared:
    """Load, validate, repair, select and build the IR. Raises SpecInvalid for an invalid
    spec. `spec`: the configured spec, already loaded; `unvalidated`: what `unvalidated_ir`
    made of it, taken as it is when validation finds nothing to repair."""
    from specgen.ir.repair import repair

    selection = selection if selection is not None else config.selection()
    checked = validate(config, spec)
    if has_errors(checked.diagnostics):
        raise SpecInvalid(checked.diagnostics)
    templates = _templates(config)
    if unvalidated is not None and not checked.validation.defects:
        # Nothing to repair: the repaired document would be the loaded one, and the IR the same.
        early = unvalidated
        return Prepared(checked, early.document, early.selected, templates, early.api)
    # Generated code never depends on a defective part: every consumer reads the repaired
    # document. The whole document is validated; only the selected part goes on to the IR.
    repaired = repair(checked.spec.document, checked.validation.defects)
    document, selected = _selected(repaired, selection)
    return Prepared(checked, document, selected, templates, _build_ir(config, document))


@dataclass
class Unvalidated:
    """The IR of a loaded document that validation has not seen yet (`unvalidated_ir`)."""

    document: dict[str, Any]  # pruned to the selection
    selected: str | None
    api: ir.Api


def unvalidated_ir(config: Config, spec: LoadedSpec, selection: Selection) -> Unvalidated | None:
    """The IR of the loaded document as it is, before validation; None if it cannot be built.

    The models worker starts on it while this process validates (0.4-0.6 s on openapi_large):
    validation only changes the IR where it finds defects to repair, and on 619 of the 620 valid
    documents of the corpus the models' part of the IR came out the same anyway. `_build`
    compares, and starts the models again in the rare case that it differs. A document that
    breaks the IR's build is left to validation, which says why."""
    try:
        document, selected = _selected(spec.document, selection)
        return Unvalidated(document, selected, _build_ir(config, document))
    except Exception:  # an invalid document: validation reports it
        return None


def _build_ir(config: Config, document: dict[str, Any]) -> ir.Api:
    from specgen.ir.build import Options, build_api

    options = Options(
        package=config.package,
        client_name=config.client_name,
        spec_path=_spec_label(config),
        regenerate_command="specgen generate",
        tests_dir=config.tests_dir,
    )
    return build_api(document, options)


def _templates(config: Config) -> TemplateSet:
    from specgen.render.templates import TemplateSet

    if config.templates is not None and not config.templates.is_dir():
        raise UsageError(f"templates folder not found: {config.templates}")
    return TemplateSet(builtin=builtin_templates_dir(), override=config.templates)


def _build(
    config: Config,
    selection: Selection,
    worker: ModelsWorker,
    while_waiting: WhileWaiting | None = None,
) -> Build:
    from specgen.render.format import format_python
    from specgen.render.models_worker import same_job
    from specgen.render.templates import TemplateSet, render_api_files, render_models_package

    spec = load(config)
    early = unvalidated_ir(config, spec, selection)
    # (the override folder is checked after validation, as without the early start)
    template_dirs = Prepared.template_dirs_of(
        TemplateSet(builtin=builtin_templates_dir(), override=config.templates)
    )
    if early is not None:
        worker.submit(early.api, template_dirs)
    prepared = prepare(config, selection, spec=spec, unvalidated=early)
    checked, api, templates = prepared.checked, prepared.api, prepared.templates
    if early is None or not same_job(api, early.api):
        worker.submit(api, template_dirs)  # (again: the repairs changed the models)
    # Rendered and formatted while the models are written.
    files = format_python(render_api_files(api, templates, spec_document=prepared.document))
    if while_waiting is not None:
        # at most: these, the models' modules (one per model, or fewer), their __init__ and
        # the manifest
        while_waiting(len(files) + len(api.models) + 2, worker.ready)
    model_modules, notes = worker.result()
    files |= format_python(render_models_package(api, model_modules, templates))
    files = _tests_into(files, config.tests_dir)
    files[config.manifest_name] = manifest_bytes(
        files,
        spec_digest=spec.digest,
        templates_digest=templates.digest(),
        generator_version=__version__,
        inputs=fingerprint.inputs(config, spec.files, _content_counts(checked)),
    )
    notes += [
        f"template override not used (no built-in template has this name): {name}"
        for name in templates.unknown_overrides()
    ]
    return Build(
        files=files,
        warnings=checked.warnings,
        notes=notes,
        selection=prepared.selected,
        findings_line=findings_line(str(config.spec), dict(count_by_rule(checked.warnings))),
    )


def _tests_into(files: dict[str, bytes], tests_dir: str) -> dict[str, bytes]:
    """The contract tests (rendered into `tests/`) moved into the client's tests folder: one of
    its own when it shares `out` with other clients."""
    if tests_dir == TESTS_DIR:
        return files
    prefix = TESTS_DIR + "/"
    return {
        tests_dir + "/" + path.removeprefix(prefix) if path.startswith(prefix) else path: data
        for path, data in files.items()
    }


def _selected(document: dict[str, Any], selection: Selection) -> tuple[dict[str, Any], str | None]:
    """The document pruned to the selection (unchanged without one), and a summary line."""
    from specgen.document.select import select

    if not selection:
        return document, None
    pruned = select(document, selection)
    return pruned.document, pruned.describe(selection)


@dataclass
class GenerateResult:
    out: Path
    write: WriteResult
    warnings: list[Diagnostic]
    notes: list[str]
    selection: str | None = None
    findings_line: str = ""
    client: str | None = None  # the `[[tool.specgen.clients]]` entry's name

    def describe(self) -> str:
        w = self.write
        who = f"{self.client}: " if self.client else ""
        return (
            f"specgen: {who}{self.out}: {len(w.written)} written, {len(w.unchanged)} unchanged, "
            f"{len(w.deleted)} deleted"
        )


def generate(config: Config) -> GenerateResult:
    if fingerprint.nothing_to_do(config):
        recorded = findings_line(str(config.spec), fingerprint.recorded_findings(config))
        unchanged = sorted(on_disk(config.out, config.owned))
        return GenerateResult(
            config.out, WriteResult(unchanged=unchanged), [], [], None, recorded, config.name
        )
    spares = Spares(config.out)  # files made ahead while the models are generated
    try:
        with _no_gc_pauses():
            result = build(config, spares.make)
            written = write_tree(
                config.out, result.files, manifest_name=config.manifest_name, spares=spares
            )
    finally:
        spares.discard()
    return GenerateResult(
        config.out,
        written,
        result.warnings,
        result.notes,
        result.selection,
        result.findings_line,
        config.name,
    )


def check(config: Config) -> CheckReport:
    if fingerprint.nothing_to_do(config):
        recorded = findings_line(str(config.spec), fingerprint.recorded_findings(config))
        return CheckReport(_as_named(config.out), Drift(), recorded, config.name)
    with _no_gc_pauses():
        result = build(config)
        drift = compare_tree(config.out, result.files, config.owned)
    return CheckReport(_as_named(config.out), drift, result.findings_line, config.name)


def check_against(
    config: Config,
    against: str,
    *,
    today: datetime.date | None = None,
    ignore: Path | None = None,
) -> DiffResult:
    """`check --against SIDE`: breaking changes from SIDE to the configured spec."""
    from specgen.diff.engine import diff
    from specgen.ir.build import Options

    options = Options(package=config.package, client_name=config.client_name)
    return diff(against, str(config.spec), today=today, ignore=ignore, options=options)


def _as_named(path: Path) -> Path:
    """An absolute path inside the working directory is shown relative to it."""
    if path.is_absolute():
        try:
            return path.relative_to(Path.cwd())
        except ValueError:
            return path
    return path
