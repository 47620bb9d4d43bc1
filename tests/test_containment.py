"""Learner code can neither take the grader down nor fool it.

Each case writes a file into a copy of the exercises (the reference solutions,
so the other five must pass), grades the folder as a learner would, and checks
the target exercise's status and message and that the other five still pass.
"""
import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest

from tests.grading.exercises import EXERCISES, SOLUTIONS_DIR
from tests.support import CATALOGUE, folder_of_solutions, run_grader

TIMEOUT = "1.5"  # seconds per exercise in these runs: correct code needs far less
# one real bug per exercise, for the files that also try to fool the grader
WRONG = {"initialize_random_centroids": "article_with_replacement",
         "euclidean_distance": "squared_distance", "closest_centroid": "argmax",
         "create_clusters": "article_float_labels",
         "compute_means": "article_nan_empty_cluster", "run_Kmeans": "returns_centroids"}


def solution(name):
    return (SOLUTIONS_DIR / f"{name}.py").read_text()


def at_import(name, code):
    """The reference solution, with ``code`` run when the file is imported."""
    return f"{solution(name)}\n{code}\n"


def in_call(name, code):
    """The reference solution, with ``code`` run each time the function is called."""
    body = "\n".join(f"    {line}" for line in code.splitlines())
    return (f"{solution(name)}\n_reference = {name}\n\n\ndef {name}(*args, **kwargs):\n"
            f"{body}\n    return _reference(*args, **kwargs)\n")


def wrong_with(name, code):
    """A wrong implementation of ``name`` whose file also runs ``code`` at import."""
    wrong = (CATALOGUE / "wrong" / name / f"{WRONG[name]}.py").read_text()
    return f"{wrong}\n{code}\n"


SYNTAX_ERROR = "def broken(:\n    pass"
SEGFAULT = "import ctypes\nctypes.string_at(0)"
LOOP = "while True:\n    pass"
FAKE_ASSERTS = """
import math, numpy, numpy.testing, pytest
def _agree(*args, **kwargs):
    return True
def _pass(*args, **kwargs):
    return None
numpy.allclose = numpy.array_equal = numpy.isclose = math.isclose = _agree
for _name in dir(numpy.testing):
    if _name.startswith("assert"):
        setattr(numpy.testing, _name, _pass)
class _Equal:
    def __init__(self, *args, **kwargs):
        pass
    def __eq__(self, other):
        return True
pytest.approx = _Equal
"""
SWAP_REFERENCES = """
import sys
_mine = globals()[__name__]
for _name in {names!r}:
    if _name in sys.modules and _name != __name__:
        setattr(sys.modules[_name], _name, _mine)
"""
FORGED_REPLY = """
import gc
for _conn in [o for o in gc.get_objects() if type(o).__name__ == "Connection"]:
    _conn.send_bytes(b"not a reply the grader ever reads as a verdict")
"""
NO_SEED = """
import numpy
numpy.random.seed = lambda *args, **kwargs: None
"""


@dataclass(frozen=True)
class Case:
    id: str
    exercise: str
    text: str
    status: str                 # the target exercise's expected status
    words: tuple = ()           # what its message must contain


def cases():
    found = []
    for name in EXERCISES:
        line = len(solution(name).splitlines()) + 2
        found += [
            Case(f"syntax-error/{name}", name, at_import(name, SYNTAX_ERROR), "error",
                 (f"{name}.py, line {line}", "def broken(:", "SyntaxError")),
            Case(f"endless-loop-in-call/{name}", name, in_call(name, LOOP), "timeout",
                 ("Called", f"within {TIMEOUT} s", "a loop may never end")),
            Case(f"interpreter-crash-in-call/{name}", name, in_call(name, SEGFAULT), "failed",
                 ("Called", "segmentation fault", f"{name}.py")),
            Case(f"fake-asserts/{name}", name, wrong_with(name, FAKE_ASSERTS), "failed"),
            Case(f"swap-references/{name}", name,
                 wrong_with(name, SWAP_REFERENCES.format(names=EXERCISES)), "failed"),
            Case(f"disable-seed/{name}", name, wrong_with(name, NO_SEED), "failed"),
        ]
    return found + [
        Case("import-error", "closest_centroid",
             at_import("closest_centroid", "import numpyy as np"), "error",
             ("closest_centroid.py, line", "import numpyy as np", "No module named 'numpyy'")),
        Case("endless-loop-at-import", "compute_means", at_import("compute_means", LOOP),
             "timeout", ("Importing", "a loop may never end")),
        Case("interpreter-crash-at-import", "initialize_random_centroids",
             at_import("initialize_random_centroids", SEGFAULT), "error",
             ("Importing", "segmentation fault")),
        Case("sys-exit-at-import", "create_clusters",
             at_import("create_clusters", "import sys\nsys.exit(4)"), "error",
             ("sys.exit(4)", "create_clusters.py, line")),
        Case("sys-exit-in-call", "euclidean_distance",
             in_call("euclidean_distance", "import sys\nsys.exit()"), "failed",
             ("sys.exit()", "should return its result")),
        Case("os-exit-at-import", "run_Kmeans", at_import("run_Kmeans", "import os\nos._exit(3)"),
             "error", ("exited with code 3", "os._exit(3)")),
        Case("os-exit-in-call", "initialize_random_centroids",
             in_call("initialize_random_centroids", "import os\nos._exit(3)"), "failed",
             ("Called initialize_random_centroids(", "exited with code 3")),
        Case("keyboard-interrupt-at-import", "euclidean_distance",
             at_import("euclidean_distance", "raise KeyboardInterrupt"), "error",
             ("KeyboardInterrupt", "euclidean_distance.py, line")),
        Case("keyboard-interrupt-in-call", "compute_means",
             in_call("compute_means", "raise KeyboardInterrupt"), "failed",
             ("It raised KeyboardInterrupt",)),
        Case("recursion-error-in-call", "closest_centroid",
             in_call("closest_centroid", "def deeper(n):\n    return deeper(n + 1)\ndeeper(0)"),
             "failed", ("RecursionError", "without end")),
        Case("memory-error-in-call", "create_clusters",
             in_call("create_clusters", "bytearray(2 ** 50)"), "failed",
             ("MemoryError", "more memory")),
        Case("forged-reply-in-call", "euclidean_distance",
             in_call("euclidean_distance", FORGED_REPLY), "failed", ("cannot read",)),
        Case("prints-megabytes-in-call", "compute_means",
             in_call("compute_means", "print('spam ' * 200_000)"), "passed"),
        Case("prints-megabytes-at-import", "run_Kmeans",
             at_import("run_Kmeans", "import sys\nsys.stderr.write('eggs ' * 400_000)"), "passed"),
    ]


CASES = cases()


def grade_case(case, folder):
    folder_of_solutions(folder, {case.exercise: case.text})
    result = run_grader("--exercises", folder, "--json", "--timeout", TIMEOUT, timeout=120)
    terminal = None
    if case.id.startswith(("prints", "interpreter-crash", "endless")):
        terminal = run_grader("--exercises", folder, case.exercise, "--timeout", TIMEOUT,
                              timeout=120)
    return result, terminal


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Every case graded, two at a time; the JSON run and a terminal run of each."""
    def run(case):
        return grade_case(case, tmp_path_factory.mktemp(case.id.replace("/", "-")))

    with ThreadPoolExecutor(2) as pool:
        return dict(zip(CASES, pool.map(run, CASES)))


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_the_target_gets_its_verdict_and_the_others_still_pass(graded, case):
    result, terminal = graded[case]
    assert result.returncode == (0 if case.status == "passed" else 1), result.stderr
    report = {exercise["name"]: exercise for exercise in json.loads(result.stdout)["exercises"]}
    target = report.pop(case.exercise)
    assert target["status"] == case.status, target
    failing = [check["message"] for check in target["tests"] if check["status"] != "passed"]
    for words in case.words:
        assert words in target["message"] or any(words in m for m in failing), (words, target)
    assert {name: exercise["status"] for name, exercise in report.items()} == {
        name: "passed" for name in report}
    # the reports stay small and readable whatever the code printed
    assert len(result.stdout) < 100_000
    if terminal:
        assert len(terminal.stdout) < 20_000 and terminal.stderr == ""
        assert case.exercise in terminal.stdout


@pytest.mark.parametrize("case", [case for case in CASES if case.id.startswith("prints")],
                         ids=lambda case: case.id)
def test_printed_output_is_captured_and_cut(graded, case):
    result, terminal = graded[case]
    target = next(exercise for exercise in json.loads(result.stdout)["exercises"]
                  if exercise["name"] == case.exercise)
    assert 0 < len(target["output"]) <= 4096 and target["output_dropped"] > 1_000_000
    assert ("spam" in target["output"]) or ("eggs" in target["output"])


def test_grading_writes_nothing_into_the_graded_folder(tmp_path):
    folder = folder_of_solutions(tmp_path / "graded", {
        "euclidean_distance": at_import("euclidean_distance", "open('learner-output.txt', 'w')"),
        "create_clusters": in_call("create_clusters", "open('call-output.txt', 'w').write('x')"),
    })
    before = {path.name: path.read_bytes() for path in folder.iterdir()}
    result = run_grader("--exercises", folder, "--json")
    assert result.returncode == 0, result.stdout
    after = {path.name: path.read_bytes() for path in folder.iterdir()}
    assert after == before


def test_an_untouched_stub_folder_is_left_as_it_was(tmp_path):
    folder = tmp_path / "stubs"
    folder.mkdir()
    for name in EXERCISES:
        (folder / f"{name}.py").write_bytes((SOLUTIONS_DIR.parent / "exercises" / f"{name}.py").read_bytes())
    before = sorted(path.name for path in folder.rglob("*"))
    run_grader("--exercises", folder)
    assert sorted(path.name for path in folder.rglob("*")) == before
