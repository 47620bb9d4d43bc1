"""The report as text for a terminal: ``python grader.py``."""
import re
from dataclasses import dataclass

from ..manifest import BY_NAME
from .model import Report, Status

FAILURES_SHOWN = 3   # failing checks shown per exercise, unless --verbose
BAR_WIDTH = 24
LABELS = {Status.PASSED: "passed", Status.FAILED: "failed", Status.NOT_STARTED: "not started",
          Status.ERROR: "error", Status.TIMEOUT: "timed out"}
COLOURS = {Status.PASSED: "32", Status.FAILED: "31", Status.NOT_STARTED: "2",
           Status.ERROR: "35", Status.TIMEOUT: "33"}
NEXT_STEPS = {
    Status.NOT_STARTED: "open {path}, read the docstring, and replace `raise NotImplementedError` "
                        "with your code.",
    Status.ERROR: "fix {path} so that Python can import it.",
    Status.TIMEOUT: "find the loop in {path} that never ends.",
    Status.FAILED: "fix {path}.",
}
TRACK_TITLES = {"bonus": "Bonus track: once the six pass, an interviewer's next questions"}
# every control character but newline and tab: learner output must not redraw the terminal;
# nor the marks that turn text right to left, or separate lines, where none is seen
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029"
                      "\u202a-\u202e\u2066-\u2069]")


@dataclass
class Style:
    """How to render: the command that grades the same folder again, colour, every failure."""

    command: str = "python grader.py"
    colour: bool = False
    verbose: bool = False
    core_total: int = 0       # how many core exercises there are, for "All 6 pass"
    clock: str = ""           # a line under the title: an interview's time left
    watching: bool = False    # watch's report: "save to grade again", progress line last
    noted: frozenset = frozenset()  # exercises whose reference to point at, if they passed
    solutions: str = "solutions"    # the reference solutions' folder, as the learner types it

    def paint(self, status, text):
        return f"\033[{COLOURS[status]}m{text}\033[0m" if self.colour else text


def render(report: Report, style: Style = Style()):
    """The whole report: a line per exercise, the progress bar, then what to do next."""
    verb = "watching" if style.watching else "grading"
    lines = [f"K-means kata: {verb} {safe(report.folder)}/"] + ([style.clock] if style.clock else [])
    for track in report.tracks:
        lines += [""] + ([TRACK_TITLES[track]] if track != "core" else [])
        lines += exercise_lines(report, track, style)
        if not style.watching:
            lines += ["", progress_line(report, track)]
    for exercise in report.exercises:
        if exercise.name in style.noted and exercise.status is Status.PASSED:
            lines += [""] + reference_lines(exercise, style)
    # an exercise the learner is working on comes before one not started yet
    shown = sorted((e for e in report.exercises if e.status is not Status.PASSED),
                   key=lambda e: e.status is Status.NOT_STARTED)
    core = [e for e in report.exercises if e.track == "core"]
    if not shown or (core and all(e.status is Status.PASSED for e in core)):
        lines += [""] + all_passed(report, style)  # then what is left of the bonus, if any
    for exercise in (shown if style.verbose else shown[:1]):
        lines += [""] + details(exercise, report.folder, style)
    if report.notes:
        lines += [""] + [f"Note: {note}" for note in report.notes]
    if style.watching:  # last, so that a program reading the reports knows where each ends
        lines += [""] + [progress_line(report, track) for track in report.tracks]
    return "\n".join(lines)


def exercise_lines(report, track, style):
    width = max(len(exercise.name) for exercise in report.exercises)
    number_width = len(str(max(exercise.number for exercise in report.exercises)))
    lines = []
    for exercise in report.exercises:
        if exercise.track != track:
            continue
        counts = (f"{exercise.passed}/{exercise.total} checks"
                  if exercise.status in (Status.PASSED, Status.FAILED) else "")
        label = style.paint(exercise.status, f"{LABELS[exercise.status]:<11}")
        number = f"{exercise.number:>{number_width}}."
        lines.append(f"  {number} {exercise.name:<{width}}  {label}  {counts}".rstrip())
    return lines


def progress_line(report, track="core"):
    summary = report.summary_of(track)
    filled = round(BAR_WIDTH * summary.passed / summary.total)
    title = {"core": "Progress:"}.get(track, f"{track.capitalize()}:").ljust(len("Progress:"))
    return f"{title} [{'#' * filled}{'-' * (BAR_WIDTH - filled)}] {summary}"


def reference_lines(exercise, style):
    """Where the reference of a passed exercise is, and what it does that yours may not."""
    note = BY_NAME[exercise.name].reference_note
    path = f"{style.solutions}/{exercise.name}.py"
    return [style.paint(Status.PASSED, f"{exercise.name}: passed"),
            f"  Compare with {path}: {note}" if note else f"  Compare with {path}."]


def all_passed(report, style):
    """The line for a grading whose core exercises (or, without any, all exercises) passed."""
    core, bonus = report.summary_of("core"), report.summary_of("bonus")
    if core.total >= style.core_total:
        also = (f", and the {bonus.total} of the bonus track too" if bonus.total and
                bonus.passed == bonus.total else "")
        return [style.paint(Status.PASSED, f"All {core.total} exercises pass{also}. Well done!")]
    total = len(report.exercises)
    graded = "The graded exercise passes" if total == 1 else f"All {total} graded exercises pass"
    return [style.paint(Status.PASSED, f"{graded}."), "",
            f"Next: see every exercise with: {style.command}"]


def details(exercise, folder, style):
    """What went wrong with one exercise, and what to do next."""
    path = f"{folder}/{exercise.name}.py"
    lines = [style.paint(exercise.status, f"{exercise.name}: {LABELS[exercise.status]}")]
    if exercise.status is Status.FAILED:
        lines += failing_checks(exercise, style.verbose)
    else:
        lines += indented(exercise.message, "  ") + hint_lines(exercise.hint, "  ")
    if exercise.status is Status.NOT_STARTED:
        lines.append(f"  Your task: {BY_NAME[exercise.name].task}")
    lines += printed_output(exercise)
    next_step = NEXT_STEPS[exercise.status].format(path=path)
    then = ("Save it to grade it again." if style.watching
            else f"Then run: {style.command} {exercise.name}")
    return lines + ["", f"Next: {next_step} {then}"]


def failing_checks(exercise, verbose):
    failing = exercise.failing
    shown = failing if verbose else failing[:FAILURES_SHOWN]
    lines = []
    for check in shown:
        lines += ["", f"  x {check.name}"]
        lines += indented(check.message, "    ") + hint_lines(check.hint, "    ")
    if len(failing) > len(shown):
        lines += ["", f"  ... and {len(failing) - len(shown)} more failing check(s); "
                      f"-v shows them all."]
    return lines


def printed_output(exercise):
    if not (exercise.output or exercise.output_dropped):
        return []
    lines = ["", "  Your code printed:"] + [f"  | {line}" for line in safe(exercise.output).splitlines()]
    if exercise.output_dropped:
        lines.append(f"  [output cut: {exercise.output_dropped:,} more characters not shown]")
    return lines


def hint_lines(hint, indent):
    return indented(f"Hint: {hint}", indent) if hint else []


def indented(text, indent):
    return [f"{indent}{line}" for line in safe(text).splitlines()]


def safe(text):
    """Text from learner code made harmless: control characters shown escaped."""
    return _CONTROL.sub(lambda match: repr(match.group())[1:-1], str(text))
