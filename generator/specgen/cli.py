"""The `specgen` command line: validate, generate, check, diff, rules.

Exit codes: 0 ok, 1 findings (invalid spec, drift), 2 usage or I/O error. Every failure the tool
foresees becomes a message on stderr, never a traceback. With several `[[tool.specgen.clients]]`,
validate, generate and check work on each in turn (`--client NAME`: one), and the exit code is
the worst of theirs.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from specgen import __version__
from specgen.config import Config, load_clients
from specgen.diagnostics import (
    Diagnostic,
    SpecgenError,
    SpecInvalid,
    UsageError,
    has_errors,
    summary,
)


def _print_diagnostics(diagnostics: Sequence[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        print(diagnostic.format(), file=sys.stderr)
    print(summary(diagnostics), file=sys.stderr)


def _add_project_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--spec", help="the OpenAPI document (default: [tool.specgen] spec)")
    parser.add_argument("--out", help="the output directory (default: [tool.specgen] out)")
    parser.add_argument("--package", help="the generated package's name (default: from the title)")
    parser.add_argument("--client-name", help="the client class name (default: from the title)")
    parser.add_argument("--templates", help="a folder of templates overriding the built-in ones")


def _add_client_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--client",
        metavar="NAME",
        help="only this [[tool.specgen.clients]] entry (its `name`, else its `package`; "
        "default: every configured client)",
    )


def _add_document_options(parser: argparse.ArgumentParser) -> None:
    """Overlays and the selection, the same for all three commands."""
    parser.add_argument(
        "--overlay",
        action="append",
        metavar="FILE",
        help="an Overlay 1.0 file to apply before validation; repeat for more, applied in order "
        "(default: [tool.specgen] overlays)",
    )
    for name, verb in (("include", "generate only"), ("exclude", "leave out")):
        parser.add_argument(
            f"--{name}",
            action="append",
            metavar="SELECTOR",
            help=f"{verb} the operations of tag:NAME, path:TEMPLATE or operation:ID (globs "
            f"allowed); repeatable (default: [tool.specgen] {name})",
        )


def _add_rule_options(parser: argparse.ArgumentParser) -> None:
    """How severe content problems are: the same options for validate, generate and check."""
    parser.add_argument(
        "--strict",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="make every content problem an error (default: [tool.specgen] strict)",
    )
    parser.add_argument(
        "--rule",
        action="append",
        default=[],
        metavar="ID=LEVEL",
        help="set a content rule to error, warning or off (repeatable; `specgen rules` lists "
        "them); wins over --strict",
    )


def _print_selection(config: Config, document: dict[str, Any]) -> None:
    """validate checks the whole document; it says what generate would keep of it."""
    from specgen.document.select import select

    selection = config.selection()
    if selection:
        selected = select(document, selection)
        print(
            f"specgen: {selected.describe(selection)} (validate checks the whole document)",
            file=sys.stderr,
        )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="specgen",
        description="Validate an OpenAPI document and generate a typed Python client from it.",
    )
    parser.add_argument("--version", action="version", version=f"specgen {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    validate = commands.add_parser("validate", help="check the spec; print located problems")
    validate.add_argument("path", nargs="?", help="the OpenAPI document (default: configured)")
    _add_client_option(validate)
    _add_document_options(validate)
    _add_rule_options(validate)

    generate = commands.add_parser("generate", help="validate the spec and (re)write the output")
    _add_project_options(generate)
    _add_client_option(generate)
    _add_document_options(generate)
    _add_rule_options(generate)

    check = commands.add_parser(
        "check", help="fail if the output differs from what generate writes"
    )
    _add_project_options(check)
    _add_client_option(check)
    _add_document_options(check)
    _add_rule_options(check)
    check.add_argument(
        "--format",
        choices=["text", "json", "github"],
        default="text",
        help="how to report drift (github: workflow annotations)",
    )
    _add_against_options(check)
    _add_diff_parser(commands)
    commands.add_parser("rules", help="list the rules: id, kind, default severity, what it checks")
    return parser


def _add_diff_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from specgen.diff.command import add_parser

    add_parser(commands)


def _add_against_options(check: argparse.ArgumentParser) -> None:
    from specgen.diff.command import add_diff_options

    check.add_argument(
        "--against",
        metavar="SIDE",
        help="also report breaking changes from SIDE (PATH or git:REV:PATH) to the spec",
    )
    add_diff_options(check)


def _for_each(configs: list[Config], run: Callable[[Config], int]) -> int:
    """Run a command on each client; one client's failure does not stop the others."""
    if len(configs) == 1:
        return run(configs[0])
    code = 0
    for config in configs:
        try:
            code = max(code, run(config))
        except SpecInvalid as exc:
            print(f"specgen: {config.name}: {config.spec}:", file=sys.stderr)
            _print_diagnostics(exc.diagnostics)
            code = max(code, exc.exit_code)
        except SpecgenError as exc:
            print(f"specgen: error: {config.name}: {exc}", file=sys.stderr)
            code = max(code, exc.exit_code)
    return code


def _cmd_validate(args: argparse.Namespace) -> int:
    # Stages are imported per command: `--help` and usage errors answer without loading them.
    from specgen.pipeline import validate

    configs = load_clients(
        client=args.client,
        spec=args.path,
        overlays=args.overlay,
        include=args.include,
        exclude=args.exclude,
        strict=args.strict,
        rule_options=args.rule,
    )
    for config in configs:
        config.selection()  # a malformed selector fails before any loading

    def run(config: Config) -> int:
        if len(configs) > 1:
            print(f"specgen: {config.name}: {config.spec}", file=sys.stderr)
        checked = validate(config)
        diagnostics = checked.diagnostics
        _print_diagnostics(diagnostics)
        _print_selection(config, checked.spec.document)
        return 1 if has_errors(diagnostics) else 0

    return _for_each(configs, run)


def _configs_from(args: argparse.Namespace) -> list[Config]:
    return load_clients(
        client=args.client,
        spec=args.spec,
        out=args.out,
        package=args.package,
        client_name=args.client_name,
        templates=args.templates,
        overlays=args.overlay,
        include=args.include,
        exclude=args.exclude,
        strict=args.strict,
        rule_options=args.rule,
    )


def _cmd_generate(args: argparse.Namespace) -> int:
    from specgen.pipeline import generate

    def run(config: Config) -> int:
        result = generate(config)
        if result.findings_line:
            print(result.findings_line, file=sys.stderr)
        if result.selection:
            who = f"{config.name}: " if config.name else ""
            print(f"specgen: {who}{result.selection}")
        print(result.describe())
        return 0

    return _for_each(_configs_from(args), run)


def _cmd_check(args: argparse.Namespace) -> int:
    import json

    from specgen.pipeline import check

    configs = _configs_from(args)
    if args.against:
        if len(configs) > 1:
            names = ", ".join(str(c.name) for c in configs)
            raise UsageError(f"--against compares one spec: add --client NAME ({names})")
        report = check(configs[0])
        if report.findings_line:
            print(report.findings_line, file=sys.stderr)
        return _check_against(args, configs[0], report)
    several_json = args.format == "json" and len(configs) > 1
    reports: list[Any] = []

    def run(config: Config) -> int:
        report = check(config)
        if report.findings_line:
            print(report.findings_line, file=sys.stderr)
        output = report.render(args.format)
        if several_json:
            reports.append(json.loads(output))
        elif output:
            print(output)
        return 0 if report.clean else 1

    code = _for_each(configs, run)
    if several_json:
        print(json.dumps(reports, indent=2, ensure_ascii=False))
    return code


def _check_against(args: argparse.Namespace, config, report) -> int:  # type: ignore[no-untyped-def]
    """`check --against`: the drift check and the breaking-change check in one step."""
    import json

    from specgen.diff.command import run_against

    code, diff_output = run_against(args, config, args.format)
    if args.format == "json":
        combined = {
            "check": json.loads(report.render("json")),
            "diff": json.loads(diff_output or "null"),
        }
        print(json.dumps(combined, indent=2, ensure_ascii=False))
    else:
        for output in (report.render(args.format), diff_output):
            if output:
                print(output)
    return max(code, 0 if report.clean else 1)


def _cmd_diff(args: argparse.Namespace) -> int:
    from specgen.diff.command import run

    return run(args)


def _cmd_rules(args: argparse.Namespace) -> int:
    from specgen.rules import rules_table

    print(rules_table())
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handlers = {
        "validate": _cmd_validate,
        "generate": _cmd_generate,
        "check": _cmd_check,
        "diff": _cmd_diff,
        "rules": _cmd_rules,
    }
    try:
        return handlers[args.command](args)
    except SpecInvalid as exc:
        _print_diagnostics(exc.diagnostics)
        return exc.exit_code
    except SpecgenError as exc:
        print(f"specgen: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("specgen: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug of ours: say so in one line, keep the traceback on demand
        if os.environ.get("SPECGEN_DEBUG"):
            raise
        print(
            f"specgen: internal error: {type(exc).__name__}: {exc} "
            "(set SPECGEN_DEBUG=1 for the traceback, and please report it)",
            file=sys.stderr,
        )
        return 2


def run() -> NoReturn:
    """The `specgen` command's process (`python -m specgen` too): `main`, with Python's cycle
    collector off. The stages pause it anyway (`pipeline._no_gc_pauses`); in a process that
    ends with the command, turning it back on only buys one collection of everything the run
    made just before the exit, ~5 % of a small spec's `generate`."""
    gc.disable()
    raise SystemExit(main())
