"""The package's layers: imports point down only, no cycles, no private names across modules."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "generator"
LAYERS = (
    "core",
    "markup",
    "load",
    "assets",
    "render",
    "pages",
    "output",
    "engine",
    "build",
    "preview",
    "migrate",
    "cli",
)


def modules() -> dict[str, ast.Module]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = ast.parse(path.read_text(), str(path))
    return found


def imports(tree: ast.Module) -> list[tuple[str, list[str]]]:
    """(module, names) of every `generator` import, wherever it stands (lazy ones too)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("generator"):
            names = [a.name for a in node.names]
            if node.module == "generator":
                found += [(f"generator.{n}", []) for n in names if n != "__version__"]
            else:
                found.append((node.module, names))
        elif isinstance(node, ast.Import):
            found += [(a.name, []) for a in node.names if a.name.startswith("generator.")]
    return found


def layer(module: str) -> int | None:
    parts = module.split(".")
    if len(parts) < 2:
        return None  # the package itself: its version
    top = parts[1]
    return LAYERS.index(top) if top in LAYERS else None


MODULES = modules()


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_point_down_only(module: str) -> None:
    own = layer(module)
    upward = [
        target
        for target, _ in imports(MODULES[module])
        if own is not None and (layer(target) or 0) > own
    ]
    assert not upward, f"{module} imports from a higher layer: {upward}"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_layers_import_no_sibling_layer(module: str) -> None:
    """Packages of one layer stand side by side only in name: each layer sees those below."""
    own = module.split(".")[:2]
    sideways = [
        target
        for target, _ in imports(MODULES[module])
        if layer(target) == layer(module) and target.split(".")[:2] != own
    ]
    assert not sideways, f"{module} imports from its own layer: {sideways}"


def test_no_import_cycles() -> None:
    graph = {
        module: {t for t, _ in imports(tree) if t in MODULES and t != module}
        for module, tree in MODULES.items()
    }
    done: set[str] = set()

    def visit(module: str, path: tuple[str, ...]) -> None:
        if module in path:
            cycle = (*path[path.index(module) :], module)
            raise AssertionError("import cycle: " + " -> ".join(cycle))
        if module in done:
            return
        for target in sorted(graph[module]):
            visit(target, (*path, module))
        done.add(module)

    for module in sorted(graph):
        visit(module, ())


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_private_names_from_other_modules(module: str) -> None:
    private = [
        f"{target}.{name}"
        for target, names in imports(MODULES[module])
        for name in names
        if name.startswith("_") and not name.startswith("__")
    ]
    assert not private, f"{module} uses private names of other modules: {private}"


def test_no_pickle_in_the_package() -> None:
    """Loading the cache must never run code: no pickle anywhere."""
    users = [
        module
        for module, tree in MODULES.items()
        for node in ast.walk(tree)
        if isinstance(node, (ast.Import, ast.ImportFrom))
        and "pickle" in {*(a.name for a in node.names), getattr(node, "module", None)}
    ]
    assert not users, f"modules importing pickle: {users}"


def test_no_function_over_fifty_lines() -> None:
    long = [
        f"{module}.{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for module, tree in MODULES.items()
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        and node.end_lineno - node.lineno + 1 > 50
    ]
    assert not long, f"functions over 50 lines: {long}"


def test_core_imports_nothing_else_of_the_package() -> None:
    outside = [
        (module, target)
        for module, tree in MODULES.items()
        if module.startswith("generator.core")
        for target, _ in imports(tree)
        if not target.startswith("generator.core")
    ]
    assert not outside, outside
