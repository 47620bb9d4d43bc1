"""The bubblewrap sandbox: each student's code runs where it can harm nothing.

One sandbox per graded folder: ``bwrap`` starts the kata's fork server
(kata/judge/zygote.py), which imports NumPy once and forks that folder's
workers, so a student costs one interpreter start, not six. Inside it:

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
- ``--die-with-parent``: if the grader dies, so does the sandbox.

The fork server reports its workers' pids as seen inside the sandbox;
:class:`SandboxForkServer` maps them to this process's view, so that a
timed-out worker is killed, and only it.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from ..judge.launcher import ForkServer
from ..judge.session import Judge
from ..manifest import ROOT

INSTALL_ADVICE = ("install bubblewrap (Debian and Ubuntu: sudo apt-get install bubblewrap), "
                  "or grade inside a container")
PRIVATE = ("/tmp", "/var/tmp")       # empty, and writable: the student's own, gone afterwards
HIDDEN = ("/run", "~")                # empty, and read-only: sockets, the teacher's files
END_LIMIT = 2.0   # seconds a sandbox may take to end politely, and then to vanish once killed


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
    return ["--unshare-all", "--die-with-parent", "--new-session"]


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
    return words + ["--dev", "/dev", "--proc", "/proc", "--chdir", "/", "--"]


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


class Sandbox:
    """One folder's sandbox: its scratch folder and the fork server inside."""

    def __init__(self, policy, folder, environment):
        self.folder = os.path.realpath(folder)
        self.scratch = os.path.realpath(tempfile.mkdtemp(prefix="kata-sandbox-"))
        self._command = bwrap_command(policy, self.folder, self.scratch)
        self._environment = environment
        self.fork_server = SandboxForkServer(environment, self._command)

    def start(self, job, fresh=False):
        """A worker for ``job``; ``fresh``: in a new sandbox, the last one being stopped or gone."""
        if fresh or not self.fork_server.alive:
            self._end(self.fork_server)
            self.fork_server = SandboxForkServer(self._environment, self._command)
        return self.fork_server.start(job)

    def close(self):
        """End the sandbox and everything in it; its scratch folder is removed."""
        self._end(self.fork_server)
        shutil.rmtree(self.scratch, ignore_errors=True)

    @staticmethod
    def _end(fork_server):
        inside = _descendants(fork_server.process.pid)
        fork_server.close(wait=END_LIMIT)
        deadline = time.monotonic() + END_LIMIT  # once killed, its processes take a moment
        while any(os.path.exists(f"/proc/{pid}") and not _is_zombie(pid) for pid in inside):
            if time.monotonic() > deadline:
                break
            time.sleep(0.005)


class SandboxedJudge(Judge):
    """A judge whose workers run in a bubblewrap sandbox, one sandbox per graded folder.

    ``prepare(folder)`` starts a folder's sandbox early, so that its fork server
    imports NumPy while the judge grades another folder.
    """

    def __init__(self, timeout=None, policy=Policy()):
        super().__init__(timeout, start="spawn")  # no fork server of its own: it would run outside
        self.policy = policy
        self._sandbox = None
        self._prepared = {}

    def prepare(self, folder):
        folder = Path(folder)
        if folder not in self._prepared:
            self._prepared[folder] = Sandbox(self.policy, folder, self._environment)

    def grade(self, folder, names=None, display_folder=None, timeout=None):
        folder = Path(folder)
        self._sandbox = self._prepared.pop(folder, None) or Sandbox(self.policy, folder,
                                                                    self._environment)
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


def _is_zombie(pid):
    try:
        with open(f"/proc/{pid}/stat", "rb") as file:
            return file.read().rsplit(b")", 1)[1].split()[0] == b"Z"
    except (OSError, IndexError):
        return True
