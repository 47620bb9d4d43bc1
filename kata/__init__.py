"""The K-means kata's grading engine.

>>> import kata
>>> report = kata.grade("solutions")
>>> print(report.summary)
6 of 6 exercises passed

``grade`` grades one folder of exercise files; ``grade_many`` grades many
with one judge, loading pytest and NumPy once. In a notebook, ``check(f)``
grades a function defined in a cell, and ``show_demo(run_Kmeans)`` shows it
at work on real data (kata/notebook.py). Both return ``Report`` objects
(``kata.report``), which every format is rendered from. Learner code runs only
in worker processes; calling these changes nothing in the caller's process
that outlives the call.

Nothing is imported at the top of this file: ``grader.py`` imports
``kata.bootstrap`` before it knows that the standard library is not hidden by
a learner's file of the same name (a ``types.py`` in the kata folder, say).
"""


def grade(folder, names=None, timeout=None, start="fork"):
    """Grade the exercise files in ``folder``: all of them, or the exercises ``names``.

    ``timeout`` is the time allowed per exercise in seconds (default: each
    exercise's own, from the manifest); ``start`` is "fork" or "spawn", how
    worker processes start. Returns a ``Report``.
    """
    return grade_many([folder], names, timeout, start)[0]


def grade_many(folders, names=None, timeout=None, start="fork"):
    """Grade several folders with one judge; returns their reports, in order."""
    from pathlib import Path

    from .judge.session import Judge

    folders = [Path(folder) for folder in folders]
    for folder in folders:
        if not folder.is_dir():
            raise NotADirectoryError(f"no such folder: {folder}")
    with Judge(timeout, start) as judge:
        return [judge.grade(folder, names) for folder in folders]


def __getattr__(name):
    """``kata.Report``, ``kata.Status``, ``kata.NAMES``, ``kata.check``: loaded on first use."""
    if name in ("check", "show_demo"):  # for notebooks: kata/notebook.py
        from . import notebook
        return getattr(notebook, name)
    if name in ("Report", "Status"):
        from . import report
        return getattr(report, name)
    if name in ("EXERCISES", "NAMES"):
        from . import manifest
        return getattr(manifest, name)
    raise AttributeError(f"module 'kata' has no attribute {name!r}")


__all__ = ["grade", "grade_many", "check", "show_demo", "Report", "Status", "EXERCISES", "NAMES"]
