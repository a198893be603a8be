"""The rooms of `mestring` stand on floors, and the code keeps to them.

docs/architecture.md holds the floors (a table: floor, room) and the picture (a Mermaid
diagram of which room imports which). These tests read both from the document and every
module's imports from the code (with `ast`, nothing is run), and fail when

- a room is missing from the table, or the table names a room that does not exist;
- a module imports a room on its own floor or above (imports inside functions count too:
  a late import is still a dependency), or a model points by name to a model above it;
- two modules import each other, directly or round a longer circle;
- the picture's arrows differ from the imports (the picture shows the transitive
  reduction: an arrow for every room a room imports that it does not already reach
  through another).

Tests (`tests/` folders) are left out: they may use any room's factories.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARCHITECTURE = ROOT / "docs" / "architecture.md"
# The top-level modules (settings, urls, wsgi, cli) wire every room together.
PROJECT = "project"
# The only imports allowed against the floors, each with its reason. Empty, and it should
# stay so: move the shared thing down instead.
EXCEPTIONS: dict[tuple[str, str], str] = {}

FLOOR_ROW = re.compile(r"^\|\s*(\d+)\s*\|\s*`([a-z_]+)`\s*\|")
ARROW = re.compile(r"^\s*([a-z_]+)\s*-->\s*([a-z_]+)\s*$")
MODEL_FIELDS = {"ForeignKey", "OneToOneField", "ManyToManyField"}


@dataclass(frozen=True)
class Import:
    source: str  # importing module
    target: str  # imported module (the longest known module the name points into)
    line: int


# --- reading the code ------------------------------------------------------------------------


def modules(package: Path) -> dict[str, Path]:
    """Module name → file, for every module of `package` outside its tests."""
    found = {}
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(package.parent).with_suffix("")
        if "tests" in relative.parts:
            continue
        parts = list(relative.parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _absolute(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _known(name: str, known: dict[str, Path]) -> str | None:
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name or None


def imports(known: dict[str, Path], top: str) -> list[Import]:
    """Every import of a module of `top` by a module of `known`, at any depth of the code."""
    found = []
    for module, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        is_package = path.name == "__init__.py"
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _absolute(module, is_package, node)
                # `from package import module` names the module, else a name in `base`.
                names = [f"{base}.{alias.name}" for alias in node.names]
                names = [name if name in known else base for name in names]
            else:
                continue
            for name in names:
                target = _known(name, known)
                if target and target != module and target.split(".")[0] == top:
                    found.append(Import(module, target, node.lineno))
    return found


def model_references(known: dict[str, Path], labels: dict[str, str]) -> list[Import]:
    """Relations to a model named by string ("catalogue.Offer"), outside migrations, as
    imports of the named app's models module."""
    found = []
    for module, path in known.items():
        if ".migrations." in f"{module}.":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            first = node.args[0]
            if name in MODEL_FIELDS and isinstance(first, ast.Constant):
                label = str(first.value).partition(".")[0]
                if label in labels:
                    top = module.partition(".")[0]
                    found.append(Import(module, f"{top}.{labels[label]}.models", node.lineno))
    return found


def room_of(module: str) -> str:
    parts = module.split(".")
    package = ROOT / parts[0]
    if len(parts) > 1 and (package / parts[1] / "__init__.py").exists():
        return parts[1]
    return PROJECT


def rooms_in_code(package: Path) -> set[str]:
    return {p.parent.name for p in package.glob("*/__init__.py")} | {PROJECT}


def cycles(edges: Iterable[tuple[str, str]]) -> list[list[str]]:
    """The strongly connected components of more than one node (Tarjan, without recursion)."""
    graph: dict[str, set[str]] = {}
    for a, b in edges:
        graph.setdefault(a, set()).add(b)
        graph.setdefault(b, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    for start in sorted(graph):
        if start in index:
            continue
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
                    found.append(sorted(component))
    return sorted(found)


def reduction(edges: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """The edges a → b with no other path from a to b (the graph has no cycles)."""
    graph: dict[str, set[str]] = {}
    for a, b in edges:
        graph.setdefault(a, set()).add(b)

    def reaches(a: str, b: str, without: tuple[str, str]) -> bool:
        seen, todo = set(), [c for c in graph.get(a, ()) if (a, c) != without]
        while todo:
            node = todo.pop()
            if node == b:
                return True
            if node not in seen:
                seen.add(node)
                todo.extend(graph.get(node, ()))
        return False

    return {(a, b) for a, b in edges if not reaches(a, b, (a, b))}


# --- reading the document --------------------------------------------------------------------


def floors(text: str) -> dict[str, int]:
    """Room → floor, from the table's rows `| 3 | `catalogue` | …`."""
    found: dict[str, int] = {}
    for line in text.splitlines():
        if match := FLOOR_ROW.match(line):
            room = match.group(2)
            assert room not in found, f"{room} stands twice in the table of floors"
            found[room] = int(match.group(1))
    return found


def arrows(text: str) -> set[tuple[str, str]]:
    """The arrows `a --> b` of the document's Mermaid diagram."""
    block = re.search(r"```mermaid\n(.*?)```", text, re.S)
    assert block, "docs/architecture.md has no Mermaid diagram"
    return {m.groups() for line in block.group(1).splitlines() if (m := ARROW.match(line))}


# --- checking ---------------------------------------------------------------------------------


def against_floors(found: Iterable[Import], floor: dict[str, int]) -> list[str]:
    problems = []
    for item in found:
        source, target = room_of(item.source), room_of(item.target)
        if source == target or (source, target) in EXCEPTIONS:
            continue
        if floor[target] >= floor[source]:
            problems.append(
                f"{item.source}:{item.line} imports {item.target}: {target} (floor "
                f"{floor[target]}) is not below {source} (floor {floor[source]})"
            )
    return sorted(problems)


def room_edges(found: Iterable[Import]) -> set[tuple[str, str]]:
    return {
        (room_of(i.source), room_of(i.target))
        for i in found
        if room_of(i.source) != room_of(i.target)
    }


def _app_labels(package: Path) -> dict[str, str]:
    """App label → room: each room's label is its folder's name unless apps.py says else."""
    labels = {}
    for apps in package.glob("*/apps.py"):
        match = re.search(r"""label\s*=\s*["'](\w+)["']""", apps.read_text(encoding="utf-8"))
        labels[match.group(1) if match else apps.parent.name] = apps.parent.name
    return labels


KNOWN = modules(ROOT / "mestring")
IMPORTS = imports(KNOWN, "mestring")
# A relation by name is resolved by Django's registry, not by an import, so it makes no
# circle of imports; it still ties its room to the other.
FOUND = IMPORTS + model_references(KNOWN, _app_labels(ROOT / "mestring"))
DOCUMENT = ARCHITECTURE.read_text(encoding="utf-8")
FLOORS = floors(DOCUMENT)


def test_every_room_stands_on_one_floor():
    assert sorted(FLOORS) == sorted(rooms_in_code(ROOT / "mestring"))
    assert FLOORS[PROJECT] == max(FLOORS.values())


def test_no_room_imports_a_room_on_its_floor_or_above():
    assert against_floors(FOUND, FLOORS) == []


def test_every_exception_is_still_needed():
    used = {(room_of(i.source), room_of(i.target)) for i in FOUND}
    assert sorted(set(EXCEPTIONS) - used) == []


def test_no_two_modules_import_each_other():
    assert cycles({(i.source, i.target) for i in IMPORTS}) == []


def test_the_picture_draws_the_imports():
    drawn = arrows(DOCUMENT)
    wanted = reduction(room_edges(FOUND))
    assert sorted(wanted - drawn) == [], "arrows to add to the picture in docs/architecture.md"
    assert sorted(drawn - wanted) == [], "arrows to remove from the picture"


# --- the checks themselves find what they should ------------------------------------------------


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path / "pkg"


def test_the_reader_finds_late_relative_and_package_imports(tmp_path):
    package = _tree(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/low/__init__.py": "",
            "pkg/low/models.py": "from . import rules\n",
            "pkg/low/rules.py": "def f():\n    from .models import X\n",
            "pkg/low/tests/test_x.py": "from pkg.high import views\n",
            "pkg/high/__init__.py": "",
            "pkg/high/views.py": "import pkg.low.rules\nfrom ..low import models\n",
        },
    )
    found = {(i.source, i.target) for i in imports(modules(package), "pkg")}
    assert found == {
        ("pkg.low.models", "pkg.low.rules"),
        ("pkg.low.rules", "pkg.low.models"),
        ("pkg.high.views", "pkg.low.rules"),
        ("pkg.high.views", "pkg.low.models"),
    }
    assert cycles(found) == [["pkg.low.models", "pkg.low.rules"]]


def test_an_import_upwards_and_a_wrong_picture_are_found():
    upwards = [Import("mestring.catalogue.search", "mestring.accounts.permissions", 7)]
    assert against_floors(upwards, FLOORS) == [
        "mestring.catalogue.search:7 imports mestring.accounts.permissions: accounts "
        f"(floor {FLOORS['accounts']}) is not below catalogue (floor {FLOORS['catalogue']})"
    ]
    sideways = [Import("mestring.accounts.views", "mestring.activity.models", 1)]
    assert FLOORS["accounts"] == FLOORS["activity"]
    assert len(against_floors(sideways, FLOORS)) == 1
    assert reduction({("a", "b"), ("b", "c"), ("a", "c")}) == {("a", "b"), ("b", "c")}
    assert arrows("```mermaid\nflowchart TB\n  a --> b\n```\n") == {("a", "b")}


def test_relations_by_name_count_as_imports(tmp_path):
    package = _tree(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/low/__init__.py": "",
            "pkg/low/models.py": (
                "from django.db import models\n"
                "class A(models.Model):\n"
                "    b = models.ForeignKey('upper.B', on_delete=models.CASCADE)\n"
                "    c = models.ManyToManyField(to='elsewhere.C')\n"
            ),
            "pkg/low/migrations/0001_initial.py": "x = models.ForeignKey('upper.B')\n",
        },
    )
    found = model_references(modules(package), {"upper": "high", "low": "low"})
    assert found == [Import("pkg.low.models", "pkg.high.models", 3)]
