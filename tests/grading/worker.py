"""The worker: the one process that runs a learner's code.

The judge starts one worker per exercise. The worker puts the reference
solutions in place of the sibling exercises, imports the learner's file, and
then answers call requests until the judge closes the connection or kills it.
It never decides a verdict: it reports what happened, as plain data, and the
judge (which learner code cannot reach) draws the conclusions.
"""
import faulthandler
import io
import os
import sys
import traceback
import warnings

import numpy as np

from . import wire
from .exercises import import_file, load_references

OUTPUT_LIMIT = 4096  # characters of learner output kept between two messages
FILE_SIZE_LIMIT = 16 * 2**20
MEMORY_LIMIT = 4 * 2**30

# Bound now, before any learner code runs, so patching np.random.seed or the
# builtins from a learner's file cannot change what the worker itself does.
_seed = np.random.seed
_setattr, _getattr = setattr, getattr


def serve(conn, exercise, path, display_path, solutions_dir, scratch_dir):
    """Run in the worker process: import the learner's file, then answer calls."""
    channel = _Channel(conn)
    _isolate(scratch_dir)
    output = _CappedOutput()
    sys.stdout = sys.stderr = output
    load_references(solutions_dir)  # the siblings, whatever state the learner's are in
    try:
        module = import_file(exercise, path)
        function = getattr(module, exercise, None)
        if not callable(function):
            raise _MissingFunction(f"{display_path} defines no function named {exercise}")
    except BaseException as error:  # SystemExit and KeyboardInterrupt included
        channel.send({"op": "broken", "message": _import_problem(error, path, display_path),
                      **output.take()})
        return
    channel.send({"op": "ready", **output.take()})
    while True:
        request = channel.receive()
        if request is None:
            return
        reply = _answer(request, module, function, channel, (path, display_path))
        channel.send({**reply, **output.take()})


class _MissingFunction(Exception):
    """The learner's file imports, but does not define the exercise's function."""


class _Channel:
    """Messages to and from the judge, in the wire format."""

    def __init__(self, conn):
        self._conn = conn

    def send(self, message):
        self._conn.send_bytes(wire.encode(message))

    def receive(self):
        try:
            return wire.decode(self._conn.recv_bytes())
        except EOFError:
            return None


class _CappedOutput(io.TextIOBase):
    """Stands in for stdout and stderr: keeps the first few KB, counts the rest."""

    def __init__(self):
        self._kept, self._size, self._dropped = [], 0, 0

    def write(self, text):
        text = str(text)
        room = OUTPUT_LIMIT - self._size
        self._kept.append(text[:room])
        self._size += min(len(text), max(room, 0))
        self._dropped += max(len(text) - max(room, 0), 0)
        return len(text)

    def writable(self):
        return True

    def take(self):
        """The output since the last take, as message fields."""
        text, dropped = "".join(self._kept), self._dropped
        self._kept, self._size, self._dropped = [], 0, 0
        return {"output": text, "output_dropped": dropped}


def _isolate(scratch_dir):
    """Keep the learner's code away from the judge's terminal and the graded folder."""
    sys.dont_write_bytecode = True  # no __pycache__ in the learner's folder
    os.chdir(scratch_dir)  # files the learner's code writes land in a scratch folder
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)
    # a crash of the interpreter leaves its Python traceback here for the judge
    crash_log = open(os.path.join(scratch_dir, "crash.log"), "w")
    os.dup2(crash_log.fileno(), 2)
    faulthandler.enable(crash_log)
    sys.stdin = open(os.devnull)
    warnings.simplefilter("default")
    _limit_resources()


def _limit_resources():
    try:
        import resource
        import signal
    except ImportError:  # not on this platform; the timeout still holds
        return
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


def _import_problem(error, path, display_path):
    """Say in one or two lines why a learner's file could not be imported."""
    if isinstance(error, _MissingFunction):
        return str(error)
    if isinstance(error, SyntaxError) and error.filename == path:
        code = (error.text or "").strip()
        return (f"{display_path}, line {error.lineno}: {code}\n"
                f"{type(error).__name__}: {error.msg}")
    where = _where(error, path, display_path)
    return f"{where}\n{_exception_text(error)}" if where else _exception_text(error)


def _exception_text(error):
    if isinstance(error, SystemExit):
        return f"SystemExit: the code called sys.exit({'' if error.code is None else repr(error.code)})"
    try:
        message = str(error)
    except BaseException:
        message = ""
    return f"{type(error).__name__}: {message}"[:wire.MAX_TEXT] if message else type(error).__name__


def _where(error, path, display_path):
    """'exercises/f.py, line 7: code' for the deepest frame in the learner's file."""
    frames = [frame for frame in traceback.extract_tb(error.__traceback__) if frame.filename == path]
    if not frames:
        return None
    frame = frames[-1]
    return f"{display_path}, line {frame.lineno}: {(frame.line or '').strip()}"


def _answer(request, module, function, channel, paths):
    """Carry out one call request and describe every outcome."""
    restore = _install_stubs(module, request["stubs"], channel)
    try:
        seeds = request["seeds"]
        outcomes = [_call_once(function, request, seed, paths) for seed in (seeds or [None])]
    finally:
        restore()
    return {"op": "result", "outcomes": outcomes}


def _call_once(function, request, seed, paths):
    args = [_fresh(value) for value in request["args"]]
    kwargs = {key: _fresh(value) for key, value in request["kwargs"].items()}
    if seed is not None:
        _seed(seed)
    try:
        value = function(*args, **kwargs)
    except BaseException as error:  # sys.exit, KeyboardInterrupt, MemoryError too
        outcome = {"raised": {"type": _builtin_type(error), "message": _exception_text(error),
                              "where": _where(error, *paths)}}
    else:
        outcome = {"returned": value, "views": _shared_memory(value, args)}
    outcome["args_after"] = args
    outcome["kwargs_after"] = kwargs
    return outcome


def _builtin_type(error):
    """The name of the nearest builtin exception class: numpy's _ArrayMemoryError is a MemoryError."""
    import builtins
    for cls in type(error).__mro__:
        if _getattr(builtins, cls.__name__, None) is cls:
            return cls.__name__
    return type(error).__name__


def _fresh(value):
    return value.copy() if isinstance(value, np.ndarray) else value


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
        before = result.tobytes()
        raw = arg.reshape(-1).view(np.uint8)
        raw ^= 0xFF
        changed = result.tobytes() != before
        raw ^= 0xFF
        if changed:
            shared.append(position)
    return shared


def _install_stubs(module, names, channel):
    """Replace the named sibling functions with calls back to the judge.

    The judge then sees every call ``run_Kmeans`` makes, counts them and
    chooses what they return. Returns a function that undoes the replacement.
    """
    saved = []
    for name in names:
        stub = _stub(name, channel)
        for owner in (module, sys.modules.get(name)):
            if owner is not None:
                saved.append((owner, name, owner.__dict__.get(name)))
                _setattr(owner, name, stub)

    def restore():
        for owner, name, original in reversed(saved):
            _setattr(owner, name, original)
    return restore


def _stub(name, channel):
    def call_the_judge(*args, **kwargs):
        channel.send({"op": "callback", "function": name, "args": list(args), "kwargs": kwargs})
        reply = channel.receive()
        if reply is None:
            os._exit(0)  # the judge has gone: nothing is left to answer to
        if reply["op"] == "raise":
            raise _exception_type(reply["type"])(reply["message"])
        return reply["value"]
    call_the_judge.__name__ = call_the_judge.__qualname__ = name
    return call_the_judge


def _exception_type(name):
    """The builtin exception class called ``name``, else RuntimeError."""
    import builtins
    candidate = _getattr(builtins, name, None)
    if isinstance(candidate, type) and issubclass(candidate, Exception):
        return candidate
    return RuntimeError
