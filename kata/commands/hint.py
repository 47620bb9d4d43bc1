"""``python3 grader.py hint NAME``: the next hint for an exercise, one level at a time.

Each exercise has three levels in the manifest: a nudge, the idea, then nearly
the line of code. The level shown is remembered in ``hints.json`` in the state
folder; ``--again`` repeats it and ``--forget`` starts every exercise (or NAME)
from its first hint again. Hints are refused while an interview runs.
Exit status: 0 when a hint is printed (or forgotten), 1 when none is (no more
hints, nothing to repeat, an interview running), 2 for a usage error.
"""
import argparse
import json

from .. import interview, state
from ..cli import Parser, UsageError, command
from ..manifest import BY_NAME, match_names
from ..interview import wrapped

FILE = "hints.json"


def main(argv):
    args = parse_args(argv)
    if args.forget:
        return forget(args)
    name = args.names[0]
    session, time_up = interview.load_current()
    if session is not None and session.running:
        return say(args, 1, f"No hints during an interview: an interviewer would not give them. "
                            f"It ends at {interview.clock(session.deadline)}, or now with: "
                            f"{command('interview', '--end')}")
    hints, shown = BY_NAME[name].hints, load()
    level = shown.get(name, 0)
    if args.again:
        if level == 0:
            return say(args, 1, f"No hint for {name} yet; see the first with: "
                                f"{command('hint', name)}")
    elif level >= len(hints):
        return say(args, 1, f"No more hints for {name}: you have seen all {len(hints)}. "
                            f"See the last again with: {command('hint', name, '--again')}")
    else:
        level += 1
        save({**shown, name: level})
    ran_out = (f"The interview's time ran out at {interview.clock(session.ended)}, so hints are "
               f"back. Its summary: {command('interview')}\n\n" if time_up else "")
    if args.json:
        print(json.dumps({"name": name, "level": level, "levels": len(hints),
                          "hint": hints[level - 1]}, indent=2))
        return 0
    after = (f"Next hint: {command('hint', name)}" if level < len(hints)
             else f"That was the last hint. See it again with: {command('hint', name, '--again')}")
    print(ran_out + "\n".join([f"Hint {level} of {len(hints)} for {name}:", "",
                               *hint_lines(hints[level - 1], last=level == len(hints)), "", after]))
    return 0


def hint_lines(hint, last):
    """The hint's lines: words wrapped, but the last level's code one statement a line."""
    if last:
        return [f"  {statement}" for statement in hint.split("; ")]
    return wrapped(hint, "  ", "  ")


def parse_args(argv):
    parser = Parser(prog="grader.py hint", allow_abbrev=False,
                    description="Show the next hint for an exercise: a nudge, the idea, then "
                                "nearly the line of code.")
    parser.add_argument("names", nargs="*", metavar="NAME",
                        help="the exercise: a name, a unique prefix or a number")
    parser.add_argument("--again", action="store_true", help="show the last hint shown again")
    parser.add_argument("--forget", action="store_true",
                        help="forget the hints shown (of NAME, or of every exercise)")
    parser.add_argument("--no-setup", action="store_true", help=argparse.SUPPRESS)  # grader.py's
    parser.add_argument("--json", action="store_true", help="print the hint as JSON")
    args = parser.parse_args(argv)
    try:
        args.names = match_names(args.names)
    except ValueError as error:
        raise UsageError(str(error)) from None
    if args.forget and args.again:
        raise UsageError("--again and --forget cannot go together")
    if not args.forget and len(args.names) != 1:
        raise UsageError("name one exercise, as in: hint closest_centroid")
    return args


def say(args, status, message):
    print(json.dumps({"message": message}, indent=2) if args.json else message)
    return status


def forget(args):
    """Start over from the first hint: of NAME, or of every exercise (even from a damaged file)."""
    if args.names:
        kept = {name: level for name, level in load().items() if name not in args.names}
        save(kept)
        which = ", ".join(args.names)
    else:
        state.remove(FILE)
        which = "every exercise"
    return say(args, 0, f"Forgot the hints shown for {which}: the next hint is the first.")


def load():
    """Exercise name -> the level of the last hint shown, from the state file."""
    start_over = command("hint", "--forget")
    data = state.read(FILE, start_over)
    if data is None:
        return {}
    shown = data.get("shown") if isinstance(data, dict) and data.get("version") == 1 else None
    if not isinstance(shown, dict):
        raise state.damaged(FILE, start_over, "it is not a version 1 record of hints shown")
    for name, level in shown.items():
        if name not in BY_NAME or type(level) is not int or not 1 <= level <= len(BY_NAME[name].hints):
            raise state.damaged(FILE, start_over, f"{name!r}: {level!r} is no hint level")
    return shown


def save(shown):
    state.write(FILE, {"version": 1, "shown": shown})
