"""The fork server: one process that has imported NumPy and forks a worker per request.

Starting Python and importing NumPy takes a few hundred milliseconds; a fork
takes a few. The judge starts this process once and asks it for workers over
a control socket:

- judge to fork server: a JSON job, with the worker's end of its channel (a
  socket) attached as a file descriptor;
- fork server to judge: ``{"op": "started", "id", "pid"}`` for each worker,
  and ``{"op": "exited", "pid", "code"}`` when one ends (the judge is not the
  workers' parent, so it learns their exit codes from here).

A job ``{"op": "enter", "namespaces_of": pid}`` asks instead for a fork
server inside a sandbox (kata/batch/sandbox.py): the child joins the
namespaces of process ``pid`` (kata/batch/namespaces.py), says
``{"op": "entered"}`` or ``{"op": "refused", "why"}`` on the control socket
attached to the job, and then serves on it as a fork server of its own.

When the judge's end of the control socket closes, the fork server kills every
worker's process group, removes their scratch folders, and exits: nothing
outlives the judge, not even a file (a judge that is killed cleans up nothing).
"""
import json
import os
import select
import signal
import socket
import sys

import numpy  # noqa: F401  (imported once here, so that every worker starts with it)

from . import scratch, worker
from ..batch import namespaces
from ..manifest import SOLUTIONS_DIR
from ..references import load_references

PR_SET_CHILD_SUBREAPER = 36


def main(control_fd):
    serve(socket.socket(fileno=control_fd), _preload_references())


def serve(control, references):
    """Fork a worker for each job on ``control`` until the judge closes it."""
    wake_read, wake_write = os.pipe()
    os.set_blocking(wake_write, False)
    signal.set_wakeup_fd(wake_write)
    signal.signal(signal.SIGCHLD, lambda *_: None)  # only to wake select
    _become_subreaper()
    groups = {}  # worker pid -> its scratch folder
    try:
        while True:
            readable, _, _ = select.select([control, wake_read], [], [])
            if wake_read in readable:
                os.read(wake_read, 512)
                _report_exits(control, groups)
            if control in readable and not _serve_one(control, references, groups):
                break
    finally:
        _kill_groups(groups)


def _preload_references():
    """The reference functions, loaded once for every worker; None if they cannot be."""
    try:
        return load_references(SOLUTIONS_DIR)
    except BaseException:  # the judge reports a broken solutions/ itself
        return None


def _serve_one(control, references, groups):
    """Fork a worker for one request; False once the judge has gone."""
    try:
        data, fds, _, _ = socket.recv_fds(control, 65536, 1)
    except OSError:
        return False
    if not data:
        return False
    job = json.loads(data)
    pid = os.fork()
    if pid == 0:
        control.close()
        if job.get("op") == "enter":
            _serve_inside(fds[0], job["namespaces_of"], references)
        _run_worker(fds[0], job, references)
    for fd in fds:
        os.close(fd)
    groups[pid] = job.get("scratch")  # a fork server inside a sandbox has none
    _send(control, {"op": "started", "id": job["id"], "pid": pid})
    return True


def _run_worker(fd, job, references):
    """In the forked child: become a process group of its own, then serve."""
    code = 0
    try:
        os.setsid()  # its own process group, which the judge kills as a whole
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        channel = socket.socket(fileno=fd)
        reader = channel.makefile("rb")  # buffered: the worker alone reads it
        writer = channel.makefile("wb", buffering=0)
        worker.serve(reader, writer, job, references)
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _serve_inside(fd, pid, references):
    """In the forked child: join the sandbox around process ``pid``, then be its fork server."""
    code = 0
    try:
        os.setsid()
        signal.set_wakeup_fd(-1)  # the fork server's own pipe is about to be closed
        control = socket.socket(fileno=fd)
        try:
            namespaces.join(pid, keep=[fd])
        except OSError as error:
            _send(control, {"op": "refused", "why": error.strerror or str(error)})
            code = 3
        else:
            _send(control, {"op": "entered"})
            serve(control, references)
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _report_exits(control, groups):
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        if pid in groups:  # kept: processes the worker started may live on in its group
            _send(control, {"op": "exited", "pid": pid, "code": os.waitstatus_to_exitcode(status)})


def _send(control, message):
    try:
        control.send(json.dumps(message).encode())
    except OSError:
        pass


def _become_subreaper():
    """Adopt orphaned descendants (Linux), so none escapes being reaped."""
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def _kill_groups(groups):
    for pid, folder in groups.items():
        for kill in (os.killpg, os.kill):
            try:
                kill(pid, signal.SIGKILL)
            except OSError:
                pass
        if folder:
            scratch.remove(folder)


if __name__ == "__main__":
    main(int(sys.argv[1]))
