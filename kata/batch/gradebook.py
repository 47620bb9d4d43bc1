"""The gradebook of a room: one row per student, and the files it is written to.

Files in the output folder:

- ``gradebook.csv``: a row per student: a column per exercise (its status),
  passed, total and percent (of the core six, as a report's summary counts),
  bonus passed (when the bonus track was graded), flags, seconds, and error (why
  an entry could not be graded, or which exercise files it lacks);
- ``gradebook.json``: every row, each student's report in the JSON model of
  ``--json`` (kata/report/render_json.py); ``merge`` reads only this file;
- ``report.html``: the room at a glance (kata/batch/html.py);
- ``students/NAME.txt``: the text report each student would have seen.

The folder is replaced whole: everything is written into a new folder beside
it, which then takes its place in one rename (an exchange, on Linux). Ctrl-C
or a crash before that leaves the previous gradebook as it was.
"""
import contextlib
import csv
import ctypes
import io
import json
import os
import re
import shutil
import signal
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from ..manifest import BY_NAME, EXERCISES
from ..report.model import Status
from ..report.render_json import from_dict
from ..report.render_text import Style, render
from .flags import Flag

KIND = "kata-gradebook"
VERSION = 1
NAME_LIMIT = 100   # characters of a student's name kept in students/NAME.txt: file names end at 255 bytes
# names Windows keeps for devices, with or without an extension
WINDOWS_DEVICES = {"CON", "PRN", "AUX", "NUL", *(f"{port}{n}" for port in ("COM", "LPT")
                                                   for n in range(1, 10))}
STUDENT_COMMAND = "python3 grader.py"   # what a student types to grade their work again
RENAME_EXCHANGE = 2


class GradebookError(Exception):
    """An output folder that cannot be written, or a gradebook that cannot be read. One line."""


@dataclass
class Row:
    """One student: the report on their files, or why there is none."""

    student: str
    report: dict = None      # the JSON model of the report (render_json.as_dict); None: error row
    problem: str = ""        # why the entry could not be graded, or which files it lacks
    flags: list = field(default_factory=list)   # Flag
    seconds: float = 0.0     # the time its grading took, sandbox included
    notes: list = field(default_factory=list)   # about the grading itself
    fingerprint: str = ""    # of its exercise files, for identical-to (kata/batch/flags.py)

    @property
    def graded(self):
        return self.report is not None

    def status(self, name):
        if not self.graded:
            return Status.ERROR.value
        return next((e["status"] for e in self.report["exercises"] if e["name"] == name), "")

    @property
    def passed(self):
        """How many exercises of the core passed (of the bonus, when only it was graded)."""
        return self.report["summary"]["passed"] if self.graded else 0

    @property
    def bonus_passed(self):
        return self.report.get("bonus", {}).get("passed", 0) if self.graded else 0

    def percent(self, total):
        return round(100 * self.passed / total) if total else 0


@dataclass
class Gradebook:
    """A room's rows, sorted by student, and what was graded."""

    names: list              # the exercises graded, in the manifest's order
    rows: list
    shard: str = ""          # "2/4" when this is one shard of a room
    sandbox: str = ""        # how student code ran, in a few words

    def __post_init__(self):
        self.rows = sorted(self.rows, key=lambda row: (row.student.casefold(), row.student))

    @property
    def counted(self):
        """The exercises that passed, total and percent count: the core's, as a report's
        summary does; the bonus's when only it was graded."""
        core = [name for name in self.names if BY_NAME[name].track == "core"]
        return core or list(self.names)

    @property
    def total(self):
        return len(self.counted)

    @property
    def bonus(self):
        """The bonus exercises graded beside the core: a column of their own."""
        return [name for name in self.names if name not in self.counted]


# -- writing ------------------------------------------------------------------

def publish(gradebook, out):
    """Write every file of ``gradebook`` into the folder ``out``, replacing it in one step."""
    out = Path(out)
    check_replaceable(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    new = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        os.chmod(new, 0o777 & ~_umask())
        write_files(gradebook, new)
        with _signals_held():
            _swap(new, out)
    finally:
        shutil.rmtree(new, ignore_errors=True)  # the new folder, or after a swap the old one


GRADEBOOK_FILES = {"gradebook.csv", "gradebook.json", "report.html", "students"}


def check_replaceable(out):
    """Refuse an output folder that holds anything but an earlier gradebook: it is replaced whole."""
    if out.exists() and not out.is_dir():
        raise GradebookError(f"--out {out} is a file, not a folder")
    if out.is_dir() and any(out.iterdir()) and not _is_gradebook(out / "gradebook.json"):
        raise GradebookError(f"--out {out} holds files that are not a gradebook; name a new "
                             f"or empty folder, or one an earlier batch wrote")
    extra = _not_of_a_gradebook(out) if out.is_dir() else None
    if extra is not None:
        raise GradebookError(f"--out {out} holds {extra}, which a batch did not write and "
                             f"would delete; move it, or name another folder")


def _not_of_a_gradebook(out):
    """The first file in ``out`` that a batch does not write, or None."""
    for path in sorted(out.iterdir()):
        if path.name not in GRADEBOOK_FILES:
            return path
    students = out / "students"
    if students.is_dir():
        for path in sorted(students.iterdir()):
            if path.suffix != ".txt" or not path.is_file():
                return path
    return None


def _is_gradebook(path):
    try:
        return json.loads(path.read_text("utf-8")).get("kind") == KIND
    except (OSError, ValueError, AttributeError):
        return False


def write_files(gradebook, folder):
    from .html import render_html  # only here: merge and batch both end here
    # a lone surrogate a student's code printed is written as its escape, not refused
    (folder / "gradebook.csv").write_text(csv_text(gradebook), encoding="utf-8", newline="",
                                          errors="backslashreplace")
    (folder / "gradebook.json").write_text(json.dumps(as_data(gradebook), indent=1),
                                           encoding="utf-8")
    (folder / "report.html").write_text(render_html(gradebook), encoding="utf-8",
                                        errors="backslashreplace")
    students = folder / "students"
    students.mkdir()
    for row, file_name in zip(gradebook.rows, report_file_names(gradebook.rows)):
        (students / file_name).write_text(student_text(row) + "\n", encoding="utf-8",
                                          errors="backslashreplace")


def csv_text(gradebook):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    bonus = ["bonus passed"] if gradebook.bonus else []
    writer.writerow(["student", *gradebook.names, "passed", "total", "percent", *bonus,
                     "flags", "seconds", "error"])
    total = gradebook.total
    for row in gradebook.rows:
        writer.writerow([_cell(row.student), *(row.status(name) for name in gradebook.names),
                         row.passed, total, row.percent(total),
                         *([row.bonus_passed] if bonus else []),
                         _cell(" ".join(flag.name for flag in row.flags)),
                         f"{row.seconds:.2f}", _cell(row.problem)])
    return buffer.getvalue()


def _cell(text):
    """A cell a spreadsheet shows as text: a leading =, +, - or @ would make it a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def student_text(row):
    """What the student would have seen: their text report, or why nothing was graded."""
    if not row.graded:
        return (f"K-means kata: your submission could not be graded: {row.problem}.\n\n"
                f"Next: fix it and hand it in again. Before you do, run: {STUDENT_COMMAND}")
    report = from_dict(row.report)
    report.notes = list(row.notes)
    return render(report, Style(STUDENT_COMMAND, core_total=sum(e.track == "core" for e in EXERCISES)))


def report_file_names(rows):
    """students/NAME.txt for each row: the name made safe for any file system, and unique."""
    taken, names = set(), []
    for row in rows:
        base = re.sub(r"[^\w.\- ]", "_", row.student).strip(" .")[:NAME_LIMIT] or "_"
        if base.split(".")[0].upper() in WINDOWS_DEVICES:
            base = f"_{base}"
        name, number = base, 1
        while name.casefold() in taken:
            number += 1
            name = f"{base}-{number}"
        taken.add(name.casefold())
        names.append(f"{name}.txt")
    return names


# -- reading (merge) ------------------------------------------------------------

def as_data(gradebook):
    return {"kind": KIND, "version": VERSION, "exercises": list(gradebook.names),
            "shard": gradebook.shard or None, "sandbox": gradebook.sandbox,
            "students": [{"student": row.student, "status": "graded" if row.graded else "error",
                          "error": row.problem,
                          "flags": [{"flag": flag.name, "detail": flag.detail} for flag in row.flags],
                          "seconds": round(row.seconds, 3), "notes": row.notes,
                          "fingerprint": row.fingerprint, "report": row.report}
                         for row in gradebook.rows]}


def read_gradebook(folder):
    """The gradebook an earlier batch wrote into ``folder``."""
    path = Path(folder) / "gradebook.json"
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise GradebookError(f"{folder} holds no gradebook.json: is it a batch's --out folder?") from None
    except (OSError, ValueError) as error:
        raise GradebookError(f"{path} cannot be read: {error}") from None
    if not isinstance(data, dict) or data.get("kind") != KIND or data.get("version") != VERSION:
        raise GradebookError(f"{path} is not a version {VERSION} gradebook")
    try:
        rows = [Row(_of(str, item["student"]), item["report"], _of(str, item["error"]),
                    [Flag(_of(str, flag["flag"]), _of(str, flag["detail"]))
                     for flag in item["flags"]],
                    _of((int, float), item["seconds"]), [_of(str, note) for note in item["notes"]],
                    _of(str, item["fingerprint"]))
                for item in data["students"]]
        gradebook = Gradebook([_of(str, name) for name in data["exercises"]], rows,
                              _of(str, data["shard"] or ""), _of(str, data["sandbox"]))
        _write_nothing_but_read_all(gradebook)
    except (KeyError, TypeError, ValueError, IndexError, AttributeError, RuntimeError) as error:
        # edited by hand, or by another tool: whatever it breaks, it is this file's fault
        raise GradebookError(f"{path} is damaged ({type(error).__name__}: {error})") from None
    return gradebook


def _of(kinds, value):
    """``value``, if it is of one of the types ``kinds`` (a bool is no number); else TypeError."""
    if not isinstance(value, kinds) or isinstance(value, bool):
        raise TypeError(f"{value!r} is not a {getattr(kinds, '__name__', 'number')}")
    return value


def _write_nothing_but_read_all(gradebook):
    """Everything a merge reads of a gradebook, read once: its shard and every row's report."""
    from .html import render_html
    if gradebook.shard and not re.fullmatch(r"[1-9]\d*/[1-9]\d*", gradebook.shard):
        raise ValueError(f"its shard is {gradebook.shard!r}, not I/N")
    csv_text(gradebook)
    render_html(gradebook)
    for row in gradebook.rows:
        student_text(row)


# -- the swap -----------------------------------------------------------------

def _swap(new, out):
    """Put the folder ``new`` in the place of ``out``; ``new`` then holds the old one, if any."""
    if not out.exists():
        os.rename(new, out)
        return
    if _exchange(new, out):
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    os.rename(out, old / "gradebook")  # no exchange here: two renames, signals held
    os.rename(new, out)
    os.rename(old, new)


def _exchange(first, second):
    """Swap two paths in one atomic step (Linux renameat2); False where that is not possible."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        exchange = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_cwd = -100
    return exchange(at_cwd, os.fsencode(first), at_cwd, os.fsencode(second), RENAME_EXCHANGE) == 0


@contextlib.contextmanager
def _signals_held():
    """Ctrl-C waits until the swap is done: the gradebook is the old one or the new one."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(
            signal, "pthread_sigmask"):
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM}
    signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, held)


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask
