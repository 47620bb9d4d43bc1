"""The kata's own conventions: stubs mirror the solutions, and the docstrings are true."""
import ast
import doctest

import numpy as np
import pytest

from kata.manifest import BY_NAME, EXERCISES_DIR, NAMES, SOLUTIONS_DIR
from kata.references import load_references, restored_modules


def parse(folder, name):
    return ast.parse((folder / f"{name}.py").read_text())


@pytest.mark.parametrize("name", NAMES)
def test_a_stub_is_its_solution_minus_the_body(name):
    stub, solution = parse(EXERCISES_DIR, name), parse(SOLUTIONS_DIR, name)
    # the same imports, the same signature and the same docstring
    assert [ast.dump(node) for node in stub.body[:-1]] == [ast.dump(node) for node in solution.body[:-1]]
    stub_function, solution_function = stub.body[-1], solution.body[-1]
    assert stub_function.name == solution_function.name == name
    assert ast.dump(stub_function.args) == ast.dump(solution_function.args)
    assert ast.get_docstring(stub_function) == ast.get_docstring(solution_function)
    # and a body that only raises NotImplementedError, after one TODO line
    assert ast.unparse(stub_function.body[1]) == "raise NotImplementedError"
    assert len(stub_function.body) == 2
    text = (EXERCISES_DIR / f"{name}.py").read_text()
    assert text.count("# TODO:") == 1
    # the manifest says what the TODO line says, and the report shows it
    (todo,) = [line for line in text.splitlines() if "# TODO:" in line]
    assert todo.split("# TODO:", 1)[1].strip() == BY_NAME[name].task


@pytest.mark.parametrize("name", NAMES)
def test_the_docstring_states_the_contract(name):
    docstring = ast.get_docstring(parse(SOLUTIONS_DIR, name).body[-1])
    for section in ("Parameters\n----------", "Returns\n-------", "Examples\n--------"):
        assert section in docstring


def test_the_docstring_examples_give_their_printed_output():
    import sys
    with restored_modules():
        load_references()
        for name in NAMES:
            np.random.seed(0)
            result = doctest.testmod(sys.modules[name], extraglobs={"np": np})
            assert result.failed == 0 and result.attempted > 0, name


@pytest.mark.parametrize("name", NAMES)
def test_each_exercise_has_a_hidden_suite_that_names_it(name):
    suite = ast.parse(BY_NAME[name].suite.read_text())
    assigned = {node.targets[0].id: node.value for node in suite.body
                if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)}
    assert isinstance(assigned.get("EXERCISE"), ast.Constant) and assigned["EXERCISE"].value == name
    assert any(isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
               for node in suite.body)


@pytest.mark.parametrize("suite, level", [
    ("test_initialize_random_centroids", 1e-7),
    # its cells are small, and small cells pass the curve's 1e-7 point more often
    # than that: the 1e-8 point keeps each test's exact false alarms under 1e-7
    ("test_kmeans_plus_plus", 1e-8),
])
def test_the_chi_squared_critical_values_are_right(suite, level):
    import importlib

    from scipy.stats import chi2

    critical = importlib.import_module(f"tests.suites.{suite}").CHI2_CRITICAL
    for df, value in critical.items():
        assert value == pytest.approx(chi2.isf(level, df), abs=1e-3)


def test_installing_the_project_installs_no_module_that_could_hide_the_exercises():
    # grading reads files where they are: an installed copy of kata/, or of an
    # exercise, could shadow a learner's edits, so the package installs none
    tomllib = pytest.importorskip("tomllib")
    settings = tomllib.loads((EXERCISES_DIR.parent / "pyproject.toml").read_text())
    assert settings["tool"]["setuptools"]["packages"] == []
    assert settings["tool"]["setuptools"]["py-modules"] == []


def test_a_worker_without_the_resource_module_still_runs(monkeypatch):
    import sys
    from kata.judge import worker
    monkeypatch.setitem(sys.modules, "resource", None)
    assert worker.limit_resources() is False


def test_the_engine_imports_nothing_from_the_tests():
    # the engine reads the hidden suites as files; importing tests/ would tie it to them
    root = EXERCISES_DIR.parent
    for path in [root / "grader.py", *sorted((root / "kata").rglob("*.py"))]:
        for node in ast.walk(ast.parse(path.read_text())):
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not [name for name in names if name.split(".")[0] == "tests"], path
