"""Helpers for the project's own tests: build folders of exercise files and grade them."""
import json
import shutil
import subprocess
import sys
from pathlib import Path

from tests.grading.exercises import EXERCISES, ROOT, SOLUTIONS_DIR

CATALOGUE = ROOT / "tests" / "catalogue"


def folder_of_solutions(folder, replacements=None):
    """A copy of solutions/ in ``folder``, with some files' text replaced."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name in EXERCISES:
        shutil.copy(SOLUTIONS_DIR / f"{name}.py", folder / f"{name}.py")
    for name, text in (replacements or {}).items():
        (folder / f"{name}.py").write_text(text)
    return folder


def run_grader(*args, cwd=ROOT, timeout=120):
    """Run ``python grader.py ARGS`` as a learner would; returns the CompletedProcess."""
    return subprocess.run([sys.executable, str(ROOT / "grader.py"), *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=timeout)


def grade(folder, *args):
    """The JSON report for ``folder``, as a dict keyed by exercise name, plus the exit code."""
    result = run_grader("--exercises", folder, "--json", *args)
    report = json.loads(result.stdout)
    return {exercise["name"]: exercise for exercise in report["exercises"]}, result.returncode


def statuses(exercises):
    return {name: exercise["status"] for name, exercise in exercises.items()}


def wrong_implementations():
    """(exercise, path) of every wrong implementation in the catalogue."""
    return sorted((path.parent.name, path) for path in CATALOGUE.glob("wrong/*/*.py"))


def expected_message(path):
    """The text a wrong implementation's messages must contain, from its '# message:' line."""
    for line in path.read_text().splitlines():
        if line.startswith("# message:"):
            return line.removeprefix("# message:").strip()
    return None
