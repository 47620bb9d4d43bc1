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

    def __str__(self):
        return f"{self.passed} of {self.total} exercises passed"


@dataclass
class Report:
    """The verdicts on one folder of exercise files."""

    folder: str               # as the learner would type it
    exercises: list
    seconds: float = 0.0      # how long grading took
    notes: list = field(default_factory=list)   # about the grading itself, not the code

    @property
    def summary(self):
        return Summary(sum(e.status is Status.PASSED for e in self.exercises), len(self.exercises))

    @property
    def all_passed(self):
        return all(exercise.status is Status.PASSED for exercise in self.exercises)

    def __getitem__(self, name):
        return next(exercise for exercise in self.exercises if exercise.name == name)

    def first_not_passed(self):
        return next((e for e in self.exercises if e.status is not Status.PASSED), None)
