"""What an output tree was made from, so that `generate` and `check` can skip a run that would
change nothing.

The manifest records the inputs of the run that wrote it: specgen itself (a digest of its own
code and built-in templates, not its version number, which stays put while the code changes),
the options, every spec file read (a multi-file spec's and the overlays' too) and template
overrides. `nothing_to_do` answers from the manifest and the files alone, without loading the
pipeline; any difference, or anything it cannot read, means a full run.

Rule severities do not shape the output, so they are not among the options: the manifest records
how many content problems of each rule the spec has (`findings`), and a no-op run applies the
rules as now configured to them (a rule now set to error means a full run, which fails).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from specgen._install import specgen_fingerprint, tree_digest
from specgen.config import Config
from specgen.output.tree import MANIFEST_NAME, on_disk
from specgen.rules import Level


def _relative(path: Path, root: Path) -> str:
    """`path` relative to the project root (with `..` if outside): the same on every machine."""
    return Path(os.path.relpath(path.resolve(), root)).as_posix()


def options_digest(config: Config) -> str:
    """Every option that shapes the output; paths relative to the project root."""
    root = config.root.resolve()

    def plain(value: Any) -> Any:
        if isinstance(value, Path):
            return _relative(value, root)
        if isinstance(value, list | tuple):
            return [plain(v) for v in value]
        if isinstance(value, dict):
            return {str(k): plain(v) for k, v in value.items()}
        return value if value is None or isinstance(value, str | int | float | bool) else str(value)

    fields = {f.name: plain(getattr(config, f.name)) for f in dataclasses.fields(config)}
    # Where the project and the output folder sit does not shape the output's bytes (headers
    # name the spec relative to them); which spec it is does (relative to the root).
    for location in ("root", "out", "rules"):
        fields.pop(location, None)
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def inputs(
    config: Config, spec_files: Iterable[Path], findings: dict[str, int] | None = None
) -> dict[str, Any]:
    """The `inputs` record of a manifest; `findings`: content problems by rule id."""
    root = config.root.resolve()
    return {
        "findings": dict(sorted((findings or {}).items())),
        "specgen": specgen_fingerprint(),
        "options": options_digest(config),
        "spec_files": {
            _relative(path, root): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in spec_files
        },
        "templates": tree_digest([config.templates]) if config.templates else None,
    }


def nothing_to_do(config: Config) -> bool:
    """True when the output folder is exactly what a run with these inputs would write."""
    try:
        manifest = json.loads((config.out / MANIFEST_NAME).read_text(encoding="utf-8"))
        recorded = manifest["inputs"]
        files = manifest["files"]
        root = config.root.resolve()
        if recorded["specgen"] != specgen_fingerprint():
            return False
        if recorded["options"] != options_digest(config):
            return False
        if config.templates and recorded["templates"] != tree_digest([config.templates]):
            return False
        if not config.templates and recorded["templates"] is not None:
            return False
        for name, digest in recorded["spec_files"].items():
            path = Path(name) if Path(name).is_absolute() else root / name
            if hashlib.sha256(path.read_bytes()).hexdigest() != digest:
                return False
        if any(config.rules.level_of(rule) is Level.ERROR for rule in recorded["findings"]):
            return False  # a problem that is now an error: the full run reports it
        if set(on_disk(config.out)) != {*files, MANIFEST_NAME}:
            return False  # a file is missing, or one specgen did not write is there
        for name, digest in files.items():
            if hashlib.sha256((config.out / name).read_bytes()).hexdigest() != digest:
                return False
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False
    return True


def recorded_findings(config: Config) -> dict[str, int]:
    """The content problems the manifest records, by rule, less the rules now set to off."""
    try:
        manifest = json.loads((config.out / MANIFEST_NAME).read_text(encoding="utf-8"))
        findings = manifest["inputs"]["findings"]
        return {
            str(rule): int(count)
            for rule, count in findings.items()
            if config.rules.level_of(str(rule)) is not Level.OFF
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}
