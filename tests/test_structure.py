"""The shape of the code base: no import cycle among the project's modules, counting the
imports written inside functions (they run later, but a cycle is a cycle); modules of at most
600 lines; every colour in the palette; the wheel without build-time code."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("dashboard", "geodata", "loaders", "tools")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    """Every module of the project's packages: dotted name -> file."""
    return {_module_name(path): path for package in PACKAGES if (ROOT / package).is_dir()
            for path in sorted((ROOT / package).rglob("*.py"))}


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """Every import statement, at any depth, except those only read by type checkers."""
    found: list[ast.Import | ast.ImportFrom] = []
    stack = [tree]
    while stack:
        node = stack.pop()
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _type_checking(child):
                stack.extend(child.orelse)
                continue
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                found.append(child)
            stack.append(child)
    return found


def imported_modules(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The project modules ``name`` imports (``from a.b import c``: ``a.b.c`` when it is a
    module, else ``a.b``), wherever the import statement is written."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: set[str] = set()
    for node in _imports(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
            continue
        base = node.module or ""
        if node.level:
            anchor = package.split(".")
            anchor = anchor[:len(anchor) - node.level + 1]
            base = ".".join([*anchor, base] if base else anchor)
        for alias in node.names:
            child = f"{base}.{alias.name}"
            targets.add(child if child in modules else base)
    return {target for target in targets if target in modules and target != name}


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []

    def visit(start: str) -> None:  # iterative: no recursion limit on long chains
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(components)


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert import_cycles(graph) == [["a", "b", "c"]]


def test_imports_inside_functions_count(tmp_path: Path) -> None:
    source = tmp_path / "x.py"
    source.write_text("def f():\n    from dashboard.app import cache\n    import loaders.api\n"
                      "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                      "    from dashboard.app import session\n", encoding="utf-8")
    modules = {"dashboard.app.cache": source, "loaders.api": source,
               "dashboard.app.session": source, "x": source}
    assert imported_modules("x", source, modules) == {"dashboard.app.cache", "loaders.api"}


def test_no_import_cycle_among_the_projects_modules() -> None:
    modules = project_modules()
    graph = {name: imported_modules(name, path, modules) for name, path in modules.items()}
    assert len(graph) > 100  # the walk saw the packages
    assert import_cycles(graph) == []


def test_the_wheel_holds_runtime_packages_only() -> None:
    """Build-time code (``tools/``: the geodata build, the demo generator), the benchmarks
    and the tests stay out of the installed package."""
    import tomllib

    from setuptools import find_packages

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    found = config["tool"]["setuptools"]["packages"]["find"]
    packages = find_packages(str(ROOT), include=found["include"], exclude=found.get("exclude", ()))
    assert {name.split(".")[0] for name in packages} == {"dashboard", "geodata", "loaders"}
    assert "dashboard.app" in packages and "loaders" in packages  # the walk saw them
    assert not [name for name in packages if name.startswith("geodata.build")]


HEX_COLOUR = re.compile(r"""["'][^"'\n]*#(?:[0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})\b[^"'\n]*["']""")
"""A hex colour written in a Python string: a ``#`` and three or six hex digits, in quotes."""
PALETTE = ROOT / "dashboard" / "reports" / "palette.py"


def hex_colours(path: Path) -> list[str]:
    """``line: text`` of every string literal of ``path`` holding a hex colour."""
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        code = line.split("  # ")[0]  # a comment may name a colour
        found.extend(f"{number}: {match.group(0)}" for match in HEX_COLOUR.finditer(code))
    return found


def test_the_colour_scan_finds_a_colour(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    lines = ['EDGE = "#' + 'c8c8c8"', 'style = f"color:#' + '555;"', "count = 1  # #" + "fff"]
    sample.write_text("\n".join(lines), encoding="utf-8")
    assert [item.split(": ")[0] for item in hex_colours(sample)] == ["1", "2"]


def test_every_colour_is_the_palettes() -> None:
    """No hex colour literal in the Python code but in :mod:`dashboard.reports.palette` (the
    static JavaScript and CSS under ``dashboard/app/static`` keep theirs)."""
    folders = (*PACKAGES, "benchmarks", "tests")
    files = [path for folder in folders if (ROOT / folder).is_dir()
             for path in sorted((ROOT / folder).rglob("*.py")) if path != PALETTE]
    assert len(files) > 200
    literals = {str(path.relative_to(ROOT)): found for path in files
                if (found := hex_colours(path))}
    assert literals == {}
    assert hex_colours(PALETTE)  # the scan reads the palette's own literals


MOST_LINES = 600
"""Longest module of the runtime packages: past it, a module has more than one job."""


def test_every_runtime_module_is_small() -> None:
    sizes = {str(path.relative_to(ROOT)): len(path.read_text(encoding="utf-8").splitlines())
             for package in ("dashboard", "loaders", "geodata")
             for path in sorted((ROOT / package).rglob("*.py"))}
    assert len(sizes) > 100 and max(sizes.values()) > 100  # the walk read the packages
    assert {path: lines for path, lines in sizes.items() if lines > MOST_LINES} == {}
