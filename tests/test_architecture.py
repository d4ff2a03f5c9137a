"""The package's shape holds: no import cycle, no import up the layers, a pure synthesis
engine, a live transport that knows no feature, and a map (docs/architecture.md) that is true.

The import graph is read from the code with ast (``tools/dependencies.py``), imports inside
functions included: they are dependencies all the same.
"""

import importlib.util
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

spec = importlib.util.spec_from_file_location("dependencies", ROOT / "tools" / "dependencies.py")
dependencies = importlib.util.module_from_spec(spec)
spec.loader.exec_module(dependencies)


@pytest.fixture(scope="module")
def graph():
    return dependencies.import_graph()


def test_no_module_is_part_of_an_import_cycle(graph):
    assert dependencies.cycles(graph) == []


def test_no_import_points_up_the_layers(graph):
    assert dependencies.upward_imports(graph) == []


def test_every_module_belongs_to_a_context(graph):
    assert {dependencies.context(module) for module in graph} == set(dependencies.LAYERS)


def test_the_synthesis_engine_needs_no_flask_and_no_database():
    for path in (ROOT / "workshop" / "synthesis").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for forbidden in ("import flask", "from flask", "sqlalchemy"):
            assert forbidden not in text, f"{path.relative_to(ROOT)} uses {forbidden}"


def test_the_live_transport_imports_only_the_core(graph):
    transport = [module for module in graph if module.startswith("workshop.core.live")]
    assert transport
    for module in transport:
        assert all(target.startswith("workshop.core.") for target in graph[module]), module


def test_the_map_in_the_docs_is_drawn_from_the_code_as_it_is(graph):
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    assert dependencies.diagram(graph) in text, "run: python tools/dependencies.py --write"


def _package(tmp_path, files: dict):
    for name, source in files.items():
        path = tmp_path / "workshop" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source), encoding="utf-8")
    return dependencies.import_graph(tmp_path)


def test_a_cycle_through_an_import_inside_a_function_is_found(tmp_path):
    graph = _package(tmp_path, {
        "__init__.py": "",
        "sessions/__init__.py": "",
        "sessions/board.py": "from .models import Session\n",
        "sessions/models.py": "def later():\n    from . import board\n",
    })
    assert dependencies.cycles(graph) == [["workshop.sessions.board", "workshop.sessions.models"]]


def test_an_import_of_a_higher_context_is_found_even_inside_a_function(tmp_path):
    graph = _package(tmp_path, {
        "__init__.py": "",
        "sessions/__init__.py": "",
        "sessions/console.py": "def page():\n    from ..forum.models import Forum\n",
        "forum/__init__.py": "",
        "forum/models.py": "from ..sessions import console\n",
    })
    assert dependencies.upward_imports(graph) == [("workshop.sessions.console", "workshop.forum.models")]
