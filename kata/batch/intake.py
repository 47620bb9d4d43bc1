"""Finding each student's exercise files in a room of submissions, and copying them safely.

SUBMISSIONS holds one entry per student: a folder, or a ``.zip``. The
student's name is the entry's name (without ``.zip``). Inside, the exercise
files may sit at the top, in ``exercises/``, or one folder deeper (a zipped
copy of the kata: ``kmeans-kata/exercises/``). The ``.py`` files of that one
folder are copied into a private folder of the batch's own, which is what gets
graded: SUBMISSIONS is only ever read.

An entry that cannot be used raises :class:`Rejected` with the reason, in one
line a teacher can act on, and becomes an error row: zip-slip or absolute
paths, a symbolic link that leads outside the entry, a file over 1 MB, a zip
that unpacks to too much, names that are not UTF-8, an empty folder, a corrupt
zip, the same file twice. Nothing in an entry is trusted: sizes are counted as
the bytes arrive, not as a zip's header claims, and no FIFO is ever opened.
"""
import os
import posixpath
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..judge.learner_file import FILE_SIZE_LIMIT
from ..manifest import CORE, NAMES
from ..stubs import stub_text

UNPACKED_LIMIT = 20 * 2**20    # bytes a zip may unpack to, all files together (.venv aside)
ITEM_LIMIT = 2000              # files and folders a folder entry may hold where we look
MEMBER_LIMIT = 100_000         # members of a zip (a zipped kata with its .venv has thousands)
PYTHON_FILE_LIMIT = 50         # .py files copied from the exercises' folder
EXERCISE_FILES = {f"{name}.py": name for name in NAMES}
# never where a student's files are: a virtual environment may hold links that lead outside
IGNORED_FOLDERS = {"__MACOSX", "__pycache__", "solutions", "venv", "site-packages",
                   "node_modules"}
ZIP_SYMLINK = 0o120000


class Rejected(Exception):
    """An entry that cannot be graded; the message says why, in one line."""


@dataclass
class Entry:
    """One student's submission as it lies in SUBMISSIONS."""

    student: str        # the entry's name, without .zip: how the gradebook names the student
    path: Path
    problem: str = ""   # why it is no submission at all (a stray file, two entries of one name)


@dataclass
class Submission:
    """One student's files, copied into a folder of the batch's own."""

    student: str
    folder: Path = None                         # the private copy to grade; None if rejected
    problem: str = ""                           # why it cannot be graded: an error row
    missing: list = field(default_factory=list)  # exercise files not in the submission
    texts: dict = field(default_factory=dict)    # file name -> text, for the teacher's flags


def find_entries(submissions):
    """The entries of the folder ``submissions``, sorted by name; hidden files are skipped."""
    entries = []
    for item in sorted(os.scandir(submissions), key=lambda item: item.name):
        if item.name.startswith(".") or item.name == "__MACOSX":  # a Mac's unzipping leaves it
            continue
        path = Path(item.path)
        if item.is_dir():  # a symbolic link the teacher made to a folder is followed
            entries.append(Entry(printable(item.name), path))
        elif item.name.lower().endswith(".zip") and item.is_file():
            entries.append(Entry(printable(item.name[:-4]), path))
        else:
            entries.append(Entry(printable(item.name), path,
                                 "not a folder or a .zip file: nothing to grade"))
    return _with_one_entry_per_student(entries)


def _with_one_entry_per_student(entries):
    """Two entries for one student (alice/ and alice.zip) are both rows of their own, in error."""
    by_student = {}
    for entry in entries:
        by_student.setdefault(entry.student, []).append(entry)
    for student, same in by_student.items():
        if len(same) > 1:
            names = " and ".join(printable(entry.path.name) for entry in same)
            for entry in same:
                entry.student = printable(entry.path.name)
                entry.problem = f"two entries for {student}: {names}; keep one"
    return entries


def stage(entry, into):
    """Copy ``entry``'s exercise files into the new folder ``into``; a :class:`Submission`.

    Never raises for a bad entry: the Submission then holds the reason.
    """
    if entry.problem:
        return Submission(entry.student, problem=entry.problem)
    try:
        if not is_utf8(entry.path.name):
            raise Rejected(f"its name is not UTF-8 ({printable(entry.path.name)}); rename it")
        files = zip_files(entry.path) if entry.path.is_file() else folder_files(entry.path)
        base = exercise_folder(files)
        chosen = {name: item for name, item in files.items()
                  if posixpath.dirname(name) == base and name.endswith(".py")}
        if len(chosen) > PYTHON_FILE_LIMIT:
            raise Rejected(f"{shown(base)} holds {len(chosen)} .py files; at most "
                           f"{PYTHON_FILE_LIMIT} are graded")
        texts = _copy(chosen, into)
    except Rejected as rejected:  # its words may quote a file's name: no control character
        return Submission(entry.student, problem=printable(str(rejected)))
    except (OSError, RecursionError) as error:  # what no check foresaw: this entry's row says so
        return Submission(entry.student, problem=printable(
            f"it could not be read ({type(error).__name__}: {error})"))
    missing = [name for name in EXERCISE_FILES if name not in texts]
    for file_name in [name for name in missing if EXERCISE_FILES[name] not in CORE]:
        # a room that did the core only: its bonus exercises are not started, not missing
        (into / file_name).write_text(stub_text(EXERCISE_FILES[file_name]), encoding="utf-8")
        missing.remove(file_name)
    return Submission(entry.student, into, missing=missing, texts=texts)


def _copy(chosen, into):
    into.mkdir(parents=True)
    texts = {}
    for name, item in sorted(chosen.items()):
        data = item.read()
        target = into / posixpath.basename(name)
        target.write_bytes(data)
        texts[target.name] = data.decode("utf-8", errors="replace")
    return texts


def exercise_folder(files):
    """The one folder of the entry that holds its exercise files, as a relative posix path."""
    if not files:
        raise Rejected("it is empty")
    folders = {}
    for name in files:
        folder, base = posixpath.split(name)
        if base in EXERCISE_FILES and _may_hold_exercises(folder):
            folders.setdefault(folder, []).append(base)
    if not folders:
        raise Rejected("it holds no exercise file (looked at the top, in exercises/ and one "
                       "folder deeper, for files such as compute_means.py)")
    if len(folders) > 1:
        first, second = sorted(folders, key=lambda folder: (folder.count("/"), folder))[:2]
        twice = sorted(set(folders[first]) & set(folders[second])) or folders[second]
        raise Rejected(f"duplicated files: {twice[0]} is in {shown(first)} and in "
                       f"{shown(second)}; keep one copy")
    return next(iter(folders))


def _may_hold_exercises(folder):
    """The top, exercises/, any one folder, or exercises/ inside it."""
    parts = folder.split("/") if folder else []
    if _ignored(parts):
        return False
    return (len(parts) == 0 or len(parts) == 1
            or (len(parts) == 2 and parts[1] == "exercises"))


def _ignored(folders):
    """Whether a path through these folders is one no student's files are in: .venv/, .git/..."""
    return any(part in IGNORED_FOLDERS or part.startswith(".") for part in folders)


def shown(folder):
    return f"{folder}/" if folder else "the top folder"


# -- folders ------------------------------------------------------------------

def folder_files(root):
    """Relative posix path -> :class:`_Item` of the files of a folder entry, two levels deep.

    A symbolic link is followed only when it leads to a place inside the entry.
    """
    real_root = os.path.realpath(root)
    files, seen = {}, 0
    for relative, path, depth in _walk(root):
        seen += 1
        if seen > ITEM_LIMIT:
            raise Rejected(f"it holds more than {ITEM_LIMIT} files and folders")
        if not is_utf8(relative):
            raise Rejected(f"a file name is not UTF-8: {printable(relative)}; rename it")
        try:
            status = os.lstat(path)
            if stat.S_ISLNK(status.st_mode):
                target = os.path.realpath(path)
                if os.path.commonpath([real_root, target]) != real_root:
                    raise Rejected(f"{relative} is a symbolic link to a place outside the "
                                   f"submission ({printable(os.readlink(path))})")
                path, status = target, os.stat(target)
        except OSError as error:  # a link to nothing, a loop of links, a folder we may not enter
            raise Rejected(f"{relative} cannot be read: {error.strerror}") from None
        if stat.S_ISREG(status.st_mode):
            files[relative] = _Item(relative, status.st_size, _file_reader(path, relative))
        elif not stat.S_ISDIR(status.st_mode) and relative.endswith(".py"):
            raise Rejected(f"{relative} is not a regular file (a FIFO, a device or a socket)")
    return files


def _walk(root, relative="", depth=0):
    """(relative path, path, depth) of everything up to two folders below ``root``."""
    try:
        items = sorted(os.scandir(os.path.join(root, relative) if relative else root),
                       key=lambda item: item.name)
    except OSError as error:
        raise Rejected(f"{relative or 'it'} cannot be read: {error.strerror}") from None
    for item in items:
        name = f"{relative}/{item.name}" if relative else item.name
        yield name, item.path, depth
        if depth < 2 and item.is_dir(follow_symlinks=False) and not _ignored([item.name]):
            yield from _walk(root, name, depth + 1)


def _file_reader(path, relative):
    def read():
        # links were resolved when listed; a FIFO put there since must not block us
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        try:
            descriptor = os.open(path, flags)
        except OSError as error:
            raise Rejected(f"{relative} cannot be read: {error.strerror}") from None
        with os.fdopen(descriptor, "rb") as file:
            if not stat.S_ISREG(os.fstat(descriptor).st_mode):
                raise Rejected(f"{relative} is not a regular file")
            return _limited(file.read(FILE_SIZE_LIMIT + 1), relative)
    return read


# -- zips ---------------------------------------------------------------------

def zip_files(path):
    """Relative posix path -> :class:`_Item` of the files of a zip entry."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise Rejected(f"it is not a readable zip file ({_reason(error)})") from None
    if len(members) > MEMBER_LIMIT:
        raise Rejected(f"the zip holds more than {MEMBER_LIMIT} files and folders")
    names = {id(member): _member_name(member) for member in members}  # all checked, used or not
    members = [member for member in members if not _ignored(names[id(member)].split("/")[:-1])]
    if sum(member.file_size for member in members) > UNPACKED_LIMIT:
        raise Rejected(f"the zip unpacks to more than {UNPACKED_LIMIT // 2**20} MB "
                       f"(a zip bomb?); send the exercise files alone")
    files, links = {}, {}
    for member in members:
        name = names[id(member)]
        if member.is_dir():
            continue
        if name in files or name in links:
            raise Rejected(f"duplicated files: the zip holds {name} twice")
        if (member.external_attr >> 16) & 0o170000 == ZIP_SYMLINK:
            links[name] = member
        else:
            files[name] = _Item(name, member.file_size, _member_reader(path, member, name))
    for name, member in links.items():
        files[name] = _link_target(name, _member_reader(path, member, name)(), files)
    return files


def _member_name(member):
    """The member's path, checked: UTF-8, relative, and never leaving the zip's folder."""
    raw = member.orig_filename
    if not member.flag_bits & 0x800:  # not marked UTF-8: Python decoded the bytes as cp437
        try:
            raw = raw.encode("cp437").decode("utf-8")
        except UnicodeError:
            raise Rejected(f"a file name in the zip is not UTF-8: "
                           f"{raw.encode('cp437')!r}; zip it again with UTF-8 names") from None
    name = raw.replace("\\", "/")
    parts = name.split("/")
    if name.startswith("/") or (len(parts[0]) == 2 and parts[0][1] == ":"):
        raise Rejected(f"the zip holds an absolute path, {printable(raw)}: it could write "
                       f"anywhere (zip-slip)")
    if ".." in parts:
        raise Rejected(f"the zip holds a path that leaves its folder, {printable(raw)} "
                       f"(zip-slip)")
    return posixpath.normpath(name)


def _link_target(name, target, files):
    """The file a symbolic link in a zip leads to, if it stays inside the zip."""
    target = target.decode("utf-8", errors="replace")
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(name), target))
    if target.startswith("/") or resolved.split("/")[0] == "..":
        raise Rejected(f"{name} is a symbolic link to a place outside the submission "
                       f"({printable(target)})")
    if resolved not in files:
        raise Rejected(f"{name} is a symbolic link to {printable(target)}, which is not in "
                       f"the zip")
    return files[resolved]


def _member_reader(path, member, name):
    def read():
        try:
            with zipfile.ZipFile(path) as archive, archive.open(member) as file:
                return _limited(file.read(FILE_SIZE_LIMIT + 1), name)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError,
                NotImplementedError) as error:  # RuntimeError: a password-protected zip
            raise Rejected(f"{name} cannot be unzipped ({_reason(error)})") from None
    return read


# -- shared -------------------------------------------------------------------

@dataclass
class _Item:
    name: str
    size: int      # as listed; the bytes read are counted again
    read: object   # () -> bytes, at most FILE_SIZE_LIMIT of them


def _limited(data, name):
    if len(data) > FILE_SIZE_LIMIT:
        raise Rejected(f"{name} is over {FILE_SIZE_LIMIT // 2**20} MB: not an exercise file")
    return data


def _reason(error):
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


def is_utf8(name):
    """Whether a name read from the file system was valid UTF-8 (Python escapes bytes that are not)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def printable(name):
    """A file name as a teacher can read it: undecodable bytes and control characters escaped."""
    text = name.encode("utf-8", errors="surrogateescape").decode("utf-8", errors="backslashreplace")
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)
