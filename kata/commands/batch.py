"""``python3 grader.py batch SUBMISSIONS --out DIR``: grade a room into a gradebook.

SUBMISSIONS holds one folder or ``.zip`` per student; DIR receives
gradebook.csv, gradebook.json, report.html and students/NAME.txt, replacing
an earlier batch's in one step (kata/batch/gradebook.py). Student code runs
in a bubblewrap sandbox when bwrap is installed (kata/batch/sandbox.py).
Exit status: 0 when the gradebook is written (whatever the grades), 2 for a
usage error (one line on stderr), 130 after Ctrl-C or SIGTERM, which leave DIR as it was.
"""
import argparse
import os
import sys
import time
from collections import Counter
from pathlib import Path

from ..cli import Parser, UsageError, positive_seconds, shown_path, stopped_by_signals
from ..manifest import NAMES, match_names

SANDBOX_WORDS = "sandbox: bubblewrap"
SANDBOX_LINE = ("Sandbox: bubblewrap. Each student's code sees a read-only file system, a "
                "private /tmp, no network, and only its own processes.")


def main(argv, judge=None):
    """Grade as ``argv`` asks; ``judge``: grade in this process with it (the project's tests do)."""
    args = parse_args(argv)
    from ..batch.gradebook import GradebookError, check_replaceable, publish
    from ..batch.grading import Settings
    from ..batch.room import grade_room
    try:
        check_replaceable(args.out)
    except GradebookError as error:
        raise UsageError(str(error)) from None
    sandbox = judge is None and use_sandbox(args.sandbox)
    settings = Settings(tuple(args.names), args.timeout, sandbox,
                        tuple(str(path) for path in (args.submissions, args.out)))
    started = time.monotonic()
    progress = Progress(sys.stderr)
    try:
        with stopped_by_signals():  # SIGTERM too: the lanes and their sandboxes end with it
            gradebook = grade_room(args.submissions, settings, args.jobs, args.shard, judge,
                                   progress.show, SANDBOX_WORDS if sandbox else "")
            progress.end()
            publish(gradebook, args.out)
    except KeyboardInterrupt:
        progress.end()
        print(f"grader.py batch: interrupted; {shown_path(args.out)} is as it was",
              file=sys.stderr)
        return 130
    except GradebookError as error:
        raise UsageError(str(error)) from None
    print(summary(gradebook, time.monotonic() - started, args.out))
    return 0


def parse_args(argv):
    parser = Parser(prog="grader.py batch", allow_abbrev=False,
                    description="Grade a room of submissions (one folder or .zip per student) "
                                "into a gradebook.")
    parser.add_argument("submissions", metavar="SUBMISSIONS", type=Path,
                        help="the folder holding one folder or .zip per student (only read)")
    parser.add_argument("names", nargs="*", metavar="NAME",
                        help="exercises to grade (default: all)")
    parser.add_argument("--out", metavar="DIR", type=Path, required=True,
                        help="where the gradebook goes; an earlier batch's is replaced")
    parser.add_argument("--jobs", metavar="N", type=positive_count, default=os.cpu_count() or 1,
                        help="students graded at once (default: the number of cores)")
    parser.add_argument("--shard", metavar="I/N", type=shard,
                        help="grade every N-th student from the I-th; "
                             "join the shards with: grader.py merge")
    parser.add_argument("--sandbox", action=argparse.BooleanOptionalAction, default=None,
                        help="run student code in bubblewrap (default: when it is installed)")
    parser.add_argument("--timeout", metavar="SECONDS", type=positive_seconds,
                        help="time allowed per exercise (default: 5)")
    parser.add_argument("--no-setup", action="store_true", help=argparse.SUPPRESS)  # grader.py's
    args = parser.parse_intermixed_args(argv)  # SUBMISSIONS --out DIR NAME...
    try:
        args.names = match_names(args.names) if args.names else list(NAMES)
    except ValueError as error:
        raise UsageError(str(error)) from None
    if not args.submissions.is_dir():
        raise UsageError(f"no such folder: {args.submissions}")
    submissions, out = args.submissions.resolve(), args.out.resolve()
    if out == submissions or submissions in out.parents or out in submissions.parents:
        raise UsageError("--out must be outside SUBMISSIONS, and SUBMISSIONS outside it: "
                         "the submissions are never written to")
    return args


def positive_count(text):
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"not a number of students at once: {text!r}")
    return int(text)


def shard(text):
    """'I/N' -> (I, N), with 1 <= I <= N."""
    index, _, count = text.partition("/")
    if not (index.isdigit() and count.isdigit() and 1 <= int(index) <= int(count)):
        raise argparse.ArgumentTypeError(f"a shard is I/N with 1 <= I <= N, as in 2/4; not {text!r}")
    return int(index), int(count)


def use_sandbox(asked):
    """Whether to sandbox: as ``asked`` (True, False, or None for when possible); says so once."""
    if asked is False:
        return False
    from ..batch.sandbox import INSTALL_ADVICE, unavailable
    reason = unavailable()
    if reason and asked:
        raise UsageError(f"--sandbox: {reason}; {INSTALL_ADVICE}")
    if reason:
        print(f"warning: {reason}, so student code runs with the grader's usual containment "
              f"only (no sandbox): {INSTALL_ADVICE}", file=sys.stderr)
        return False
    print(SANDBOX_LINE, file=sys.stderr)
    return True


class Progress:
    """A bar of students graded on a terminal; nothing elsewhere."""

    WIDTH = 30

    def __init__(self, stream):
        self.stream = stream
        self.shown = stream.isatty()
        self.drawn = False

    def show(self, done, total):
        if not self.shown or not total:
            return
        filled = round(self.WIDTH * done / total)
        self.stream.write(f"\rGrading [{'#' * filled}{'-' * (self.WIDTH - filled)}] "
                          f"{done}/{total} students")
        self.stream.flush()
        self.drawn = True

    def end(self):
        if self.drawn:
            self.stream.write("\n")
            self.drawn = False


def summary(gradebook, seconds, out):
    """What was graded, what stands out, and where the files are: a few lines."""
    rows, total = gradebook.rows, gradebook.total
    graded = [row for row in rows if row.graded]
    everything = sum(row.passed == total for row in graded)
    every = f"all {total} exercises" if total > 1 else "it"
    if gradebook.bonus:
        every = f"all {total} core exercises"
    students = f"{len(rows)} student" + ("" if len(rows) == 1 else "s")
    lines = [f"Graded {students} in {seconds:.1f} s: {everything} passed {every}, "
             f"{len(graded) - everything} did not, {len(rows) - len(graded)} could not be graded."]
    kinds = Counter(flag.name.split(":")[0] for row in rows for flag in row.flags)
    if kinds:
        lines.append("Flags for the teacher: " + ", ".join(
            f"{name} ({count})" for name, count in sorted(kinds.items())) + ".")
    where = shown_path(out)
    lines.append(f"Gradebook: {where}/gradebook.csv, {where}/gradebook.json; room: "
                 f"{where}/report.html; each student's report: {where}/students/")
    return "\n".join(lines)
