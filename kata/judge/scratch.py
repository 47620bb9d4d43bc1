"""Scratch folders: the one place a worker's learner code may write, so nothing in them is trusted.

Learner code can leave anything in its scratch folder: a tree of folders deeper
than Python's recursion limit, folders it has taken every permission from, a
FIFO or a symbolic link where the judge expects a file. The judge only ever
removes scratch folders and reads one file from them, through this module.
"""
import os
import shutil
import stat
import subprocess

PREFIX = "kata-worker-"   # a worker's scratch folder's name starts so: the only one it may remove
CRASH_LOG = "crash.log"   # where a worker's interpreter writes as it crashes


def remove(folder):
    """Remove ``folder`` and everything in it, whatever learner code has left there.

    Never raises. A symbolic link in the folder's place is removed, not followed.
    """
    try:
        shutil.rmtree(folder, ignore_errors=True)
    except RecursionError:  # before Python 3.12 it recurses once per level of folders
        pass
    if os.path.isdir(folder) and not os.path.islink(folder):
        # too deep for shutil, or folders without permissions: the system's tools cope
        # with both (neither follows a symbolic link inside the tree)
        for command in (["chmod", "-R", "u+rwx", "--", folder], ["rm", "-rf", "--", folder]):
            try:
                subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, timeout=60)
            except (OSError, subprocess.SubprocessError):
                pass
    elif os.path.islink(folder):
        try:
            os.unlink(folder)
        except OSError:
            pass


def read_tail(path, limit=4000):
    """The last ``limit`` characters of the regular file at ``path``, stripped; "" otherwise.

    A FIFO would block the reader, a device or a symbolic link could be read
    without end or read what the learner cannot: none of them is opened as a file.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError:
        return ""
    with os.fdopen(descriptor, "rb") as file:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            return ""
        file.seek(max(info.st_size - 4 * limit, 0))  # UTF-8: at most 4 bytes a character
        text = file.read(4 * limit).decode("utf-8", errors="replace")
    return text[-limit:].strip()
