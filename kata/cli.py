"""The command line: ``python3 grader.py [COMMAND] [NAME...] [options]``.

Without a command it grades. Each other command (watch, hint, reset,
interview, demo) is a module of ``kata.commands`` with a ``main(argv) -> exit
status``; ``COMMANDS`` lists them.
Exit status: 0 when every graded exercise passed, 1 otherwise, 2 for a usage
or set-up error (one line on stderr), 130 after Ctrl-C.
"""
import argparse
import importlib
import json
import os
import shlex
import signal
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

from .manifest import EXERCISES, EXERCISES_DIR, NAMES, ROOT, SOLUTIONS_DIR, match_names
from .state import StateError

# command name -> module in kata.commands; grading needs no command word
COMMANDS = {"watch": "watch", "hint": "hint", "reset": "reset", "interview": "interview",
            "demo": "demo", "batch": "batch", "merge": "merge"}


class UsageError(Exception):
    """A wrong argument: one line on stderr, exit status 2."""


class Parser(argparse.ArgumentParser):
    def error(self, message):
        raise UsageError(f"{message} (see: python3 grader.py --help)")


def grade_parser(prog="grader.py", description="Grade the K-means kata's exercises."):
    parser = Parser(prog=prog, description=description, allow_abbrev=False,
                    formatter_class=argparse.RawDescriptionHelpFormatter,
                    epilog="exercises, in order: " + ", ".join(
                        f"{number}. {name}" for number, name in enumerate(NAMES, 1)) + "\n\n"
                        "other commands (each has --help):\n"
                        "  watch [NAME...]          grade again on every save\n"
                        "  hint NAME                the next hint for an exercise\n"
                        "  reset NAME...            put the stub back (your file is backed up)\n"
                        "  interview [--minutes N]  practise with a clock, then follow-up questions\n"
                        "  demo [--plot FILE.png]   your run_Kmeans on real data, beside scikit-learn's\n"
                        "  batch FOLDER --out DIR   grade a room of submissions into a gradebook\n"
                        "  merge DIR... --out DIR   join the gradebooks of batch --shard runs")
    parser.add_argument("names", nargs="*", metavar="NAME",
                        help="exercises to grade: names, unique prefixes, numbers or file "
                             "paths (default: all)")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--exercises", metavar="DIR", type=Path,
                       help="grade the exercise files in DIR (default: exercises/)")
    where.add_argument("--solutions", action="store_true", help="grade the reference solutions")
    parser.add_argument("--timeout", metavar="SECONDS", type=positive_seconds,
                        help="time allowed per exercise (default: 5)")
    parser.add_argument("--json", action="store_true", help="print only a JSON report")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="show every failing check of every exercise")
    parser.add_argument("--no-setup", action="store_true",
                        help="never set up .venv; say what is missing instead")
    parser.add_argument("--start", choices=("fork", "spawn"), default="fork",
                        help=argparse.SUPPRESS)  # how workers start; tests use spawn
    return parser


def positive_seconds(text):
    try:
        seconds = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not 0 < seconds < 3600:
        raise argparse.ArgumentTypeError(f"the timeout must be between 0 and 3600 seconds, not {text}")
    return seconds


def parse_grade_args(argv, parser=None):
    args = (parser or grade_parser()).parse_args(argv)
    if hasattr(args, "format"):  # plain grading: --json is --format json
        if args.json and args.format not in (None, "json"):
            raise UsageError(f"--json and --format {args.format} cannot go together")
        args.format = "json" if args.json else args.format or "text"
        args.json = args.format == "json"
    args.named = bool(args.names)  # the learner chose these exercises
    try:
        args.names = match_names(args.names) if args.names else list(NAMES)
    except ValueError as error:
        raise UsageError(str(error)) from None
    args.folder = SOLUTIONS_DIR if args.solutions else (args.exercises or EXERCISES_DIR)
    if not args.folder.is_dir():
        raise UsageError(f"no such folder: {args.folder}")
    return args


def grade_command(argv, judge=None):
    """Grade as ``argv`` asks, with ``judge`` if given (left open), else with a judge of its own."""
    args = parse_grade_args(argv, with_output_options(grade_parser()))
    from . import interview
    if not args.solutions:
        interview.load()  # a damaged session file stops us before grading, not after
    if judge is not None:
        report = judge.grade(args.folder, args.names, shown_path(args.folder), args.timeout)
    else:
        judge = new_judge(args)
        try:
            report = judge.grade(args.folder, args.names, shown_path(args.folder))
        finally:
            judge.close(wait=False)  # it ends as this process does: no need to wait
    session, time_up = (None, False) if args.solutions else interview.after_grading(report, args.folder)
    noted = args.names if args.named else ()
    if args.format in ("gradescope", "junit") or args.output:
        emit(formatted(report, args, session, time_up, noted), args.output)
    else:
        print_report(report, args, session, time_up, noted)
    # a bonus exercise not started fails only a grading that asked for it by name
    return 0 if report.done(bonus_optional=not args.named) else 1


def with_output_options(parser):
    """The options of plain grading alone: the report's format, a file for it, the sandbox."""
    parser.add_argument("--format", choices=FORMATS,
                        help="text (the default), json (as --json), gradescope (its "
                             "results.json) or junit (XML for CI)")
    parser.add_argument("--output", metavar="FILE", type=Path,
                        help="write the report to FILE instead of stdout")
    parser.add_argument("--sandbox", action=argparse.BooleanOptionalAction, default=False,
                        help="run the exercises in a bubblewrap sandbox (as batch does)")
    return parser


FORMATS = ("text", "json", "gradescope", "junit")


def new_judge(args):
    """The judge ``args`` ask for: in a bubblewrap sandbox with --sandbox."""
    if getattr(args, "sandbox", False):
        from .batch.sandbox import INSTALL_ADVICE, SandboxedJudge, unavailable
        reason = unavailable()
        if reason:
            raise UsageError(f"--sandbox: {reason}; {INSTALL_ADVICE}")
        return SandboxedJudge(args.timeout)
    from .judge.session import Judge
    return Judge(args.timeout, args.start)


def formatted(report, args, session, time_up, noted):
    """The report as text in the format ``args`` ask for (text is never coloured here)."""
    if args.format == "gradescope":
        from .report.render_gradescope import render
        return render(report)
    if args.format == "junit":
        from .report.render_junit import render
        return render(report)
    import contextlib
    import io
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        print_report(report, args, session, time_up, noted)
    return buffer.getvalue()


def emit(text, output):
    """Print ``text``, or write it to the file ``output`` whole (a temporary file, renamed)."""
    text = text if text.endswith("\n") else text + "\n"
    if output is None:
        sys.stdout.write(text)
        return
    temporary = output.with_name(f".{output.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8", errors="backslashreplace")  # lone surrogates
        os.replace(temporary, output)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise UsageError(f"cannot write --output {output}: {error.strerror}") from None


def print_report(report, args, session=None, time_up=False, noted=(), watching=False):
    """Print a grading's report as ``args`` ask (--json, -v), with the interview's clock.

    ``noted``: the exercises whose reference to point at if they passed (with
    -v, all). ``time_up``: this grading ended ``session``; its summary follows.
    ``watching``: the report of ``watch``, which ends with its progress line.
    """
    from . import interview
    if args.json:
        from .report.render_json import as_dict
        data = as_dict(report)
        if session is not None:
            data["interview"] = session.as_dict(interview.now())
        print(json.dumps(data, indent=None if watching else 2), flush=True)
        return
    from .report.render_text import Style, render
    clock = session.clock_line(interview.now()) if session is not None and session.running else ""
    noted = () if args.solutions else [e.name for e in report.exercises] if args.verbose else noted
    print(render(report, Style(rerun_command(args), use_colour(), args.verbose,
                               core_total=sum(e.track == "core" for e in EXERCISES),
                               clock=clock, watching=watching, noted=frozenset(noted),
                               solutions=shown_path(SOLUTIONS_DIR))), flush=True)
    if time_up:
        print("\n" + interview.time_up_text(session), flush=True)


def main(argv=None):
    """Run the grader with ``argv`` (default: the command line); returns the exit status."""
    argv = sys.argv[1:] if argv is None else list(argv)
    _replace_unprintable_characters()
    try:
        if argv and argv[0] in COMMANDS:
            command = importlib.import_module(f"kata.commands.{COMMANDS[argv[0]]}")
            return command.main(argv[1:])
        return grade_command(argv)
    except UsageError as error:
        print(f"grader.py: error: {error}", file=sys.stderr)
        return 2
    except _setup_errors() + (StateError,) as error:
        print(f"grader.py: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("grader.py: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # python3 grader.py | head -1: the reader has gone
        _silence_stdout()
        return 1


def _setup_errors():
    from .judge.session import SetupError
    return (SetupError,)


def rerun_command(args):
    """How to grade the same folder again, as it can be pasted into this shell."""
    if args.solutions:
        return command("--solutions")
    if args.exercises:
        return command("--exercises", shown_path(args.exercises, quote=True))
    return command()


def command(*words):
    """``python3 grader.py WORDS`` as it can be pasted into this shell (the words unquoted)."""
    return " ".join([python_command(), shown_path(ROOT / "grader.py", quote=True), *words])


def python_command():
    return "python" if os.name == "nt" else "python3"


def shown_path(path, quote=False):
    """The path as the learner would type it: relative to here when it is below here."""
    try:
        path = Path(path).resolve()
    except (RuntimeError, OSError):  # a loop of symbolic links: shown as given
        path = Path(os.path.abspath(path))
    try:
        text = path.relative_to(Path.cwd().resolve()).as_posix() or "."
    except ValueError:
        text = path.as_posix()
    return shlex.quote(text) if quote else text


def use_colour():
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def _replace_unprintable_characters():
    """Print what stdout cannot encode as '?', rather than crash: learner text can hold anything."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")
        except (AttributeError, ValueError):
            pass


def _silence_stdout():
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


@contextmanager
def stopped_by_signals():
    """Ctrl-C (SIGINT) and SIGTERM raise KeyboardInterrupt, so that every ``finally`` runs:
    the judge closes, its processes and temporary files go.

    SIGINT too, as a shell starts a background job with SIGINT ignored. The
    previous handlers come back afterwards.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    def interrupt(signum, frame):
        raise KeyboardInterrupt
    previous = {number: signal.signal(number, interrupt) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
