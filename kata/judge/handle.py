"""The judge's handle on one worker: start it, call the learner's function, keep its clock.

The suites use :class:`WorkerHandle` through their ``learner`` fixture. Every
call goes through the wire format, and the judge alone keeps the clock. The
time allowed covers the whole exercise: importing the learner's file, every
call, and the time the judge spends answering ``run_Kmeans``'s helper calls.
A worker that runs past it is killed, whatever its code is doing.
"""
import os
import struct
import tempfile
import time
from dataclasses import asdict

from . import framing, scratch
from .learner_file import file_problem
from .outcome import (Crashed, FileProblem, NotStarted, Outcome, OutputLog, TimedOut, outcome_of,
                      signal_words)
from ..manifest import BY_NAME, SOLUTIONS_DIR
from ..stubs import is_stub

# what a worker may send at each step. "booted" comes once, before any learner
# code runs, so only the first is believed: learner code can write on the channel too
BOOTING, IMPORTING, CALLED = {"booted"}, {"ready", "broken"}, {"callback", "result", "too_large"}
# a garbled reply: RecursionError for nesting too deep, OverflowError for a shape of Infinity
UNREADABLE = (ValueError, KeyError, TypeError, IndexError, AttributeError, struct.error,
              RecursionError, OverflowError)
FORK_LIMIT = 5.0              # seconds a busy fork server may take to start a worker


class WorkerHandle:
    """One exercise's learner file, loaded in a worker process of its own."""

    def __init__(self, exercise, folder, timeout, display_folder, launch):
        self.exercise = BY_NAME[exercise]
        self.path = folder / self.exercise.file_name
        self.display_path = f"{display_folder}/{self.exercise.file_name}"
        self.timeout = timeout
        self.remaining = timeout
        self.problem = None       # why the file cannot be used, once known
        self.timed_out = None     # what was running when time ran out
        self.limits = True        # whether the worker could limit memory and file size
        self.output = OutputLog()
        self.memo = {}            # what a suite computed once and several checks use
        self.baseline_seconds = None  # a speed goal's reference, timed as the worker started
        self.round_trip = None    # seconds from sending the last request to its reply
        self.untouched = False    # the file is the exercise's stub, as a fresh clone has it
        self._launch = launch     # job -> a started WorkerProcess
        self._process = self._scratch = None
        self._booted_at = None
        self._ready = False

    # -- the calls tests make ------------------------------------------------

    def call(self, *args, stubs=None, **kwargs):
        """Call the learner's function once and describe what it did."""
        return self._request(args, kwargs, None, stubs)[0]

    def call_seeded(self, *args, seeds, **kwargs):
        """Call it once per seed, after ``np.random.seed(seed)``; one Outcome each."""
        return self._request(args, kwargs, list(seeds), None)

    def call_on_speed_samples(self, *args, seed, samples):
        """Call it once with ``args`` and then the speed goal's samples, made from ``seed``.

        ``samples`` is the judge's own copy, for messages; the worker makes the
        same samples itself. ``self.round_trip`` is then the call's time as the
        judge measured it, less the time the worker waited for a busy core (the
        loop reference counts its CPU time): nothing in the worker can change it.
        """
        speed = {"seed": seed, "shape": list(samples.shape)}
        return self._request((*args, samples), {}, None, None, speed)[0]

    def describe_call(self, *args, **kwargs):
        """The call as code, 'f(x=np.array([0, 1]), K=2)', worked out only if a message needs it."""
        from ..checks.describe import Lazy, call_text
        return Lazy(lambda: call_text(self.exercise.name, self.exercise.parameters, args, kwargs))

    # -- the worker ------------------------------------------------------------

    def start(self):
        """Start the worker if it is not running; returns without waiting for it.

        An untouched stub gets none: all it does is raise NotImplementedError.
        """
        if self._process is not None or self.problem or self.timed_out or self.untouched:
            return
        self.problem = file_problem(self.path, self.display_path)
        if self.problem:
            return
        self.untouched = is_stub(self.path, self.exercise.name)
        if self.untouched:
            return
        self._process = self._launch(self._new_job())
        self._ready, self._booted_at = False, None

    def _new_job(self):
        """What a new worker is to load, with a scratch folder of its own."""
        self._scratch = tempfile.mkdtemp(prefix=scratch.PREFIX)
        return {"exercise": self.exercise.name, "path": str(self.path.resolve()),
                "display_path": self.display_path, "folder": str(self.path.resolve().parent),
                "solutions": str(SOLUTIONS_DIR), "scratch": self._scratch,
                "speed": asdict(self.exercise.speed) if self.exercise.speed else None}

    def close(self):
        """Stop the worker and remove its scratch folder."""
        self._stop()

    def _stop(self):
        if self._process is not None:
            self._process.kill()
            self._process = None
        if self._scratch:
            scratch.remove(self._scratch)
            self._scratch = None

    def _request(self, args, kwargs, seeds, stubs, speed=None):
        call = self.describe_call(*args, **kwargs)
        from ..checks.describe import Lazy
        doing = Lazy(lambda: f"Called {call}.")
        self._ensure_ready()
        stubs = stubs or {}
        if not set(stubs) <= set(self.exercise.builds_on):  # only those have routers
            raise ValueError(f"{self.exercise.name} does not build on {sorted(stubs)}")
        started = time.monotonic()
        deadline = started + self.remaining
        sent_args = list(args[:-1] if speed else args)  # the worker makes the samples itself
        try:
            waited = self._process.waited() if speed else None  # only timed calls need it
            self._send({"op": "call", "args": sent_args, "kwargs": kwargs, "seeds": seeds,
                        "stubs": sorted(stubs), "speed": speed})
            sent = time.monotonic()
            while True:
                message = self._receive(doing, deadline, CALLED)
                if message["op"] != "callback":
                    break
                # the judge's own time answering counts too: the deadline is fixed, and
                # callbacks already waiting are not answered past it
                if time.monotonic() > deadline:
                    self._time_out(doing)
                self._send(answer_callback(stubs, message))
            self.round_trip = self._arrived - sent
            still = self._process.waited() if waited is not None else None
            if still is not None:
                # the time the worker waited for a busy core is not its own; the time it
                # slept or was stopped is (the loop reference is counted in CPU time)
                self.round_trip -= still - waited
        finally:
            self.remaining -= time.monotonic() - started
        if message["op"] == "too_large":
            self._stop()
            raise Crashed(f"Called {call}.\nIt returned a value too large to check "
                          f"({message['size']:,} bytes; the limit is "
                          f"{framing.MESSAGE_LIMIT // 2**20} MB).", "too large")
        parameters, args = self.exercise.parameters, tuple(args)
        if "stacked" in message:  # every call returned an array and changed nothing
            outcomes = [Outcome(call, parameters, args, kwargs, value, args_after=args,
                                kwargs_after=kwargs) for value in message["stacked"]]
        else:
            outcomes = [outcome_of(call, parameters, args, kwargs, item)
                        for item in message["outcomes"]]
        for outcome in outcomes:
            if outcome.raised and outcome.error["type"] == "NotImplementedError":
                raise NotStarted(self.not_started_message())
        return outcomes

    def settled(self):
        """The exception any call would raise now, before reaching a worker; None if calls run.

        Once the file is known to be unusable, to have timed out, or to be the
        untouched stub, every check of the exercise ends the same way, so the
        judge gives them that verdict without running them.
        """
        if self.problem:
            return FileProblem(self.problem)
        if self.timed_out:
            return TimedOut(self.timeout_message())
        if self.untouched:
            return NotStarted(self.not_started_message())
        return None

    def _ensure_ready(self):
        if settled := self.settled():
            raise settled
        self.start()
        if settled := self.settled():
            raise settled
        while not self._ready:
            self._await_import()

    def _await_import(self):
        """Wait for the worker to boot, then for the learner's file to import."""
        doing = f"Importing {self.display_path}."
        if self._booted_at is None:  # NumPy's import is not the learner's time
            if not self._process.started_within(FORK_LIMIT):  # a stopped or dead fork server
                self._stop()  # its scratch folder too: the old worker may still remove it
                self._process = self._launch(self._new_job(), fresh=True)
            deadline = time.monotonic() + self._start_limit()
        else:
            deadline = self._booted_at + self.remaining
        try:
            message = self._receive(doing, deadline,
                                    BOOTING if self._booted_at is None else IMPORTING)
        except Crashed as crash:
            self.problem = f"Importing {self.display_path} stopped Python: {crash.reason}"
            raise FileProblem(self.problem) from None
        except TimedOut:
            if self._booted_at is not None:
                self.remaining -= time.monotonic() - self._booted_at
            raise
        if message["op"] == "booted":
            self._booted_at = self._arrived
            self.limits = bool(message.get("limits"))
            self.baseline_seconds = message.get("baseline_seconds")
        elif message["op"] == "broken":
            self.problem = message["message"]
            self._stop()
            raise FileProblem(self.problem)
        elif message["op"] == "ready":
            self.remaining -= self._arrived - self._booted_at
            self._ready = True
            if self.remaining <= 0:
                self._time_out(doing)

    def _start_limit(self):
        from .launcher import START_LIMIT
        return START_LIMIT

    def _send(self, message):
        from . import wire  # NumPy: imported once the fork server is on its way
        self._process.send(wire.encode(message))

    def _receive(self, doing, deadline, expected):
        """The worker's next message, one of the ``expected`` ops, by the deadline; the time it
        arrived is ``self._arrived``."""
        try:
            self._arrived, item = self._process.receive(max(deadline - time.monotonic(), 0))
        except Exception:  # queue.Empty: out of time
            self._time_out(doing)
        if isinstance(item, framing.TooLarge):
            raise self._crash(doing, f"it sent back more than {framing.MESSAGE_LIMIT // 2**20} MB",
                              words=f"It returned a value too large to check ({item.size:,} bytes).")
        if isinstance(item, Exception):
            raise self._crash(doing, self._death())
        from . import wire
        try:
            message = wire.decode(item)
            if message.get("op") not in expected:
                raise ValueError(f"unexpected reply {message.get('op')!r}")
            self.output.add(message)
        except UNREADABLE:  # not something worker.py sends
            raise self._crash(doing, "it sent the grader a message the grader cannot read")
        return message

    def _time_out(self, doing):
        self.timed_out = doing
        self._stop()
        raise TimedOut(self.timeout_message())

    def _crash(self, doing, reason, words=None):
        """Stop the worker; the failure to raise, in ``words`` or as the reason it stopped."""
        self._stop()
        words = words or f"The Python process running your code stopped: {reason}"
        return Crashed(f"{doing}\n{words}", reason)

    def _death(self):
        """Why the worker process ended, in plain words."""
        code = self._process.exit_code(wait=1.0)
        crash_log = self._crash_report()
        if code is None:
            reason = "it closed its connection to the grader"
        elif code < 0:
            reason = signal_words(-code)
        else:
            reason = f"it exited with code {code}, as os._exit({code}) does"
        return f"{reason}.\n{crash_log}" if crash_log else f"{reason}."

    def _crash_report(self):
        """What the interpreter said as it crashed: the error and the learner's lines."""
        text = scratch.read_tail(os.path.join(self._scratch, scratch.CRASH_LOG))
        path = str(self.path.resolve())
        lines = [line.replace(path, self.display_path).strip() for line in text.splitlines()
                 if line.startswith("Fatal Python error") or path in line]
        return "\n".join(lines)

    def not_started_message(self):
        return f"{self.display_path} still raises NotImplementedError, as the stub does."

    def timeout_message(self):
        return (f"{self.timed_out} It did not finish within {self.timeout:g} s, the time "
                f"allowed per exercise, so it was stopped: a loop may never end. "
                f"(python grader.py --timeout SECONDS allows more time.)")


def answer_callback(stubs, message):
    """Run the judge's stand-in for a sibling function that run_Kmeans called."""
    try:
        value = stubs[message["function"]](**message["arguments"])
    except Exception as error:  # a call the real function would reject
        return {"op": "raise", "type": type(error).__name__, "message": str(error)}
    return {"op": "return", "value": value}

