"""The shape of the house that import-linter cannot say: no app imports another app's views or
forms (a page or a form belongs to its app; what others need moves to a selector, a service or
``core.forms``), and no two apps import each other."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "brobygger"
SHARED = {"core"}  # the ground's base forms (core.forms) are everyone's


def _imports() -> list[tuple[str, Path, str]]:
    """(importing app, file, imported module) for every absolute import of brobygger."""
    found = []
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).parts
        if len(parts) < 2 or "tests" in parts or "migrations" in parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                modules = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            else:
                continue
            found += [(parts[0], path, m) for m in modules if m.startswith("brobygger.")]
    return found


def test_no_app_imports_another_apps_views_or_forms() -> None:
    wrong = sorted(
        f"{path.relative_to(PACKAGE.parent)} imports {module}"
        for app, path, module in _imports()
        if len(module.split(".")) > 2
        and module.split(".")[1] not in {app, *SHARED}
        and module.split(".")[2] in {"views", "forms"}
    )
    assert wrong == []


def test_no_two_apps_import_each_other() -> None:
    edges: dict[str, set[str]] = defaultdict(set)
    for app, _path, module in _imports():
        other = module.split(".")[1]
        if other != app:
            edges[app].add(other)
    pairs = sorted(
        f"{a} <-> {b}" for a in edges for b in edges[a] if a < b and b in edges and a in edges[b]
    )
    assert pairs == []
