"""Grade and see the exercises from a Jupyter or Colab notebook.

>>> from kata import check
>>> check(euclidean_distance)     # a function defined in a notebook cell
>>> check("euclidean_distance")   # the file exercises/euclidean_distance.py

``check`` grades with the same engine as ``python3 grader.py``: the
function's source is written to a file of its own and graded in a worker
process, with the reference solutions as its siblings. It never runs in the
kernel. A notebook shows the result as a table (``_repr_html_``); ``print``
gives the text report. ``show_demo(run_Kmeans)`` runs the demo of
``python3 grader.py demo`` on a notebook's run_Kmeans and shows its picture.

One judge serves every call of a kernel, so that a check takes a fraction of
a second after the first; its fork server waits, idle, until the kernel ends.
"""
import atexit
import html
import inspect
import shutil
import sys
import tempfile
import textwrap
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .manifest import BY_NAME, EXERCISES_DIR, NAMES, ROOT, SOLUTIONS_DIR, match_names

CELL = "<cell>"   # the folder name a cell's file is graded under, then put in words


# -- what to grade ------------------------------------------------------------------------


class Unusable(Exception):
    """What check() was given cannot be graded: one line, shown instead of a report."""


@contextmanager
def graded_file(target):
    """(folder, exercise name, folder as shown) for a function or an exercise name.

    A function defined in a notebook is written, with what it uses, to a
    file in a temporary folder, removed afterwards.
    """
    if isinstance(target, str):
        yield EXERCISES_DIR, exercise_named(target), shown(EXERCISES_DIR)
        return
    name = exercise_of(target)
    source_file = Path(inspect.getsourcefile(target) or "")
    if source_file.name == f"{name}.py" and source_file.is_file():  # an exercise file itself
        yield source_file.parent, name, shown(source_file.parent)
        return
    folder = Path(tempfile.mkdtemp(prefix="kata-cell-"))
    try:
        (folder / f"{name}.py").write_text(file_text(target), encoding="utf-8")
        yield folder, name, CELL
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def exercise_named(text):
    try:
        return match_names([text])[0]
    except ValueError as error:
        raise Unusable(str(error)) from None


def exercise_of(function):
    """The exercise a function is a solution of, by its name."""
    name = getattr(function, "__name__", None)
    if not inspect.isfunction(function):
        raise Unusable(f"check() takes an exercise function, such as check(euclidean_distance), "
                       f"or its name, such as check(\"euclidean_distance\"); not "
                       f"{type(function).__name__} {function!r:.60}")
    if name not in NAMES:
        raise Unusable(f"check() grades the kata's exercise functions ({', '.join(NAMES)}); "
                       f"{name} is not one of them")
    return name


def file_text(function):
    """The function's source as a module of its own, each line where it is in its cell.

    After the function come the imports and the notebook functions it uses:
    a function looks its globals up when it runs, so they need not come first,
    and the line numbers in a message are the cell's.
    """
    try:
        lines, first_line = inspect.getsourcelines(function)
    except (OSError, TypeError):
        raise Unusable(f"cannot read the source of {function.__name__}: check() grades a "
                       f"function defined in a notebook cell or a file; in a terminal, "
                       f"grade the file with python3 grader.py") from None
    text = "\n" * (max(first_line, 1) - 1) + textwrap.dedent("".join(lines))
    return text + "\n\n" + "\n".join(what_it_uses(function)) + "\n"


def what_it_uses(function, seen=None):
    """Lines that give the function the globals it uses: modules, imported names,
    constants and functions defined in the notebook. Sibling exercises are imported
    from their files, which in a worker are the reference solutions."""
    seen = set() if seen is None else seen
    lines = []
    for name in sorted(global_names(function.__code__) - seen):
        seen.add(name)
        value = function.__globals__.get(name)
        if name in NAMES:
            lines.append(f"from {name} import {name}")
        elif inspect.ismodule(value):
            lines.append(f"import {value.__name__} as {name}")
        elif importable(value, name):
            lines.append(f"from {value.__module__} import {name}")
        elif type(value) in (int, float, bool, str):  # a constant of the notebook's: EPS = 1e-9
            lines.append(f"{name} = {value!r}")
        elif inspect.isfunction(value) and value.__module__ == function.__module__:
            try:
                lines.append(textwrap.dedent(inspect.getsource(value)))
            except (OSError, TypeError):
                continue
            lines += what_it_uses(value, seen)
    return lines


def global_names(code):
    """Every name the code (and the functions inside it) may look up as a global."""
    names = set(code.co_names)
    for constant in code.co_consts:
        if inspect.iscode(constant):
            names |= global_names(constant)
    return names


def importable(value, name):
    """Whether ``from value.__module__ import name`` gives this very value."""
    module = sys.modules.get(getattr(value, "__module__", None) or "")
    return (module is not None and module.__name__ != "__main__"
            and getattr(module, name, None) is value)


def shown(folder):
    from .cli import shown_path
    return shown_path(folder)


# -- grading ------------------------------------------------------------------------------


_judge = []


def judge():
    """The kernel's one judge, started on first use and closed when the kernel ends."""
    if not _judge:
        from .judge.session import Judge
        _judge.append(Judge())
        atexit.register(_judge[0].close)
    return _judge[0]


def check(target, timeout=None):
    """Grade one exercise: a function defined in the notebook, or an exercise's name.

    ``timeout``: seconds allowed (default: the exercise's own, 5). Returns a
    :class:`Checked`, shown as a table in a notebook; ``print`` it for text.
    """
    call = f"check({getattr(target, '__name__', None) or repr(target)})"
    try:
        if timeout is not None and not (type(timeout) in (int, float) and 0 < timeout < 3600):
            raise Unusable(f"timeout is a number of seconds between 0 and 3600, not {timeout!r}")
        with graded_file(target) as (folder, name, display_folder):
            report = judge().grade(folder, [name], display_folder, timeout)
    except Unusable as problem:
        return Checked(call, problem=str(problem))
    exercise = report[name]
    if display_folder == CELL:
        in_cell_words(exercise)
    return Checked(call, exercise, source="cell" if display_folder == CELL else display_folder)


def in_cell_words(exercise):
    """'<cell>/f.py, line 3' becomes 'your cell, line 3' in every message."""
    file_name = f"{CELL}/{exercise.name}.py"
    for result in [exercise, *exercise.checks]:
        result.message = result.message.replace(file_name, "your cell")
        result.hint = result.hint.replace(file_name, "your cell")


@dataclass
class Checked:
    """What check() found: one exercise's verdict, or why it could not grade."""

    call: str                     # how check() was called: 'check(euclidean_distance)'
    exercise: object = None       # the ExerciseResult, from the report model
    problem: str = ""             # why nothing was graded
    source: str = ""              # "cell", or the folder of the file graded

    @property
    def status(self):
        return self.exercise.status if self.exercise else None

    @property
    def passed(self):
        from .report import Status
        return self.status is Status.PASSED

    def __repr__(self):
        if self.problem:
            return f"{self.call}: {self.problem}"
        return f"{self.call}: {headline(self.exercise)}"

    def __str__(self):
        return repr(self) if self.problem else "\n".join(text_lines(self))

    def _repr_html_(self):
        return html_table(self)


def headline(exercise):
    from .report import Status
    from .report.render_text import LABELS
    counts = (f", {exercise.passed} of {exercise.total} checks"
              if exercise.status in (Status.PASSED, Status.FAILED) else "")
    return f"{exercise.name} {LABELS[exercise.status]}{counts}"


def next_step(checked):
    """What to do after this result: the same advice as the grader's report."""
    from .report import Status
    from .report.render_text import NEXT_STEPS
    exercise = checked.exercise
    if exercise.status is Status.PASSED:
        note = BY_NAME[exercise.name].reference_note
        return f"Compare with {shown(SOLUTIONS_DIR)}/{exercise.name}.py: {note}" if note else ""
    if checked.source == "cell":
        verb = "write" if exercise.status is Status.NOT_STARTED else "fix"
        return f"Next: {verb} {exercise.name} in its cell, run the cell, then {checked.call} again."
    step = NEXT_STEPS[exercise.status].format(path=f"{checked.source}/{exercise.name}.py")
    return f"Next: {step} Then run {checked.call} again."


def text_lines(checked):
    from .report import Status
    from .report.render_text import failing_checks, hint_lines, indented, printed_output
    exercise = checked.exercise
    lines = [f"{checked.call}: {headline(exercise)}"]
    if exercise.status is Status.FAILED:  # the first few; the table shows them all
        lines += [line.replace("-v shows them all", "the table shows them all")
                  for line in failing_checks(exercise, verbose=False)]
    elif exercise.status is not Status.PASSED:
        lines += indented(exercise.message, "  ") + hint_lines(exercise.hint, "  ")
    if exercise.status is Status.NOT_STARTED:
        lines.append(f"  Your task: {BY_NAME[exercise.name].task}")
    lines += printed_output(exercise)
    return lines + (["", next_step(checked)] if next_step(checked) else [])


COLOURS = {"passed": "#1a7f37", "failed": "#cf222e", "not_started": "#6e7781",
           "error": "#8250df", "timeout": "#bf8700"}   # by status, as in the terminal


def html_table(checked):
    """The result as an HTML table: a row per check, with its message and hint."""
    if checked.problem:
        return (f'<div class="kata-check" data-status="unusable"><b>{esc(checked.call)}</b>: '
                f'{esc(checked.problem)}</div>')
    exercise = checked.exercise
    status = exercise.status.value
    message = "" if exercise.status.value in ("passed", "failed") else (
        f'<p style="white-space:pre-wrap">{esc(exercise.message)}</p>')
    output = (f"<p>Your code printed:</p><pre>{esc(exercise.output)}</pre>"
              if exercise.output else "")
    after = next_step(checked)
    return (f'<div class="kata-check" data-status="{status}">'
            f'<p><b>{esc(checked.call)}</b>: <span style="color:{COLOURS[status]}">'
            f'{esc(headline(exercise))}</span></p>{message}'
            f'<table><tr><th style="text-align:left">check</th>'
            f'<th style="text-align:left">result</th>'
            f'<th style="text-align:left">what happened</th></tr>'
            f'{"".join(html_row(result, exercise) for result in exercise.checks)}</table>'
            f'{output}{f"<p>{esc(after)}</p>" if after else ""}</div>')


def html_row(result, exercise):
    """One check's row; a message already shown above the table is left out."""
    from .report.render_text import LABELS
    above = exercise.status.value not in ("passed", "failed")  # the message is shown above
    repeated = above and result.message == exercise.message
    words = "" if repeated else esc(result.message)
    if result.hint:
        words += f"<br><i>Hint: {esc(result.hint)}</i>"
    return (f'<tr style="vertical-align:top"><td style="text-align:left">{esc(result.name)}</td>'
            f'<td style="color:{COLOURS[result.status.value]};text-align:left">'
            f'{LABELS[result.status]}</td>'
            f'<td style="text-align:left;white-space:pre-wrap">{words}</td></tr>')


def esc(text):
    """Learner text made safe for HTML: escaped, and control characters shown escaped."""
    from .report.render_text import safe
    return html.escape(safe(text))


# -- the demo -------------------------------------------------------------------------------


def show_demo(run_Kmeans=None, seed=None):
    """Run the demo on a notebook's run_Kmeans (default: exercises/run_Kmeans.py); show it.

    Returns a :class:`Demo`: the text report, and the picture of every data
    set when matplotlib is installed.
    """
    import random

    from .demo.run import NotReady, demo
    from .demo.text import render
    seed = random.randrange(10_000) if seed is None else seed
    try:
        with graded_file(run_Kmeans or "run_Kmeans") as (folder, name, display_folder):
            if name != "run_Kmeans":
                raise Unusable(f"show_demo() runs run_Kmeans, not {name}")
            comparisons = demo(judge(), folder, display_folder, seed)
    except Unusable as problem:
        return Demo(str(problem))
    except NotReady as reason:
        which = "run_Kmeans" if run_Kmeans else '"run_Kmeans"'
        return Demo(f"{reason}\nSee why with: check({which})")
    source = "your cell" if display_folder == CELL else f"{display_folder}/"
    text = render(comparisons, source, seed, f"show_demo(run_Kmeans, seed={seed})")
    from .demo import plot
    if plot.missing():
        return Demo(f"{text}\n\nFor the picture, install matplotlib: %pip install "
                    f"'{ROOT.as_posix()}[notebook]'")
    return Demo(text, picture(comparisons, seed))


def picture(comparisons, seed):
    """The demo's figure as PNG bytes."""
    import io

    from .demo import plot
    buffer = io.BytesIO()
    plot.figure(comparisons, seed).savefig(buffer, format="png")
    return buffer.getvalue()


@dataclass
class Demo:
    """The demo's report, and its picture as PNG bytes (None when there is none)."""

    text: str
    png: bytes = None

    def __str__(self):
        return self.text

    __repr__ = __str__

    def _repr_html_(self):
        import base64
        image = (f'<img alt="the clusters of every data set" style="max-width:100%" '
                 f'src="data:image/png;base64,{base64.b64encode(self.png).decode()}">'
                 if self.png else "")
        return f'<pre class="kata-demo">{esc(self.text)}</pre>{image}'
