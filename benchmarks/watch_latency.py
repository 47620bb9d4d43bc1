"""How long ``grader.py watch`` takes from a save to the end of its report, against the
time to import numpy and pytest.

    python benchmarks/watch_latency.py [--saves N]

Starts ``python grader.py watch`` on a copy of solutions/, with stdout a pipe, so
that each report ends with its "Progress:" line. Then, N times over, it runs the
baseline ``python -c "import numpy, pytest"`` once, waits a random 0.2 to 0.4 s
(so that saves fall anywhere in the 0.1 s polling cycle, as a person's do), and
saves an exercise file, a right and a wrong version in turn, the way editors
that write a new file and rename it do. The time measured runs from the save to
the moment the report's "Progress:" line is read. Prints the medians as a
markdown table; the goal is at most 1x the baseline, so that grading on save is
faster than starting Python cold. Exit status 1 if a goal is missed.
"""
import argparse
import os
import queue
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASELINE = "baseline: python -c 'import numpy, pytest'"
WRONG = "def {0}(*args, **kwargs):\n    return None\n"
SAVED = ("closest_centroid", "run_Kmeans")   # the quickest exercise to grade, and the slowest
GOAL = 1.0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=15, help="saves of each file (default 15)")
    saves = parser.parse_args().saves
    random.seed(0)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch, "exercises")
        shutil.copytree(ROOT / "solutions", folder)
        watch = Watch(folder, Path(scratch, "state"))
        try:
            times = measure(watch, folder, saves)
        finally:
            watch.stop()
    medians = {name: statistics.median(values) for name, values in times.items()}
    baseline = medians[BASELINE]
    print(f"median of {saves} saves of each file, interleaved with the baseline, "
          f"Python {sys.version.split()[0]}\n")
    print("| measurement | median | ratio to baseline | goal |\n|---|---|---|---|")
    for name, median in medians.items():
        goal = "" if name == BASELINE else f"<= {GOAL:g}x"
        print(f"| `{name}` | {median:.3f} s | {median / baseline:.2f}x | {goal} |")
    return 0 if all(median / baseline <= GOAL for median in medians.values()) else 1


def measure(watch, folder, saves):
    times = {BASELINE: []} | {f"watch: save {name}.py, until its report is printed": []
                              for name in SAVED}
    right = {name: (ROOT / "solutions" / f"{name}.py").read_text() for name in SAVED}
    for round_ in range(saves):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import numpy, pytest"], check=True)
        times[BASELINE].append(time.perf_counter() - started)
        for name in SAVED:
            time.sleep(random.uniform(0.2, 0.4))
            text = WRONG.format(name) if round_ % 2 == 0 else right[name]
            saved = save(folder / f"{name}.py", text)
            times[f"watch: save {name}.py, until its report is printed"].append(
                watch.next_report_end() - saved)
    return times


def save(path, text):
    """Write ``text`` to a new file and rename it over ``path``; the time of the rename."""
    temporary = path.with_name(f".{path.name}.new")
    temporary.write_text(text)
    os.replace(temporary, path)
    return time.perf_counter()


class Watch:
    """``grader.py watch`` running on ``folder``, its output lines read as they arrive."""

    def __init__(self, folder, state):
        environment = {**os.environ, "KATA_STATE_DIR": str(state)}  # no interview of the reader's
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "grader.py"), "watch", "--exercises", str(folder)],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=environment)
        self.lines = queue.Queue()   # (arrival time, line)
        threading.Thread(target=self._read, daemon=True).start()
        self.next_report_end()       # the first report, of every exercise

    def _read(self):
        for line in self.process.stdout:
            self.lines.put((time.perf_counter(), line))
        self.lines.put((time.perf_counter(), None))

    def next_report_end(self):
        """When the next report's "Progress:" line arrived."""
        while True:
            arrived, line = self.lines.get(timeout=60)
            if line is None:
                raise RuntimeError("grader.py watch ended early")
            if line.startswith("Progress:"):
                return arrived

    def stop(self):
        self.process.send_signal(signal.SIGINT)  # Ctrl-C: watch closes its judge
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


if __name__ == "__main__":
    sys.exit(main())
