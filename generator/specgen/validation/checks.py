"""Check a loaded OpenAPI document and report every problem, located in its source files.

The checks, one module each: `version` (the gate, and 3.2 features not read yet), `structure`
(what the generator cannot do without: blocking), `keywords` (typos, `nullable`, regex
dialects), `metaschema` (the OpenAPI meta-schema and 3.1+ schema dialects), `references`
(`$ref`s that must resolve, unused components), `operations` (ids, path templates, duplicates,
operations that are not generated), `extensions` (specgen's own `x-specgen-*`) and `examples`
(examples and defaults against their schemas).

Every finding is reported under a rule of `specgen.rules` at its default severity; the caller
applies the configured severities. Content checks also record *defects*, the parts generated
code must not depend on, for `specgen.ir.repair`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from specgen.diagnostics import Diagnostic, sort_diagnostics
from specgen.document import jsonpointer
from specgen.load.spec import LoadedSpec
from specgen.validation.context import Context, Defects, Finding
from specgen.validation.examples import check_examples
from specgen.validation.extensions import check_extensions
from specgen.validation.keywords import (
    check_keyword_typos,
    check_nullable_untyped,
    check_patterns,
    check_required_declared,
)
from specgen.validation.metaschema import check_meta_schema, check_schema_dialect
from specgen.validation.operations import (
    check_duplicate_parameters,
    check_duplicate_tags,
    check_header_names,
    check_operation_ids,
    check_operations_not_generated,
    check_path_parameters,
)
from specgen.validation.references import (
    check_dynamic_refs,
    check_references,
    check_unused_components,
)
from specgen.validation.structure import check_structure
from specgen.validation.version import check_32_features, version_of

# In this order: the structure, reference, typo and pattern checks run before the meta-schema,
# whose reports about the same nodes are then left out.
CHECKS: tuple[Callable[[Context], Iterable[Finding]], ...] = (
    check_structure,
    check_references,
    check_keyword_typos,
    check_nullable_untyped,
    check_patterns,
    check_required_declared,
    check_meta_schema,
    check_schema_dialect,
    check_path_parameters,
    check_operation_ids,
    check_duplicate_parameters,
    check_header_names,
    check_duplicate_tags,
    check_operations_not_generated,
    check_32_features,
    check_dynamic_refs,
    check_extensions,
    check_examples,
    check_unused_components,
)


@dataclass
class Validation:
    diagnostics: list[Diagnostic]  # at their rules' default severities, sorted by location
    defects: Defects = field(default_factory=Defects)
    version: str | None = None  # "3.0", "3.1" or "3.2"; None when the version is unusable


def validate(spec: LoadedSpec) -> Validation:
    """Every problem with ``spec`` (load problems included), and the defects found."""
    diagnostics = list(spec.diagnostics)
    version, refusal = version_of(spec)
    if version is None:
        if refusal is not None:
            pointer = jsonpointer.join(*refusal.path)
            diagnostics.append(spec.diagnostic(refusal.rule, pointer, refusal.message))
        return Validation(sort_diagnostics(diagnostics))
    context = Context(spec, version)
    for check in CHECKS:
        diagnostics.extend(context.locate(finding) for finding in check(context))
    return Validation(sort_diagnostics(diagnostics), context.defects, version)


def validate_spec(spec: LoadedSpec) -> list[Diagnostic]:
    """The diagnostics of `validate`, at their rules' default severities."""
    return validate(spec).diagnostics
