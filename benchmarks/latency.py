"""How long grading takes, against the time to import numpy and pytest.

    python benchmarks/latency.py [--runs N]

Runs the commands below in turn, N times (interleaved, so a slow moment of the
machine hits them all alike), and prints the median of each and its ratio to
the baseline. The goals: grading one exercise takes at most 2x the baseline,
grading all six at most 4x. The last command starts every worker as a fresh
interpreter (the spawn path, which is all Windows has, and the fallback when
the fork server is gone), to show what the fork server saves.
"""
import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = {
    "baseline: python -c 'import numpy, pytest'": [sys.executable, "-c", "import numpy, pytest"],
    "python grader.py --solutions closest": [sys.executable, "grader.py", "--solutions", "closest"],
    "python grader.py --solutions": [sys.executable, "grader.py", "--solutions"],
    "python grader.py --solutions, spawn path": [sys.executable, "grader.py", "--solutions",
                                                  "--start", "spawn"],
}
GOALS = {"python grader.py --solutions closest": 2.0, "python grader.py --solutions": 4.0}


def seconds(command):
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs of each command (default 15)")
    runs = parser.parse_args().runs
    for command in COMMANDS.values():  # warm the disk cache first
        seconds(command)
    times = {name: [] for name in COMMANDS}
    for _ in range(runs):
        for name, command in COMMANDS.items():
            times[name].append(seconds(command))
    medians = {name: statistics.median(values) for name, values in times.items()}
    baseline = next(iter(medians.values()))
    print(f"median of {runs} interleaved runs, Python {sys.version.split()[0]}\n")
    print(f"| command | median | ratio to baseline | goal |\n|---|---|---|---|")
    for name, median in medians.items():
        goal = f"<= {GOALS[name]:g}x" if name in GOALS else ""
        print(f"| `{name}` | {median:.3f} s | {median / baseline:.2f}x | {goal} |")
    return 0 if all(medians[name] / baseline <= goal for name, goal in GOALS.items()) else 1


if __name__ == "__main__":
    sys.exit(main())
