"""How the project's modules may import each other (docs/architecture.md, "Apps and layers").

Every import statement counts, also those inside functions: a cycle hidden in a function is
still a cycle. The layers, from the top:

    portal -> reporting -> objectives -> gcm_portal.accounts -> gcm_portal.audit -> gcm_portal

where `gcm_portal` is the project package without its apps (settings, URLs, the Celery app,
the API's shared machinery, request hygiene): it imports no app. A layer may import the
layers below it, never those above.
"""

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ["gcm_portal", "objectives", "reporting", "portal"]
LAYERS = [
    "portal",
    "reporting",
    "objectives",
    "gcm_portal.accounts",
    "gcm_portal.audit",
    "gcm_portal",
]


def modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


MODULES = modules()


def imports_of(path: Path) -> set[str]:
    """The project modules a file imports, anywhere in it."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return {name for name in names if name in MODULES}


GRAPH = {name: imports_of(path) - {name} for name, path in MODULES.items()}


def layer_of(module: str) -> str:
    return next(layer for layer in LAYERS if module == layer or module.startswith(f"{layer}."))


def test_there_are_no_import_cycles():
    """Tarjan's strongly connected components: any with more than one module is a cycle."""
    index, low, on_stack, stack, cycles = {}, {}, set(), [], []

    def visit(module):
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in GRAPH[module]:
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in GRAPH:
        if module not in index:
            visit(module)
    assert cycles == []


def test_imports_flow_down_the_layers():
    upward = defaultdict(set)
    for module, imported in GRAPH.items():
        rank = LAYERS.index(layer_of(module))
        for target in imported:
            if LAYERS.index(layer_of(target)) < rank:
                upward[module].add(target)
    assert dict(upward) == {}


@pytest.mark.parametrize(
    "module",
    sorted(name for name in MODULES if layer_of(name) == "gcm_portal"),
)
def test_the_project_package_imports_no_app(module):
    apps = {target for target in GRAPH[module] if layer_of(target) != "gcm_portal"}
    assert apps == set()


def test_no_service_imports_the_tasks_module():
    """Services send tasks by name through reporting.dispatch; the tasks import the services."""
    services = [name for name in MODULES if name.startswith("reporting.services")]
    assert services
    for module in services:
        assert "reporting.tasks" not in GRAPH[module], module
