"""The judge: run the hidden suites over folders of exercise files and build reports.

This process runs pytest and imports the reference; it never imports a
learner's file. Learner code runs in the workers of a :class:`Pool`. One
:class:`Judge` grades any number of folders: pytest, NumPy, the suites and the
fork server are loaded once, and each folder gets fresh workers.
"""
import os
import queue
import sys
import threading
import time
import traceback
from contextlib import contextmanager
from pathlib import Path

from . import launcher
from .handle import WorkerHandle
from ..manifest import BY_NAME, NAMES, ROOT, SOLUTIONS_DIR, SUITES_DIR, number_of
from ..report import ExerciseResult, Report, Status

SUITES_INI = Path(__file__).with_name("suites.ini")  # so no ini file of the caller's applies
# pytest's plugins that grading has no use for; each costs start-up time, and
# unraisableexception runs several full garbage collections at the end
UNUSED_PLUGINS = [arg for name in (
    "unraisableexception", "threadexception", "logging", "junitxml", "doctest", "pastebin",
    "legacypath", "stepwise", "nose", "monkeypatch", "recwarn", "tmpdir", "setuponly",
    "setupplan", "faulthandler", "cacheprovider", "lsof", "pytester", "warnings",
) for arg in ("-p", f"no:{name}")]
# what the caller's environment could otherwise slip into the judge's pytest
PYTEST_VARIABLES = ("PYTEST_ADDOPTS", "PYTEST_PLUGINS", "PYTEST_TIMEOUT", "PYTEST_DEBUG",
                    "PYTEST_THEME", "PYTEST_THEME_MODE", "PY_COLORS", "PYTEST_CURRENT_TEST")


class SetupError(Exception):
    """The kata itself cannot grade: a broken reference solution, say. One line."""


class Judge:
    """Grades folders of exercise files; close it (or use ``with``) to stop its processes.

    ``start`` is "fork" (a fork server, falling back to "spawn" where there is
    none) or "spawn" (a fresh interpreter per worker, as on Windows).
    """

    def __init__(self, timeout=None, start="fork"):
        self.timeout = timeout
        self.start = start if hasattr(os, "fork") else "spawn"
        self._fork_server = None
        self._runner = None
        self._environment = launcher.worker_environment()
        if self.start == "fork":  # first: it imports NumPy while the judge does
            self._fork_server = launcher.ForkServer(self._environment)
        check_references()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self, wait=True):
        """Stop the suites' session and the fork server; nothing of the judge's keeps running.

        ``wait=False`` does not wait for them to finish ending: for a process
        about to exit, which has nothing left to wait for.
        """
        if self._runner is not None:
            self._runner.stop(wait)
            self._runner = None
        if self._fork_server is not None:
            self._fork_server.close(wait=2.0 if wait else None)
            self._fork_server = None

    def grade(self, folder, names=None, display_folder=None, timeout=None):
        """Grade the named exercises (default: all) of ``folder``; returns a :class:`Report`.

        ``timeout`` overrides the judge's time allowed per exercise: seconds for
        every exercise, or a dict of seconds by exercise name.
        """
        folder = Path(folder)
        names = list(names or NAMES)
        started = time.monotonic()
        pool = Pool(folder, names, timeout or self.timeout, display_folder or folder.as_posix(),
                    self.launch)
        pool.start_all()  # the workers import while the suites' session starts, if it must
        try:
            if self._runner is None or not set(names) <= self._runner.names:
                previous, self._runner = self._runner, None  # none, if a new one fails to start
                if previous is not None:
                    previous.stop()
                # a judge for one grading collects only the suites it needs
                self._runner = SuiteRunner(names if previous is None else NAMES)
            checks = self._runner.run(pool, names)
            exercises = [summarize(name, checks.get(name, []), pool[name]) for name in names]
        finally:
            pool.close()
        notes = [] if all(pool[name].limits for name in names) else [LIMITS_NOTE]
        return Report(display_folder or folder.as_posix(), exercises,
                      time.monotonic() - started, notes)

    @contextmanager
    def worker(self, folder, exercise, display_folder=None, timeout=None):
        """A started :class:`WorkerHandle` on ``exercise``'s file in ``folder``; stopped on exit.

        For calling a learner's function outside the hidden suites (the demo
        does), with the same isolation and the same time limit as grading:
        ``timeout``, else the judge's, else the exercise's own.
        """
        folder = Path(folder)
        handle = WorkerHandle(exercise, folder,
                              timeout or self.timeout or BY_NAME[exercise].time_limit,
                              display_folder or folder.as_posix(), self.launch)
        try:
            start_reporting_problems(handle)
            yield handle
        finally:
            handle.close()

    def launch(self, job, fresh=False):
        """Start a worker for ``job``: forked if possible, else spawned.

        ``fresh``: the fork server failed to start it; end that fork server
        (the next worker gets a new one) and spawn this one.
        """
        if fresh and self._fork_server is not None:
            self._fork_server.close(wait=0)
            self._fork_server = None
        if self.start == "fork" and not fresh:
            if self._fork_server is None or not self._fork_server.alive:
                if self._fork_server is not None:
                    self._fork_server.close()
                self._fork_server = launcher.ForkServer(self._environment)
            worker = self._fork_server.start(job)
            if worker is not None:
                return worker
        return launcher.spawn(job, self._environment)


LIMITS_NOTE = ("This platform cannot limit a worker's memory or file sizes (there is no "
               "`resource` module); the time limit still holds.")


def start_reporting_problems(handle):
    """Start a worker; a failure to start becomes the exercise's problem, not a traceback."""
    try:
        handle.start()
    except Exception as error:
        handle.problem = f"The grader could not start a worker process: {error}"


class Pool:
    """The handles on every exercise's worker for one folder."""

    def __init__(self, folder, names, timeout, display_folder, launch):
        limits = timeout if isinstance(timeout, dict) else dict.fromkeys(names, timeout)
        self.handles = {name: WorkerHandle(name, folder, limits.get(name) or BY_NAME[name].time_limit,
                                           display_folder, launch) for name in names}

    def start_all(self):
        """Start every worker; none is waited for, so they import while pytest starts."""
        for handle in self.handles.values():
            start_reporting_problems(handle)

    def __getitem__(self, name):
        return self.handles[name]

    def close(self):
        for handle in self.handles.values():
            handle.close()


class SuiteRunner:
    """One pytest session over every hidden suite, kept open to grade folder after folder.

    pytest collects the suites once, in a thread of its own; each folder's
    checks are then those collected items run again against that folder's
    pool. Starting pytest for each folder would cost more than grading it.
    """

    def __init__(self, names=NAMES):
        from .plugin import CheckCollector

        self.names = set(names)
        self._jobs = queue.Queue()
        self._collector = CheckCollector()
        self._ready = threading.Event()
        self._ended = None          # why the session ended, if it ended early
        self._thread = threading.Thread(target=self._session, daemon=True, name="kata-suites")
        with judge_surroundings():  # what pytest reads of them, it reads while it starts
            self._thread.start()
            self._ready.wait()
        if self._ended:
            raise SetupError(self._ended)

    def _session(self):
        args = [str(BY_NAME[name].suite) for name in NAMES if name in self.names] + [
            # no terminal: pytest's own report is not for learners, and stdout is the caller's
            "-p", "no:terminal", "--assert=plain", "--capture=no", "-p", "kata.judge.plugin",
            *UNUSED_PLUGINS, "-c", str(SUITES_INI), f"--rootdir={ROOT}", f"--confcutdir={SUITES_DIR}",
        ]
        try:
            import pytest
            code = pytest.main(args, plugins=[self._collector, self])
            self._ended = f"the hidden suites could not run (pytest exit code {code})"
        except BaseException as error:
            self._ended = f"the hidden suites could not run ({type(error).__name__}: {error})"
        finally:
            self._ready.set()
            self._jobs.put(None)  # wake a waiting run(); the session is over

    def pytest_runtestloop(self, session):
        """Run each job's items as jobs arrive, until stop()."""
        self._ready.set()
        while (job := self._jobs.get()) is not None:
            pool, names, done = job
            session.config.kata_pool = pool
            self._collector.checks = {}
            current_test = os.environ.get("PYTEST_CURRENT_TEST")  # a caller's, if pytest runs it
            for item in session.items:
                exercise = item.module.EXERCISE
                if exercise in names:
                    self._check(session, item, pool[exercise])
            session._setupstate.teardown_exact(None)  # nothing set up for one folder outlives it
            if current_test is not None:
                os.environ["PYTEST_CURRENT_TEST"] = current_test
            done.put(self._collector.checks)
        return True

    def _check(self, session, item, handle):
        """Record one check's verdict: the settled one of its exercise, or by running it."""
        from .plugin import check_name, verdict
        error = handle.settled()
        if error is None:
            error = self._run_check(session, item)
        self._collector.add(item.module.EXERCISE, check_name(item), *verdict(error))

    def _run_check(self, session, item):
        """Run one check: setup, call and teardown, and nothing else; what it raised, or None.

        pytest's own protocol would also make reports, call a dozen hooks and
        time each phase; for fifty checks a student that costs more than the
        checks themselves.
        """
        item._initrequest()  # fresh fixtures: the last folder's are gone
        state, error = session._setupstate, None
        try:
            # the suite module stays set up from one of its checks to the next: only
            # what this check does not share with the last one is torn down
            state.teardown_exact(item)
            state.setup(item)
            item.runtest()
        except Exception as raised:
            error = raised
        finally:
            try:
                state.teardown_exact(item.parent)  # this check's own fixtures
            except Exception as raised:
                error = error or raised
        return error

    def run(self, pool, names):
        """Run the suites of ``names`` against the pool; their checks by exercise."""
        if not self._thread.is_alive():  # nothing would ever answer
            raise SetupError(self._ended or "the hidden suites stopped")
        done = queue.Queue()
        path = list(sys.path)  # pytest puts the suites' root back on it as it sets a check up
        self._jobs.put((pool, names, done))
        checks = done.get()
        sys.path[:] = path
        if checks is None:
            raise SetupError(self._ended or "the hidden suites stopped")
        return checks

    def stop(self, wait=True):
        self._jobs.put(None)
        if wait:
            self._thread.join(10)


@contextmanager
def judge_surroundings():
    """The environment, ``sys.path`` and ``sys.argv`` the judge runs in, restored afterwards.

    No variable of the caller's (PYTEST_ADDOPTS with ``-k``, say) may steer
    the judge's pytest, and pytest's own changes must not outlive the call.
    """
    environment, path = dict(os.environ), list(sys.path)
    for name in PYTEST_VARIABLES:
        os.environ.pop(name, None)
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"  # other plugins only cost time
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(environment)
        sys.path[:] = path


class _PoolPlugin:
    """Hands the judge's pool of workers to the suites' fixtures."""

    def __init__(self, pool):
        self.pool = pool

    def pytest_configure(self, config):
        config.kata_pool = self.pool


def summarize(name, checks, handle):
    """An exercise's status and headline from its checks and its worker's state."""
    failures = [check for check in checks if check.status is not Status.PASSED]
    hint = ""
    if handle.problem:
        status, message = Status.ERROR, handle.problem
    elif handle.timed_out:
        status, message = Status.TIMEOUT, handle.timeout_message()
    elif not checks:
        status, message = Status.ERROR, "No checks ran for this exercise: the grader itself is broken."
    elif all(check.status is Status.NOT_STARTED for check in checks):
        status, message = Status.NOT_STARTED, checks[0].message
    elif not failures:
        status, message = Status.PASSED, ""
    else:
        status, message, hint = Status.FAILED, failures[0].message, failures[0].hint
    exercise = BY_NAME[name]
    return ExerciseResult(name, number_of(name), status, message, hint, list(checks),
                          handle.output.text, handle.output.dropped, exercise.track,
                          handle.timeout - handle.remaining)


def check_references(solutions_dir=SOLUTIONS_DIR):
    """Fail with a one-line SetupError naming the file if a reference solution is broken."""
    from ..references import reference_functions
    try:
        reference_functions(solutions_dir)
    except BaseException as error:
        raise SetupError(_broken_reference(error, solutions_dir)) from None


def _broken_reference(error, solutions_dir):
    where = None
    if isinstance(error, SyntaxError) and error.filename:
        where = (error.filename, error.lineno)
    else:
        frames = [frame for frame in traceback.extract_tb(error.__traceback__)
                  if Path(frame.filename).parent == Path(solutions_dir)]
        if frames:
            where = (frames[-1].filename, frames[-1].lineno)
    place = (f"{os.path.relpath(where[0])}, line {where[1]}" if where
             else f"a file in {os.path.relpath(solutions_dir)}")
    return (f"the reference solution {place} cannot be imported "
            f"({type(error).__name__}: {error}); restore it with: git checkout -- solutions/")
