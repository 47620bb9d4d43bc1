"""notebook.ipynb and check(): grading from Jupyter, in a worker, never in the kernel.

The notebook is made from the stubs by ``python -m tests.test_notebook``, and a
test keeps it equal to what that would write. The notebook itself runs once,
in fresh kernels with nbclient, two side by side: as shipped (every check
"not started") and then with cells whose functions print, raise and loop (the
kernel still finishes, with the right statuses); and filled with the reference
bodies (every check passes). The demo's cell, which draws for a second, runs
in a kernel as shipped (it says run_Kmeans has not passed) and in this
process on a cell's run_Kmeans (the picture shows inline).
"""
import ast
import concurrent.futures
import copy
import json
import re

import pytest

from kata.manifest import BY_NAME, NAMES, ROOT, SOLUTIONS_DIR
from kata.stubs import stub_text

NOTEBOOK = ROOT / "notebook.ipynb"


# -- the notebook, made from the stubs ----------------------------------------------------


def function_text(source, name):
    """The text of a file from its function's ``def`` line on: the imports are the kernel's."""
    lines = source.splitlines(keepends=True)
    start = next(node for node in ast.parse(source).body
                 if isinstance(node, ast.FunctionDef) and node.name == name).lineno
    return "".join(lines[start - 1:]).rstrip("\n")


def cell(kind, cell_id, text):
    made = {"cell_type": kind, "id": cell_id, "metadata": {}, "source": text}
    if kind == "code":
        made.update(execution_count=None, outputs=[])
    return made


INTRO = """\
# The K-means kata, in a notebook

Build K-means clustering with NumPy, one function at a time. Each section gives an exercise's
contract (the docstring), an empty function to fill in, and a cell that checks it.

`check(f)` grades your function with the kata's hidden tests, as `python3 grader.py` does: in a
process of its own, never in this kernel, with the reference solutions as the functions it
calls. So a mistake in one exercise never fails another, and a loop that never ends is stopped
after 5 seconds. `check("name")` grades the file `exercises/name.py` instead.

Open this notebook from the kata's folder, after installing the extra:
`python3 -m pip install '.[notebook]'`. Run the next cell first."""

DEMO = """\
## See it work

Once `check(run_Kmeans)` passes: your K-means on iris, make_blobs and two moons, beside
scikit-learn's `KMeans` started from the same centroids, with the path of every centroid."""


def notebook():
    """notebook.ipynb as a dict: the intro, a section per exercise, then the demo."""
    cells = [cell("markdown", "intro", INTRO),
             cell("code", "setup", "import numpy as np\n\nfrom kata import check, show_demo")]
    for number, name in enumerate(NAMES, 1):
        cells += [
            cell("markdown", f"{name}-task",
                 f"## {number}. {name}\n\nYour task: {BY_NAME[name].task} Replace "
                 f"`raise NotImplementedError` with your code, run the cell, then check it."),
            cell("code", name, function_text(stub_text(name), name)),
            cell("code", f"{name}-check", f"check({name})"),
        ]
    cells += [cell("markdown", "demo", DEMO), cell("code", "demo-run", "show_demo(run_Kmeans)")]
    return {"cells": cells, "metadata": {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"}}, "nbformat": 4, "nbformat_minor": 5}


def test_the_notebook_is_made_from_the_stubs():
    assert json.loads(NOTEBOOK.read_text()) == notebook(), (
        "notebook.ipynb is out of date; remake it with: python -m tests.test_notebook")


# -- check() and show_demo() in a kernel ----------------------------------------------------


def filled(book, bodies):
    """The notebook with some function cells replaced: {cell id: text}."""
    book = copy.deepcopy(book)
    for each in book["cells"]:
        each["source"] = bodies.get(each["id"], each["source"])
    return book


def solutions():
    return {name: function_text((SOLUTIONS_DIR / f"{name}.py").read_text(), name)
            for name in NAMES}


MISBEHAVING = {
    # prints, and is right: it passes, and what it printed is shown
    "euclidean_distance": 'def euclidean_distance(x1, x2):\n    print("distance!")\n'
                          '    return np.sqrt(np.sum((x1 - x2) ** 2))',
    # raises: it fails, and the message points into the cell
    "closest_centroid": "def closest_centroid(x, centroids, K):\n    return 1 / 0",
    # loops: stopped at its time limit
    "create_clusters": "def create_clusters(centroids, K, X):\n    while True:\n        pass",
}


def with_misbehaving_cells(book):
    """The notebook, then cells that define functions which print, raise or loop, and check
    them; then one more check, to show that the kernel went on."""
    book = copy.deepcopy(book)
    for name, text in MISBEHAVING.items():
        timeout = ", timeout=0.3" if "while True" in text else ""
        book["cells"] += [cell("code", f"odd-{name}", text),
                          cell("code", f"odd-{name}-check", f"check({name}{timeout})")]
    book["cells"].append(cell("code", "odd-after", 'check("compute_means")'))
    return book


def run_in_a_kernel(book):
    """Execute the notebook in a fresh kernel from the kata's folder; {cell id: outputs}."""
    import nbformat
    from nbclient import NotebookClient

    node = nbformat.from_dict(book)
    NotebookClient(node, timeout=60, kernel_name="python3",
                   resources={"metadata": {"path": str(ROOT)}}).execute()
    return {each["id"]: each.get("outputs", []) for each in node.cells}


@pytest.fixture(scope="module")
def kernels():
    """Two fresh kernels side by side: the notebook as shipped followed by misbehaving
    cells, and the notebook filled with the reference bodies. {cell id: outputs} each.

    The filled notebook stops before the demo's cell, which draws for a second:
    test_the_demo_cell_shows_the_picture_inline runs it in this process instead.
    """
    for module in ("nbclient", "ipykernel"):
        pytest.importorskip(module, reason="the notebook extra: pip install '.[notebook]'")
    book = notebook()
    full = filled(book, solutions())
    full["cells"] = [each for each in full["cells"] if each["id"] != "demo-run"]
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        return list(pool.map(run_in_a_kernel, [with_misbehaving_cells(book), full]))


def shown(outputs, mime="text/plain"):
    """What the cell displayed as ``mime``, and what it printed."""
    return "".join(output.get("data", {}).get(mime, "") + output.get("text", "")
                   for output in outputs)


def status(outputs):
    """The status check()'s table carries, as data-status."""
    found = re.findall(r'class="kata-check" data-status="(\w+)"', shown(outputs, "text/html"))
    assert len(found) == 1, shown(outputs)
    return found[0]


def test_as_shipped_every_check_is_not_started(kernels):
    shipped = kernels[0]
    for name in NAMES:
        assert status(shipped[f"{name}-check"]) == "not_started"
        assert f"check({name}): {name} not started" in shown(shipped[f"{name}-check"])
    assert "The demo runs your run_Kmeans, which has not passed yet" in shown(shipped["demo-run"])


def test_filled_with_the_reference_every_check_passes(kernels):
    full = kernels[1]
    for name in NAMES:
        assert status(full[f"{name}-check"]) == "passed", shown(full[f"{name}-check"])


def test_the_demo_cell_shows_the_picture_inline(tmp_path, monkeypatch, judge):
    """The last cell, show_demo(run_Kmeans), on a run_Kmeans whose source is a cell's."""
    pytest.importorskip("matplotlib", reason="the notebook extra: pip install '.[notebook]'")
    import base64
    import importlib.util
    import io

    from PIL import Image

    from kata import notebook
    monkeypatch.setattr(notebook, "_judge", [judge])  # the session's, rather than one more
    cell_file = tmp_path / "cell.py"  # not run_Kmeans.py: graded from its source, as a cell
    cell_file.write_text("import numpy as np\n\n" + solutions()["run_Kmeans"] + "\n")
    spec = importlib.util.spec_from_file_location("cell", cell_file)
    cell_module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(cell_module)

    shown_demo = notebook.show_demo(cell_module.run_Kmeans, seed=6)
    assert str(shown_demo).startswith("K-means demo: your run_Kmeans from your cell, seed 6")
    assert str(shown_demo).count("yes, identical (agreement 1.000)") == 3
    assert "Repeat this run: show_demo(run_Kmeans, seed=6)" in str(shown_demo)
    page = shown_demo._repr_html_()
    png = base64.b64decode(re.search(r'src="data:image/png;base64,([^"]+)"', page).group(1))
    assert Image.open(io.BytesIO(png)).format == "PNG"


def test_a_function_that_prints_raises_or_loops_gets_its_status_and_the_kernel_goes_on(kernels):
    odd = kernels[0]
    printed = odd["odd-euclidean_distance-check"]
    assert status(printed) == "passed" and "distance!" in shown(printed, "text/html")
    raised = odd["odd-closest_centroid-check"]
    assert status(raised) == "failed"
    assert "ZeroDivisionError" in shown(raised, "text/html")
    assert "at your cell, line 2: return 1 / 0" in shown(raised, "text/html")
    looped = odd["odd-create_clusters-check"]
    assert status(looped) == "timeout"
    assert "did not finish within 0.3 s" in shown(looped, "text/html")
    assert status(odd["odd-after"]) == "not_started"  # the kernel went on


# -- check() in this process ----------------------------------------------------------------


@pytest.fixture
def checking(monkeypatch, judge):
    """kata.notebook with the session's judge, rather than one more of its own."""
    from kata import notebook
    monkeypatch.setattr(notebook, "_judge", [judge])
    return notebook


def defined_in_a_cell(tmp_path, text):
    """A module made from ``text`` as a notebook's cells would define it: its functions'
    source can be read, and it is in no file named after an exercise."""
    import importlib.util
    path = tmp_path / "cell.py"
    path.write_text(text)
    spec = importlib.util.spec_from_file_location("cell", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_cell_function_takes_the_modules_constants_and_helpers_it_uses(checking, tmp_path):
    cell_module = defined_in_a_cell(tmp_path, (
        "import math\nimport numpy\nfrom numpy import subtract\nPOWER = 2\n\n"
        "def squares(d):\n    return numpy.sum(d ** POWER)\n\n"
        "def euclidean_distance(x1, x2):\n    return math.sqrt(squares(subtract(x1, x2)))\n"))
    checked = checking.check(cell_module.euclidean_distance)
    assert checked.passed, str(checked)
    assert repr(checked) == "check(euclidean_distance): euclidean_distance passed, 6 of 6 checks"


def test_the_functions_a_cell_function_calls_are_the_references(checking, tmp_path):
    cell_module = defined_in_a_cell(tmp_path, (
        "import numpy as np\n\n"
        "def euclidean_distance(x1, x2):\n    return 0.0  # wrong: grading never calls it\n\n\n"
        "def closest_centroid(x, centroids, K):\n"
        "    return int(np.argmin([euclidean_distance(x, c) for c in centroids]))\n"))
    checked = checking.check(cell_module.closest_centroid)
    assert checked.passed, str(checked)


def test_the_table_shows_every_failing_check_and_the_text_the_first_few(checking, tmp_path):
    import html
    cell_module = defined_in_a_cell(tmp_path, (
        "def euclidean_distance(x1, x2):\n    print('squared')\n"
        "    return ((x1 - x2) ** 2).sum()\n"))
    checked = checking.check(cell_module.euclidean_distance)
    failing = checked.exercise.failing
    assert checked.status.value == "failed" and len(failing) > 3
    table = checked._repr_html_()
    assert table.count("<tr") == 1 + checked.exercise.total
    for result in failing:
        assert html.escape(result.message) in table and html.escape(result.hint) in table
    text = str(checked)
    assert sum(result.message.splitlines()[0] in text for result in failing) == 3
    assert f"... and {len(failing) - 3} more failing check(s); the table shows them all." in text
    assert "  | squared" in text and "<pre>squared\n" in table


@pytest.mark.parametrize("target, words", [
    (42, "check() takes an exercise function, such as check(euclidean_distance)"),
    ("nope", "unknown exercise 'nope'"),
    (lambda x1, x2: 0, "<lambda> is not one of them"),
    (len, "check() takes an exercise function"),
])
def test_what_cannot_be_graded_gets_one_line(checking, target, words):
    checked = checking.check(target)
    assert checked.status is None and not checked.passed
    assert words in str(checked) and "\n" not in str(checked)
    assert 'data-status="unusable"' in checked._repr_html_()


def test_a_name_grades_the_file_in_exercises(checking):
    checked = checking.check("euclid", timeout=2)
    assert repr(checked) == "check('euclid'): euclidean_distance not started"
    assert "exercises/euclidean_distance.py still raises NotImplementedError" in str(checked)
    assert "not a number" not in str(checking.check("euclid", timeout=-1))
    assert "between 0 and 3600, not -1" in str(checking.check("euclid", timeout=-1))


if __name__ == "__main__":
    NOTEBOOK.write_text(json.dumps(notebook(), indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {NOTEBOOK}")
