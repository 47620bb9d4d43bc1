"""``python3 grader.py reset NAME...``: put the stub back, keeping the learner's file.

Each file is first copied to ``backups/NAME-<timestamp>.py`` in the state
folder (a second reset within the same second gets a copy of its own), and
that path is printed; only then is the stub written, whole or not at all. On a
terminal it asks first; ``--yes`` does not ask. The stub is derived from the
reference solution (kata/stubs.py), so it is the stub of a fresh clone.
Exit status: 0 when done, 1 when the question is answered no, 2 for a usage
error or a file that cannot be backed up (then nothing is changed).
"""
import argparse
import json
import sys
from pathlib import Path

from .. import state
from ..cli import Parser, UsageError, shown_path
from ..manifest import EXERCISES_DIR, SOLUTIONS_DIR, match_names
from ..stubs import is_stub, stub_text


def main(argv):
    args = parse_args(argv)
    paths = {name: args.folder / f"{name}.py" for name in args.names}
    todo = [name for name, path in paths.items() if not is_stub(path, name)]
    if todo and not args.yes and sys.stdin.isatty() and not confirm(
            f"Replace {' and '.join(shown_path(paths[name]) for name in todo)} with the stub? Your "
            f"file is saved in {shown_path(state.folder() / 'backups')}/ first. [y/N] "):
        print("Nothing was changed.")
        return 1
    # every backup first: if one cannot be made, no file has been changed
    backups = {name: state.backup(paths[name], name) for name in todo if paths[name].exists()}
    for name in todo:
        state.write_atomically(paths[name], stub_text(name))
    done = [{"name": name, "file": shown_path(paths[name]), "reset": name in todo,
             "backup": shown_path(backups[name]) if name in backups else None}
            for name in args.names]
    print(json.dumps({"reset": done}, indent=2) if args.json else "\n".join(said(done)))
    return 0


def said(done):
    for entry in done:
        if not entry["reset"]:
            yield f"{entry['file']} is the stub already."
            continue
        if entry["backup"]:
            yield f"Saved your {entry['file']} as {entry['backup']}"
        yield f"Restored the stub of {entry['name']} in {entry['file']}"


def parse_args(argv):
    parser = Parser(prog="grader.py reset", allow_abbrev=False,
                    description="Put an exercise's stub back; your file is backed up first.")
    parser.add_argument("names", nargs="+", metavar="NAME",
                        help="the exercises: names, unique prefixes or numbers")
    parser.add_argument("-y", "--yes", action="store_true", help="do not ask first")
    parser.add_argument("--exercises", metavar="DIR", type=Path,
                        help="reset the files in DIR (default: exercises/)")
    parser.add_argument("--no-setup", action="store_true", help=argparse.SUPPRESS)  # grader.py's
    parser.add_argument("--json", action="store_true", help="say what was done as JSON")
    args = parser.parse_args(argv)
    try:
        args.names = match_names(args.names)
    except ValueError as error:
        raise UsageError(str(error)) from None
    args.folder = args.exercises or EXERCISES_DIR
    if not args.folder.is_dir():
        raise UsageError(f"no such folder: {args.folder}")
    if args.folder.resolve() == SOLUTIONS_DIR.resolve():
        raise UsageError("reset puts stubs in exercises/, never in solutions/")
    for name in args.names:
        path = args.folder / f"{name}.py"
        if path.exists() and not path.is_file():
            raise UsageError(f"{shown_path(path)} is not a file; move it away, then reset again")
    return args


def confirm(question):
    try:
        return input(question).strip().lower() in ("y", "yes")
    except EOFError:
        print()
        return False

