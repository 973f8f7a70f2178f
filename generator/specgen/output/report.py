"""How `specgen check` reports drift: text, JSON or GitHub workflow annotations."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from specgen.output.tree import Drift, first_changed_line

REGENERATE_HINT = "run `specgen generate` and commit the result"


@dataclass
class CheckReport:
    out: Path  # as the user named it, for messages and annotations
    drift: Drift
    # Content problems of the spec left as warnings, in one line (the CLI prints it to stderr).
    findings_line: str = ""

    @property
    def clean(self) -> bool:
        return self.drift.clean

    def _label(self, path: str) -> str:
        return (self.out / path).as_posix()

    def render(self, fmt: str) -> str:
        if fmt == "json":
            return self._json()
        if fmt == "github":
            return self._github()
        return self._text()

    def _json(self) -> str:
        d = self.drift
        modified = [{"path": p, "diff": d.modified[p]} for p in sorted(d.modified)]
        report = {
            "clean": self.clean,
            "out": self.out.as_posix(),
            "added": d.added,
            "deleted": d.deleted,
            "modified": modified,
        }
        return json.dumps(report, indent=2)

    def _github(self) -> str:
        d = self.drift
        lines = [
            f"::error file={self._label(p)},line=1::not written by specgen from the spec "
            f"(stale or hand-added); {REGENERATE_HINT}"
            for p in d.added
        ]
        lines += [f"::error file={self._label(p)}::missing; {REGENERATE_HINT}" for p in d.deleted]
        for path in sorted(d.modified):
            line = first_changed_line(d.modified[path])
            lines.append(
                f"::error file={self._label(path)},line={line}::differs from what the spec "
                f"generates; {REGENERATE_HINT}"
            )
        return "\n".join(lines)

    def _text(self) -> str:
        d = self.drift
        if self.clean:
            return f"specgen: {self.out.as_posix()}: up to date"
        parts = [f"specgen: {self.out.as_posix()} does not match the spec ({REGENERATE_HINT}):"]
        parts += [f"  added (not from the spec): {p}" for p in d.added]
        parts += [f"  deleted (missing): {p}" for p in d.deleted]
        parts += [f"  modified: {p}" for p in sorted(d.modified)]
        for path in sorted(d.modified):
            parts += ["", d.modified[path].rstrip("\n")]
        return "\n".join(parts)
