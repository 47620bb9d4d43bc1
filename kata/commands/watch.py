"""``python3 grader.py watch [NAME...]``: grade again on every save, like rustlings.

It polls the files' modification times every ``POLL`` seconds, with the
standard library only: that sees edits on WSL ``/mnt`` drives, network drives
and Docker mounts, where inotify-based watchers miss them. One judge stays
open the whole time, so pytest, NumPy, the suites and the fork server are
loaded once, and a save re-grades only the files that changed (an exercise's
verdict depends on its own file alone: the functions it calls are the
reference's). Each report shows the exercise not passed yet that comes first.

On a terminal the screen is cleared before each report. Otherwise each report
is printed whole and ends with its "Progress:" line (with --json, one JSON
report per line), so that a program can follow. Ctrl-C (or SIGTERM) ends it,
exit status 0, and the judge's close() stops its fork server and workers.
"""
import json
import os
import sys
import time

from .. import interview
from ..cli import grade_parser, parse_grade_args, print_report, shown_path, stopped_by_signals

POLL = 0.1          # seconds between two looks at the files
CLEAR = "\033[H\033[2J\033[3J"


def main(argv):
    args = parse_grade_args(argv, grade_parser(
        "grader.py watch", "Grade the exercises again each time one of their files is saved."))
    interview.load()  # a damaged session file stops us before the judge starts
    from ..judge.session import Judge
    try:
        with stopped_by_signals(), Judge(args.timeout, args.start) as judge:
            Watcher(judge, args).run()
    except KeyboardInterrupt:
        print("Stopped watching.", file=sys.stderr)
    return 0


class Watcher:
    def __init__(self, judge, args):
        self.judge, self.args = judge, args
        self.files = {name: args.folder / f"{name}.py" for name in args.names}
        self.tty = sys.stdout.isatty() and not args.json
        self.report = None
        self.shown = 0              # reports printed so far
        self.deadline = None        # of the interview running, when the last grading saw one

    def run(self):
        """Grade every file, then each file that changes, until Ctrl-C.

        A change to another Python file of the folder (a helper module of the
        learner's own, which exercise files may import) grades them all again.
        """
        seen, seen_others = self.signatures(), self.other_files()
        self.grade(list(self.files))
        while True:
            time.sleep(POLL)
            self.check_clock()
            now, others = self.signatures(), self.other_files()
            changed = [name for name in self.files if now[name] != seen[name]]
            if others != seen_others:
                changed = list(self.files)
            if changed:
                seen, seen_others = now, others
                self.grade(changed)

    def other_files(self):
        """The signatures of the folder's other Python files, by name."""
        try:
            paths = [path for path in self.args.folder.glob("*.py")
                     if path.stem not in self.files]
        except OSError:
            return {}
        found = {}
        for path in paths:
            try:
                info = os.stat(path)
                found[path.name] = (info.st_mtime_ns, info.st_size, info.st_ino)
            except OSError:
                pass
        return found

    def signatures(self):
        """What tells a save: each file's modification time, size and inode (None: no file)."""
        found = {}
        for name, path in self.files.items():
            try:
                info = os.stat(path)
                found[name] = (info.st_mtime_ns, info.st_size, info.st_ino)
            except OSError:
                found[name] = None
        return found

    def grade(self, names):
        args = self.args
        fresh = self.judge.grade(args.folder, names, shown_path(args.folder), args.timeout)
        if self.report is None:
            self.report = fresh
        else:
            update = {exercise.name: exercise for exercise in fresh.exercises}
            self.report.exercises = [update.get(e.name, e) for e in self.report.exercises]
            self.report.notes = fresh.notes
        session, time_up = ((None, False) if args.solutions
                            else interview.after_grading(fresh, args.folder))
        self.deadline = session.deadline if session is not None and session.running else None
        saved = [] if fresh is self.report else names  # a save that passes shows the reference
        self.show(lambda: print_report(self.report, args, session, time_up, noted=saved,
                                       watching=True))

    def check_clock(self):
        """When the interview's time is up, end it now rather than at the next save."""
        if self.deadline is None or interview.now() < self.deadline:
            return
        self.deadline = None
        session, time_up = interview.load_current()
        if time_up and self.args.json:
            print(json.dumps({"interview": session.as_dict(interview.now())}), flush=True)
        elif time_up:
            self.show(lambda: print(interview.time_up_text(session), flush=True), clear=False)

    def show(self, printing, clear=True):
        if self.tty and clear:
            sys.stdout.write(CLEAR)
        elif self.shown and not self.args.json:
            print()  # a blank line between two reports
        self.shown += 1
        printing()
        if self.tty:
            print(f"\nWatching {len(self.files)} file(s) in {shown_path(self.args.folder)}/: "
                  f"save one to grade it again. Ctrl-C to stop.", flush=True)
