"""The pytest plugin that runs the hidden suites against one folder's workers.

The judge runs pytest with ``-p kata.judge.plugin`` and hands it the pool of
workers through ``config.kata_pool``. Each suite names its exercise in
``EXERCISE`` and takes the ``learner`` fixture: the handle on that exercise's
worker. The plugin turns how each check ended into a verdict.
"""
import re

import pytest

from ..checks import CheckFailed
from ..manifest import BY_NAME, NAMES
from ..report import CheckResult, Status
from .outcome import Crashed, FileProblem, NotStarted, TimedOut


@pytest.fixture
def learner(request):
    """The graded folder's version of the exercise this suite is about."""
    return request.config.kata_pool[request.module.EXERCISE]


class CheckCollector:
    """Records each check's verdict, by exercise."""

    def __init__(self):
        self.checks = {}

    def add(self, exercise, name, status, message, hint):
        self.checks.setdefault(exercise, []).append(CheckResult(name, status, message, hint))


def check_name(item):
    """'max_iterations caps the rounds (max_iterations=1)': the test's name as a sentence.

    Its words are split at underscores, except the exercises' names and the
    exercise's parameter names, which are code.
    """
    name = getattr(item, "originalname", item.name).removeprefix("test_").replace("_", " ")
    exercise = BY_NAME.get(getattr(item.module, "EXERCISE", None))
    for code in (*NAMES, *(exercise.parameters if exercise else ())):
        if "_" in code:
            name = re.sub(rf"\b{code.replace('_', ' ')}\b", code, name)
    name = name.replace("scikit learn", "scikit-learn")
    params = getattr(getattr(item, "callspec", None), "params", {})
    return f"{name} ({', '.join(f'{k}={v}' for k, v in params.items())})" if params else name


def verdict(error):
    """The status, learner-facing message and hint of a check that raised ``error`` (or None)."""
    if error is None:
        return Status.PASSED, "", ""
    if isinstance(error, NotStarted):
        return Status.NOT_STARTED, str(error), ""
    if isinstance(error, FileProblem):
        return Status.ERROR, str(error), ""
    if isinstance(error, TimedOut):
        return Status.TIMEOUT, str(error), ""
    if isinstance(error, (CheckFailed, Crashed)):
        return Status.FAILED, error.message, error.hint
    if isinstance(error, AssertionError):
        return Status.FAILED, str(error), ""
    return Status.FAILED, (f"The check itself stopped with {type(error).__name__}: {error}. "
                           f"This is a bug in the grader; please report it."), ""
