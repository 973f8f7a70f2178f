"""datamodel-code-generator's one module of models, cut into the modules of a `models` package.

pydantic builds each class as it is defined (it evaluates the annotations and compiles a
validator), which for a big API takes seconds: Stripe's 5,255 classes took 4 s of CPU to import
on an idle machine. So the package imports a class's module when the class is first used
(`models/__init__.py`), and each module holds as little as it can: the classes that refer to
each other, directly or not (a strongly-connected component of the graph of references), which
pydantic must see together to resolve their forward references. Every other class a module
refers to is imported from its own module at the top, and those imports cannot form a cycle: the
graph of components is acyclic. Statements that are not definitions (`X.model_rebuild()`) go to
the module of the first name they use.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from specgen.ir import naming
from specgen.ir.pycode import NaturalKey, module_key, natural_key, sort_names


@dataclass(frozen=True, slots=True)
class ModelModule:
    """One module of `<package>/models/`."""

    name: str  # "_customer": the file `_customer.py`, after its first class
    names: tuple[str, ...]  # what it defines, in the order of the source
    source: str  # imports and statements: the module without its header and docstring

    @property
    def doc_text(self) -> str:
        first = f"`{self.names[0]}`"
        if len(self.names) == 1:
            return f"The {first} model."
        if len(self.names) <= 4:
            listed = ", ".join(f"`{n}`" for n in self.names[:-1]) + f" and `{self.names[-1]}`"
            return f"The models {listed}, which refer to each other."
        others = len(self.names) - 1
        return f"The {first} model and {others:,} others, which all refer to each other."


@dataclass(frozen=True, slots=True)
class _Import:
    """One import statement of datamodel-code-generator's module."""

    module: str  # as written in a module of the models package: "pydantic", ".._models"; "" for
    # `import x`
    aliases: tuple[tuple[str, str | None], ...]  # (name, as-name), in the statement's order
    kind: int  # isort's section: 0 __future__, 1 standard library, 2 third party, 3 local

    def text(self, used: set[str]) -> str | None:
        """The statement with only the names that `used` holds, or None if none is left."""
        kept = [
            f"{name} as {alias}" if alias else name
            for name, alias in self.aliases
            if (alias or name.split(".")[0]) in used or self.module == "__future__"
        ]
        if not kept:
            return None
        if not self.module:
            return "\n".join(f"import {name}" for name in kept)
        return f"from {self.module} import {', '.join(sort_names(kept))}"

    def sort_key(self) -> tuple[int, NaturalKey, NaturalKey]:
        """isort's order within a section: `import x` statements first, then by module."""
        if not self.module:
            name = self.aliases[0][0]
            return (0, natural_key(name), natural_key(name, fold_case=False))
        return (1, natural_key(self.module), natural_key(self.module, fold_case=False))


@dataclass(slots=True)
class _Unit:
    """One top-level statement and what it defines and uses."""

    text: str
    defines: tuple[str, ...]
    uses: set[str]


def split_models(
    lines: list[str],
    tree: ast.Module,
    import_count: int,
    head: str,
    package: str,
    renamed: dict[str, str],
) -> tuple[ModelModule, ...]:
    """The modules of the models package, in the order of their first class.

    `lines`: datamodel-code-generator's module with our names in it, whose parse before the
    `renamed` names (theirs → ours) is `tree`; its first `import_count` statements are the
    imports, whose final text is `head`.
    """
    imports = _imports(head, package)
    units = [
        _unit(lines, node, renamed) for node in tree.body[import_count:] if not _is_docstring(node)
    ]
    owner = {name: index for index, unit in enumerate(units) for name in unit.defines}
    graph = [
        sorted({owner[n] for n in unit.uses if n in owner} - {index})
        for index, unit in enumerate(units)
    ]
    members: list[list[int]] = []
    component_of: dict[int, int] = {}
    for component in _components([i for i, u in enumerate(units) if u.defines], graph):
        for index in component:
            component_of[index] = len(members)
        members.append(sorted(component))
    for index, unit in enumerate(units):
        if not unit.defines:  # `X.model_rebuild()`: with X
            first = next((owner[n] for n in _names_in_order(unit) if n in owner), None)
            if first is None:
                raise ValueError(f"a statement of the models uses no model: {unit.text.strip()}")
            component_of[index] = component_of[first]
            members[component_of[first]].append(index)
    members.sort(key=min)
    module_names: list[str] = []
    taken: set[str] = set()
    for group in members:
        module_names.append(naming.unique("_" + naming.snake(units[group[0]].defines[0]), taken))
    module_of_component = {component_of[group[0]]: i for i, group in enumerate(members)}
    module_of_name = {
        name: module_names[module_of_component[component_of[index]]]
        for name, index in owner.items()
    }
    result = []
    for position, group in enumerate(members):
        group_units = [units[i] for i in group]
        defined = [name for unit in group_units for name in unit.defines]
        used = set().union(*(unit.uses for unit in group_units)) - set(defined)
        own: dict[str, set[str]] = {}
        for name in used:
            if name in module_of_name:
                own.setdefault(module_of_name[name], set()).add(name)
        text = (
            _import_block(imports, used, own)
            + "\n\n"
            + "\n\n".join(unit.text for unit in group_units)
        )
        result.append(ModelModule(name=module_names[position], names=tuple(defined), source=text))
    return tuple(result)


def in_import_order(modules: tuple[ModelModule, ...]) -> tuple[ModelModule, ...]:
    """The modules as ruff's isort orders imports of them (`from ._a2` before `from ._a10`)."""
    return tuple(sorted(modules, key=lambda m: natural_key(m.name)))


def _is_docstring(node: ast.stmt) -> bool:
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)


def _unit(lines: list[str], node: ast.stmt, renamed: dict[str, str]) -> _Unit:
    decorators = getattr(node, "decorator_list", [])
    start = min([node.lineno, *(d.lineno for d in decorators)])
    text = "".join(lines[start - 1 : node.end_lineno or node.lineno]).rstrip("\n") + "\n"
    defines: tuple[str, ...] = ()
    if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
        defines = (node.name,)
    elif isinstance(node, ast.Assign):
        defines = tuple(t.id for t in node.targets if isinstance(t, ast.Name))
    elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        defines = (node.target.id,)
    uses = {renamed.get(name, name) for name in _used_names(node)}
    return _Unit(text=text, defines=defines, uses=uses)


def _used_names(node: ast.stmt) -> Iterator[str]:
    """The names a statement reads, and the class names it writes as strings inside a
    subscript: the extra-keys annotation `__annotations__ = {"__pydantic_extra__": Dict[str,
    "BodyValue"]}` names its value class only so (openapi-python-client's baseline);
    `Literal["Cat"]` holds values, not names. One walk: Stripe's module has 1.6 million nodes."""
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name):
            if isinstance(sub.ctx, ast.Load):
                yield sub.id
        elif isinstance(sub, ast.Subscript):
            if isinstance(sub.value, ast.Name) and sub.value.id == "Literal":
                continue
            parts = sub.slice.elts if isinstance(sub.slice, ast.Tuple) else [sub.slice]
            for part in parts:
                value = part.value if isinstance(part, ast.Constant) else None
                if isinstance(value, str) and value.isidentifier():
                    yield value


def _names_in_order(unit: _Unit) -> list[str]:
    tree = ast.parse(unit.text)
    found = [n for n in ast.walk(tree) if isinstance(n, ast.Name)]
    return [n.id for n in sorted(found, key=lambda n: (n.lineno, n.col_offset))]


def _components(nodes: list[int], graph: list[list[int]]) -> Iterable[list[int]]:
    """Tarjan's strongly-connected components, without recursion (Stripe's graph is deep)."""
    index_of: dict[int, int] = {}
    low: dict[int, int] = {}
    stack: list[int] = []
    on_stack: set[int] = set()
    counter = 0
    for root in nodes:
        if root in index_of:
            continue
        work = [(root, 0)]
        while work:
            node, child = work.pop()
            if child == 0:
                index_of[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            edges = graph[node]
            if child < len(edges):
                work.append((node, child + 1))
                target = edges[child]
                if target not in index_of:
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index_of[target])
                continue
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index_of[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                yield component


def _imports(head: str, package: str) -> list[_Import]:
    """The imports of datamodel-code-generator's module, as a module one level deeper has them."""
    found = []
    for node in ast.parse(head).body:
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if module == "__future__":
                kind = 0
            elif node.level or module == package or module.startswith(f"{package}."):
                kind = 3
                # One level deeper than the package's top, where the module was to be.
                if node.level:
                    module = "." * (node.level + 1) + module
                else:
                    module = ".." + module[len(package) :].lstrip(".")
            else:
                kind = 1 if module.split(".")[0] in sys.stdlib_module_names else 2
            aliases = tuple((alias.name, alias.asname) for alias in node.names)
            found.append(_Import(module, aliases, kind))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                top = alias.name.split(".")[0]
                kind = 1 if top in sys.stdlib_module_names else 2
                found.append(_Import("", ((alias.name, alias.asname),), kind))
    return _merged(found)


def _merged(imports: list[_Import]) -> list[_Import]:
    """One statement per module, as isort writes them (the unformatted output may repeat one)."""
    by_module: dict[tuple[str, int], _Import] = {}
    merged: list[_Import] = []
    for entry in imports:
        seen = by_module.get((entry.module, entry.kind)) if entry.module else None
        if seen is None:
            merged.append(entry)
            if entry.module:
                by_module[(entry.module, entry.kind)] = entry
            continue
        joined = _Import(
            entry.module,
            seen.aliases + tuple(a for a in entry.aliases if a not in seen.aliases),
            entry.kind,
        )
        merged[merged.index(seen)] = joined
        by_module[(entry.module, entry.kind)] = joined
    return merged


def _import_block(imports: list[_Import], used: set[str], own: dict[str, set[str]]) -> str:
    """The module's imports in isort's sections and order, of the names it uses only.

    datamodel-code-generator's own formatter is not run (ruff formats the whole tree later), so
    its statements come in the order it collected them: every section is sorted here.
    """
    sections: dict[int, list[tuple[tuple[int, NaturalKey, NaturalKey], str]]] = {}
    # (sort key, statement) per section
    for entry in imports:
        text = entry.text(used)
        if text is not None:
            key = module_key(entry.module) if entry.kind == 3 else entry.sort_key()
            sections.setdefault(entry.kind, []).append((key, text))
    for module, names in own.items():
        text = f"from .{module} import {', '.join(sort_names(list(names)))}"
        sections.setdefault(3, []).append((module_key(f".{module}"), text))
    blocks = ["\n".join(text for _key, text in sorted(sections[k])) for k in sorted(sections)]
    return "\n\n".join(blocks) + "\n"
