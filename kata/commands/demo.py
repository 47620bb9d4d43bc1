"""``python3 grader.py demo``: your run_Kmeans on real data, beside scikit-learn's, with pictures.

It first grades run_Kmeans, the exercise whose code it runs, and stops if that
has not passed. Then on each data set (iris, make_blobs, two moons) it runs
your run_Kmeans in a worker, as grading does, and scikit-learn's KMeans from
the same start, and prints how they compare. ``--plot FILE.png`` draws a row
per data set; ``--animate FILE.gif`` draws every round. Both need the
optional extra ``plot`` (matplotlib and Pillow), checked before anything runs.
Exit status: 0 when your run_Kmeans gave labels on every data set, 1 when it
has not passed yet or gave none somewhere, 2 for a usage or set-up error.
"""
import argparse
import random
import sys
from pathlib import Path

from .. import bootstrap
from ..cli import Parser, UsageError, command, positive_seconds, shown_path
from ..manifest import EXERCISES_DIR, ROOT, SOLUTIONS_DIR
from ..demo.run import EXERCISE, NotReady, demo
from ..demo.text import render

SEEDS = 2**32   # np.random.seed takes 0 <= seed < 2**32
PICTURES = (".png", ".svg", ".pdf")   # what matplotlib writes without anything more


def main(argv, judge=None):
    """Run the demo as ``argv`` asks, with ``judge`` if given (left open); the exit status."""
    args = parse_args(argv)
    missing = pictures_missing(args)
    if missing:
        print(f"grader.py: error: {missing}", file=sys.stderr)
        return 2
    from ..judge.session import Judge

    own_judge = judge is None
    judge = judge or Judge(args.timeout, args.start)
    try:
        comparisons = demo(judge, args.folder, shown_path(args.folder), args.seed, args.timeout)
    except NotReady as reason:
        print(f"{reason}\n\nSee why with: {command(*folder_words(args), EXERCISE)}")
        return 1
    finally:
        if own_judge:
            judge.close(wait=False)  # it ends as this process does: no need to wait
    print(render(comparisons, f"{shown_path(args.folder)}/", args.seed,
                 command("demo", *folder_words(args), "--seed", str(args.seed))), flush=True)
    return draw(args, comparisons) or (1 if any(c.yours.problem for c in comparisons) else 0)


def parse_args(argv):
    parser = Parser(prog="grader.py demo", allow_abbrev=False,
                    description=f"Run your {EXERCISE} on iris, make_blobs and two moons, beside "
                                f"scikit-learn's KMeans from the same start, and draw every round.")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--exercises", metavar="DIR", type=Path,
                       help="run the run_Kmeans.py in DIR (default: exercises/)")
    where.add_argument("--solutions", action="store_true", help="run the reference solution")
    parser.add_argument("--seed", metavar="N", type=seed_number,
                        help="seed of the random start, to repeat a run (default: a new one)")
    parser.add_argument("--plot", metavar="FILE.png", type=Path,
                        help="draw a row per data set: your clusters, the centroids' paths, "
                             "scikit-learn's clusters, the true classes")
    parser.add_argument("--animate", metavar="FILE.gif", type=Path,
                        help="draw every round as frames: the assignment, then the update")
    parser.add_argument("--timeout", metavar="SECONDS", type=positive_seconds,
                        help="time allowed to grade run_Kmeans, and per data set (default: 5)")
    parser.add_argument("--no-setup", action="store_true", help=argparse.SUPPRESS)  # grader.py's
    parser.add_argument("--start", choices=("fork", "spawn"), default="fork",
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.folder = SOLUTIONS_DIR if args.solutions else (args.exercises or EXERCISES_DIR)
    if not args.folder.is_dir():
        raise UsageError(f"no such folder: {args.folder}")
    for path, kinds in ((args.plot, PICTURES), (args.animate, (".gif",))):
        if path is not None and not path.parent.is_dir():
            raise UsageError(f"no such folder for {path}: {path.parent}")
        if path is not None and path.suffix.lower() not in kinds:
            raise UsageError(f"give a file name ending in {' or '.join(kinds)}, not {path}")
    if args.seed is None:
        args.seed = random.randrange(10_000)  # short, to be easy to type again
    return args


def seed_number(text):
    try:
        seed = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 0 <= seed < SEEDS:
        raise argparse.ArgumentTypeError(f"the seed must be between 0 and {SEEDS - 1}, not {text}")
    return seed


def folder_words(args):
    """The options that choose the same folder again."""
    if args.solutions:
        return ["--solutions"]
    if args.exercises:
        return ["--exercises", shown_path(args.exercises, quote=True)]
    return []


def pictures_missing(args):
    """What to install before the pictures asked for can be drawn, or ""."""
    if not (args.plot or args.animate):
        return ""
    from ..demo.plot import missing
    packages = missing()
    if not packages:
        return ""
    option = "--plot" if args.plot else "--animate"
    return (f"{option} needs {' and '.join(packages)}, from the kata's optional extra 'plot'; "
            f"install it with: {bootstrap.install_command(ROOT, 'plot')}")


def draw(args, comparisons):
    """Save the pictures asked for; 2 (after one line on stderr) if a file cannot be written."""
    from ..demo import plot
    try:
        if args.plot:
            plot.save_figure(comparisons, args.seed, args.plot)
            print(f"\nPicture: {shown_path(args.plot)}", flush=True)
        if args.animate:
            frames = plot.save_animation(comparisons, args.seed, args.animate)
            print(f"{'' if args.plot else chr(10)}Animation: {shown_path(args.animate)} "
                  f"({frames} frames)", flush=True)
    except OSError as error:
        print(f"grader.py: error: cannot write the picture: {error}", file=sys.stderr)
        return 2
    return 0
