"""Starting worker processes, and knowing when they end.

Two ways, fastest first:

- ``ForkServer``: one process that has imported NumPy forks each worker
  (``zygote.py``). POSIX only.
- ``spawn``: a fresh ``python`` per worker, talking over its stdin and stdout.
  Slower (each imports NumPy), but it works everywhere, and it is what a
  worker falls back to when the fork server is missing or has been killed.

Neither imports the caller's ``__main__``: a script that calls the grader
without an ``if __name__ == "__main__":`` guard is not run again in each worker.
Every worker is the leader of a process group of its own, so killing the group
ends whatever processes the learner's code started too.
"""
import itertools
import json
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time

from . import framing
from ..manifest import ROOT

# Threads in a BLAS library would only slow small workers down, and must not be
# running when the fork server forks.
SINGLE_THREADED = {name: "1" for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS",
                                          "MKL_NUM_THREADS")}
START_LIMIT = 60.0   # seconds a new process may take to import NumPy, on a busy machine
# the first line of every process we start: find the kata package, and nothing
# in the current folder (a stray numpy.py there must not be imported)
PRELUDE = f"import sys; sys.path[0] = {str(ROOT)!r}; "


class WorkerProcess:
    """The judge's view of one worker: its channel, its process, its exit code."""

    def __init__(self, writer):
        self._writer = writer
        self._exit_code = None
        self._exited = threading.Event()

    def receive(self, timeout):
        """(arrival time, the next message's bytes, or the exception that ended the channel).

        Raises queue.Empty if nothing arrives within ``timeout`` seconds.
        """
        raise NotImplementedError

    def send(self, payload):
        try:
            framing.write_frame(self._writer, payload)
        except (OSError, ValueError):
            pass  # the worker has died; receiving will say how

    def started_within(self, seconds):
        """Whether the process is known to have started, waiting up to ``seconds`` for it."""
        return True

    def waited(self):
        """Seconds the worker's main thread has spent waiting for a core; None if unknown."""
        return waited_for_a_core(self.host_pid())

    def host_pid(self):
        return None

    def exited(self, code):
        self._exit_code = code
        self._exited.set()

    def exit_code(self, wait):
        """The exit code (negative: killed by that signal), waiting up to ``wait`` s; or None."""
        self._exited.wait(wait)
        return self._exit_code

    def kill(self):
        raise NotImplementedError


class _ForkedWorker(WorkerProcess):
    """A worker on a socket, which the judge reads itself when it waits for a message.

    No thread reads for it: handing each message from a reader thread to the
    judge's would cost two thread switches, and a worker's grading exchanges
    a hundred messages or more.
    """

    def __init__(self, sock, fork_server):
        super().__init__(sock.makefile("wb", buffering=0))
        self._sock = sock
        self._ended = None        # the exception that ended the channel, once it has
        self._unread = bytearray()  # bytes received that the next message starts with
        self._fork_server = fork_server
        self.pid = None
        self._started = threading.Event()

    def receive(self, timeout):
        if self._ended is None:
            deadline = time.monotonic() + timeout
            try:
                size = framing.frame_size(self._take(framing.HEADER_SIZE, deadline))
                return time.monotonic(), self._take(size, deadline)
            except (socket.timeout, BlockingIOError):  # a timeout of 0 makes it non-blocking
                raise queue.Empty from None
            except (framing.TooLarge, EOFError, OSError) as error:
                self._ended = error
        return time.monotonic(), self._ended

    def _take(self, size, deadline):
        """The next ``size`` bytes of the channel, by the deadline (socket.timeout if not)."""
        while len(self._unread) < size:
            self._sock.settimeout(max(deadline - time.monotonic(), 0))
            chunk = self._sock.recv(max(size - len(self._unread), 65536))
            if not chunk:
                raise EOFError("the channel closed")
            self._unread += chunk
        taken = bytes(self._unread[:size])
        del self._unread[:size]
        return taken

    def started(self, pid):
        self.pid = pid
        self._started.set()

    def host_pid(self):
        return self.pid

    def started_within(self, seconds):
        """Waits for the fork server to start this worker; False at once if it is stopped."""
        deadline = time.monotonic() + seconds
        while not self._started.wait(0.05):
            if time.monotonic() > deadline or not self._fork_server.responsive():
                return False
        return self.pid is not None

    def kill(self):
        if self._started.wait(1.0) and self.pid:
            _kill_group(self.pid)
        close_socket(self._sock)


class _SpawnedWorker(WorkerProcess):
    """A worker on pipes, which a thread reads and another writes.

    Windows cannot wait on a pipe with a timeout, either way: a judge that
    wrote to a worker that reads nothing would wait for good once the pipe is full.
    """

    def __init__(self, process):
        super().__init__(process.stdin)
        self.process = process
        self._inbox = queue.Queue()   # (arrival time, message or exception)
        self._outbox = queue.Queue()  # messages to write; None: no more
        threading.Thread(target=self._read, args=(process.stdout,), daemon=True).start()
        threading.Thread(target=self._write, daemon=True).start()
        threading.Thread(target=lambda: self.exited(process.wait()), daemon=True).start()

    def send(self, payload):
        self._outbox.put(payload)

    def _write(self):
        while (payload := self._outbox.get()) is not None:
            super().send(payload)

    def _read(self, reader):
        try:
            while (payload := framing.read_frame(reader)) is not None:
                self._inbox.put((time.monotonic(), payload))
            self._inbox.put((time.monotonic(), EOFError("the channel closed")))
        except (framing.TooLarge, EOFError, OSError, ValueError) as error:
            self._inbox.put((time.monotonic(), error))

    def receive(self, timeout):
        return self._inbox.get(timeout=timeout)

    def host_pid(self):
        return self.process.pid

    def kill(self):
        _kill_group(self.process.pid)
        self._outbox.put(None)
        for stream in (self.process.stdin, self.process.stdout):
            try:
                stream.close()
            except OSError:
                pass
        self.process.wait()


class ForkServer:
    """A running fork server, and the workers it has started.

    ``wrapper``: words that run the fork server's interpreter in a sandbox
    (kata/batch/sandbox.py), whose subclass maps the pids the fork server
    reports from inside its PID namespace with :meth:`host_pid`.
    """

    def __init__(self, environment, wrapper=()):
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        code = PRELUDE + f"from kata.judge.zygote import main; main({theirs.fileno()})"
        process = subprocess.Popen(
            [*wrapper, sys.executable, "-c", code], pass_fds=[theirs.fileno()], env=environment,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True)
        theirs.close()
        self._serve(process, ours)

    def _serve(self, process, control):
        self.process = process
        self._control = control
        self._workers = {}        # request id -> worker, then pid -> worker
        self._lock = threading.Lock()
        self._request_ids = itertools.count(-1, -1)  # never a pid: both key self._workers
        self.alive = True
        threading.Thread(target=self._listen, daemon=True).start()

    def start(self, job):
        """Ask for a worker; returns at once, or None when the fork server is gone."""
        ours, theirs = socket.socketpair()
        worker = _ForkedWorker(ours, self)
        if not self._ask(job, theirs, worker):
            ours.close()
            return None
        return worker

    def enter(self, pid, limit=START_LIMIT):
        """A fork server of its own in the sandbox around process ``pid``, and "".

        This one forks it, and it joins the sandbox's namespaces
        (kata/batch/namespaces.py). Returns None and the reason if it cannot.
        """
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        process = _ServedProcess()
        if not self._ask({"op": "enter", "namespaces_of": pid}, theirs, process):
            ours.close()
            return None, "the fork server has gone"
        ours.settimeout(limit)
        try:
            answer = json.loads(ours.recv(65536) or b"{}")
        except (OSError, ValueError):
            answer = {}
        if answer.get("op") != "entered":
            close_socket(ours)
            return None, answer.get("why", "it ended before it could")
        ours.settimeout(None)
        inside = ForkServer.__new__(ForkServer)
        inside._serve(process, ours)
        return inside, ""

    def _ask(self, job, attached, started):
        """Send ``job`` with the socket ``attached``, which it closes; ``started`` hears
        about the process. False when the fork server is gone."""
        request = {**job, "id": next(self._request_ids)}
        with self._lock:
            self._workers[request["id"]] = started
        try:
            socket.send_fds(self._control, [json.dumps(request).encode()], [attached.fileno()])
        except OSError:
            self.alive = False
            return False
        finally:
            attached.close()
        return True

    def _listen(self):
        while True:
            try:
                data = self._control.recv(65536)
            except OSError:
                data = b""
            if not data:
                break
            message = json.loads(data)
            with self._lock:
                if message["op"] == "started":
                    worker = self._workers.pop(message["id"], None)
                    if worker:
                        self._workers[message["pid"]] = worker
                        worker.started(self.host_pid(message["pid"]))
                elif message["op"] == "exited":
                    worker = self._workers.pop(message["pid"], None)
                    if worker:
                        worker.exited(message["code"])
        self.alive = False
        with self._lock:  # workers it never started: request ids, below 0 (pids are not)
            for key, worker in self._workers.items():
                if key < 0:
                    worker.started(None)
                elif isinstance(worker, _ServedProcess):  # killed as this one died
                    worker.exited(-signal.SIGKILL)

    def host_pid(self, pid):
        """A worker's pid as the fork server reports it, as this process sees it (0: unknown)."""
        return pid

    def responsive(self):
        """Whether the fork server can still answer: running, and not stopped (SIGSTOP)."""
        if not self.alive or self.process.poll() is not None:
            return False
        try:
            with open(f"/proc/{self.process.pid}/stat", "rb") as stat:
                return stat.read().rsplit(b")", 1)[1].split()[0] not in (b"T", b"t")
        except (OSError, IndexError):
            return True  # no /proc here: only the time limit tells

    def close(self, wait=2.0):
        """End the fork server, which ends every worker it started.

        It is killed if it has not ended after ``wait`` seconds (a stopped
        fork server never would); ``wait=None`` returns at once, as it ends.
        """
        if not self.responsive():  # a stopped fork server would never end by itself
            wait = 0
        self.alive = False
        close_socket(self._control)
        if wait is None:
            return
        try:
            self.process.wait(wait)
        except subprocess.TimeoutExpired:
            if self.process.pid:  # None: a fork server inside a sandbox, not reported yet
                _kill_group(self.process.pid)
            try:
                self.process.wait(START_LIMIT)
            except subprocess.TimeoutExpired:
                pass  # its own fork server has gone, and killed it as it went


class _ServedProcess:
    """A fork server that another one forked, as ``subprocess.Popen`` shows a process."""

    def __init__(self):
        self.pid = None
        self.returncode = None
        self._ended = threading.Event()

    def started(self, pid):
        self.pid = pid

    def exited(self, code):
        self.returncode = code
        self._ended.set()

    def poll(self):
        return self.returncode

    def wait(self, timeout=None):
        if not self._ended.wait(timeout):
            raise subprocess.TimeoutExpired("fork server", timeout)
        return self.returncode


def spawn(job, environment):
    """Start a worker in a fresh interpreter."""
    code = PRELUDE + "from kata.judge.worker import main; main()"
    process = subprocess.Popen(
        [sys.executable, "-c", code, json.dumps(job)], env=environment, bufsize=0,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        start_new_session=hasattr(os, "setsid"))
    return _SpawnedWorker(process)


def waited_for_a_core(pid):
    """Seconds the main thread of process ``pid`` has spent runnable but not running (Linux's
    schedstat); None where that cannot be read."""
    if not pid:
        return None
    try:
        with open(f"/proc/{pid}/schedstat") as schedstat:
            return int(schedstat.read().split()[1]) / 1e9
    except (OSError, ValueError, IndexError):
        return None


def worker_environment():
    """The environment workers and the fork server start with."""
    return {**os.environ, **SINGLE_THREADED, "PYTHONDONTWRITEBYTECODE": "1"}


def close_socket(sock):
    """Close a socket that a thread may be reading: shut it down first, or the peer never
    sees the end (Linux keeps it open while a recv() on it is blocked)."""
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()


def _kill_group(pid):
    """Kill a worker and every process in its group, whatever state it is in."""
    for kill in (getattr(os, "killpg", None), os.kill):
        if kill is None:
            continue
        try:
            kill(pid, signal.SIGKILL if hasattr(signal, "SIGKILL") else signal.SIGTERM)
        except OSError:
            pass
