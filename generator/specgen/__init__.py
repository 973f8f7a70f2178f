"""specgen: an OpenAPI document in, a typed Python client, models and contract tests out.

import specgen
result = specgen.validate("spec/openapi.yaml")
specgen.generate()            # paths from [tool.specgen], as the CLI does
assert specgen.check().clean
specgen.diff_specs("git:origin/main:spec/openapi.yaml").findings   # breaking changes since main
"""

__version__ = "0.1.0"

from specgen._api import ValidationResult, check, generate, validate
from specgen._api import diff as diff_specs  # `specgen.diff` is the stage package
from specgen.config import Config
from specgen.diagnostics import Diagnostic, Severity, SpecgenError, SpecInvalid, UsageError

__all__ = [
    "Config",
    "Diagnostic",
    "Severity",
    "SpecInvalid",
    "SpecgenError",
    "UsageError",
    "ValidationResult",
    "__version__",
    "check",
    "diff_specs",
    "generate",
    "validate",
]
