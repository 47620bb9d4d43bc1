"""What the judge learns from a worker: outcomes of calls, output, and how things ended."""
import signal
from dataclasses import dataclass, field

from . import framing


class FileProblem(Exception):
    """The learner's file cannot be used at all: the exercise is an error."""


class TimedOut(Exception):
    """The exercise ran out of time: its worker was killed."""


class NotStarted(Exception):
    """The function still raises NotImplementedError, as the stub does."""


class Crashed(AssertionError):
    """The worker died during a call, or sent back what cannot be checked: this check fails."""

    def __init__(self, message, reason):
        super().__init__(message)
        self.message, self.hint, self.reason = message, "", reason


@dataclass
class Outcome:
    """What one call of the learner's function did."""

    call: str                 # the call as code, for messages
    parameters: tuple         # the function's parameter names
    args: tuple               # what the judge sent
    kwargs: dict
    value: object = None      # what came back, if it returned
    error: dict = None        # {"type", "message", "where"}, if it raised
    args_after: tuple = ()    # the arguments as the function left them
    kwargs_after: dict = field(default_factory=dict)
    views: tuple = ()         # positions of array arguments the result shares memory with

    @property
    def raised(self):
        return self.error is not None


@dataclass
class OutputLog:
    """What a learner's code printed: the first few KB, and how many characters followed."""

    kept: str = ""
    dropped: int = 0

    def add(self, message):
        new, dropped = message.get("output", ""), message.get("output_dropped", 0)
        room = max(framing.OUTPUT_LIMIT - len(self.kept), 0)
        self.kept += new[:room]
        self.dropped += dropped + max(len(new) - room, 0)

    @property
    def text(self):
        """The output kept, marked where it was cut: everything after that is dropped."""
        return self.kept + (f"\n[... {self.dropped:,} characters cut]" if self.dropped else "")


def outcome_of(call, parameters, args, kwargs, item):
    args_after = args  # the very same tuple, when nothing changed: no need to compare
    if item["args_changed"]:
        args_after = list(args)
        for position, value in item["args_changed"].items():
            args_after[int(position)] = value
        args_after = tuple(args_after)
    outcome = Outcome(call, parameters, args, kwargs, args_after=args_after,
                      kwargs_after={**kwargs, **item["kwargs_changed"]})
    if "raised" in item:
        outcome.error = item["raised"]
    else:
        outcome.value = item["returned"]
        outcome.views = tuple(item["views"])
    return outcome


def signal_words(number):
    meaning = {
        "SIGSEGV": "the Python interpreter itself crashed with a segmentation fault",
        "SIGKILL": "it was killed, perhaps for using too much memory",
        "SIGABRT": "the Python interpreter aborted",
        "SIGBUS": "the Python interpreter itself crashed with a bus error",
    }
    try:
        name = signal.Signals(number).name
    except ValueError:
        name = f"signal {number}"
    return f"{meaning.get(name, 'it was stopped by a signal')}, {name}"
