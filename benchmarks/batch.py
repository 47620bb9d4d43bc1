"""How long ``grader.py batch`` takes for a room, against the time to import numpy and pytest.

    python benchmarks/batch.py [--students N] [--runs R] [--jobs J]

Generates a room of N submissions (default 100) of a workshop on the six core
exercises: each student hands in one of the correct styles of
tests/catalogue/correct/, and two students in three have one exercise replaced
by a bug from tests/catalogue/wrong/ (taken in turn).
Every file gets a line naming its student, so no two submissions are the same
bytes. A third are folders, a third zips, a third hold their files in
exercises/. Then it runs, R times each and interleaved, the baseline
``python -c "import numpy, pytest"`` and ``grader.py batch`` with and without
the sandbox (with --jobs J, default: the number of cores), and prints the
medians as a markdown table with their ratios to the baseline. The goals for
100 students: at most 40x without the sandbox, 80x with it. Exit status 1 if a
goal is missed.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from kata.manifest import CORE  # noqa: E402  (the kata is found above)
CATALOGUE = ROOT / "tests" / "catalogue"
SOLUTIONS_DIR = ROOT / "solutions"

BASELINE = "baseline: python -c 'import numpy, pytest'"
GOALS = {"batch --no-sandbox": 40.0, "batch --sandbox": 80.0}


def make_room(folder, students):
    """``students`` submissions of the core six in ``folder``: correct styles, with catalogue
    bugs in turn. They hand in no bonus file, which batch grades as not started."""
    core = {f"{name}.py" for name in CORE}
    styles = sorted(path for path in (CATALOGUE / "correct").iterdir()
                    if path.is_dir() and {p.name for p in path.glob("*.py")} & core)
    bugs = sorted(path for path in (CATALOGUE / "wrong").glob("*/*.py") if path.parent.name in CORE)
    for number in range(students):
        # a correct set holds the files of its style; the rest are the reference's
        files = {name: (SOLUTIONS_DIR / name).read_text() for name in core}
        files |= {path.name: path.read_text() for path in styles[number % len(styles)].glob("*.py")}
        if number % 3:
            bug = bugs[number % len(bugs)]
            files[f"{bug.parent.name}.py"] = bug.read_text()
        files = {name: f"# student {number:03d}\n{text}" for name, text in files.items()}
        _hand_in(folder, f"student{number:03d}", files, number % 3)


def _hand_in(folder, student, files, shape):
    inner = "exercises/" if shape == 2 else ""
    if shape == 1:
        with zipfile.ZipFile(folder / f"{student}.zip", "w") as archive:
            for name, text in files.items():
                archive.writestr(f"{student}/{name}", text)
        return
    target = folder / student / inner
    target.mkdir(parents=True)
    for name, text in files.items():
        (target / name).write_text(text)


def seconds(command):
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=True)
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=100, help="submissions (default 100)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each command (default 3)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count(), help="batch --jobs")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="kata-batch-benchmark-"))
    try:
        room = scratch / "room"
        room.mkdir()
        make_room(room, args.students)
        batch = [sys.executable, "grader.py", "batch", str(room), "--out", str(scratch / "out"),
                 "--jobs", str(args.jobs)]
        commands = {BASELINE: [sys.executable, "-c", "import numpy, pytest"],
                    "batch --no-sandbox": batch + ["--no-sandbox"],
                    "batch --sandbox": batch + ["--sandbox"]}
        for command in commands.values():  # warm the disk cache first
            seconds(command)
        times = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, command in commands.items():
                times[name].append(seconds(command))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    medians = {name: statistics.median(values) for name, values in times.items()}
    baseline = medians[BASELINE]
    print(f"{args.students} students, --jobs {args.jobs}, {os.cpu_count()} cores, median of "
          f"{args.runs} interleaved runs, Python {sys.version.split()[0]}\n")
    print("| command | median | ratio to baseline | per student | goal |\n|---|---|---|---|---|")
    for name, median in medians.items():
        goal = f"<= {GOALS[name]:g}x" if name in GOALS else ""
        each = "" if name == BASELINE else f"{1000 * median / args.students:.0f} ms"
        print(f"| `{name}` | {median:.2f} s | {median / baseline:.1f}x | {each} | {goal} |")
    return 0 if all(medians[name] / baseline <= goal for name, goal in GOALS.items()) else 1


if __name__ == "__main__":
    sys.exit(main())
