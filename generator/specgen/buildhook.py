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

With no `spec` in that table, the hook renders every `[[tool.specgen.clients]]` entry of
`[tool.specgen]` (each package at the root of the wheel; their `out` and tests are not used):

    [tool.hatch.build.hooks.specgen]   # empty: the clients below

    [[tool.specgen.clients]]
    spec = "specs/pets.yaml"
    out = "generated"             # where `specgen generate` would write; not used by the hook
    package = "pets_client"

The client is rendered into a temporary folder and added to the wheel with `force_include`, so
nothing is written into the source tree; the sdist carries the spec (hatchling includes every
file git does not ignore), so a wheel built from it renders the same client. Editable installs
get a copy too (`force_include_editable`), made at install time: rerun `pip install -e .` after
the spec changes. An invalid spec fails the build with its located diagnostics.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface
from hatchling.plugin import hookimpl

from specgen.diagnostics import SpecgenError, SpecInvalid

# Options hatchling gives every hook.
_HATCH_OPTIONS = frozenset({"dependencies", "require-runtime-dependencies", "enable-by-default"})
_KNOWN_OPTIONS = _HATCH_OPTIONS | frozenset(
    {"spec", "package", "destination", "client-name", "templates"}
    | {"overlays", "include", "exclude"}
)


class SpecgenBuildError(Exception):
    """The build cannot go on; the message says why (located diagnostics for a bad spec)."""


class SpecgenBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "specgen"
    _spec_in_progress = "the spec"  # for the message of a spec that cannot generate

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return  # the sdist carries the spec and templates as ordinary project files
        options = self._options()
        root = Path(self.root)
        self._scratch = Path(tempfile.mkdtemp(prefix="specgen-build-"))
        key = "force_include_editable" if version == "editable" else "force_include"
        try:
            rendered = (
                [self._render(root, options)] if "spec" in options else self._render_clients(root)
            )
        except SpecInvalid as exc:
            lines = [d.format() for d in exc.diagnostics]
            for line in lines:
                self.app.display_error(line)
            raise SpecgenBuildError(
                f"specgen: {self._spec_in_progress} cannot generate a client "
                f"({len(exc.diagnostics)} problem(s), listed above)"
            ) from None
        except SpecgenError as exc:
            raise SpecgenBuildError(f"specgen: {exc}") from None
        for spec, package_dir, destination in rendered:
            build_data[key][str(package_dir)] = destination
            self.app.display_info(f"specgen: rendered {spec} into {destination}/")

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
        if "spec" not in config:
            # The clients of [tool.specgen] then; options for one client would be ambiguous.
            misplaced = sorted(set(config) & (_KNOWN_OPTIONS - _HATCH_OPTIONS))
            if misplaced:
                raise SpecgenBuildError(
                    f"specgen: [tool.hatch.build.hooks.specgen] has {', '.join(misplaced)} but "
                    "no `spec`: name the spec, or set these in [[tool.specgen.clients]]"
                )
            return dict(config)
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

    def _render(self, root: Path, options: dict[str, Any]) -> tuple[str, Path, str]:
        """The hook's own client: (spec, rendered package folder, folder in the wheel)."""
        from specgen import generate  # the pipeline, loaded only when a wheel is built

        templates = options.get("templates")
        self._spec_in_progress = options["spec"]
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
        package = options["package"]
        return options["spec"], self._scratch / package, options.get("destination") or package

    def _render_clients(self, root: Path) -> list[tuple[str, Path, str]]:
        """Every `[[tool.specgen.clients]]` entry, each into a scratch folder of its own."""
        import dataclasses

        from specgen.config import client_names, load_clients
        from specgen.pipeline import generate

        if not client_names(root):
            raise SpecgenBuildError(
                "specgen: [tool.hatch.build.hooks.specgen] names no `spec`, and "
                f"{root / 'pyproject.toml'} has no [[tool.specgen.clients]]"
            )
        configs = load_clients(cwd=root)
        packages = [str(config.package) for config in configs]  # an entry needs one
        twice = sorted({package for package in packages if packages.count(package) > 1})
        if twice:
            raise SpecgenBuildError(
                f"specgen: [[tool.specgen.clients]] put {', '.join(twice)} into the wheel twice "
                "(each client needs a package of its own)"
            )
        rendered = []
        for config, package in zip(configs, packages, strict=True):
            scratch = self._scratch / str(config.name)
            self._spec_in_progress = Path(os.path.relpath(config.spec, root)).as_posix()
            # Its own folder: the layout of a client alone in its `out`, whatever `out` says.
            generate(dataclasses.replace(config, out=scratch, owned=None))
            rendered.append((self._spec_in_progress, scratch / package, package))
        return rendered


@hookimpl
def hatch_register_build_hook() -> type[BuildHookInterface]:  # type: ignore[type-arg]
    return SpecgenBuildHook
