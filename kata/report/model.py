"""The one report model: every format (text, JSON, ...) is rendered from it."""
from dataclasses import dataclass, field
from enum import Enum


class Status(str, Enum):
    """How an exercise, or one of its checks, ended. Each means one thing."""

    PASSED = "passed"
    FAILED = "failed"
    NOT_STARTED = "not_started"   # the stub is untouched: it raises NotImplementedError
    ERROR = "error"               # the file cannot be used: it does not import, say
    TIMEOUT = "timeout"           # it ran past the time allowed, and was stopped


@dataclass
class CheckResult:
    """One check of an exercise: a test in its hidden suite."""

    name: str                 # a sentence: "ties go to the lowest index"
    status: Status
    message: str = ""         # what was called, what came back, what was expected and why
    hint: str = ""            # the likely bug, given only when a check confirmed it


@dataclass
class ExerciseResult:
    """One exercise's verdict, its checks, and what its code printed."""

    name: str
    number: int
    status: Status
    message: str = ""         # the headline: the first failing check's message, or why
    hint: str = ""
    checks: list = field(default_factory=list)
    output: str = ""          # what the learner's code printed, cut to a few KB
    output_dropped: int = 0   # characters of output cut off
    track: str = "core"
    seconds: float = 0.0      # the time it used of its limit: import, calls, helper calls

    @property
    def passed(self):
        return sum(check.status is Status.PASSED for check in self.checks)

    @property
    def total(self):
        return len(self.checks)

    @property
    def failing(self):
        return [check for check in self.checks if check.status is not Status.PASSED]


@dataclass(frozen=True)
class Summary:
    passed: int
    total: int
    track: str = "core"

    def __str__(self):
        what = "exercises" if self.track == "core" else f"{self.track} exercises"
        return f"{self.passed} of {self.total} {what} passed"


@dataclass
class Report:
    """The verdicts on one folder of exercise files."""

    folder: str               # as the learner would type it
    exercises: list
    seconds: float = 0.0      # how long grading took
    notes: list = field(default_factory=list)   # about the grading itself, not the code

    @property
    def tracks(self):
        """The tracks graded, the core first: ["core"], ["core", "bonus"] or ["bonus"]."""
        graded = {exercise.track for exercise in self.exercises}
        return [track for track in ("core", "bonus") if track in graded]

    def summary_of(self, track):
        """How many of ``track``'s graded exercises passed."""
        exercises = [e for e in self.exercises if e.track == track]
        return Summary(sum(e.status is Status.PASSED for e in exercises), len(exercises), track)

    @property
    def summary(self):
        """The core's progress, "6 of 6 exercises passed"; the bonus's when only it was graded."""
        return self.summary_of(self.tracks[0] if self.tracks else "core")

    @property
    def all_passed(self):
        return all(exercise.status is Status.PASSED for exercise in self.exercises)

    def done(self, bonus_optional):
        """Whether this grading succeeds: every exercise passed.

        ``bonus_optional``: a bonus exercise not started yet does not count
        against it (when the learner asked for every exercise, not for it).
        """
        return all(e.status is Status.PASSED or (bonus_optional and e.track != "core"
                                                 and e.status is Status.NOT_STARTED)
                   for e in self.exercises)

    def __getitem__(self, name):
        return next(exercise for exercise in self.exercises if exercise.name == name)

    def first_not_passed(self):
        return next((e for e in self.exercises if e.status is not Status.PASSED), None)
