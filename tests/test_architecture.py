"""The stages import one way: from the code's own imports (those inside functions too), no module
imports one of a later stage and no two modules import each other, directly or round a loop.

The order is docs/architecture.md's: each stage may import its own and earlier ones.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "mtcheck"

# Lowest first; a module's stage is its longest matching prefix here.
STAGES = [
    ("base", ["mtcheck", "mtcheck.model", "mtcheck.errors", "mtcheck.sizes", "mtcheck.selection", "mtcheck.memory",
              "mtcheck.embed", "mtcheck.cache"]),
    ("text", ["mtcheck.text"]),
    ("load", ["mtcheck.load"]),
    ("align", ["mtcheck.align"]),
    ("score", ["mtcheck.score"]),
    ("checks", ["mtcheck.checks"]),
    ("probability model", ["mtcheck.probability"]),
    ("engine", ["mtcheck.engine", "mtcheck.pipeline"]),
    ("config", ["mtcheck.config"]),
    ("gate", ["mtcheck.gate"]),
    ("evaluation", ["mtcheck.evaluation", "mtcheck.probability.fit", "mtcheck.mining"]),
    ("report", ["mtcheck.report"]),
    ("job", ["mtcheck.job"]),
    ("cli", ["mtcheck.cli", "mtcheck.__main__"]),
]  # fmt: skip


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - (node.level - 1)] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            for alias in node.names:  # "from . import po" imports the module mtcheck.load.po
                candidate = f"{module}.{alias.name}"
                targets.add(candidate if candidate in modules else module)
        elif isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
    return {target for target in targets if target in modules and target != name}


def _stage(name: str) -> int:
    best = max(
        ((len(prefix), index) for index, (_, prefixes) in enumerate(STAGES) for prefix in prefixes
         if name == prefix or (prefix != "mtcheck" and name.startswith(prefix + "."))),
        default=None,
    )  # fmt: skip
    assert best is not None, f"{name} has no stage in tests/test_architecture.py"
    return best[1]


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def test_every_module_has_a_stage():
    for name in _graph():
        _stage(name)


def test_no_module_imports_a_later_stage():
    wrong = [
        f"{name} ({STAGES[_stage(name)][0]}) imports {target} ({STAGES[_stage(target)][0]})"
        for name, targets in sorted(_graph().items())
        for target in sorted(targets)
        if _stage(target) > _stage(name)
    ]
    assert wrong == []


def test_no_import_cycle():
    graph = _graph()
    # A package's __init__ re-exporting its own modules is how a package is built, not a loop back.
    edges = {name: {t for t in targets if not (name == t.rpartition(".")[0] and (PACKAGE.parent / Path(*name.split("."), "__init__.py")).exists())}
             for name, targets in graph.items()}  # fmt: skip
    cycles, index, low, stack, on_stack, counter = [], {}, {}, [], set(), [0]

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in edges[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    assert cycles == []


def test_text_helpers_import_nothing_of_the_stages():
    for name, targets in _graph().items():
        if name.startswith("mtcheck.text"):
            assert all(t.startswith("mtcheck.text") or _stage(t) == 0 for t in targets), (name, targets)
