"""No module of the project imports itself back, through however many others.

The graph is read from the source with ``ast``, not from ``sys.modules``, so it holds
every import a module can make: at the top, inside a function, or under
``TYPE_CHECKING``. An import moved into a function still ties the two modules together
(each needs the other to be understood, tested and changed); moving it only hides the
cycle from Python, so it counts here as well.

An edge ``a -> b`` means module ``a`` names module ``b`` in an import. ``from p import
name`` points at ``p.name`` where that is a module of the project, else at ``p``; the
packages' ``__init__`` files are empty, so importing ``p.q`` is not counted as
importing ``p`` too.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Which app may import which (docs/architecture.md says why). Anything else an app needs
# from another it gets through pcc_portal.registry, which finds the apps' modules by name.
MAY_IMPORT = {
    "pcc_portal": set(),
    "organisations": {"pcc_portal"},
    "decisions": {"pcc_portal"},
    "commissioning": {"pcc_portal", "organisations", "decisions"},
    "grants": {"pcc_portal", "organisations", "decisions"},
    "board": {"pcc_portal", "decisions"},
    "transparency": {"pcc_portal", "decisions", "board"},
}
PACKAGES = tuple(MAY_IMPORT)


def project_modules() -> dict[str, Path]:
    """Every module of the project's own packages, by dotted name."""
    modules = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join(parts)] = path
    return modules


def imported_names(module: str, path: Path) -> set[str]:
    """The dotted names ``module`` imports, relative imports made absolute."""
    is_package = path.name == "__init__.py"
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".")
                package = package if is_package else package[:-1]
                package = package[: len(package) - (node.level - 1)]
                base = ".".join(filter(None, [*package, base]))
            names.update(f"{base}.{alias.name}" for alias in node.names)
            names.add(base)
    return names


def import_graph() -> dict[str, set[str]]:
    """Each project module and the project modules it imports."""
    modules = project_modules()
    graph = {}
    for module, path in modules.items():
        targets = set()
        for name in imported_names(module, path):
            if name in modules:
                targets.add(name)
        # ``from p import name`` also lists ``p``: keep it only when ``name`` is not a module.
        for name in list(targets):
            if any(other.startswith(name + ".") for other in targets):
                targets.discard(name)
        targets.discard(module)
        graph[module] = targets
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each given as
    one cycle through them, e.g. ``["a", "b", "a"]``."""
    index, low, on_stack, stack, components = {}, {}, set(), [], []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
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
                components.append(set(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [one_cycle(graph, component) for component in components]


def one_cycle(graph: dict[str, set[str]], component: set[str]) -> list[str]:
    """The shortest path from the component's first module back to itself."""
    start = min(component)
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for target in sorted(graph[node] & component):
            if target == start:
                return [*paths[node], start]
            if target not in paths:
                paths[target] = [*paths[node], target]
                queue.append(target)
    raise AssertionError(f"{sorted(component)} is not a cycle")


def test_the_graph_is_read_from_every_kind_of_import():
    graph = import_graph()

    # A top-level ``from package import module``.
    assert "decisions.workflow" in graph["decisions.admin"]
    # ``from package.module import name``.
    assert "decisions.models" in graph["decisions.views"]
    # An import inside a function.
    assert "pcc_portal.models" in graph["pcc_portal.context_processors"]


def test_cycles_are_found_and_named():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}

    assert cycles(graph) == [["a", "b", "c", "a"]]


def test_no_module_imports_itself_back():
    found = cycles(import_graph())

    assert not found, "import cycles: " + "; ".join(" -> ".join(cycle) for cycle in found)


def test_each_app_imports_only_the_apps_it_may():
    reaching = sorted(
        f"{module} -> {target}"
        for module, targets in import_graph().items()
        for target in targets
        if target.split(".")[0] != module.split(".")[0]
        and target.split(".")[0] not in MAY_IMPORT[module.split(".")[0]]
    )

    assert reaching == []
