#!/usr/bin/env python3
"""Grade your K-means exercises.

    python grader.py                    grade every exercise in exercises/
    python grader.py closest create     grade only these (a unique prefix is enough)
    python grader.py --solutions        grade the reference solutions
    python grader.py --exercises DIR    grade another folder of exercise files
    python grader.py --json             print a JSON report instead

Exit status: 0 when every graded exercise passed, 1 otherwise, 2 for a usage error.
"""
import argparse
import json
import os
import sys
from pathlib import Path

from tests.grading.exercises import EXERCISES, EXERCISES_DIR, SOLUTIONS_DIR, match_names
from tests.grading.learner import DEFAULT_TIMEOUT

FAILURES_SHOWN = 3
BAR_WIDTH = 24
LABELS = {"passed": "passed", "failed": "failed", "not_started": "not started",
          "error": "error", "timeout": "timed out"}
COLOURS = {"passed": "32", "failed": "31", "not_started": "2", "error": "35", "timeout": "33"}


class Parser(argparse.ArgumentParser):
    def error(self, message):
        """A usage error: one line on stderr, exit status 2."""
        self.exit(2, f"{self.prog}: error: {message} (see: python grader.py --help)\n")


def parse_args(argv):
    parser = Parser(prog="grader.py", description="Grade the K-means kata's exercises.",
                    formatter_class=argparse.RawDescriptionHelpFormatter,
                    epilog=f"exercises, in order: {', '.join(EXERCISES)}")
    parser.add_argument("names", nargs="*", metavar="NAME",
                        help="exercises to grade, or unique prefixes of their names (default: all)")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--exercises", metavar="DIR", type=Path,
                       help="grade the exercise files in DIR (default: exercises/)")
    where.add_argument("--solutions", action="store_true", help="grade the reference solutions")
    parser.add_argument("--timeout", metavar="SECONDS", type=positive_seconds,
                        default=DEFAULT_TIMEOUT,
                        help=f"time allowed per exercise (default: {DEFAULT_TIMEOUT:g})")
    parser.add_argument("--json", action="store_true", help="print only a JSON report")
    args = parser.parse_args(argv)
    try:
        args.names = match_names(args.names) if args.names else list(EXERCISES)
    except ValueError as error:
        parser.error(str(error))
    args.folder = SOLUTIONS_DIR if args.solutions else (args.exercises or EXERCISES_DIR)
    if not args.folder.is_dir():
        parser.error(f"no such folder: {args.folder}")
    return args


def positive_seconds(text):
    try:
        seconds = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not 0 < seconds < 3600:
        raise argparse.ArgumentTypeError(f"the timeout must be between 0 and 3600 seconds, not {text}")
    return seconds


def relative(path):
    """The path as the learner typed it: relative to here when it is below here."""
    path = Path(path).resolve()
    try:
        return path.relative_to(Path.cwd()).as_posix() or "."
    except ValueError:
        return path.as_posix()


def main(argv=None):
    args = parse_args(argv)
    from tests.grading.judge import grade  # after parsing: --help stays instant

    try:
        report = grade(args.folder, args.names, args.timeout, relative(args.folder))
    except KeyboardInterrupt:
        print("grader.py: interrupted", file=sys.stderr)
        return 130
    if args.json:
        print(json.dumps(report.to_dict(), indent=2))
    else:
        print(render(report, rerun_command(args), colour=use_colour()))
    return 0 if report.all_passed else 1


def rerun_command(args):
    """How to grade the same folder again."""
    if args.solutions:
        return "python grader.py --solutions"
    if args.exercises:
        return f"python grader.py --exercises {relative(args.exercises)}"
    return "python grader.py"


def use_colour():
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def render(report, command="python grader.py", colour=False):
    """The report as text for a terminal."""
    def paint(status, text):
        return f"\033[{COLOURS[status]}m{text}\033[0m" if colour else text

    width = max(len(exercise.name) for exercise in report.exercises)
    lines = [f"K-means kata: grading {report.folder}/", ""]
    for number, exercise in enumerate(report.exercises, 1):
        status = exercise.status.value
        counts = f"{exercise.passed}/{exercise.total} checks" if status in ("passed", "failed") else ""
        label = paint(status, f"{LABELS[status]:<11}")
        lines.append(f"  {number}. {exercise.name:<{width}}  {label}  {counts}".rstrip())
    done, total = report.passed, len(report.exercises)
    filled = round(BAR_WIDTH * done / total)
    lines += ["", f"Progress: [{'#' * filled}{'-' * (BAR_WIDTH - filled)}] "
                  f"{done} of {total} exercises passed"]
    first = next((exercise for exercise in report.exercises if exercise.status.value != "passed"), None)
    lines += [""] + (details(first, report.folder, command, paint) if first else
                     all_passed(report, command, paint))
    return "\n".join(lines)


def all_passed(report, command, paint):
    total = len(report.exercises)
    if total == len(EXERCISES):
        return [paint("passed", f"All {total} exercises pass. Well done!")]
    graded = "The graded exercise passes" if total == 1 else f"All {total} graded exercises pass"
    return [paint("passed", f"{graded}."), "", f"Next: see every exercise with: {command}"]


def todo_lines(path):
    """The stub's '# TODO:' line, which says what to write."""
    try:
        text = Path(path).read_text(errors="replace")
    except OSError:
        return []
    return [line.split("# TODO:", 1)[1].strip() for line in text.splitlines() if "# TODO:" in line][:1]


def details(exercise, folder, command, paint):
    """What went wrong with one exercise, and what to do next."""
    status = exercise.status.value
    path = f"{folder}/{exercise.name}.py"
    lines = [paint(status, f"{exercise.name}: {LABELS[status]}")]
    if status == "failed":
        failing = [check for check in exercise.checks if check.status.value != "passed"]
        for check in failing[:FAILURES_SHOWN]:
            lines += ["", f"  x {check.name.removeprefix('test_').replace('_', ' ')}"]
            lines += [f"    {line}" for line in check.message.splitlines()]
        if len(failing) > FAILURES_SHOWN:
            lines += ["", f"  ... and {len(failing) - FAILURES_SHOWN} more failing check(s); "
                          f"--json lists them all."]
    else:
        lines += [f"  {line}" for line in exercise.message.splitlines()]
    if status == "not_started":
        lines += [f"  Your task: {task}" for task in todo_lines(path)]
    if exercise.output or exercise.output_dropped:
        lines += ["", "  Your code printed:"] + [f"  | {line}" for line in exercise.output.splitlines()]
        if exercise.output_dropped:
            lines.append(f"  [output cut: {exercise.output_dropped:,} more characters not shown]")
    again = f"{command} {exercise.name.split('_')[0]}"  # each first word is unique
    next_step = {
        "not_started": f"open {path}, read the docstring, and replace `raise NotImplementedError` "
                       f"with your code.",
        "error": f"fix {path} so that Python can import it.",
        "timeout": f"find the loop in {path} that never ends.",
        "failed": f"fix {path}.",
    }[status]
    return lines + ["", f"Next: {next_step} Then run: {again}"]


if __name__ == "__main__":
    sys.exit(main())
