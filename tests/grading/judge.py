"""Run the hidden suites over a folder of exercise files and build the report.

This process is the judge: it runs pytest and imports the reference, and it
never imports a learner's file. Learner code runs in the workers of a
:class:`~tests.grading.learner.Pool`.
"""
import io
import os
from contextlib import redirect_stdout

from .exercises import ROOT, suite_file
from .learner import Crashed, FileProblem, NotStarted, Pool, TimedOut
from .report import CheckResult, Report, Status, summarize


# pytest's plugins that grading has no use for; each costs start-up time, and
# unraisableexception runs several full garbage collections at the end
UNUSED_PLUGINS = [arg for name in (
    "unraisableexception", "threadexception", "logging", "junitxml", "doctest", "pastebin",
    "legacypath", "stepwise", "nose", "monkeypatch", "recwarn", "tmpdir", "setuponly",
    "setupplan", "faulthandler", "cacheprovider", "lsof", "pytester",
) for arg in ("-p", f"no:{name}")]


def grade(folder, names, timeout, display_folder):
    """Grade the named exercises of ``folder``; returns a :class:`Report`."""
    pool = Pool(folder, timeout, names, display_folder)
    pool.start_all()  # the workers start while pytest is imported
    try:
        checks = run_suites(pool, names, timeout)
        exercises = [summarize(name, checks.get(name, []), pool[name]) for name in names]
    finally:
        pool.close()
    return Report(display_folder, exercises)


def run_suites(pool, names, timeout):
    """Run the suites of ``names`` against the pool; their checks by exercise."""
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"  # other plugins only cost time
    import pytest

    collector = _CheckCollector()
    args = [str(suite_file(name)) for name in names] + [
        "-q", "--assert=plain", "--capture=no",
        f"--rootdir={ROOT}", f"--confcutdir={ROOT}",  # find tests/conftest.py from any folder
        "-o", "addopts=", "-p", "pytest_timeout", *UNUSED_PLUGINS,
        # a safety net for the judge itself: learner time is kept per call
        "-o", f"timeout={max(60, 10 * timeout):g}",
    ]
    with redirect_stdout(io.StringIO()):  # pytest's own report is not for learners
        code = pytest.main(args, plugins=[collector, _PoolPlugin(pool)])
    if code == pytest.ExitCode.INTERRUPTED:  # Ctrl-C: pytest caught it, so pass it on
        raise KeyboardInterrupt
    return collector.checks


class _PoolPlugin:
    """Hands the grader's already-started pool to the suites' fixtures."""

    def __init__(self, pool):
        self.pool = pool

    def pytest_configure(self, config):
        config.kata_pool = self.pool


class _CheckCollector:
    """A pytest plugin that records each check's status and message."""

    def __init__(self):
        self.checks = {}

    def pytest_runtest_logreport(self, report):
        if report.when == "call" or (report.when == "setup" and not report.passed):
            # tests/conftest.py attached the exercise and the verdict
            status, message = report.kata_verdict
            self.checks.setdefault(report.kata_exercise, []).append(
                CheckResult(_check_name(report.nodeid), status, message))


def verdict(excinfo):
    """The status and learner-facing message for how a check ended."""
    if excinfo is None:
        return Status.PASSED, ""
    error = excinfo.value
    if isinstance(error, NotStarted):
        return Status.NOT_STARTED, str(error)
    if isinstance(error, FileProblem):
        return Status.ERROR, str(error)
    if isinstance(error, TimedOut):
        return Status.TIMEOUT, str(error)
    if isinstance(error, (AssertionError, Crashed)):
        return Status.FAILED, str(error)
    if excinfo.typename == "Skipped":
        return Status.PASSED, ""
    return Status.FAILED, (f"The check itself stopped with {excinfo.typename}: {error}. "
                           f"This is a bug in the grader; please report it.")


def _check_name(nodeid):
    return nodeid.split("::")[-1]
