"""One report model for the terminal and for --json."""
from dataclasses import dataclass, field
from enum import Enum

JSON_VERSION = 1


class Status(str, Enum):
    PASSED = "passed"
    FAILED = "failed"
    NOT_STARTED = "not_started"
    ERROR = "error"
    TIMEOUT = "timeout"


@dataclass
class CheckResult:
    """One check of an exercise: a test in its hidden suite."""

    name: str
    status: Status
    message: str = ""


@dataclass
class ExerciseResult:
    name: str
    status: Status
    message: str = ""
    checks: list = field(default_factory=list)
    output: str = ""          # what the learner's code printed, cut to a few KB
    output_dropped: int = 0   # characters of output cut off

    @property
    def passed(self):
        return sum(check.status is Status.PASSED for check in self.checks)

    @property
    def total(self):
        return len(self.checks)

    def to_dict(self):
        return {"name": self.name, "status": self.status.value, "passed": self.passed,
                "total": self.total, "message": self.message,
                "output": self.output, "output_dropped": self.output_dropped,
                "tests": [{"name": check.name, "status": check.status.value,
                           "message": check.message} for check in self.checks]}


@dataclass
class Report:
    folder: str
    exercises: list

    @property
    def passed(self):
        return sum(exercise.status is Status.PASSED for exercise in self.exercises)

    @property
    def all_passed(self):
        return self.passed == len(self.exercises)

    def to_dict(self):
        return {"version": JSON_VERSION, "folder": self.folder,
                "exercises": [exercise.to_dict() for exercise in self.exercises],
                "summary": {"passed": self.passed, "total": len(self.exercises)}}


def summarize(name, checks, learner):
    """An exercise's status and headline from its checks and its worker's state."""
    failures = [check for check in checks if check.status is not Status.PASSED]
    if learner.problem:
        status, message = Status.ERROR, learner.problem
    elif learner.timed_out:
        status, message = Status.TIMEOUT, learner.timeout_message()
    elif not checks:
        status, message = Status.ERROR, "No checks ran for this exercise: the grader itself is broken."
    elif all(check.status is Status.NOT_STARTED for check in checks):
        status, message = Status.NOT_STARTED, checks[0].message
    elif not failures:
        status, message = Status.PASSED, ""
    else:
        status, message = Status.FAILED, failures[0].message
    return ExerciseResult(name, status, message, list(checks),
                          learner.output.text, learner.output.dropped)
