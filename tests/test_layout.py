"""The dependency rules of docs/architecture.md, read from the source files themselves (the
files are parsed, not imported, so no import side effect hides or adds a dependency).

- ``core`` is the base: none of its modules imports a domain app, even inside a function.
- Apps import each other without circles. A domain app's pages (``<app>/views/`` and its
  ``urls*.py``) are the top layer: they may gather several domains, and only URL modules
  import them.
"""

import ast
from pathlib import Path

import citybridge

SOURCE = Path(citybridge.__file__).parent
APPS = sorted(p.name for p in SOURCE.iterdir() if (p / "__init__.py").exists())


def _module_name(path: Path) -> str:
    parts = path.relative_to(SOURCE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, *, module_level_only: bool) -> set[str]:
    """Absolute names of the citybridge modules ``path`` imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = (
        _module_name(path) if path.name == "__init__.py" else _module_name(path).rpartition(".")[0]
    )
    nodes = _top_level(tree.body) if module_level_only else ast.walk(tree)
    found = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found |= {f"{base}.{alias.name}" for alias in node.names} | {base}
    return {name for name in found if name.split(".")[0] == "citybridge"}


def _top_level(body):
    """Statements run on import: the module body, and the bodies of its if/try blocks."""
    for node in body:
        yield node
        if isinstance(node, ast.If):
            yield from _top_level(node.body)
            yield from _top_level(node.orelse)
        elif isinstance(node, ast.Try):
            for block in (node.body, node.orelse, node.finalbody, *(h.body for h in node.handlers)):
                yield from _top_level(block)


def _app_of(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in APPS else None


def _is_pages(name: str) -> bool:
    parts = name.split(".")
    # core.views holds the helpers every page uses (require, form_page): part of the base.
    return (
        len(parts) > 2
        and parts[1] != "core"
        and (parts[2] == "views" or parts[2].startswith("urls"))
    )


def _layer(name: str) -> str | None:
    app = _app_of(name)
    if app is None:
        return None
    return f"{app} pages" if _is_pages(name) else app


def _sources():
    return sorted(SOURCE.rglob("*.py"))


def test_core_imports_no_domain_app():
    offending = sorted(
        f"{_module_name(path)} imports {name}"
        for path in (SOURCE / "core").rglob("*.py")
        for name in _imports(path, module_level_only=False)
        if _app_of(name) not in (None, "core")
    )
    assert offending == []


def test_apps_import_one_another_without_circles():
    graph: dict[str, set[str]] = {}
    for path in _sources():
        source = _layer(_module_name(path))
        if source is None or "migrations" in path.parts:
            continue
        for name in _imports(path, module_level_only=True):
            target = _layer(name)
            if target is not None and target != source:
                graph.setdefault(source, set()).add(target)
    circles = []

    def visit(node, trail):
        if node in trail:
            circles.append(" -> ".join([*trail[trail.index(node) :], node]))
            return
        if node in done:
            return
        for target in sorted(graph.get(node, ())):
            visit(target, [*trail, node])
        done.add(node)

    done: set[str] = set()
    for node in sorted(graph):
        visit(node, [])
    assert circles == []


def test_only_url_modules_import_pages():
    offending = sorted(
        f"{_module_name(path)} imports {name}"
        for path in _sources()
        if not path.stem.startswith("urls")
        for name in _imports(path, module_level_only=False)
        if _is_pages(name)
        and not name.split(".")[2].startswith("urls")
        and _app_of(name) != _app_of(_module_name(path))
    )
    assert offending == []
