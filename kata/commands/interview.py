"""``python3 grader.py interview``: practise under interview conditions, with a clock.

``interview [--minutes N]`` starts a session (45 minutes by default), or shows
the one in progress: the time left, and each exercise's first pass with the
attempts it took. ``--end`` finishes it and shows the summary, with the
follow-up questions an interviewer asks; ``--answers`` shows their model
answers, once no session is running. ``--discard`` throws the session away,
even a damaged file. Exit status: 0, or 1 when there is nothing to show (no
session to end, answers asked for while one runs), 2 for a usage error or a
damaged state file.
"""
import argparse
import json

from .. import interview
from ..cli import Parser, UsageError, command, shown_path
from ..interview import DEFAULT_MINUTES, MAX_MINUTES, Interview, clock, minutes_text
from ..manifest import CORE, EXERCISES_DIR
from ..stubs import is_stub


def main(argv):
    args = parse_args(argv)
    if args.discard:
        found = interview.discard()
        return say(args, 0, {"discarded": found}, "Discarded the interview session." if found
                   else "There was no interview session to discard.")
    session, time_up = interview.load_current()
    if args.answers:
        return answers(args, session)
    if args.end:
        return end(args, session, time_up)
    if session is not None and session.running:
        if args.minutes is not None:
            raise UsageError(f"an interview is running already, until {clock(session.deadline)}; "
                             f"end it first with: {command('interview', '--end')}")
        at = interview.now()
        return say(args, 0, {"interview": session.as_dict(at)}, session.status_text(at))
    if time_up:  # it ran out since the last command: show how it went before starting anew
        return say(args, 0, {"interview": session.as_dict(interview.now())},
                   interview.time_up_text(session))
    return start(args)


def parse_args(argv):
    parser = Parser(prog="grader.py interview", allow_abbrev=False,
                    description="Practise under interview conditions: a clock, no hints, and "
                                "the follow-up questions once the code works.")
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--minutes", type=minutes, metavar="N",
                      help=f"start a session of N minutes (default: {DEFAULT_MINUTES})")
    what.add_argument("--end", action="store_true", help="end the session and show the summary")
    what.add_argument("--answers", action="store_true",
                      help="show the model answers to the follow-up questions (after the session)")
    what.add_argument("--discard", action="store_true",
                      help="throw the session away, with no summary")
    parser.add_argument("--no-setup", action="store_true", help=argparse.SUPPRESS)  # grader.py's
    parser.add_argument("--json", action="store_true", help="print the session as JSON")
    return parser.parse_args(argv)


def minutes(text):
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of minutes: {text!r}") from None
    if not 0 < value <= MAX_MINUTES:
        raise argparse.ArgumentTypeError(f"the minutes must be between 0 and {MAX_MINUTES}, not {text}")
    return value


def start(args):
    at = interview.now()
    session = Interview(started=at, minutes=args.minutes or DEFAULT_MINUTES)
    interview.save(session)
    written = [name for name in CORE if not is_stub(EXERCISES_DIR / f"{name}.py", name)]
    lines = [f"Interview started: {minutes_text(session.minutes)}, until {clock(session.deadline)}.",
             "", *interview.wrapped(
                 f"Write the {len(CORE)} functions in {shown_path(EXERCISES_DIR)}/ as you would in "
                 f"an interview. Hints are off until it ends. Grade as usual, and each report shows "
                 f"the time left; the first pass of each exercise is recorded, with the time and "
                 f"the attempts it took:"),
             f"  {command()}        grades every exercise",
             f"  {command('watch')}  grades again on every save"]
    if written:
        lines += ["", *interview.wrapped(
            f"Note: {len(written)} of the files are not the stub: {', '.join(written)}. To start "
            f"from scratch, reset them (each file is backed up first): "
            f"{command('reset', *written)}")]
    lines += ["", f"See the clock:  {command('interview')}",
              f"End it early:   {command('interview', '--end')}"]
    return say(args, 0, {"interview": session.as_dict(at), "not_stubs": written}, "\n".join(lines))


def end(args, session, time_up):
    if session is None:
        return say(args, 1, {"interview": None},
                   f"No interview to end; start one with: {command('interview')}")
    if session.running:
        session.finish(interview.now())
        interview.save(session)
        text = session.summary_text()
    else:
        text = interview.time_up_text(session) if time_up else session.summary_text()
    return say(args, 0, {"interview": session.as_dict(interview.now())}, text)


def answers(args, session):
    if session is not None and session.running:
        return say(args, 1, {"answers": None},
                   f"The model answers are shown once the interview is over. It ends at "
                   f"{clock(session.deadline)}, or now with: "
                   f"{command('interview', '--end')}")
    return say(args, 0, {"answers": interview.answers_data()}, interview.answers_text())


def say(args, status, data, text):
    print(json.dumps(data, indent=2) if args.json else text)
    return status
