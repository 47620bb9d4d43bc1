"""Joining a running sandbox's namespaces, from a process forked outside it (Linux).

kata/batch/sandbox.py has bwrap build each student's sandbox around a process
that only waits. Starting Python and importing NumPy in there for every student
would cost more than the rest of their grading, so the fork server outside
forks a process that joins the sandbox's namespaces instead, and serves as the
student's fork server: the workers it forks are born inside, as if bwrap had
started them. This is how ``flatpak enter`` joins a running Flatpak sandbox.

The process must be single-threaded (a forked child is). It joins the user
namespace that owns the sandbox's other namespaces, then those, then the user
namespace the sandbox's processes run in (bwrap nests a second one when it runs
unprivileged). Then it drops every capability for good, as bwrap does for the
processes it starts: a capability left in the sandbox's user namespace would let
learner code remount the read-only file system as writable.
"""
import ctypes
import errno
import fcntl
import os
import re
import resource

# the namespaces bwrap --unshare-all makes, with their clone flags, joined in this order;
# mnt last, since it changes this process's root
KINDS = {"ipc": 0x08000000, "uts": 0x04000000, "net": 0x40000000, "pid": 0x20000000,
         "cgroup": 0x02000000, "mnt": 0x00020000}
REQUIRED = ("ipc", "net", "pid", "mnt")  # a sandbox that shares one of these with us is no sandbox
CLONE_NEWUSER = 0x10000000
NS_GET_USERNS = 0xB701                    # ioctl: the user namespace that owns a namespace
PR_SET_PDEATHSIG, PR_CAPBSET_DROP, PR_SET_NO_NEW_PRIVS, PR_CAP_AMBIENT = 1, 24, 38, 47
PR_CAP_AMBIENT_CLEAR_ALL = 4
LINUX_CAPABILITY_VERSION_3 = 0x20080522
SIGKILL = 9
TASK_LIMIT = 64   # processes and threads at once in a sandbox, its own included


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                ("inheritable", ctypes.c_uint32)]


def join(pid, keep=()):
    """Make this process a member of process ``pid``'s namespaces, with no capabilities left.

    Every file descriptor above 2 but those in ``keep`` is closed first, so
    that none can reach outside the sandbox. ``pid`` is a process inside the
    sandbox, as this process sees it. Raises OSError, with a one-line reason,
    if any step fails: the caller must then not run anything.
    """
    libc = _libc()
    kinds = _to_join(pid)
    owner = fcntl.ioctl(kinds["mnt"], NS_GET_USERNS)
    inner = os.open(f"/proc/{pid}/ns/user", os.O_RDONLY)
    _close_all_but({*keep, *kinds.values(), owner, inner})
    steps = [(owner, CLONE_NEWUSER)] if not _same(owner, "/proc/self/ns/user") else []
    steps += [(fd, KINDS[kind]) for kind, fd in kinds.items()]
    if not _same(inner, owner):
        steps.append((inner, CLONE_NEWUSER))
    for fd, kind in steps:
        _call(libc.setns, fd, kind, what="join a namespace of the sandbox")
    for fd in {*kinds.values(), owner, inner}:
        os.close(fd)
    os.chdir("/")
    _drop_capabilities(libc)
    _limit_tasks()
    _call(libc.prctl, PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0, what="set the parent-death signal")


def _limit_tasks():
    """At most TASK_LIMIT processes and threads at once in the sandbox: a fork bomb stops there.

    RLIMIT_NPROC counts, since Linux 5.14, a user's tasks in one user namespace
    (the sandbox's) alone; before, it counted all the user's processes on the
    machine, which no fixed number suits, so there it is left alone. Linux
    never holds root to it.
    """
    release = tuple(int(part) for part in re.findall(r"\d+", os.uname().release)[:2])
    if release < (5, 14):
        return
    _, hard = resource.getrlimit(resource.RLIMIT_NPROC)
    limit = TASK_LIMIT if hard == resource.RLIM_INFINITY else min(TASK_LIMIT, hard)
    resource.setrlimit(resource.RLIMIT_NPROC, (limit, limit))


def _to_join(pid):
    """{kind: an open file descriptor} of the namespaces of ``pid`` that are not ours."""
    kinds = {}
    for kind in KINDS:
        path = f"/proc/{pid}/ns/{kind}"
        if os.path.exists(path) and not _same(path, f"/proc/self/ns/{kind}"):
            kinds[kind] = os.open(path, os.O_RDONLY)
        elif kind in REQUIRED:
            raise OSError(errno.EPERM, f"the sandbox has no {kind} namespace of its own")
    return kinds


def _same(one, other):
    """Whether two namespaces, each a path or an open file descriptor, are the same one."""
    first, second = os.stat(one), os.stat(other)
    return (first.st_dev, first.st_ino) == (second.st_dev, second.st_ino)


def _close_all_but(keep):
    low = 3
    for fd in sorted(fd for fd in keep if fd >= 3):
        os.closerange(low, fd)
        low = fd + 1
    os.closerange(low, os.sysconf("SC_OPEN_MAX"))


def _drop_capabilities(libc):
    """No capability now, none ever again: not through exec, setuid files nor file capabilities."""
    _call(libc.prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0, what="set no_new_privs")
    cap = 0
    while libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) == 0:  # EINVAL past the last capability
        cap += 1
    if ctypes.get_errno() != errno.EINVAL:
        raise OSError(ctypes.get_errno(), f"cannot drop capability {cap} from the bounding set")
    _call(libc.prctl, PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0,
          what="clear the ambient capabilities")
    header, data = _CapHeader(LINUX_CAPABILITY_VERSION_3, 0), (_CapData * 2)()
    _call(libc.capset, ctypes.byref(header), data, what="drop every capability")
    _call(libc.capget, ctypes.byref(header), data, what="read the capabilities back")
    if any(getattr(item, field) for item in data for field in ("effective", "permitted",
                                                               "inheritable")):
        raise OSError(errno.EPERM, "a capability is left after dropping them all")


def _libc():
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        for name in ("setns", "prctl", "capset", "capget"):
            getattr(libc, name)
    except (OSError, AttributeError) as error:
        raise OSError(errno.ENOSYS, f"the C library cannot join namespaces here ({error})") \
            from None
    return libc


def _call(function, *args, what):
    if function(*args) != 0:
        code = ctypes.get_errno()
        raise OSError(code, f"cannot {what}: {os.strerror(code)}")
