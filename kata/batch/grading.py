"""Grading a room's folders: with one judge here, or with a judge in each of N lane processes.

A judge grades one folder at a time and is not thread-safe, so parallel
grading takes processes: each *lane* is ``python -c ...lane_main()``
with a judge of its own, which imports pytest and NumPy and collects the
suites once, then grades folder after folder. The coordinator keeps two
folders queued in each lane (so a sandboxed lane starts the next student's
sandbox while it grades the current one) and hands out the rest as lanes
finish, so one slow student does not hold up the room.

Lane protocol: JSON lines. In, ``{"student", "folder", "names", "timeout"}`` (the
last two may be null: the settings' then); out,
``{"student", "report", "notes", "seconds"}`` with the report in the JSON
model (kata/report/render_json.py), or ``{"fatal": message}`` when the kata
itself cannot grade (a broken reference).
"""
import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass

from ..judge.launcher import PRELUDE
from ..judge.session import SetupError
from ..report.render_json import as_dict

DISPLAY_FOLDER = "exercises"   # where a student's files are, in the report they read
QUEUED_PER_LANE = 2


@dataclass(frozen=True)
class Task:
    student: str
    folder: str
    names: tuple = None      # this folder's exercises, if not the settings'
    timeout: object = None   # seconds, or seconds by exercise, if not the settings'


@dataclass(frozen=True)
class Settings:
    """How every folder is graded: the same in this process and in each lane."""

    names: tuple = None       # the exercises to grade (default: all)
    timeout: float = None     # seconds per exercise (default: each exercise's own)
    sandbox: bool = False
    hidden: tuple = ()        # what a sandboxed student must not see (kata/batch/sandbox.py)

    def judge(self):
        if self.sandbox:
            from .sandbox import Policy, SandboxedJudge
            return SandboxedJudge(self.timeout, Policy(tuple(self.hidden)))
        from ..judge.session import Judge
        return Judge(self.timeout)


def grade_one(judge, task, settings):
    """One student's result: the report's JSON model, its notes, and the time it took."""
    started = time.monotonic()
    report = judge.grade(task.folder, task.names or settings.names, DISPLAY_FOLDER,
                         task.timeout or settings.timeout)
    return {"student": task.student, "report": as_dict(report), "notes": list(report.notes),
            "seconds": time.monotonic() - started}


class HereGrader:
    """Grades in this process, with ``judge`` (left open) or with a judge of its own."""

    def __init__(self, settings, judge=None):
        self.settings = settings
        self._own = judge is None
        self.judge = judge

    def grade(self, tasks, done, meanwhile=lambda: None):
        """Grade ``tasks``; ``done(result)`` as each ends; ``meanwhile()`` first."""
        meanwhile()
        if tasks and self.judge is None:
            self.judge = self.settings.judge()
        for index, task in enumerate(tasks):
            if index + 1 < len(tasks) and hasattr(self.judge, "prepare"):
                self.judge.prepare(tasks[index + 1].folder)
            done(grade_one(self.judge, task, self.settings))

    def close(self):
        if self._own and self.judge is not None:
            self.judge.close()


class LaneGrader:
    """Grades in ``count`` lane processes, which start loading pytest and NumPy at once.

    The lanes' temporary files go in ``scratch``, which the caller removes: even
    a lane killed by Ctrl-C leaves nothing behind.
    """

    def __init__(self, settings, count, scratch):
        self._results = queue.Queue()
        self.lanes = [Lane(settings, self._results, scratch) for _ in range(count)]

    def grade(self, tasks, done, meanwhile=lambda: None):
        """Grade ``tasks``; ``done(result)`` as each ends; ``meanwhile()`` while lanes work."""
        waiting = list(reversed(tasks))
        for _ in range(QUEUED_PER_LANE):
            for lane in self.lanes:
                self._hand_out(waiting, lane)
        meanwhile()
        left = len(tasks)
        while left:
            lane, result = self._results.get()
            if "fatal" in result:
                raise SetupError(result["fatal"])
            left -= 1
            done(result)
            running = [lane] if lane.running else [other for other in self.lanes if other.running]
            if running:
                self._hand_out(waiting, running[0])
            while waiting and not running:  # every lane has died: say so for each student
                left -= 1
                done({"student": waiting.pop().student, "failure": lane.failure})

    def _hand_out(self, waiting, lane):
        """Give ``lane`` the next task, if any; once none is left, every lane may finish."""
        if waiting:
            lane.give(waiting.pop())
        if not waiting:
            for each in self.lanes:
                each.finish()

    def close(self):
        for lane in self.lanes:
            lane.stop()


class Lane:
    """A process with a judge of its own, grading the folders it is given in turn."""

    def __init__(self, settings, results, scratch):
        config = {"names": settings.names, "timeout": settings.timeout,
                  "sandbox": settings.sandbox, "hidden": list(settings.hidden)}
        self._errors = tempfile.TemporaryFile()
        code = PRELUDE + "from kata.batch.grading import lane_main; lane_main()"
        self.process = subprocess.Popen(
            [sys.executable, "-c", code, json.dumps(config)], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=self._errors, text=True, encoding="utf-8",
            env={**os.environ, "TMPDIR": str(scratch)},
            start_new_session=True)  # Ctrl-C reaches the coordinator alone, which stops lanes
        self.queued = {}
        self.failure = ""
        self._results = results
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    @property
    def running(self):
        return not self.failure

    def give(self, task):
        with self._lock:
            if self.failure:  # it has died since: the student's row says so
                self._results.put((self, {"student": task.student, "failure": self.failure}))
                return
            self.queued[task.student] = task
        try:
            self.process.stdin.write(json.dumps({"student": task.student, "folder": task.folder,
                                                 "names": task.names, "timeout": task.timeout})
                                     + "\n")
            self.process.stdin.flush()
        except (OSError, ValueError):
            pass  # the lane has died; _read reports its students

    def finish(self):
        """No more tasks: the lane ends once it has graded those it holds."""
        try:
            self.process.stdin.close()
        except OSError:
            pass

    def _read(self):
        for line in self.process.stdout:
            try:
                result = json.loads(line)
            except ValueError:  # not the lane's own words: stop listening to it
                self.process.kill()
                break
            self.queued.pop(result.get("student"), None)
            self._results.put((self, result))
        why = f"the grading process stopped ({self._why()})"
        with self._lock:
            self.failure, queued = why, list(self.queued)
        for student in queued:
            self._results.put((self, {"student": student, "failure": why}))

    def _why(self):
        code = self.process.wait()
        self._errors.seek(0)
        lines = self._errors.read().decode("utf-8", errors="replace").strip().splitlines()
        return f"exit status {code}" + (f": {lines[-1][:200]}" if lines else "")

    def stop(self):
        """End the lane: politely when it is idle, else at once (its judge's processes follow)."""
        self.finish()
        try:
            self.process.wait(5 if not self.queued else 0)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._reader.join(5)  # it reads the log of a lane that died
        for stream in (self.process.stdout, self._errors):
            stream.close()


def lane_main():
    """In a lane process: grade each folder named on stdin, one JSON line out for each."""
    protocol = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # anything printed by accident goes to the log, not into the protocol
    config = json.loads(sys.argv[1])
    settings = Settings(config["names"] and tuple(config["names"]), config["timeout"],
                        config["sandbox"], tuple(config["hidden"]))
    tasks = queue.Queue()
    threading.Thread(target=_read_tasks, args=(tasks,), daemon=True).start()
    try:
        judge = settings.judge()
    except SetupError as error:
        _send(protocol, {"fatal": str(error)})
        return
    try:
        task = tasks.get()
        while task is not None:
            following = tasks.get()  # the reader keeps two queued: this one is ready or near
            if following is not None and hasattr(judge, "prepare"):
                judge.prepare(following.folder)
            try:
                _send(protocol, grade_one(judge, task, settings))
            except SetupError as error:
                _send(protocol, {"fatal": str(error)})
                return
            task = following
    finally:
        judge.close()


def _read_tasks(tasks):
    for line in sys.stdin:
        item = json.loads(line)
        tasks.put(Task(item["student"], item["folder"], item.get("names"), item.get("timeout")))
    tasks.put(None)


def _send(protocol, message):
    protocol.write(json.dumps(message) + "\n")
    protocol.flush()
