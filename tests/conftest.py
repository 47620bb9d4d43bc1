"""Options and fixtures shared by the hidden suites.

``python -m pytest`` grades ``solutions/``; ``--exercises DIR`` grades another
folder. ``python grader.py`` passes in a pool of workers it has already started.
"""
from pathlib import Path

import pytest

from tests.grading.exercises import EXERCISES, SOLUTIONS_DIR
from tests.grading.judge import verdict
from tests.grading.learner import DEFAULT_TIMEOUT, Pool

# learner-style files, graded by tests/test_catalogue.py, never collected as tests
collect_ignore = ["catalogue"]


def pytest_addoption(parser):
    group = parser.getgroup("kata", "K-means kata")
    group.addoption("--exercises", metavar="DIR", default=None,
                    help="folder of exercise files the suites grade (default: solutions/)")
    group.addoption("--kata-timeout", metavar="SECONDS", type=float, default=DEFAULT_TIMEOUT,
                    help="time allowed per exercise")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Attach the exercise and the learner-facing verdict to each report."""
    report = yield
    report.kata_exercise = getattr(item.module, "EXERCISE", None)
    report.kata_verdict = verdict(call.excinfo)
    return report


@pytest.fixture(scope="session")
def kata_pool(request):
    """The workers that run the graded folder's code, one per exercise."""
    config = request.config
    pool = getattr(config, "kata_pool", None)
    if pool is None:
        folder = Path(config.getoption("--exercises") or SOLUTIONS_DIR)
        pool = Pool(folder, config.getoption("--kata-timeout"), EXERCISES)
        request.addfinalizer(pool.close)
    return pool


@pytest.fixture
def learner(kata_pool, request):
    """The graded folder's version of the exercise this suite is about."""
    return kata_pool[request.module.EXERCISE]
