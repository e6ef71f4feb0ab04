"""Imports point down the flow (cli/web → jobs → dialogue/inbox → outbox → r2/insights →
models/db/config), with no circles among mailagent's modules.

The graph is read with ``ast`` from the source, so it counts every import: at module
level, inside functions, and under ``TYPE_CHECKING`` (a type a module names is a
dependency too). ``from pkg import sub`` depends on the submodule ``pkg.sub``; the
package ``__init__`` that Python runs first is not counted, as every child would
otherwise depend on its parent.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

import mailagent

ROOT = Path(mailagent.__file__).resolve().parent


def module_files(root: Path = ROOT) -> dict[str, Path]:
    """``{"mailagent.jobs.approval": Path(".../jobs/approval.py"), ...}``"""
    mods: dict[str, Path] = {}
    for path in sorted(root.rglob("*.py")):
        parts = ["mailagent", *path.relative_to(root).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        mods[".".join(parts)] = path
    return mods


def imports_of(name: str, path: Path, known: Iterable[str]) -> set[str]:
    """The mailagent modules ``name`` imports anywhere in its source."""
    modules = set(known)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name in modules)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                source = ".".join([*base, *([node.module] if node.module else [])])
            else:
                source = node.module or ""
            for alias in node.names:
                sub = f"{source}.{alias.name}"
                if sub in modules:
                    found.add(sub)
                elif source in modules:
                    found.add(source)
    found.discard(name)
    return found


def import_graph() -> dict[str, set[str]]:
    mods = module_files()
    return {name: imports_of(name, path, mods) for name, path in mods.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each as a loop
    that can be read: ``[a, b, c, a]``."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component: list[str] = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(_loop(graph, set(component)))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def _loop(graph: dict[str, set[str]], component: set[str]) -> list[str]:
    """One concrete circle through the component, for the failure message."""
    start = min(component)
    path, seen = [start], {start}
    while True:
        nxt = sorted(w for w in graph[path[-1]] if w in component)
        back = [w for w in nxt if w in seen]
        if back:
            return [*path[path.index(back[0]) :], back[0]]
        step = next(w for w in nxt if w not in seen)
        path.append(step)
        seen.add(step)


def test_no_module_of_mailagent_imports_itself_back() -> None:
    found = cycles(import_graph())
    assert found == [], "import circles:\n" + "\n".join(" → ".join(c) for c in found)


# Front ends and the composition root: only other front ends may import them.
FRONT = ("mailagent.cli", "mailagent.site", "mailagent.app", "mailagent.web")
# The stages of the flow, which are imported by the front ends and never import them.
STAGES = (
    "mailagent.jobs",
    "mailagent.dialogue",
    "mailagent.inbox",
    "mailagent.outbox",
    "mailagent.r2",
    "mailagent.insights",
    "mailagent.models",
    "mailagent.db",
    "mailagent.config",
    "mailagent.errors",
    "mailagent.wiring",
)
# A stage package registers its CLI commands in a ``command`` module, which reads the
# site (``mailagent.site``) like any front end.
COMMAND_MODULES = ("command",)


def _within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def test_stages_never_import_a_front_end_or_the_composition_root() -> None:
    graph = import_graph()
    upward = sorted(
        f"{mod} imports {dep}"
        for mod, deps in graph.items()
        if _within(mod, STAGES) and mod.rpartition(".")[2] not in COMMAND_MODULES
        for dep in deps
        if _within(dep, FRONT)
    )
    assert upward == []


def test_the_checker_sees_a_circle_through_a_function_level_import(tmp_path: Path) -> None:
    """The checker itself: a lazy import inside a function still closes a circle."""
    pkg = tmp_path / "mailagent"
    (pkg / "jobs").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "jobs" / "__init__.py").write_text("")
    (pkg / "app.py").write_text("from mailagent.jobs import approval\n")
    (pkg / "jobs" / "approval.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from mailagent.app import App\n"
    )
    (pkg / "jobs" / "feedback.py").write_text("def f():\n    from mailagent.jobs import approval\n")
    mods = module_files(pkg)
    graph = {n: imports_of(n, p, mods) for n, p in mods.items()}
    assert graph["mailagent.jobs.feedback"] == {"mailagent.jobs.approval"}
    assert cycles(graph) == [["mailagent.app", "mailagent.jobs.approval", "mailagent.app"]]
