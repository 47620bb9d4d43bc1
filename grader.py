#!/usr/bin/env python3
"""Grade your K-means exercises: ``python3 grader.py``, or ``python3 grader.py --help``.

On a fresh clone it first sets up ``.venv`` with the kata's dependencies, then
grades; later runs use that ``.venv`` by themselves (see kata/bootstrap.py).
The engine is the ``kata`` package; this file only starts it.
"""
import os
import sys

ROOT = os.path.dirname(os.path.abspath(__file__))


def main(argv=None):
    """Grade as the command line (or ``argv``) asks; returns the exit status."""
    from kata import bootstrap  # standard library only: it runs before the dependencies
    bootstrap.prepare(ROOT, sys.argv[1:] if argv is None else list(argv))
    from kata.cli import main as run
    return run(argv)


if __name__ == "__main__":
    sys.exit(main())
