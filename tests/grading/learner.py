"""The judge's side of a worker: start it, call the learner's function, time it out.

Tests use :class:`Learner`. Every call goes through the wire format, and the
judge alone keeps the clock: a worker that runs past its exercise's time is
killed, which works the same whatever the learner's code is doing.
"""
import multiprocessing
import os
import shutil
import signal
import struct
import tempfile
import threading
import time
from dataclasses import dataclass, field

# NumPy is imported only when first needed (by wire and describe), so the
# workers can start before the judge spends time importing it.
from .exercises import EXERCISES, SOLUTIONS_DIR, exercise_file

EXPECTED_REPLIES = {"ready", "broken", "callback", "result"}
UNREADABLE = (ValueError, KeyError, TypeError, IndexError, struct.error)  # a garbled reply
DEFAULT_TIMEOUT = 5.0        # seconds per exercise; correct code needs far less
MESSAGE_LIMIT = 256 * 2**20  # a reply larger than this is refused unread
OUTPUT_SHOWN = 4096          # characters of learner output kept per exercise
# Threads in a BLAS library would only slow six small workers down, and they
# must not be running when the fork server forks.
SINGLE_THREADED = {name: "1" for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS",
                                          "MKL_NUM_THREADS")}
PARAMETERS = {
    "initialize_random_centroids": ("K", "X"),
    "euclidean_distance": ("x1", "x2"),
    "closest_centroid": ("x", "centroids", "K"),
    "create_clusters": ("centroids", "K", "X"),
    "compute_means": ("cluster_idx", "K", "X"),
    "run_Kmeans": ("K", "X", "max_iterations"),
}


class FileProblem(Exception):
    """The learner's file cannot be used at all: the exercise is an error."""


class TimedOut(Exception):
    """The exercise ran out of time: its worker was killed."""


class NotStarted(Exception):
    """The function still raises NotImplementedError, as the stub does."""


class Crashed(AssertionError):
    """The worker died during a call: this check fails."""

    def __init__(self, message, reason):
        super().__init__(message)
        self.reason = reason


@dataclass
class Outcome:
    """What one call of the learner's function did."""

    call: str                 # the call as code, for messages
    parameters: tuple         # the function's parameter names
    args: tuple               # what the judge sent
    kwargs: dict
    value: object = None      # what came back, if it returned
    error: dict = None        # {"type", "message", "where"}, if it raised
    args_after: tuple = ()    # the arguments as the function left them
    kwargs_after: dict = field(default_factory=dict)
    views: tuple = ()         # positions of array arguments the result shares memory with

    @property
    def raised(self):
        return self.error is not None


@dataclass
class OutputLog:
    """What a learner's code printed, cut to a few KB."""

    text: str = ""
    dropped: int = 0

    def add(self, message):
        room = OUTPUT_SHOWN - len(self.text)
        new = message.get("output", "")
        self.text += new[:max(room, 0)]
        self.dropped += max(len(new) - max(room, 0), 0) + message.get("output_dropped", 0)


class Learner:
    """One exercise's learner file, loaded in a worker process of its own."""

    def __init__(self, exercise, folder, timeout, display_folder=None):
        self.exercise = exercise
        self.path = exercise_file(folder, exercise)
        self.display_path = f"{display_folder or folder}/{exercise}.py"
        self.timeout = timeout
        self.remaining = timeout
        self.problem = None       # why the file cannot be used, once known
        self.timed_out = None     # what was running when time ran out
        self.output = OutputLog()
        self._process = self._conn = self._scratch = None
        self._ready = False
        self._lock = threading.Lock()

    # -- the calls tests make ------------------------------------------------

    def call(self, *args, stubs=None, **kwargs):
        """Call the learner's function once and describe what it did."""
        return self._request(args, kwargs, None, stubs)[0]

    def call_seeded(self, *args, seeds, **kwargs):
        """Call it once per seed, after ``np.random.seed(seed)``; one Outcome each."""
        return self._request(args, kwargs, list(seeds), None)

    def describe_call(self, *args, **kwargs):
        from .describe import call_text
        return call_text(self.exercise, PARAMETERS[self.exercise], args, kwargs)

    # -- the worker ------------------------------------------------------------

    def start(self):
        """Start the worker if it is not running; returns without waiting for it."""
        with self._lock:
            if self._process is None and self.problem is None and self.timed_out is None:
                if not self.path.is_file():
                    self.problem = f"{self.display_path} does not exist"
                    return
                self._spawn()

    def close(self):
        """Stop the worker and remove its scratch folder."""
        with self._lock:
            self._stop()

    def _spawn(self):
        self._scratch = tempfile.mkdtemp(prefix="kata-worker-")
        args = (self.exercise, str(self.path.resolve()), self.display_path,
                str(SOLUTIONS_DIR), self._scratch)
        for context in _contexts():
            ours, theirs = context.Pipe()
            process = context.Process(target=_serve, args=(theirs, *args), daemon=True,
                                      name=f"kata-{self.exercise}")
            try:
                process.start()
            except (OSError, EOFError, ConnectionError):  # the fork server is gone
                continue
            finally:
                theirs.close()  # so the judge sees EOF when the worker dies
            self._process, self._conn, self._ready = process, ours, False
            return
        raise RuntimeError("could not start a worker process")

    def _stop(self):
        if self._process is not None:
            self._process.kill()
            self._process.join()
            self._conn.close()
            self._process = self._conn = None
        if self._scratch:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None

    def _request(self, args, kwargs, seeds, stubs):
        call = self.describe_call(*args, **kwargs)
        self._ensure_ready()
        stubs = stubs or {}
        self._send({"op": "call", "args": list(args), "kwargs": kwargs, "seeds": seeds,
                    "stubs": sorted(stubs)})
        while True:
            message = self._receive(f"Called {call}.")
            if message["op"] != "callback":
                break
            self._send(_answer_callback(stubs, message))
        parameters = PARAMETERS[self.exercise]
        outcomes = [_outcome(call, parameters, args, kwargs, item) for item in message["outcomes"]]
        for outcome in outcomes:
            if outcome.raised and outcome.error["type"] == "NotImplementedError":
                raise NotStarted(f"{self.display_path} still raises NotImplementedError, "
                                 f"as the stub does.")
        return outcomes

    def _ensure_ready(self):
        if self.problem:
            raise FileProblem(self.problem)
        if self.timed_out:
            raise TimedOut(self.timeout_message())
        self.start()
        if self.problem:
            raise FileProblem(self.problem)
        if not self._ready:
            try:
                message = self._receive(f"Importing {self.display_path}.")
            except Crashed as crash:
                self.problem = f"Importing {self.display_path} stopped Python: {crash.reason}"
                raise FileProblem(self.problem) from None
            if message["op"] == "broken":
                self.problem = message["message"]
                self._stop()
                raise FileProblem(self.problem)
            self._ready = True

    def _send(self, message):
        from . import wire
        try:
            self._conn.send_bytes(wire.encode(message))
        except (OSError, EOFError):
            pass  # the worker has died; receiving will say how

    def _receive(self, doing):
        """The worker's next message, within the time the exercise has left."""
        from . import wire
        started = time.monotonic()
        try:
            arrived = self._conn.poll(max(self.remaining, 0))
            self.remaining -= time.monotonic() - started
            if not arrived:
                self.timed_out = doing
                self._stop()
                raise TimedOut(self.timeout_message())
            message = wire.decode(self._conn.recv_bytes(MESSAGE_LIMIT))
            if message.get("op") not in EXPECTED_REPLIES:
                raise ValueError(f"unexpected reply {message.get('op')!r}")
        except (EOFError, ConnectionError, OSError, *UNREADABLE) as error:
            if isinstance(error, OSError) and "too long" in str(error):
                reason = f"it sent back more than {MESSAGE_LIMIT // 2**20} MB"
            elif isinstance(error, UNREADABLE):  # not something worker.py sends
                reason = "it sent the grader a message the grader cannot read"
            else:
                reason = self._death()
            self._stop()
            raise Crashed(f"{doing}\nThe Python process running your code stopped: {reason}",
                          reason) from None
        self.output.add(message)
        return message

    def _death(self):
        """Why the worker process ended, in plain words."""
        self._process.join(2)
        code = self._process.exitcode
        crash_log = self._crash_report()
        if code is None:
            reason = "it closed its connection to the grader"
        elif code < 0:
            reason = _signal_words(-code)
        else:
            reason = f"it exited with code {code}, as os._exit({code}) does"
        return f"{reason}.\n{crash_log}" if crash_log else f"{reason}."

    def _crash_report(self):
        """What the interpreter said as it crashed: the error and the learner's lines."""
        text = _read_tail(os.path.join(self._scratch, "crash.log"))
        path = str(self.path.resolve())
        lines = [line.replace(path, self.display_path).strip() for line in text.splitlines()
                 if line.startswith("Fatal Python error") or path in line]
        return "\n".join(lines)

    def timeout_message(self):
        return (f"{self.timed_out} It did not finish within {self.timeout:g} s, the time "
                f"allowed per exercise, so it was stopped: a loop may never end. "
                f"(python grader.py --timeout SECONDS allows more time.)")


class Pool:
    """The learners of every exercise being graded, started in the background."""

    def __init__(self, folder, timeout, names=EXERCISES, display_folder=None):
        os.environ.update(SINGLE_THREADED)
        self.learners = {name: Learner(name, folder, timeout, display_folder) for name in names}
        self._starter = None

    def start_all(self):
        """Start every worker from a background thread, so the judge can go on."""
        def start_in_order():
            for learner in self.learners.values():
                try:
                    learner.start()
                except Exception as error:  # reported with the exercise, not as a traceback
                    learner.problem = f"The grader could not start a worker process: {error}"
        self._starter = threading.Thread(target=start_in_order, daemon=True)
        self._starter.start()

    def __getitem__(self, name):
        if self._starter is not None:
            self._starter.join()
        return self.learners[name]

    def close(self):
        if self._starter is not None:
            self._starter.join()
        for learner in self.learners.values():
            learner.close()


def _contexts():
    """The ways to start a worker, fastest first.

    A fork server imports NumPy once and forks a worker per exercise from it,
    which is far quicker than six fresh interpreters. Where there is no fork
    server, or learner code has killed it, each worker starts from scratch.
    """
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        # "__main__" first: the server imports the main script once, so the
        # workers it forks need not import it again each.
        context.set_forkserver_preload(["__main__", WORKER_MODULE])
        yield context
    yield multiprocessing.get_context("spawn")


WORKER_MODULE = f"{__package__}.worker"


def _serve(*args):
    """The worker process's entry point: hand over to the worker module."""
    from .worker import serve
    serve(*args)


def _answer_callback(stubs, message):
    """Run the judge's stand-in for a sibling function that run_Kmeans called."""
    try:
        value = stubs[message["function"]](*message["args"], **message["kwargs"])
    except Exception as error:  # the learner passed something the stand-in rejects
        return {"op": "raise", "type": type(error).__name__, "message": str(error)}
    return {"op": "return", "value": value}


def _outcome(call, parameters, args, kwargs, item):
    outcome = Outcome(call, parameters, tuple(args), dict(kwargs),
                      args_after=tuple(item["args_after"]), kwargs_after=item["kwargs_after"])
    if "raised" in item:
        outcome.error = item["raised"]
    else:
        outcome.value = item["returned"]
        outcome.views = tuple(item["views"])
    return outcome


def _signal_words(number):
    meaning = {
        "SIGSEGV": "the Python interpreter itself crashed with a segmentation fault",
        "SIGKILL": "it was killed, perhaps for using too much memory",
        "SIGABRT": "the Python interpreter aborted",
        "SIGBUS": "the Python interpreter itself crashed with a bus error",
    }
    try:
        name = signal.Signals(number).name
    except ValueError:
        name = f"signal {number}"
    return f"{meaning.get(name, 'it was stopped by a signal')}, {name}"


def _read_tail(path, limit=4000):
    try:
        with open(path, errors="replace") as log:
            text = log.read()
    except OSError:
        return ""
    return text[-limit:].strip()
