"""The package layout holds: imports go one way, from the command line down to the specs.

Every module's imports are read with ``ast`` (module-level and the ones inside functions: a lazy
import is still a dependency) and three things are checked:

- no import cycle between modules (an ``if TYPE_CHECKING:`` import names a type for the checker and
  runs nothing, so it does not count here; it still counts for the layers);
- no import against the layer order below (a module may import its own layer or any layer under it);
- no ``_private`` name imported from another module (a name another module needs is public where it
  is defined).

KNOWN lists the edges that still break a rule. It may only shrink: an entry that no longer occurs
fails the test too, so whoever removes a violation also removes its line.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "xlkit"

# Top to bottom. `xlkit` (the package's __init__: the public facade) and `xlkit.__main__` sit above
# everything; `xlkit.errors` below everything.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("cli",),
    ("bureau",),  # many folders at once, the archive
    ("survey_intake",),  # platform exports -> 问卷统计
    ("write",),  # blank workbooks, projects, every output workbook and document
    ("audit",),  # third-party tables and reports
    ("scoring",),  # xlkit.score: evaluation, 自评, comparison
    ("checking",),  # xlkit.check
    ("rules",),  # rule types, 评分标准 text
    ("compute",),  # finance, measures, questionnaire, fund table, named values
    ("read",),  # safe loading, XML reader, cells, numbers, targets, records, systems
    ("spec",),  # templates as data, issue codes
    ("errors",),
)
RANK = {pkg: len(LAYERS) - i for i, names in enumerate(LAYERS) for pkg in names}
TOP = len(LAYERS) + 1  # xlkit/__init__.py and xlkit/__main__.py

# (importer, imported) edges that still break a rule, with why; shrink only.
KNOWN: dict[tuple[str, str], str] = {}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def absolute(module: str, path: Path, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    base = package[: len(package) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def type_only(tree: ast.Module) -> set[int]:
    """ids of the import nodes under `if TYPE_CHECKING:`."""
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            found |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
    return found


def imports(runtime_only: bool = False) -> dict[str, list[tuple[str, tuple[str, ...], int]]]:
    """module -> [(imported module, names imported from it, line)] for every xlkit import."""
    known = modules()
    out: dict[str, list[tuple[str, tuple[str, ...], int]]] = {}
    for module, path in known.items():
        edges = out.setdefault(module, [])
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = type_only(tree) if runtime_only else set()
        for node in ast.walk(tree):
            if id(node) in skip:
                continue
            if isinstance(node, ast.Import):
                edges += [(a.name, (), node.lineno) for a in node.names if a.name.split(".")[0] == "xlkit"]
            elif isinstance(node, ast.ImportFrom):
                base = absolute(module, path, node)
                if base.split(".")[0] != "xlkit":
                    continue
                for a in node.names:  # `from xlkit.read import numbers` imports a module, not a name
                    sub = f"{base}.{a.name}"
                    edges.append((sub, (), node.lineno) if sub in known else (base, (a.name,), node.lineno))
    return out


def rank(module: str) -> int:
    parts = module.split(".")
    if len(parts) == 1 or parts[1] == "__main__":
        return TOP
    return RANK[parts[1]]


def test_every_module_has_a_layer():
    unplaced = sorted(m for m in modules() if rank(m) != TOP and m.split(".")[1] not in RANK)
    assert not unplaced, f"declare these in LAYERS: {unplaced}"


def violations() -> dict[tuple[str, str], str]:
    found: dict[tuple[str, str], str] = {}
    for module, edges in imports().items():
        for target, names, line in edges:
            if target == module:
                continue
            private = [n for n in names if n.startswith("_") and not n.startswith("__")]
            if private:
                found[(module, target)] = f"line {line}: private {', '.join(private)}"
            elif target != "xlkit" and rank(target) > rank(module):
                found[(module, target)] = f"line {line}: imports a higher layer"
    return found


def cycles(skip: set[tuple[str, str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan), ignoring `skip` edges and
    imports of the package facade (`from xlkit import __version__`)."""
    graph: dict[str, set[str]] = {m: set() for m in modules()}
    for module, edges in imports(runtime_only=True).items():
        for target, _, _ in edges:
            if target in graph and target not in ("xlkit", module) and (module, target) not in skip:
                graph[module].add(target)
    return find_cycles(graph)


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_imports_go_down_the_layers_and_no_private_name_crosses_a_module():
    new = {edge: why for edge, why in violations().items() if edge not in KNOWN}
    assert not new, "\n".join(f"{a} -> {b}: {why}" for (a, b), why in sorted(new.items()))


def test_no_import_cycle():
    assert cycles(set(KNOWN)) == []


def test_known_violations_only_shrink():
    still = set(violations())
    gone = [edge for edge in KNOWN if edge not in still and not any(edge[0] in c and edge[1] in c
                                                                       for c in cycles(set()))]
    assert not gone, f"fixed: remove these from KNOWN: {gone}"


def test_the_checks_catch_what_they_should():
    # a hand-made graph: the layer rule, the private rule and the cycle search each see their case
    assert rank("xlkit.read.reader") < rank("xlkit.scoring.evaluation") < rank("xlkit.cli.audit")
    assert rank("xlkit") == rank("xlkit.__main__") == TOP
    tree = ast.parse("from xlkit.read.numbers import _private, public\nfrom . import sibling\n")
    nodes = [n for n in tree.body if isinstance(n, ast.ImportFrom)]
    assert absolute("xlkit.read.cells", PACKAGE / "read" / "cells.py", nodes[1]) == "xlkit.read"
    assert absolute("xlkit.rules", PACKAGE / "rules" / "__init__.py", nodes[1]) == "xlkit.rules"
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert find_cycles({"a": {"b"}, "b": set()}) == []
    tree = ast.parse("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from xlkit.cli import app\n")
    assert len(type_only(tree)) > 0
