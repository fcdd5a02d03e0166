"""The package shows its architecture: a subpackage per layer, imports only downward, no cycle, small
modules, each with a docstring and ``__all__``.

The layers, lowest first (README, "Layout"); a module may import its own
subpackage and any lower layer, never a higher one or a sibling of its rank.
"""
import ast
from pathlib import Path

import pytest

import analysis

PACKAGE = Path(analysis.__file__).resolve().parent
LAYERS = [("core",), ("text", "stats"), ("checks",), ("data",), ("results",), ("report",), ("crosscity",),
          ("audit",), ("extract",), ("build",), ("cli",)]
RANK = {name: i for i, names in enumerate(LAYERS) for name in names}
TOOLING = {"analysis", "analysis.__main__", "analysis.pytest_plugin"}  # entry points above every layer
MAX_LINES = 500


def _modules() -> dict[str, Path]:
    out = {}
    for p in sorted(PACKAGE.rglob("*.py")):
        parts = p.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = p
    return out


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """The package's modules that ``name`` imports (at module level or inside a function)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    pkg = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = pkg.split(".")[: len(pkg.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            # `from package import module` names the submodule
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names]
        else:
            continue
        for t in targets:
            while t and t not in MODULES:
                t = t.rpartition(".")[0]
            if t and t.startswith("analysis") and t != name:
                out.add(t)
    return out


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _layer(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in RANK else None


@pytest.mark.parametrize("name", sorted(n for n in MODULES if n not in TOOLING))
def test_every_module_belongs_to_a_layer(name):
    assert _layer(name) is not None, f"{name} is in no layer of {sorted(RANK)}"


def test_imports_go_downward_only():
    wrong = []
    for name, deps in GRAPH.items():
        if name in TOOLING:
            continue
        mine = _layer(name)
        for dep in deps:
            theirs = _layer(dep)
            if theirs is None or dep == "analysis":
                wrong.append(f"{name} imports {dep}, which is in no layer")
            elif theirs != mine and RANK[theirs] >= RANK[mine]:
                wrong.append(f"{name} ({mine}) imports {dep} ({theirs})")
    assert not wrong, "\n".join(sorted(wrong))


def test_no_import_cycle():
    index, low, stack, on, cycles = {}, {}, [], set(), []

    def visit(v):  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in GRAPH.get(v, ()):
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
                cycles.append(sorted(comp))
    for v in GRAPH:
        if v not in index:
            visit(v)
    assert not cycles, cycles


def test_the_check_engine_imports_no_kind():
    assert not {d for d in GRAPH["analysis.checks.engine"] if d.startswith("analysis.checks.kinds")}


@pytest.mark.parametrize("name", sorted(MODULES))
def test_modules_are_small_documented_and_declare_their_api(name):
    path = MODULES[name]
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MAX_LINES, f"{name}: {len(text.splitlines())} lines"
    tree = ast.parse(text)
    assert ast.get_docstring(tree), f"{name} has no docstring"
    if name not in TOOLING:
        assert any(isinstance(n, (ast.Assign, ast.AnnAssign)) and "__all__" in ast.dump(n) for n in tree.body), \
            f"{name} has no __all__"


def test_a_private_name_is_never_imported_from_another_module():
    wrong = []
    for name, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("analysis"):
                wrong += [f"{name}: from {node.module} import {a.name}" for a in node.names
                          if a.name.startswith("_")]
    assert not wrong, wrong


def test_the_graph_sees_imports():  # the test above would pass on an empty graph
    assert "analysis.checks.engine" in GRAPH["analysis.checks.kinds.arithmetic"]
    assert "analysis.crosscity.agreement" in GRAPH["analysis.crosscity.compute"]
    assert _layer("analysis.report.blocks") == "report" and _layer("analysis.cli") == "cli"


# ---------------------------------------------------------------- the tests mirror the package
TESTS = Path(__file__).resolve().parents[1]


def _mirror(name: str) -> Path:
    """``analysis.<layer>[.<sub>].<module>`` -> ``tests/<layer>[/<sub>]/test_<module>.py``."""
    *folders, module = name.split(".")[1:]
    return TESTS.joinpath(*folders, f"test_{module}.py")


MIRRORED = sorted(n for n, p in MODULES.items() if n not in TOOLING and p.name != "__init__.py")


@pytest.mark.parametrize("name", MIRRORED)
def test_every_module_has_its_mirror_test_file(name):
    assert _mirror(name).is_file(), f"{name}: no {_mirror(name).relative_to(TESTS.parent)}"


def test_every_test_file_mirrors_a_module_and_holds_tests():
    expected = {_mirror(n) for n in MIRRORED}
    for path in sorted(TESTS.rglob("test_*.py")):
        rel = path.relative_to(TESTS)
        if rel.parts[0] != "system":  # what crosses layers
            assert path in expected, f"{rel} mirrors no module of the package"
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert any(isinstance(n, ast.FunctionDef) and n.name.startswith("test") for n in ast.walk(tree)), \
            f"{rel} has no test"
