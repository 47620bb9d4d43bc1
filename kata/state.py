"""The learner's state between runs: small files in ``.kata/`` at the kata's root (git-ignored).

``hints.json`` remembers the hint levels shown, ``interview.json`` the
interview session, and ``backups/`` keeps every file that ``reset`` replaced.
The environment variable ``KATA_STATE_DIR`` puts the folder elsewhere (the
project's tests do, so they never touch a learner's state).

Files are written whole, through a temporary file and ``os.replace``, so a
crash never leaves half a file. A file that is damaged anyway, or edited by
hand into something the kata cannot use, raises :class:`StateError`: one line
naming the file and the command that starts over. Nothing here ever writes to
the exercise files but :func:`write_atomically`, and only when ``reset`` asks.
"""
import json
import os
import stat
import time
from itertools import count
from pathlib import Path

from .manifest import ROOT

VARIABLE = "KATA_STATE_DIR"


class StateError(Exception):
    """A state file the kata cannot use, or cannot write: one line on stderr, exit status 2."""


def folder():
    """Where the state lives: ``$KATA_STATE_DIR``, or ``.kata/`` beside grader.py."""
    return Path(os.environ.get(VARIABLE) or ROOT / ".kata")


def read(name, start_over):
    """The JSON data in state file ``name``, or None when there is no such file.

    ``start_over`` is the command that discards the file, for the message of
    the StateError raised when the file is not JSON.
    """
    path = folder() / name
    try:
        # O_NONBLOCK: a FIFO in its place must not hang the command
        with os.fdopen(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as file:
            if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
                raise damaged(name, start_over, "it is not a regular file")
            return json.loads(file.read().decode("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise damaged(name, start_over, _reason(error)) from None


def damaged(name, start_over, reason):
    """The StateError for state file ``name``: what is wrong and how to start over."""
    from .cli import shown_path
    return StateError(f"{shown_path(folder() / name)} is damaged ({reason}); your exercise "
                      f"files are untouched. To start over, run: {start_over}")


def write(name, data):
    """Write ``data`` as JSON to state file ``name``, whole or not at all."""
    write_atomically(folder() / name, json.dumps(data, indent=1) + "\n")


def remove(name):
    """Delete state file ``name``, if it is there; True if it was."""
    try:
        (folder() / name).unlink()
        return True
    except FileNotFoundError:
        return False
    except OSError as error:
        raise StateError(f"cannot remove {_shown(folder() / name)}: {_reason(error)}") from None


def write_atomically(path, text):
    """Replace the file ``path`` with ``text``: a reader sees the old file or the new, never half.

    The temporary file is created like any new file (the umask applies), so
    the result has the permissions an editor would give it.
    """
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(temporary, "w", encoding="utf-8", newline="") as file:
            file.write(text)
        os.replace(temporary, path)
    except OSError as error:
        try:
            temporary.unlink()
        except OSError:
            pass
        raise StateError(f"cannot write {_shown(path)}: {_reason(error)}") from None


def backup(path, name):
    """Copy the file ``path`` to ``backups/NAME-<timestamp>.py``; returns the copy's path.

    A copy never replaces another: a second backup within the same second
    gets ``-2``, then ``-3``, and so on (files are created exclusively).
    """
    backups = folder() / "backups"
    try:
        content = Path(path).read_bytes()
        backups.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        for number in count(1):
            copy = backups / (f"{name}-{stamp}.py" if number == 1 else f"{name}-{stamp}-{number}.py")
            try:
                with open(copy, "xb") as file:
                    file.write(content)
                return copy
            except FileExistsError:
                continue
    except OSError as error:
        raise StateError(f"cannot back up {_shown(path)} in {_shown(backups)}: "
                         f"{_reason(error)}; nothing was changed") from None


def _reason(error):
    if isinstance(error, json.JSONDecodeError):
        return f"not JSON: {error.msg} at line {error.lineno}, column {error.colno}"
    if isinstance(error, UnicodeDecodeError):
        return "not text"
    return error.strerror or str(error)


def _shown(path):
    from .cli import shown_path
    return shown_path(path)
