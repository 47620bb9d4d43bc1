"""An interview session: a clock, hints off, and each exercise's first pass on record.

The session is ``interview.json`` in the state folder (kata/state.py). Every
grading of the learner's files while it runs records, for each exercise, how
many versions of its file were graded (its attempts; the untouched stub is
none) and when it first passed. The session ends with ``interview --end``, or
when its time is up: the next command that reads it finishes it, and a
grading after the deadline is not recorded.
"""
import hashlib
import math
import textwrap
import time
from dataclasses import dataclass, field
from datetime import datetime

from . import state
from .manifest import CORE, NAMES, number_of
from .questions import QUESTIONS
from .report import Status
from .report.render_text import LABELS

FILE = "interview.json"
VERSION = 1
DEFAULT_MINUTES = 45
MAX_MINUTES = 24 * 60
WIDTH = 88


def now():
    """The time, in seconds since the epoch: a session outlives the processes that read it."""
    return time.time()


@dataclass
class Progress:
    """One exercise in a session."""

    attempts: int = 0                  # versions of its file graded, the stub not counted
    status: str = "not_started"        # the last grading's verdict
    digest: str = ""                   # of the last version graded
    passed_after: float | None = None  # seconds from the start to the first pass

    @classmethod
    def from_data(cls, name, entry):
        """Exercise ``name``'s progress stored as ``entry``; ValueError saying what is wrong."""
        _expect(name in NAMES, f"there is no exercise {name!r}")
        _expect(isinstance(entry, dict) and set(entry) == set(vars(cls())),
                f"the entry of {name} has the wrong fields")
        _expect(type(entry["attempts"]) is int and entry["attempts"] >= 0,
                f"{name}'s attempts is not a count")
        _expect(entry["status"] in {status.value for status in Status}
                and isinstance(entry["digest"], str), f"{name}'s status or digest is wrong")
        if entry["passed_after"] is not None:
            _expect(_number(entry, "passed_after") >= 0, f"{name} passed before the start")
        return cls(**entry)


@dataclass
class Interview:
    started: float
    minutes: float
    ended: float | None = None
    ended_by: str | None = None        # "end" (the learner ended it) or "time"
    exercises: dict = field(default_factory=dict)   # name -> Progress

    @property
    def deadline(self):
        return self.started + 60 * self.minutes

    @property
    def running(self):
        return self.ended is None

    def seconds_left(self, at):
        return max(0.0, self.deadline - at) if self.running else 0.0

    def expire(self, at):
        """End the session if its time is up; True if this call ended it."""
        if self.running and at >= self.deadline:
            self.ended, self.ended_by = self.deadline, "time"
            return True
        return False

    def finish(self, at):
        self.ended, self.ended_by = min(at, self.deadline), "end"

    def record(self, report, folder, at):
        """Count the attempts in ``report`` (a grading of ``folder``) and any first pass."""
        for exercise in report.exercises:
            progress = self.exercises.setdefault(exercise.name, Progress())
            if progress.passed_after is not None or exercise.status is Status.NOT_STARTED:
                continue  # passed already, or still the stub: nothing to count
            digest = _digest(folder / f"{exercise.name}.py")
            if digest != progress.digest:  # grading the same version again is no new attempt
                progress.attempts, progress.digest = progress.attempts + 1, digest
            progress.status = exercise.status.value
            if exercise.status is Status.PASSED:
                progress.passed_after = at - self.started

    def progress(self, name):
        return self.exercises.get(name, Progress())

    # -- storage ------------------------------------------------------------------

    def as_data(self):
        return {"version": VERSION, "started": self.started, "minutes": self.minutes,
                "ended": self.ended, "ended_by": self.ended_by,
                "exercises": {name: vars(progress) for name, progress in self.exercises.items()}}

    @classmethod
    def from_data(cls, data):
        """The session stored as ``data``; ValueError saying what is wrong with it."""
        _expect(isinstance(data, dict) and data.get("version") == VERSION,
                f"it is not a version {VERSION} interview session")
        started, minutes = _number(data, "started"), _number(data, "minutes")
        _expect(0 < minutes <= MAX_MINUTES, f"minutes must be between 0 and {MAX_MINUTES}")
        ended, ended_by = data.get("ended"), data.get("ended_by")
        if ended is not None:
            _expect(_number(data, "ended") >= started, "it ends before it starts")
        _expect((ended is None and ended_by is None)
                or (ended is not None and ended_by in ("end", "time")), "ended and ended_by disagree")
        exercises = data.get("exercises")
        _expect(isinstance(exercises, dict), "exercises is not a mapping")
        found = {name: Progress.from_data(name, entry) for name, entry in exercises.items()}
        return cls(started, minutes, ended, ended_by, found)

    # -- as text --------------------------------------------------------------------

    def clock_line(self, at):
        """The line a report shows while the session runs."""
        return (f"Interview: {duration(self.seconds_left(at), up=True)} left, until "
                f"{clock(self.deadline)}. Hints are off.")

    def status_text(self, at):
        lines = [f"Interview in progress: {duration(self.seconds_left(at), up=True)} left of "
                 f"{minutes_text(self.minutes)}, until {clock(self.deadline)}.", ""]
        lines += self._table(lambda progress: (
            f"{LABELS[Status(progress.status)]:<25} {plural(progress.attempts, 'attempt')} so far"))
        from .cli import command
        return "\n".join(lines + [
            "", "Hints are off until it ends. Grade as usual, and each report shows the time left:",
            f"  {command()}        grades every exercise",
            f"  {command('watch')}  grades again on every save",
            f"End it early with: {command('interview', '--end')}"])

    def summary_text(self):
        """What an interviewer would go through afterwards: times, attempts, questions."""
        from .cli import command
        if self.ended_by == "time":
            how = f"the {minutes_text(self.minutes)} ran out."
        else:
            how = (f"you ended it after {duration(self.ended - self.started)} of "
                   f"{minutes_text(self.minutes)}.")
        lines = [f"Interview over: {how}", ""]
        lines += self._table(lambda progress: f"{'unfinished':<25} " + (
            f"{plural(progress.attempts, 'attempt')}, last {LABELS[Status(progress.status)]}"
            if progress.attempts else "not attempted"))
        unfinished = [name for name in CORE if self.progress(name).passed_after is None]
        passed = len(CORE) - len(unfinished)
        lines += ["", *wrapped(f"Passed {passed} of {len(CORE)}." + (
            f" Left unfinished: {', '.join(unfinished)}." if unfinished else ""))]
        lines += ["", *wrapped("Follow-up questions an interviewer asks once the code works. "
                              "Answer each aloud in a minute or two, then compare with the "
                              "model answers.", ""), ""]
        for number, question in enumerate(QUESTIONS, 1):
            lines += wrapped(question.question, f"  {number:>2}. ", "      ")
            lines += practice_lines(question, "      ")
        return "\n".join(lines + ["", f"The model answers:      {command('interview', '--answers')}",
                                   f"A new interview:        {command('interview')}"])

    def _table(self, unfinished):
        width = max(map(len, CORE))
        lines = []
        for name in CORE:
            progress = self.progress(name)
            if progress.passed_after is not None:
                text = (f"{'passed after ' + duration(progress.passed_after):<25} "
                        f"{plural(progress.attempts, 'attempt')}")
            elif progress.attempts:
                text = unfinished(progress)
            else:
                text = "not attempted"
            lines.append(f"  {number_of(name)}. {name:<{width}}  {text}".rstrip())
        return lines

    def as_dict(self, at):
        """The session as plain data, for --json."""
        data = {"state": "running" if self.running else "ended", "minutes": self.minutes,
                "started": iso(self.started), "deadline": iso(self.deadline),
                "seconds_left": round(self.seconds_left(at), 1),
                "ended": iso(self.ended) if self.ended else None, "ended_by": self.ended_by,
                "exercises": [{"name": name, "number": number_of(name),
                               "attempts": self.progress(name).attempts,
                               "status": self.progress(name).status,
                               "passed": self.progress(name).passed_after is not None,
                               "seconds_to_pass": _rounded(self.progress(name).passed_after)}
                              for name in CORE]}
        if not self.running:
            data["questions"] = [question.question for question in QUESTIONS]
        return data


def answers_text():
    lines = ["Model answers to the follow-up questions. Short on purpose: say them in your own "
             "words,", "and say why.", ""]
    for number, question in enumerate(QUESTIONS, 1):
        lines += wrapped(question.question, f"{number:>2}. ", "    ")
        lines += wrapped(question.answer, "    ", "    ") + practice_lines(question, "    ") + [""]
    return "\n".join(lines).rstrip()


def practice_lines(question, indent):
    """Where the bonus track lets you write the code a question is about, if it does."""
    if not question.exercise:
        return []
    from .cli import command
    return [f"{indent}Write it: bonus exercise {number_of(question.exercise)}, "
            f"{command(question.exercise)}"]


def answers_data():
    return [{"topic": q.topic, "question": q.question, "answer": q.answer,
             "exercise": q.exercise or None} for q in QUESTIONS]


# -- Storage ----------------------------------------------------------------------------


def start_over_command():
    from .cli import command
    return command("interview", "--discard")


def load():
    """The session on record, running or ended, or None; StateError if the file is damaged."""
    data = state.read(FILE, start_over_command())
    if data is None:
        return None
    try:
        return Interview.from_data(data)
    except (ValueError, TypeError, KeyError) as error:
        raise state.damaged(FILE, start_over_command(), str(error)) from None


def save(interview):
    state.write(FILE, interview.as_data())


def discard():
    return state.remove(FILE)


def load_current():
    """The session on record, ended first if its time is up; and whether this call ended it."""
    interview = load()
    if interview is not None and interview.expire(now()):
        save(interview)
        return interview, True
    return interview, False


def after_grading(report, folder):
    """Record a grading of ``folder`` in the running session, if there is one.

    Returns the session (None if there is none) and whether its time was up:
    then this grading came too late and ended it, unrecorded.
    """
    interview = load()
    if interview is None or not interview.running:
        return None, False
    at = now()
    ended = interview.expire(at)
    if not ended:
        interview.record(report, folder, at)
    save(interview)
    return interview, ended


def time_up_text(interview):
    """What a grading or watch shows when the session's time has just run out."""
    return (f"Time is up: the interview ended at {clock(interview.ended)}.\n\n"
            + interview.summary_text())


# -- Formatting ----------------------------------------------------------------------------


def duration(seconds, up=False):
    """"4 min 12 s", "45 s", "1 h 2 min": rounded down, or up (``up``) for time left."""
    seconds = math.ceil(seconds) if up else int(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes} min"
    if minutes:
        return f"{minutes} min {seconds} s" if seconds else f"{minutes} min"
    return f"{seconds} s"


def minutes_text(minutes):
    return f"{minutes:g} min"


def clock(timestamp):
    return time.strftime("%H:%M", time.localtime(timestamp))


def iso(timestamp):
    return datetime.fromtimestamp(timestamp).astimezone().isoformat(timespec="seconds")


def plural(count, word):
    return f"{count} {word}" + ("" if count == 1 else "s")


def wrapped(text, first="", rest=""):
    return textwrap.wrap(text, WIDTH, initial_indent=first, subsequent_indent=rest,
                         break_on_hyphens=False, break_long_words=False)


def _rounded(seconds):
    return None if seconds is None else round(seconds, 1)


def _digest(path):
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    except OSError:
        return "missing"


def _number(data, key):
    value = data.get(key)
    _expect(type(value) in (int, float) and math.isfinite(value), f"{key} is not a number")
    return value


def _expect(condition, reason):
    if not condition:
        raise ValueError(reason)
