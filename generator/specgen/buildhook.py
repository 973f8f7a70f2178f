"""A hatchling build hook: render the client from the spec while the user's wheel is built.

Configured in the user's pyproject.toml (specgen goes into `[build-system] requires`):

    [tool.hatch.build.hooks.specgen]
    spec = "openapi.yaml"          # relative to the project root
    package = "petstore_client"    # import name of the generated client
    destination = "petstore_client"  # optional: folder inside the wheel (default: the package)
    client-name = "Petstore"       # optional: the client class
    templates = "specgen-templates"  # optional: template overrides
    overlays = ["fix.yaml"]        # optional: Overlay 1.0 files, applied in order
    include = ["tag:pets"]         # optional: only these operations (see the README)
    exclude = []                   # optional

The client is rendered into a temporary folder and added to the wheel with `force_include`, so
nothing is written into the source tree; the sdist carries the spec (hatchling includes every
file git does not ignore), so a wheel built from it renders the same client. Editable installs
get a copy too (`force_include_editable`), made at install time: rerun `pip install -e .` after
the spec changes. An invalid spec fails the build with its located diagnostics.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface
from hatchling.plugin import hookimpl

from specgen.diagnostics import SpecgenError, SpecInvalid

_KNOWN_OPTIONS = frozenset(
    {"spec", "package", "destination", "client-name", "templates"}
    | {"overlays", "include", "exclude"}
    # Options hatchling gives every hook.
    | {"dependencies", "require-runtime-dependencies", "enable-by-default"}
)


class SpecgenBuildError(Exception):
    """The build cannot go on; the message says why (located diagnostics for a bad spec)."""


class SpecgenBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "specgen"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return  # the sdist carries the spec and templates as ordinary project files
        options = self._options()
        root = Path(self.root)
        self._scratch = Path(tempfile.mkdtemp(prefix="specgen-build-"))
        try:
            self._render(root, options)
        except SpecInvalid as exc:
            lines = [d.format() for d in exc.diagnostics]
            for line in lines:
                self.app.display_error(line)
            raise SpecgenBuildError(
                f"specgen: {options['spec']} cannot generate a client "
                f"({len(exc.diagnostics)} problem(s), listed above)"
            ) from None
        except SpecgenError as exc:
            raise SpecgenBuildError(f"specgen: {exc}") from None
        package_dir = self._scratch / options["package"]
        destination = options.get("destination") or options["package"]
        key = "force_include_editable" if version == "editable" else "force_include"
        build_data[key][str(package_dir)] = destination
        self.app.display_info(f"specgen: rendered {options['spec']} into {destination}/")

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        scratch = getattr(self, "_scratch", None)
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)

    def _options(self) -> dict[str, Any]:
        config = self.config
        unknown = sorted(set(config) - _KNOWN_OPTIONS)
        if unknown:
            raise SpecgenBuildError(
                f"specgen: unknown option(s) in [tool.hatch.build.hooks.specgen]: "
                f"{', '.join(unknown)} (known: {', '.join(sorted(_KNOWN_OPTIONS))})"
            )
        for required in ("spec", "package"):
            if not isinstance(config.get(required), str):
                raise SpecgenBuildError(
                    f"specgen: [tool.hatch.build.hooks.specgen] needs `{required}` (a string)"
                )
        for listed in ("overlays", "include", "exclude"):
            value = config.get(listed, [])
            if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                raise SpecgenBuildError(
                    f"specgen: [tool.hatch.build.hooks.specgen] `{listed}` must be a list of text"
                )
        return dict(config)

    def _render(self, root: Path, options: dict[str, Any]) -> None:
        from specgen import generate  # the pipeline, loaded only when a wheel is built

        templates = options.get("templates")
        generate(
            root / options["spec"],
            out=self._scratch,
            package=options["package"],
            client_name=options.get("client-name"),
            templates=root / templates if templates else None,
            overlays=[root / o for o in options.get("overlays", [])],
            include=options.get("include", []),
            exclude=options.get("exclude", []),
            cwd=root,
        )


@hookimpl
def hatch_register_build_hook() -> type[BuildHookInterface]:  # type: ignore[type-arg]
    return SpecgenBuildHook
