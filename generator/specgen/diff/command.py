"""The `specgen diff` command line (and `specgen check --against`), kept apart from cli.py."""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from specgen.config import Config, load_config
from specgen.diagnostics import SpecInvalid, UsageError, summary
from specgen.diff.findings import Level

if TYPE_CHECKING:  # the stages are imported when a command runs, not to build the parser
    from specgen.ir.build import Options

FORMATS = ("text", "json", "markdown", "github")


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from exc


def add_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser(
        "diff",
        help="report breaking changes between two versions of a spec",
        description=(
            "Compare two versions of an OpenAPI document, each a path or git:REV:PATH (read "
            "from git, no checkout), and report what breaks callers and clients on the wire and "
            "in the generated Python package. Exit 0: nothing at --fail-on or above; 1: findings; "
            "2: usage or I/O error."
        ),
    )
    parser.add_argument("base", nargs="?", help="the old version: PATH or git:REV:PATH")
    parser.add_argument("revision", nargs="?", help="the new version: PATH or git:REV:PATH")
    parser.add_argument("--format", choices=FORMATS, default="text", help="how to report")
    parser.add_argument(
        "--fail-on",
        choices=[level.value for level in Level],
        default="error",
        help="exit 1 when a finding is at this level or above (default: error)",
    )
    add_diff_options(parser)
    parser.add_argument(
        "--suggest-version",
        action="store_true",
        help="print the info.version bump the findings imply; warn when the revision's is less",
    )
    parser.add_argument("--package", help="the generated package's name (default: configured)")
    parser.add_argument("--client-name", help="the client class name (default: configured)")
    parser.add_argument("--list-rules", action="store_true", help="print every rule and exit")


def add_diff_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--today",
        type=_date,
        help="the date for x-sunset and ignore-file expiry (YYYY-MM-DD; default: today)",
    )
    parser.add_argument("--ignore", help="an ignore file of accepted changes (see docs/diff.md)")


def _options(package: str | None, client_name: str | None) -> Options:
    """The Python names the package is generated with: as given, else as configured."""
    from specgen.ir.build import Options

    try:
        config: Config | None = load_config()
    except UsageError:
        config = None
    return Options(
        package=package or (config.package if config else None),
        client_name=client_name or (config.client_name if config else None),
    )


def run(args: argparse.Namespace) -> int:
    from specgen.diff.engine import diff
    from specgen.diff.report import render

    if args.list_rules:
        print(rules_listing())
        return 0
    if args.base is None or args.revision is None:
        raise UsageError("diff needs BASE and REVISION (each a path or git:REV:PATH)")
    try:
        result = diff(
            args.base,
            args.revision,
            today=args.today,
            ignore=Path(args.ignore) if args.ignore else None,
            options=_options(args.package, args.client_name),
            suggest_version=args.suggest_version,
        )
    except SpecInvalid as exc:  # a side that does not parse cannot be compared: an I/O error
        for diagnostic in exc.diagnostics:
            print(diagnostic.format(), file=sys.stderr)
        print(summary(exc.diagnostics), file=sys.stderr)
        return 2
    print(render(result, args.format))
    return 1 if result.failing(Level(args.fail_on)) else 0


def run_against(args: argparse.Namespace, config: Config, fmt: str) -> tuple[int, str]:
    """The breaking-change half of `specgen check --against SIDE`: (exit code, output)."""
    from specgen.diff.report import render, render_json
    from specgen.pipeline import check_against

    try:
        result = check_against(
            config,
            args.against,
            today=args.today,
            ignore=Path(args.ignore) if args.ignore else None,
        )
    except SpecInvalid as exc:
        for diagnostic in exc.diagnostics:
            print(diagnostic.format(), file=sys.stderr)
        return 2, ""
    output = render_json(result) if fmt == "json" else render(result, fmt)
    return (1 if result.failing(Level.ERROR) else 0), output


def rules_listing() -> str:
    from specgen.diff.rules import RULES

    width = max(len(rule.id) for rule in RULES.values())
    return "\n".join(
        f"{rule.id:<{width}}  {rule.level.value:<7}  {rule.description}"
        for rule in sorted(RULES.values(), key=lambda r: r.id)
    )
