"""The worker: the one process that runs a learner's code.

The judge starts one worker per exercise. The worker puts the reference
solutions in place of the sibling exercises, imports the learner's file, and
then answers call requests until the judge closes the channel or kills it.
It never decides a verdict: it reports what happened, as plain data, and the
judge (which learner code cannot reach) draws the conclusions.
"""
import faulthandler
import io
import os
import select
import signal
import sys
import threading
import traceback
import warnings
from pathlib import Path

import numpy as np

from . import framing, scratch, wire
from .speed import speed_samples, time_baseline
from .stand_ins import install_routers
from ..manifest import BY_NAME
from ..references import alias, import_file, load_references

FILE_SIZE_LIMIT = 16 * 2**20
MEMORY_LIMIT = 4 * 2**30

# Bound now, before any learner code runs, so that patching np.random.seed, the
# builtins or os from a learner's file cannot change what the worker itself does.
_seed = np.random.seed
_getattr = getattr
_exit, _kill, _killpg = os._exit, os.kill, getattr(os, "killpg", None)
_read_frame, _write_frame = framing.read_frame, framing.write_frame
_scratch_dir = None   # this worker's scratch folder, once serve() knows it
_encode, _decode = wire.encode, wire.decode
_may_share_memory = np.may_share_memory


def serve(reader, writer, job, references=None):
    """Run in the worker process: import the learner's file, then answer calls.

    ``reader`` and ``writer`` are the binary streams of the channel to the
    judge; ``job`` says which file to load (see ``handle.py``);
    ``references`` are the reference functions when a fork server has
    already loaded them.
    """
    global _scratch_dir
    _scratch_dir = job["scratch"]  # first: the channel may close at any moment
    channel = _Channel(reader, writer)
    limits = _isolate(job["scratch"])
    output = _CappedOutput()
    sys.stdout = sys.stderr = output
    references = references or load_references(Path(job["solutions"]))
    routes = install_routers(BY_NAME[job["exercise"]].builds_on, references, channel)
    goal = job.get("speed")  # timed now: no learner code has run yet to slow it down
    baseline = time_baseline(references[goal["baseline"]], goal) if goal else None
    channel.send({"op": "booted", "limits": limits, "baseline_seconds": baseline})
    sys.path.insert(0, job["folder"])  # the learner's own helper modules, as Python would
    try:
        module = _import_learner_file(job)
    except BaseException as error:  # SystemExit and KeyboardInterrupt included
        channel.send({"op": "broken", "message": _import_problem(error, job), **output.take()})
        return
    channel.send({"op": "ready", **output.take()})
    while True:
        request = channel.receive()
        reply = _answer(request, module, routes, job)
        channel.send({**reply, **output.take()})


def _import_learner_file(job):
    exercise = job["exercise"]
    module = import_file(exercise, job["path"])
    alias(module, f"exercises.{exercise}")  # the learner's own file, under the IDE's name too
    if not callable(getattr(module, exercise, None)):
        raise _MissingFunction(f"{job['display_path']} defines no function named {exercise}")
    return module


class _MissingFunction(Exception):
    """The learner's file imports, but does not define the exercise's function."""


class _Channel:
    """Messages to and from the judge, in the wire format.

    The worker reads each message itself, when it wants one: a thread that read
    them for it would cost two thread switches a message. A watchdog thread
    waits, without reading, for the judge's end to close (the judge exited, or
    was killed); it then ends this worker and every process the learner's code
    started, even while that code is busy in a loop.
    """

    def __init__(self, reader, writer):
        self._reader, self._writer = reader, writer
        watch = _hang_up_watch(reader.fileno())
        if watch is not None:
            threading.Thread(target=watch, daemon=True).start()

    def send(self, message):
        try:
            payload = _encode(message)
            if len(payload) > framing.MESSAGE_LIMIT:
                raise framing.TooLarge(len(payload))
        except framing.TooLarge as error:
            payload = _encode({"op": "too_large", "size": error.size})
        try:
            _write_frame(self._writer, payload)
        except OSError:
            _end_everything()

    def receive(self):
        """The judge's next message; the worker ends if the judge has gone."""
        try:
            payload = _read_frame(self._reader)
            if payload is not None:
                return _decode(payload)
        except BaseException:
            pass
        _end_everything()


def _hang_up_watch(fd):
    """A function that returns only to end everything, once the other end of ``fd`` closes.

    None where the platform has no poll() (Windows): there the judge's clock
    still ends a worker, and a judge that is killed leaves it to finish alone.
    """
    if not hasattr(select, "poll"):
        return None
    poller = select.poll()  # made now, before any learner code could replace select.poll
    # hang-ups and errors are always reported; nothing else is asked for, so
    # poll() does not return for a message waiting to be read
    poller.register(fd, getattr(select, "POLLRDHUP", 0))

    def watch():
        while not poller.poll():
            pass
        _end_everything()
    return watch


def _end_everything():
    """The judge has gone: remove the scratch folder it cannot, end the process group and the worker."""
    if _scratch_dir and os.path.basename(_scratch_dir).startswith(scratch.PREFIX):
        scratch.remove(_scratch_dir)
    if _killpg is not None:
        try:
            _killpg(os.getpgid(0), signal.SIGKILL)
        except OSError:
            pass
    _exit(0)


class _CappedOutput(io.TextIOBase):
    """Stands in for stdout and stderr: keeps the first few KB, counts the rest.

    Its ``buffer`` takes bytes, as ``sys.stdout.buffer`` does.
    """

    def __init__(self):
        self._kept, self._size, self._dropped = [], 0, 0
        self.buffer = _BytesToText(self)

    def write(self, text):
        text = str(text)
        room = max(framing.OUTPUT_LIMIT - self._size, 0)
        self._kept.append(text[:room])
        self._size += min(len(text), room)
        self._dropped += max(len(text) - room, 0)
        return len(text)

    def writable(self):
        return True

    @property
    def encoding(self):
        return "utf-8"

    def take(self):
        """The output since the last take, as message fields."""
        text, dropped = "".join(self._kept), self._dropped
        self._kept, self._size, self._dropped = [], 0, 0
        return {"output": text, "output_dropped": dropped}


class _BytesToText(io.RawIOBase):
    def __init__(self, text_stream):
        self._text = text_stream

    def writable(self):
        return True

    def write(self, data):
        self._text.write(bytes(data).decode("utf-8", errors="replace"))
        return len(data)


def _isolate(scratch_dir):
    """Keep the learner's code away from the judge's terminal and the graded folder.

    Returns whether the memory and file-size limits could be set.
    """
    sys.dont_write_bytecode = True  # no __pycache__ in the learner's folder
    os.chdir(scratch_dir)  # files the learner's code writes land in a scratch folder
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)
    # a crash of the interpreter leaves its Python traceback here for the judge
    crash_log = open(os.path.join(scratch_dir, scratch.CRASH_LOG), "w")
    os.dup2(crash_log.fileno(), 2)
    faulthandler.enable(crash_log)
    sys.stdin = open(os.devnull)
    warnings.simplefilter("default")
    return limit_resources()


def limit_resources():
    """Limit memory and file size where the OS allows; returns whether it could."""
    try:
        import resource
    except ImportError:  # not on this platform; the judge's clock still holds
        return False
    for limit, value in ((resource.RLIMIT_CORE, 0),
                         (resource.RLIMIT_FSIZE, FILE_SIZE_LIMIT),
                         (resource.RLIMIT_AS, MEMORY_LIMIT)):
        soft, hard = resource.getrlimit(limit)
        if soft == resource.RLIM_INFINITY or soft > value:
            try:
                resource.setrlimit(limit, (value, hard))
            except (ValueError, OSError):
                pass
    # writing past the file size limit then fails with an error instead of a kill
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    return True


def _import_problem(error, job):
    """Say in one or two lines why a learner's file could not be imported."""
    path, display_path = job["path"], job["display_path"]
    if isinstance(error, _MissingFunction):
        return str(error)
    if isinstance(error, SyntaxError) and error.filename == path:
        code = (error.text or "").strip()
        return (f"{display_path}, line {error.lineno}: {code}\n"
                f"{type(error).__name__}: {error.msg}")
    where = _where(error, job)
    return f"{where}\n{_exception_text(error)}" if where else _exception_text(error)


def _exception_text(error):
    if isinstance(error, SystemExit):
        return f"SystemExit: the code called sys.exit({'' if error.code is None else repr(error.code)})"
    try:
        message = str(error)
    except BaseException:
        message = ""
    return f"{type(error).__name__}: {message}"[:wire.MAX_TEXT] if message else type(error).__name__


def _where(error, job):
    """'exercises/f.py, line 7: code' for the deepest frame in the learner's file."""
    frames = [frame for frame in traceback.extract_tb(error.__traceback__)
              if frame.filename == job["path"]]
    if not frames:
        return None
    frame = frames[-1]
    return f"{job['display_path']}, line {frame.lineno}: {(frame.line or '').strip()}"


def _answer(request, module, routes, job):
    """Carry out one call request and describe every outcome."""
    function = getattr(module, job["exercise"])
    routes.to_the_judge = frozenset(request["stubs"])  # the helpers the judge stands in for
    try:
        outcomes = []
        for seed in request["seeds"] or [None]:
            outcomes.append(_call_once(function, request, seed, job))
            if "raised" in outcomes[-1]:
                break  # the first failure fails the check: the rest would only cost time
    finally:
        routes.to_the_judge = frozenset()
    if _all_plain_arrays(outcomes):  # one array travels far faster than thousands
        return {"op": "result", "stacked": np.stack([item["returned"] for item in outcomes])}
    return {"op": "result", "outcomes": outcomes}


def _all_plain_arrays(outcomes):
    """Whether every call returned an array of one shape and dtype, and changed nothing."""
    if len(outcomes) < 2:
        return False
    first = outcomes[0].get("returned")
    return type(first) is np.ndarray and all(
        type(item.get("returned")) is np.ndarray and item["returned"].shape == first.shape
        and item["returned"].dtype == first.dtype and not item["views"]
        and not item["args_changed"] and not item["kwargs_changed"] for item in outcomes)


def _call_once(function, request, seed, job):
    args = [_fresh(value) for value in request["args"]]
    kwargs = {key: _fresh(value) for key, value in request["kwargs"].items()}
    # a timed call's samples come last; read-only, and not copied: the copy would be timed too
    samples = [_speed_samples(**request["speed"])] if request.get("speed") else []
    if seed is not None:
        _seed(seed)
    try:
        value = function(*args, *samples, **kwargs)
    except BaseException as error:  # sys.exit, KeyboardInterrupt, MemoryError too
        outcome = {"raised": {"type": _builtin_type(error), "message": _exception_text(error),
                              "where": _where(error, job)}}
    else:
        outcome = {"returned": value, "views": _shared_memory(value, args)}
    # the arguments as the call left them, sent only where they changed
    outcome["args_changed"] = {str(position): arg for position, arg in enumerate(args)
                               if _changed(request["args"][position], arg)}
    outcome["kwargs_changed"] = {key: arg for key, arg in kwargs.items()
                                 if _changed(request["kwargs"][key], arg)}
    return outcome


def _speed_samples(seed, shape, _made={}):
    """The samples of a speed goal's timed calls, made once per seed (see speed.py)."""
    key = (seed, tuple(shape))
    if key not in _made:
        _made.clear()
        _made[key] = speed_samples(seed, tuple(shape))
    return _made[key]


def _changed(before, after):
    if type(before) is not np.ndarray:
        return False
    return not (type(after) is np.ndarray and after.dtype == before.dtype
                and after.shape == before.shape and after.tobytes() == before.tobytes())


def _builtin_type(error):
    """The name of the nearest builtin exception class: numpy's _ArrayMemoryError is a MemoryError."""
    import builtins
    for cls in type(error).__mro__:
        if _getattr(builtins, cls.__name__, None) is cls:
            return cls.__name__
    return type(error).__name__


def _fresh(value):
    return value.copy() if type(value) is np.ndarray else value


def _shared_memory(result, args):
    """Positions of the array arguments whose memory the result shares.

    Rather than trust np.shares_memory (a learner's file may replace it), flip
    every bit of each argument and see whether the result changes; flipping
    again restores the argument exactly.
    """
    if type(result) is not np.ndarray or result.size == 0:
        return []
    shared = []
    for position, arg in enumerate(args):
        if type(arg) is not np.ndarray or arg.size == 0 or not arg.flags.c_contiguous:
            continue
        if not _may_share_memory(result, arg):  # bound before learner code ran; exact if no
            continue
        before = result.tobytes()
        raw = arg.reshape(-1).view(np.uint8)
        raw ^= 0xFF
        changed = result.tobytes() != before
        raw ^= 0xFF
        if changed:
            shared.append(position)
    return shared


def main():
    """Entry point of a worker started on its own: the channel is its stdin and stdout."""
    import json
    reader = os.fdopen(os.dup(0), "rb")  # buffered: the worker alone reads it
    writer = os.fdopen(os.dup(1), "wb", buffering=0)
    job = json.loads(sys.argv[1])
    serve(reader, writer, job)
