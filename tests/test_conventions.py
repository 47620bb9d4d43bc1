"""The kata's own conventions: stubs mirror the solutions, and the docstrings are true."""
import ast
import doctest

import numpy as np
import pytest

from tests.grading.exercises import EXERCISES, EXERCISES_DIR, SOLUTIONS_DIR, load_references, suite_file


def parse(folder, name):
    return ast.parse((folder / f"{name}.py").read_text())


@pytest.mark.parametrize("name", EXERCISES)
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


@pytest.mark.parametrize("name", EXERCISES)
def test_the_docstring_states_the_contract(name):
    docstring = ast.get_docstring(parse(SOLUTIONS_DIR, name).body[-1])
    for section in ("Parameters\n----------", "Returns\n-------", "Examples\n--------"):
        assert section in docstring


def test_the_docstring_examples_give_their_printed_output():
    load_references()
    import sys
    for name in EXERCISES:
        np.random.seed(0)
        result = doctest.testmod(sys.modules[name], extraglobs={"np": np})
        assert result.failed == 0 and result.attempted > 0, name


@pytest.mark.parametrize("name", EXERCISES)
def test_each_exercise_has_a_hidden_suite(name):
    assert f'EXERCISE = "{name}"' in suite_file(name).read_text()
