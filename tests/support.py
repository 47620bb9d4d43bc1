"""Helpers for the project's own tests: build folders of exercise files and grade them."""
import os
import shutil
import subprocess
import sys

from kata.manifest import BY_NAME, EXERCISES, EXERCISES_DIR, NAMES, ROOT, SOLUTIONS_DIR

CATALOGUE = ROOT / "tests" / "catalogue"


def folder_of(source, folder, replacements=None):
    """A copy of the exercise files of ``source`` in ``folder``, with some files' text replaced."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in NAMES:
        shutil.copy(source / f"{name}.py", folder / f"{name}.py")
    for name, text in (replacements or {}).items():
        (folder / f"{name}.py").write_text(text)
    return folder


def folder_of_solutions(folder, replacements=None):
    """A copy of solutions/ in ``folder``, with some files' text replaced."""
    return folder_of(SOLUTIONS_DIR, folder, replacements)


def folder_of_stubs(folder, replacements=None):
    return folder_of(EXERCISES_DIR, folder, replacements)


def by_name(report):
    return {exercise.name: exercise for exercise in report.exercises}


def statuses(report):
    return {exercise.name: exercise.status.value for exercise in report.exercises}


def texts(exercise):
    """Every message and hint of an exercise, its headline included."""
    return [exercise.message, exercise.hint] + [
        text for check in exercise.checks for text in (check.message, check.hint)]


def run_grader(*args, cwd=ROOT, timeout=120, env=None):
    """Run ``python grader.py ARGS`` as a learner would; returns the CompletedProcess."""
    return subprocess.run([sys.executable, str(ROOT / "grader.py"), *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=timeout, env=env)


def wrong_implementations():
    """(exercise, path) of every wrong implementation in the catalogue."""
    return sorted((path.parent.name, path) for path in CATALOGUE.glob("wrong/*/*.py"))


def marked_lines(path, mark):
    """The texts of a catalogue file's '# mark: text' lines."""
    prefix = f"# {mark}:"
    return [line.removeprefix(prefix).strip() for line in path.read_text().splitlines()
            if line.startswith(prefix)]


def reachable_from(exercise):
    """The exercises a bug in ``exercise``'s file could make fail, and so must be graded.

    Its own track (the core's six, or the bonus track), plus every exercise of
    another track that calls it (the manifest's ``builds_on``): a worker runs
    only its own exercise's file, so no other exercise can reach it.
    """
    own = BY_NAME[exercise]
    return [e.name for e in EXERCISES if e.track == own.track or exercise in e.builds_on]


# -- processes, as /proc shows them --------------------------------------------------------

def descendants(pid):
    """Every process below ``pid``, through the fork server and the workers."""
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat") as stat:
                        if int(stat.read().rsplit(")", 1)[1].split()[1]) == parent:
                            found.append(int(entry))
                            frontier.append(int(entry))
                except (OSError, ValueError):
                    pass
    return found


def cpu_seconds(pid):
    """The CPU time a process has used, user and system: to tell a stuck process from a starved one."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def looping_worker(pid):
    """Whether a worker below ``pid`` has spent a quarter of a second of CPU: the learner's loop.

    A worker is forked from the fork server, so it shows the fork server's command line;
    the fork server itself spends about 0.1 s importing NumPy.
    """
    for child in descendants(pid):
        try:
            with open(f"/proc/{child}/cmdline", "rb") as cmdline:
                if b"kata.judge.zygote" in cmdline.read() and cpu_seconds(child) > 0.25:
                    return True
        except OSError:
            pass
    return False


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
