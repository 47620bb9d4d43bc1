"""The bubblewrap sandbox: each student's code runs where it can harm nothing.

One sandbox per graded folder. ``bwrap`` builds it around a process that
only waits (:class:`Holder`). The judge's fork server outside, which imported
NumPy once, forks a fork server into it (kata/batch/namespaces.py), and that
one forks the folder's workers: a student costs a few forks, not an
interpreter start. Inside the sandbox:

- the whole file system is read-only;
- ``/tmp`` is empty and private (writable, and gone afterwards); ``/run``,
  the home folder, the submissions, the output folder and the other students'
  copies are empty and read-only; the kata and Python are shown again,
  read-only, where they lie under those;
- the student's own folder is there, read-only, and each worker's scratch
  folder is the one place it can write;
- there is no network (a network namespace with nothing in it);
- a PID namespace of its own: when the sandbox ends, every process a student
  started ends with it, however it detached itself (``setsid``, double fork);
- ``--die-with-parent``: if the grader dies, so does the sandbox;
- no capability, and none to gain (no_new_privs); /proc is read-only;
- at most namespaces.TASK_LIMIT processes and threads (not where bwrap
  starts the fork server itself, below).

The fork server inside is itself in the judge's PID namespace, out of the
workers' sight and reach, so it reports their pids as the judge sees them.

Where a process cannot join the sandbox (a setuid bwrap, say), bwrap starts
the fork server inside instead, which costs an interpreter start with NumPy
per student. That fork server reports pids as seen inside the sandbox;
:class:`SandboxForkServer` maps them to this process's view, so that a
timed-out worker is killed, and only it.
"""
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from ..judge import scratch
from ..judge.launcher import START_LIMIT, ForkServer
from ..judge.session import Judge
from ..manifest import ROOT

INSTALL_ADVICE = ("install bubblewrap (Debian and Ubuntu: sudo apt-get install bubblewrap), "
                  "or grade inside a container")
PRIVATE = ("/tmp", "/var/tmp")       # empty, and writable: the student's own, gone afterwards
HIDDEN = ("/run", "~")                # empty, and read-only: sockets, the teacher's files
END_LIMIT = 2.0   # seconds a sandbox may take to end politely, and then to vanish once killed
# what a sandbox holds for a fork server to join: says it is ready, then waits for its input to end
HOLDER = ("sh", "-c", "echo ready && exec cat >/dev/null")


def unavailable():
    """Why no sandbox can be made here (one line), or "" when bubblewrap works."""
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        return "bubblewrap (bwrap) is not installed"
    try:
        result = subprocess.run([bwrap, *_isolation(), "--ro-bind", "/", "/", "--", "true"],
                                capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError) as error:
        return f"bubblewrap cannot run here ({error})"
    if result.returncode:
        reason = (result.stderr.strip().splitlines() or [f"exit status {result.returncode}"])[-1]
        return f"bubblewrap cannot make a sandbox here ({reason})"
    return ""


def _isolation():
    # --cap-drop ALL: run as root, bwrap would leave its command every capability in the
    # sandbox's user namespace, enough to remount the file system writable
    return ["--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL"]


@dataclass(frozen=True)
class Policy:
    """What a sandboxed student must not see, beyond /tmp, /run and the home folder."""

    hidden: tuple = ()    # the submissions, the output folder, the other students' copies


def bwrap_command(policy, folder, scratch):
    """The bwrap words that run a command with ``folder`` read-only and ``scratch`` writable."""
    private = [path for path in PRIVATE if os.path.isdir(path)]
    hidden = [path for path in map(os.path.expanduser, HIDDEN) if os.path.isdir(path) and path != "/"]
    words = [shutil.which("bwrap"), *_isolation(), "--ro-bind", "/", "/"]
    for path in private + hidden:
        words += ["--tmpfs", path]
    for path in _shown_again(private + hidden):
        words += ["--ro-bind", path, path]
    for path in policy.hidden:
        if os.path.isdir(path):
            hidden.append(os.path.realpath(path))
            words += ["--tmpfs", hidden[-1]]
    words += ["--ro-bind", folder, folder, "--bind", scratch, scratch]
    for path in hidden:  # last: the folders above bound in them were made while writable
        words += ["--remount-ro", path]
    # /proc read-only: a sandbox run as root is the host's root to the kernel, and
    # could write /proc/sys (kernel.core_pattern runs a program as root, outside)
    return words + ["--dev", "/dev", "--proc", "/proc", "--remount-ro", "/proc", "--chdir", "/",
                    "--"]


def _shown_again(emptied):
    """The folders the fork server reads (the kata, Python, what is on sys.path) that lie in
    an ``emptied`` folder: each to be shown again, read-only (the outermost of nested ones)."""
    places = {str(ROOT), sys.prefix, sys.base_prefix, sys.exec_prefix,
              os.path.dirname(os.path.realpath(sys.executable)),
              *(entry for entry in sys.path if entry and os.path.isabs(entry))}
    places = {os.path.realpath(place) for place in places if os.path.exists(place)}
    places = {place for place in places  # never /tmp itself, nor a folder above it, again
              if any(_is_within(place, folder) for folder in emptied)
              and not any(_is_within(folder, place) for folder in emptied)}
    return sorted(place for place in places
                  if not any(other != place and _is_within(place, other) for other in places))


def _is_within(path, folder):
    return os.path.commonpath([os.path.realpath(path), os.path.realpath(folder)]) == \
        os.path.realpath(folder)


class SandboxForkServer(ForkServer):
    """The fork server, run by bwrap; it knows its workers' pids as this process sees them."""

    def host_pid(self, pid):
        for candidate in _descendants(self.process.pid):
            if _namespace_pid(candidate) == pid:
                return candidate
        return 0  # gone already, or never there: nothing to kill


class Holder:
    """bwrap around a process that only waits: a sandbox for a fork server to join.

    The process inside reads the holder's standard input until it closes;
    then it ends, and with it the sandbox's PID namespace and every process in it.
    """

    def __init__(self, command, environment):
        self.process = subprocess.Popen(
            [*command, *HOLDER], env=environment, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, start_new_session=True)
        self._init = None

    def inside(self, limit=START_LIMIT):
        """The pid of the sandbox's first process, once bwrap has built the sandbox; None if
        it has not. That process is the init of the sandbox's PID namespace."""
        ready, _, _ = select.select([self.process.stdout], [], [], limit)
        if not ready or self.process.stdout.readline() != b"ready\n":
            return None
        children = _children(self.process.pid)
        self._init = children[0] if children else None
        return self._init

    def end(self):
        """End the sandbox and wait until every process that was inside has gone."""
        for stream in (self.process.stdin, self.process.stdout):
            stream.close()
        inside = [self._init] if self._init else []
        try:
            self.process.wait(END_LIMIT)
        except subprocess.TimeoutExpired:
            inside = _descendants(self.process.pid)
            self.process.kill()  # the process inside dies with it (--die-with-parent)
            self.process.wait()
        # bwrap may end before the init it started: only once that init is dead is every
        # other process of its PID namespace gone (the kernel reaps them all first)
        _wait_until_gone(inside)


class Sandbox:
    """One folder's sandbox, and the fork server that starts its workers in it.

    ``join(pid)`` is the judge's way of forking a fork server into the
    sandbox around process ``pid``; it returns the fork server and "", or None
    and the reason it cannot. A sandbox without one, or where it fails, has
    bwrap start a fork server of its own, which imports NumPy.
    """

    def __init__(self, policy, folder, environment, join=None):
        self.folder = os.path.realpath(folder)
        self.scratch = os.path.realpath(tempfile.mkdtemp(prefix="kata-sandbox-"))
        self._command = bwrap_command(policy, self.folder, self.scratch)
        self._environment = environment
        self._join = join
        self._holder = None
        self.fork_server = None
        if join is not None:  # bwrap builds the sandbox now, while the judge does other work
            self._holder = Holder(self._command, environment)
        else:
            self.fork_server = SandboxForkServer(environment, self._command)

    def start(self, job, fresh=False):
        """A worker for ``job``; ``fresh``: in a new sandbox, the last one being stopped or gone."""
        if fresh or self.fork_server is None or not self.fork_server.alive:
            self._end()
            self.fork_server = self._new_fork_server()
        return self.fork_server.start(job)

    def _new_fork_server(self):
        if self._join is not None:
            holder, self._holder = self._holder or Holder(self._command, self._environment), None
            inside = holder.inside()
            server, _ = self._join(inside) if inside else (None, "bwrap failed")
            if server is not None:
                self._holder = holder
                return server
            holder.end()
        return SandboxForkServer(self._environment, self._command)

    def close(self):
        """End the sandbox and everything in it; its scratch folder is removed."""
        self._end()
        scratch.remove(self.scratch)

    def _end(self):
        fork_server, holder, self.fork_server, self._holder = (self.fork_server, self._holder,
                                                                None, None)
        if holder is not None:
            if fork_server is not None:
                fork_server.close(wait=None)  # it ends its workers and itself, outside
            holder.end()                      # every process inside ends with the sandbox
            if fork_server is not None:
                fork_server.close(wait=END_LIMIT)
        elif fork_server is not None:  # bwrap runs it: it and what it started are inside
            inside = _descendants(fork_server.process.pid)
            fork_server.close(wait=END_LIMIT)
            _wait_until_gone(inside)


class SandboxedJudge(Judge):
    """A judge whose workers run in a bubblewrap sandbox, one sandbox per graded folder.

    A fork server outside every sandbox, which has imported NumPy, forks a fork
    server into each sandbox (kata/batch/namespaces.py): a student costs a
    fork, not an interpreter. ``join=False``, or a system where joining is
    refused, has bwrap start the fork server in each sandbox instead.

    ``prepare(folder)`` builds a folder's sandbox early, while the judge
    grades another folder.
    """

    def __init__(self, timeout=None, policy=Policy(), join=True):
        super().__init__(timeout, start="spawn")  # no fork server of its own: it would run outside
        self.policy = policy
        self.refused = "" if join else "not asked to"  # why fork servers do not join sandboxes
        self._outside = ForkServer(self._environment) if join else None
        self._sandbox = None
        self._prepared = {}

    def prepare(self, folder):
        folder = Path(folder)
        if folder not in self._prepared:
            self._prepared[folder] = self._new_sandbox(folder)

    def _new_sandbox(self, folder):
        return Sandbox(self.policy, folder, self._environment,
                       self._join if self._outside is not None else None)

    def _join(self, pid):
        """A fork server forked from the one outside into the sandbox around ``pid``, and ""."""
        if self._outside is None:
            return None, self.refused
        if not self._outside.alive:
            self._outside.close()
            self._outside = ForkServer(self._environment)
        fork_server, why = self._outside.enter(pid)
        if fork_server is None and self._outside.alive:  # refused: it would be every time
            self.refused = why
            self._outside.close()
            self._outside = None
        return fork_server, why

    def grade(self, folder, names=None, display_folder=None, timeout=None):
        folder = Path(folder)
        self._sandbox = self._prepared.pop(folder, None) or self._new_sandbox(folder)
        # the workers' scratch folders go where the sandbox lets them write
        outer, tempfile.tempdir = tempfile.tempdir, self._sandbox.scratch
        try:
            return super().grade(folder, names, display_folder, timeout)
        finally:
            tempfile.tempdir = outer
            self._sandbox.close()
            self._sandbox = None

    def launch(self, job, fresh=False):
        if self._sandbox is None:
            raise RuntimeError("a sandboxed judge starts workers only while it grades")
        worker = self._sandbox.start(job, fresh)
        if worker is None:
            raise OSError("the sandbox ended before it could start a worker")
        return worker

    def close(self, wait=True):
        for sandbox in self._prepared.values():
            sandbox.close()
        self._prepared.clear()
        if self._outside is not None:
            self._outside.close(wait=2.0 if wait else None)
            self._outside = None
        super().close(wait)


# -- processes, as /proc shows them (Linux: bubblewrap runs nowhere else) -----------

def _descendants(pid):
    found, todo = [], [pid]
    while todo:
        children = _children(todo.pop())
        found += children
        todo += children
    return found


def _children(pid):
    children = []
    try:
        threads = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return []
    for thread in threads:
        try:
            with open(f"/proc/{pid}/task/{thread}/children") as file:
                children += [int(word) for word in file.read().split()]
        except OSError:
            pass
    return children


def _namespace_pid(pid):
    """A process's pid in the innermost PID namespace it is in."""
    try:
        with open(f"/proc/{pid}/status") as file:
            for line in file:
                if line.startswith("NSpid:"):
                    return int(line.split()[-1])
    except (OSError, ValueError):
        pass
    return None


def _wait_until_gone(pids):
    deadline = time.monotonic() + END_LIMIT  # once killed, processes take a moment to go
    while any(os.path.exists(f"/proc/{pid}") and not _is_zombie(pid) for pid in pids):
        if time.monotonic() > deadline:
            break
        time.sleep(0.005)


def _is_zombie(pid):
    try:
        with open(f"/proc/{pid}/stat", "rb") as file:
            return file.read().rsplit(b")", 1)[1].split()[0] == b"Z"
    except (OSError, IndexError):
        return True
