"""Grading the folders of many tests ahead of them, in lane processes beside the test run.

The catalogue's tests each grade a folder, which takes the judge a tenth of a
second or more, mostly waiting for its workers; one after another they would
take most of the run. So a test that only needs a folder's report declares
it as a :class:`Grading` parameter: once pytest has collected the session,
every selected test's folder is handed to ``grader.py batch``'s lanes (each a
process with a judge of its own), which grade them while the other tests
run. The test then waits for its own report. ``-k`` selects which are graded.
"""
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from kata.batch.grading import LaneGrader, Settings, Task
from kata.report.render_json import from_dict
from tests.support import folder_of_solutions

LANES = 2  # the machine's two cores; the test run itself mostly waits meanwhile


@dataclass(frozen=True)
class Grading:
    """A copy of solutions/ with some files replaced, and the exercises to grade in it."""

    label: str                # what pytest shows as the parameter's id
    files: tuple              # (exercise name or file stem, text) of the replaced files
    names: tuple              # the exercises to grade
    timeout: object = None    # seconds, or seconds by exercise; default: each exercise's own

    def __str__(self):
        return self.label


class GradedAhead:
    """The reports of a session's gradings, made by lanes in a background thread."""

    def __init__(self, gradings):
        self._scratch = Path(tempfile.mkdtemp(prefix="kata-tests-ahead-"))
        self._done = {key: threading.Event() for key in gradings}
        self._results = {}
        self._grader = LaneGrader(Settings(), min(LANES, len(gradings)), self._scratch)
        tasks = [self._task(number, key, grading)
                 for number, (key, grading) in enumerate(gradings.items())]
        self._thread = threading.Thread(target=self._grade, args=(tasks,), daemon=True)
        self._thread.start()

    def _task(self, number, key, grading):
        folder = folder_of_solutions(self._scratch / f"folder{number}", dict(grading.files))
        return Task(key, str(folder), list(grading.names), grading.timeout)

    def _grade(self, tasks):
        try:
            self._grader.grade(tasks, self._store)
        except BaseException as error:  # a broken reference, say: every test reports it
            for key, event in self._done.items():
                self._results.setdefault(key, {"failure": f"{type(error).__name__}: {error}"})
                event.set()

    def _store(self, result):
        self._results[result["student"]] = result
        self._done[result["student"]].set()

    def report(self, key, timeout=600):
        """The report of the grading of test ``key``, once a lane has made it."""
        assert self._done[key].wait(timeout), f"no lane graded {key} within {timeout} s"
        result = self._results[key]
        assert "failure" not in result, result["failure"]
        return from_dict(result["report"])

    def close(self):
        self._grader.close()
        shutil.rmtree(self._scratch, ignore_errors=True)


def gradings_of(items):
    """{node id: Grading} of the collected tests that take a Grading parameter."""
    return {item.nodeid: value for item in items
            for value in getattr(getattr(item, "callspec", None), "params", {}).values()
            if isinstance(value, Grading)}
