"""Learner code can neither take the grader down nor fool it.

Each case writes a file into a copy of the exercises (the reference solutions,
so the others must pass), grades the exercises it could reach (its track, and
those that call it: support.reachable_from), and checks the target exercise's
status and message and that the others still pass. Every case of the core runs
for each of the six; the bonus track, whose workers are the same, has those of
its own: the timed calls of create_clusters_fast, and files that try to fool
the checks. The same cases, six to a folder, are graded again with workers
that start as fresh interpreters (the spawn path of Windows), which must give
the same verdicts.
"""
import subprocess
from dataclasses import dataclass

import pytest

from kata.manifest import CORE, NAMES, SOLUTIONS_DIR
from kata.report.render_json import render as render_json
from kata.report.render_text import render as render_text
from tests.ahead import Grading
from tests.support import (CATALOGUE, by_name, folder_of_solutions, reachable_from, statuses,
                           texts)

SHORT = 0.3  # seconds allowed to a target that never ends: correct code needs far less
# one real bug per exercise, for the files that also try to fool the grader
WRONG = {"initialize_random_centroids": "article_with_replacement",
         "euclidean_distance": "squared_distance", "closest_centroid": "argmax",
         "create_clusters": "article_float_labels",
         "compute_means": "article_nan_empty_cluster", "run_Kmeans": "returns_centroids",
         "kmeans_plus_plus": "weights_by_D_not_D_squared",
         "compute_inertia": "sums_distances_not_squares",
         "run_Kmeans_best_of": "keeps_highest_inertia", "create_clusters_fast": "argmax"}
# code that runs only in the calls on create_clusters_fast's timed data, 100,000 samples
ON_TIMED_DATA = "if len(args[-1]) > 10_000:\n{code}"


def solution(name):
    return (SOLUTIONS_DIR / f"{name}.py").read_text()


def at_import(name, code):
    """The reference solution, with ``code`` run when the file is imported."""
    return f"{solution(name)}\n{code}\n"


def in_call(name, code):
    """The reference solution, with ``code`` run each time the function is called."""
    body = "\n".join(f"    {line}" for line in code.splitlines())
    return (f"{solution(name)}\n_reference = {name}\n\n\ndef {name}(*args, **kwargs):\n"
            f"{body}\n    return _reference(*args, **kwargs)\n")


def wrong_with(name, code):
    """A wrong implementation of ``name`` whose file also runs ``code`` at import."""
    wrong = (CATALOGUE / "wrong" / name / f"{WRONG[name]}.py").read_text()
    return f"{wrong}\n{code}\n"


SYNTAX_ERROR = "def broken(:\n    pass"
SEGFAULT = "import ctypes\nctypes.string_at(0)"
LOOP = "while True:\n    pass"
FAKE_ASSERTS = """
import math, numpy, numpy.testing, pytest
def _agree(*args, **kwargs):
    return True
def _pass(*args, **kwargs):
    return None
numpy.allclose = numpy.array_equal = numpy.isclose = math.isclose = _agree
for _name in dir(numpy.testing):
    if _name.startswith("assert"):
        setattr(numpy.testing, _name, _pass)
class _Equal:
    def __init__(self, *args, **kwargs):
        pass
    def __eq__(self, other):
        return True
pytest.approx = _Equal
"""
SWAP_REFERENCES = """
import sys
_mine = globals()[__name__]
for _name in {names!r}:
    if _name in sys.modules and _name != __name__:
        setattr(sys.modules[_name], _name, _mine)
"""
FORGED_REPLY = """
import gc, socket
for _sock in [o for o in gc.get_objects() if isinstance(o, socket.socket)]:
    try:
        _sock.sendall(b"\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x10not a real reply")
    except OSError:
        pass
"""
# a second "booted", as if the worker had just started: the import's clock, and the
# reference's timing that create_clusters_fast is measured against, would start again
FORGED_BOOTED = """
import gc, socket
from kata.judge import framing, wire
_forged = wire.encode({"op": "booted", "limits": True, "baseline_seconds": [1000.0] * 3})
for _sock in [o for o in gc.get_objects() if isinstance(o, socket.socket)]:
    try:
        framing.write_frame(_sock.makefile("wb", buffering=0), _forged)
    except OSError:
        pass
"""
# a reply whose JSON header would cost the judge far more to read than to write (one of
# too many lists is refused unread: tests/test_wire.py)
FORGED_HEADER = """
import gc, socket, struct
_header = {header}
_frame = struct.pack(">I", len(_header)) + _header
for _sock in [o for o in gc.get_objects() if isinstance(o, socket.socket)]:
    try:
        _sock.sendall(struct.pack(">Q", len(_frame)) + _frame)
    except OSError:
        pass
"""
# callbacks sent all at once, each asking the judge's stand-in to pick among 50 million
# samples of its own: the judge must spend neither that time nor more than the limit
CALLBACK_FLOOD = """
import gc
import numpy as np

def run_Kmeans(K, X, max_iterations=500):
    channel = next(o for o in gc.get_objects() if type(o).__name__ == "_Channel")
    for _ in range(10):
        channel.send({"op": "callback", "function": "initialize_random_centroids",
                      "arguments": {"K": 40_000_000, "X": np.empty((50_000_000, 0))}})
    while True:
        pass
"""
CHEAP_CALLBACKS = """
import gc

def run_Kmeans(K, X, max_iterations=500):
    channel = next(o for o in gc.get_objects() if type(o).__name__ == "_Channel")
    for _ in range(100_000):  # each answered at once, and none of the answers read
        channel.send({"op": "callback", "function": "compute_means",
                      "arguments": {"cluster_idx": [], "K": -1, "X": []}})
"""
# the judge reads crash.log, in the scratch folder, after a crash: a FIFO there never ends
FIFO_CRASH_LOG = """
import os
os.unlink("crash.log")
os.mkfifo("crash.log")
os._exit(3)
"""
DEEP_SCRATCH = """
import os
_folder = os.open(".", os.O_RDONLY)
for _ in range(1500):  # deeper than Python's recursion limit
    os.mkdir("d", dir_fd=_folder)
    _deeper = os.open("d", os.O_RDONLY, dir_fd=_folder)
    os.close(_folder)
    _folder = _deeper
os.close(_folder)
"""
NO_SEED = """
import numpy
numpy.random.seed = lambda *args, **kwargs: None
"""
CHILDREN = """
import os, subprocess, sys
subprocess.Popen(["sleep", "{token}"])
if os.fork() == 0:
    import time
    time.sleep(float("{token}"))
    os._exit(0)
"""
# signals the fork server, if that is this worker's parent (not when it was spawned)
TO_THE_FORK_SERVER = """
import os, signal
with open(f"/proc/{{os.getppid()}}/cmdline", "rb") as _file:
    if b"zygote" in _file.read():
        os.kill(os.getppid(), signal.{signal})
"""
HELPER_LOOP = """
while True:
    create_clusters(initialize_random_centroids(K, X), K, X)
"""


@dataclass(frozen=True)
class Case:
    id: str
    exercise: str
    text: str
    status: str                 # the target exercise's expected status
    words: tuple = ()           # what its messages must contain
    timeout: float = None       # the target's time limit, if not the default


def cases():
    found = []
    for name in CORE:
        line = len(solution(name).splitlines()) + 2
        found += [
            Case(f"syntax-error/{name}", name, at_import(name, SYNTAX_ERROR), "error",
                 (f"{name}.py, line {line}", "def broken(:", "SyntaxError")),
            Case(f"endless-loop-in-call/{name}", name, in_call(name, LOOP), "timeout",
                 ("Called", f"within {SHORT:g} s", "a loop may never end"), SHORT),
            Case(f"interpreter-crash-in-call/{name}", name, in_call(name, SEGFAULT), "failed",
                 ("Called", "segmentation fault", f"{name}.py")),
            Case(f"fake-asserts/{name}", name, wrong_with(name, FAKE_ASSERTS), "failed"),
            Case(f"swap-references/{name}", name,
                 wrong_with(name, SWAP_REFERENCES.format(names=NAMES)), "failed"),
            Case(f"disable-seed-on-a-bug/{name}", name, wrong_with(name, NO_SEED), "failed"),
            # correct code still passes: the worker seeds with its own np.random.seed
            Case(f"disable-seed-on-correct-code/{name}", name, at_import(name, NO_SEED), "passed"),
        ]
    for name in NAMES[len(CORE):]:
        found += [
            Case(f"fake-asserts/{name}", name, wrong_with(name, FAKE_ASSERTS), "failed"),
            Case(f"swap-references/{name}", name,
                 wrong_with(name, SWAP_REFERENCES.format(names=NAMES)), "failed"),
        ]
    return found + [
        Case("endless-loop-on-the-timed-data", "create_clusters_fast",
             in_call("create_clusters_fast", ON_TIMED_DATA.format(code="    " + LOOP.replace(
                 "\n", "\n    "))), "timeout",
             ("Called create_clusters_fast(", "X=<ndarray of shape (100000, 16)",
              "a loop may never end"), 1.0),
        Case("interpreter-crash-on-the-timed-data", "create_clusters_fast",
             in_call("create_clusters_fast", ON_TIMED_DATA.format(code="    " + SEGFAULT.replace(
                 "\n", "\n    "))), "failed",
             ("Called create_clusters_fast(", "segmentation fault")),
        Case("import-error", "closest_centroid",
             at_import("closest_centroid", "import numpyy as np"), "error",
             ("closest_centroid.py, line", "import numpyy as np", "No module named 'numpyy'")),
        Case("endless-loop-at-import", "compute_means", at_import("compute_means", LOOP),
             "timeout", ("Importing", "a loop may never end"), SHORT),
        Case("slow-import-counts-against-the-limit", "compute_means",
             at_import("compute_means", "import time\ntime.sleep(3 * 1.0)"), "timeout",
             ("Importing", "a loop may never end"), SHORT),
        Case("endless-loop-of-helper-calls", "run_Kmeans",
             in_call("run_Kmeans", "from kata.manifest import NAMES\n" + HELPER_LOOP
                     ).replace("def run_Kmeans(*args, **kwargs):",
                               "def run_Kmeans(K, X, max_iterations=500):"),
             "timeout", ("Called run_Kmeans(", f"within {SHORT:g} s"), SHORT),
        Case("interpreter-crash-at-import", "initialize_random_centroids",
             at_import("initialize_random_centroids", SEGFAULT), "error",
             ("Importing", "segmentation fault")),
        Case("sys-exit-at-import", "create_clusters",
             at_import("create_clusters", "import sys\nsys.exit(4)"), "error",
             ("sys.exit(4)", "create_clusters.py, line")),
        Case("sys-exit-in-call", "euclidean_distance",
             in_call("euclidean_distance", "import sys\nsys.exit()"), "failed",
             ("sys.exit()", "should return its result")),
        Case("os-exit-at-import", "run_Kmeans", at_import("run_Kmeans", "import os\nos._exit(3)"),
             "error", ("exited with code 3", "os._exit(3)")),
        Case("os-exit-in-call", "initialize_random_centroids",
             in_call("initialize_random_centroids", "import os\nos._exit(3)"), "failed",
             ("Called initialize_random_centroids(", "exited with code 3")),
        Case("keyboard-interrupt-at-import", "euclidean_distance",
             at_import("euclidean_distance", "raise KeyboardInterrupt"), "error",
             ("KeyboardInterrupt", "euclidean_distance.py, line")),
        Case("keyboard-interrupt-in-call", "compute_means",
             in_call("compute_means", "raise KeyboardInterrupt"), "failed",
             ("It raised KeyboardInterrupt",)),
        Case("recursion-error-in-call", "closest_centroid",
             in_call("closest_centroid", "def deeper(n):\n    return deeper(n + 1)\ndeeper(0)"),
             "failed", ("RecursionError", "without end")),
        Case("memory-error-in-call", "create_clusters",
             in_call("create_clusters", "bytearray(2 ** 50)"), "failed",
             ("MemoryError", "more memory")),
        Case("forged-booted-at-import", "euclidean_distance",
             at_import("euclidean_distance", FORGED_BOOTED), "error", ("cannot read",)),
        Case("forged-reference-timing-on-a-loop", "create_clusters_fast",
             (CATALOGUE / "wrong" / "create_clusters_fast" / "loop_per_sample.py").read_text()
             + FORGED_BOOTED, "error", ("cannot read",)),
        Case("fifo-for-the-crash-log", "closest_centroid",
             at_import("closest_centroid", FIFO_CRASH_LOG), "error", ("exited with code 3",)),
        Case("scratch-tree-deeper-than-the-recursion-limit", "compute_means",
             at_import("compute_means", DEEP_SCRATCH), "passed"),
        Case("forged-reply-nested-past-the-recursion-limit", "euclidean_distance",
             in_call("euclidean_distance", FORGED_HEADER.format(header='b"[" * 200_000')),
             "failed", ("cannot read",)),
        Case("callbacks-all-at-once-on-data-not-the-run-s", "run_Kmeans", CALLBACK_FLOOD,
             "timeout", ("Called run_Kmeans(",), SHORT),
        Case("callbacks-by-the-hundred-thousand", "run_Kmeans", CHEAP_CALLBACKS,
             "timeout", ("Called run_Kmeans(",), SHORT),
        Case("forged-reply-in-call", "euclidean_distance",
             in_call("euclidean_distance", FORGED_REPLY), "failed", ("cannot read",)),
        Case("reply-too-large-to-check", "euclidean_distance",
             in_call("euclidean_distance", "import numpy\nreturn numpy.zeros(40_000_000)"),
             "failed", ("returned a value too large to check",)),
        Case("prints-megabytes-in-call", "compute_means",
             in_call("compute_means", "print('spam ' * 200_000)"), "passed"),
        Case("prints-megabytes-at-import", "run_Kmeans",
             at_import("run_Kmeans", "import sys\nsys.stderr.write('eggs ' * 400_000)"), "passed"),
        Case("prints-bytes-to-stdout-buffer", "closest_centroid",
             in_call("closest_centroid", "import sys\nsys.stdout.buffer.write(b'bytes \\xe2\\x9c\\x93')"),
             "passed"),
        Case("prints-escape-sequences-and-odd-characters", "create_clusters",
             at_import("create_clusters", "print('\\x1b[2J\\x1b[31mred \\u2713 \\xe9 \\udc80')"),
             "passed"),
        Case("stops-the-fork-server-then-another-worker-restarts", "compute_means",
             at_import("compute_means", TO_THE_FORK_SERVER.format(signal="SIGSTOP")),
             "passed"),
        Case("kills-the-fork-server", "closest_centroid",
             at_import("closest_centroid", TO_THE_FORK_SERVER.format(signal="SIGKILL")),
             "passed"),
    ]


CASES = cases()


def grade_case(judge, case, folder, replacements=()):
    files = {case.exercise: case.text, **dict(replacements)}
    folder_of_solutions(folder, files)
    return judge.grade(folder, reachable_from(case.exercise),
                       timeout={case.exercise: case.timeout} if case.timeout else None)


# a case that needs a file of its own at grading time runs in this process
IN_PROCESS = "stops-the-fork-server"
BY_ID = {case.id: case for case in CASES}


def grading_of(case):
    return Grading(case.id, ((case.exercise, case.text),), tuple(reachable_from(case.exercise)),
                   {case.exercise: case.timeout} if case.timeout else None)


@pytest.mark.parametrize("grading", [grading_of(case) for case in CASES
                                     if not case.id.startswith(IN_PROCESS)], ids=str)
def test_the_target_gets_its_verdict_and_the_others_still_pass(graded, grading):
    expect_verdicts(graded, BY_ID[grading.label])


@pytest.mark.parametrize("case", [case for case in CASES if case.id.startswith(IN_PROCESS)],
                         ids=lambda case: case.id)
def test_a_stopped_fork_server_is_replaced_and_the_others_still_pass(judge, tmp_path, case):
    # a crash, once, makes euclidean_distance's worker restart after the fork server stopped
    crashed = tmp_path / "crashed"
    replacements = {"euclidean_distance": in_call("euclidean_distance", (
        f"import os\nif not os.path.exists({str(crashed)!r}):\n"
        f"    open({str(crashed)!r}, 'w').close()\n    os._exit(3)"))}
    report = grade_case(judge, case, tmp_path / "graded", replacements)
    expect_verdicts(report, case, replacements)


def expect_verdicts(report, case, replacements=()):
    """The target's status and words, and every other exercise (not replaced) passed."""
    target = by_name(report)[case.exercise]
    assert target.status.value == case.status, target
    for words in case.words:
        assert any(words in text for text in texts(target)), (words, target)
    others = {name: status for name, status in statuses(report).items()
              if name != case.exercise and name not in replacements}
    assert others == {name: "passed" for name in others}
    # the reports stay small and readable whatever the code printed
    assert len(render_json(report)) < 100_000 and len(render_text(report)) < 20_000
    assert target.seconds <= (case.timeout or 5) + 1.0  # the limit holds, within a second


@pytest.mark.parametrize("case", [case for case in CASES if case.id.startswith("prints-mega")],
                         ids=lambda case: case.id)
def test_printed_output_is_captured_cut_and_the_cut_is_marked(judge, tmp_path, case):
    target = by_name(grade_case(judge, case, tmp_path))[case.exercise]
    assert 0 < len(target.output) <= 4096 + 100 and target.output_dropped > 1_000_000
    assert target.output.count("characters cut]") == 1
    assert ("spam" in target.output) or ("eggs" in target.output)
    assert "characters cut]" in target.output


def test_learner_output_cannot_redraw_the_terminal(judge, tmp_path):
    # a failing exercise, so that the report shows what it printed
    printing = Case("prints-escape", "create_clusters", wrong_with(
        "create_clusters", "print('\\x1b[2J\\x1b[31mred')"), "failed")
    text = render_text(grade_case(judge, printing, tmp_path))
    assert "\x1b" not in text and "\\x1b[2J" in text


def test_processes_the_learner_starts_end_with_the_worker(judge, tmp_path):
    import os
    import time
    token = f"1000.{os.getpid()}"  # seconds to sleep, and a mark no other run shares
    report = grade_case(judge, Case("children", "euclidean_distance",
                                    at_import("euclidean_distance", CHILDREN.format(token=token)),
                                    "passed"), tmp_path)
    assert by_name(report)["euclidean_distance"].status.value == "passed"
    deadline = time.monotonic() + 2  # SIGKILL is sent; the kernel ends them a moment later
    while processes_with(token) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert processes_with(token) == []


def processes_with(token):
    """The pids of running processes whose command line holds ``token``."""
    import os
    found = []
    for entry in os.listdir("/proc"):
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as file:
                if token.encode() in file.read():
                    found.append(int(entry))
        except (OSError, ValueError):
            pass
    return found


LINKED_CRASH_LOG = """
import os
with open("elsewhere.txt", "w") as _file:
    _file.write("Fatal Python error: read through a link")
os.unlink("crash.log")
os.symlink(os.path.abspath("elsewhere.txt"), "crash.log")
os._exit(3)
"""


def test_the_crash_log_is_read_only_as_the_file_the_worker_wrote(judge, tmp_path):
    case = Case("linked-crash-log", "euclidean_distance",
                at_import("euclidean_distance", LINKED_CRASH_LOG), "error")
    target = by_name(grade_case(judge, case, tmp_path))["euclidean_distance"]
    assert target.status.value == "error" and "exited with code 3" in target.message
    assert "read through a link" not in target.message  # a link could point anywhere


STOPS_ITS_SIBLINGS = """
import os, signal, time
_me, _parent = os.getpid(), os.getppid()

def _siblings():
    for name in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{{name}}/stat") as stat:
                if int(stat.read().rsplit(")", 1)[1].split()[1]) == _parent and int(name) != _me:
                    yield int(name)
        except (OSError, ValueError):
            pass

if os.fork() == 0:  # stops the other workers 80% of the time, while the reference is timed
    _end = time.monotonic() + 3
    while time.monotonic() < _end and not os.path.exists({mark!r}):
        _pids = list(_siblings())
        for _pid in _pids:
            os.kill(_pid, signal.SIGSTOP)
        time.sleep(0.02)
        for _pid in _pids:
            os.kill(_pid, signal.SIGCONT)
        time.sleep(0.005)
    os._exit(0)
"""


def test_another_exercise_s_file_cannot_slow_the_reference_that_the_speed_goal_is_measured_by(
        judge, tmp_path):
    mark = tmp_path / "timed"  # create_clusters_fast's file is imported: the reference is timed
    loop = (CATALOGUE / "wrong" / "create_clusters_fast" / "loop_per_sample.py").read_text()
    folder = folder_of_solutions(tmp_path / "f", {
        "initialize_random_centroids": at_import("initialize_random_centroids",
                                                 STOPS_ITS_SIBLINGS.format(mark=str(mark))),
        "create_clusters_fast": f"open({str(mark)!r}, 'w').close()\n{loop}"})
    # the session's judge grades one folder at a time: its fork server's other children,
    # the siblings stopped, are this folder's workers (the graded-ahead ones have their own)
    report = judge.grade(folder, ["initialize_random_centroids", "create_clusters_fast"])
    fast = by_name(report)["create_clusters_fast"]
    assert fast.status.value == "failed" and "the goal is 20" in fast.message


def test_a_scratch_folder_goes_however_deep_or_locked_learner_code_left_it(tmp_path):
    import os
    from kata.judge import scratch
    folder, outside = tmp_path / f"{scratch.PREFIX}test", tmp_path / "outside"
    (outside / "kept").mkdir(parents=True)
    deepest = os.open(folder.parent, os.O_RDONLY)
    for name in [folder.name] + ["d"] * 1500:  # deeper than Python's recursion limit
        os.mkdir(name, dir_fd=deepest)
        deeper = os.open(name, os.O_RDONLY, dir_fd=deepest)
        os.close(deepest)
        deepest = deeper
    os.close(deepest)
    (folder / "keep" / "inner").mkdir(parents=True)  # then locked: the owner may not list it
    (folder / "keep" / "inner" / "file").write_text("x")
    (folder / "keep" / "inner").chmod(0)
    (folder / "keep").chmod(0o500)
    (folder / "link").symlink_to(outside)
    scratch.remove(folder)
    assert not os.path.lexists(folder) and (outside / "kept").is_dir()


def test_grading_writes_nothing_into_the_graded_folder(judge, tmp_path):
    folder = folder_of_solutions(tmp_path / "graded", {
        "euclidean_distance": at_import("euclidean_distance", "open('learner-output.txt', 'w')"),
        "create_clusters": in_call("create_clusters", "open('call-output.txt', 'w').write('x')"),
    })
    before = {path.name: path.read_bytes() for path in folder.iterdir()}
    assert judge.grade(folder).all_passed
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == before


def test_an_untouched_stub_folder_is_left_as_it_was(judge, tmp_path):
    from tests.support import folder_of_stubs
    folder = folder_of_stubs(tmp_path / "stubs")
    before = sorted(path.name for path in folder.rglob("*"))
    judge.grade(folder)
    assert sorted(path.name for path in folder.rglob("*")) == before


# six cases to a folder, one per exercise, for the spawn path
SPAWN_FOLDERS = {
    "in-a-call": ("syntax-error/initialize_random_centroids", "endless-loop-in-call/euclidean_distance",
                  "interpreter-crash-in-call/closest_centroid", "fake-asserts/create_clusters",
                  "disable-seed-on-correct-code/compute_means", "swap-references/run_Kmeans"),
    "at-import": ("interpreter-crash-at-import", "keyboard-interrupt-at-import", "import-error",
                  "sys-exit-at-import", "endless-loop-at-import", "os-exit-at-import"),
}


@pytest.mark.parametrize("kind", sorted(SPAWN_FOLDERS))
def test_the_spawn_path_gives_the_same_verdicts(spawn_judge, tmp_path, kind):
    chosen = {case.exercise: case for case in CASES if case.id in SPAWN_FOLDERS[kind]}
    assert sorted(chosen) == sorted(CORE)
    folder = folder_of_solutions(tmp_path, {name: case.text for name, case in chosen.items()})
    timeout = {name: case.timeout for name, case in chosen.items() if case.timeout}
    report = spawn_judge.grade(folder, CORE, timeout=timeout)
    assert statuses(report) == {name: case.status for name, case in chosen.items()}
    for name, case in chosen.items():
        for words in case.words:
            assert any(words in text for text in texts(by_name(report)[name])), (words, name)


UNREAD_ANSWERS = """
import gc

def run_Kmeans(K, X, max_iterations=500):
    channel = next(o for o in gc.get_objects() if type(o).__name__ == "_Channel")
    for _ in range(40):  # each answer, an error of about 4 KB, is left unread
        channel.send({"op": "callback", "function": "create_clusters",
                      "arguments": {"centroids": [], "K": "k" * 4000, "X": []}})
    while True:
        pass
"""


def test_a_worker_that_reads_no_answer_cannot_block_the_judge_on_the_spawn_path(spawn_judge,
                                                                                  tmp_path):
    case = Case("unread-answers", "run_Kmeans", UNREAD_ANSWERS, "timeout",
                ("Called run_Kmeans(",), SHORT)
    expect_verdicts(grade_case(spawn_judge, case, tmp_path), case)


@pytest.mark.parametrize("judge_name", ["judge", "spawn_judge"])
def test_a_worker_ends_once_the_judge_closes_its_channel_even_in_an_endless_loop(
        request, tmp_path, judge_name):
    """What ends a worker whose judge was killed: nothing of the learner's outlives it.

    Here the judge only closes its end of the channel, and leaves the process
    running, so nothing but the worker's own watch can end it.
    """
    from kata.judge import launcher
    from kata.judge.handle import WorkerHandle
    judge = request.getfixturevalue(judge_name)
    folder = folder_of_solutions(tmp_path, {"compute_means": at_import("compute_means", LOOP)})
    handle = WorkerHandle("compute_means", folder, 60, "exercises", judge.launch)
    handle.start()
    worker = handle._process
    try:
        assert worker.receive(30)[1][:4] != b""  # "booted": the loop runs from now on
        if hasattr(worker, "_sock"):  # forked
            launcher.close_socket(worker._sock)
            code = worker.exit_code(wait=10)
        else:
            worker.process.stdin.close()
            code = worker.process.poll() if wait_for_exit(worker.process, 10) else None
    finally:
        handle.close()  # kills it, if the test failed
    assert code is not None  # it ended: it kills its own process group


def wait_for_exit(process, seconds):
    try:
        process.wait(seconds)
    except subprocess.TimeoutExpired:
        return False
    return True


def test_the_judge_remembers_a_bounded_number_of_run_Kmeans_s_helper_calls(monkeypatch):
    import numpy as np
    from tests.suites import test_run_Kmeans as suite
    monkeypatch.setattr(suite, "_answers", {})
    monkeypatch.setattr(suite, "ANSWERS_KEPT", 10)
    double = suite.remembered(lambda value: value * 2)
    for value in range(25):  # a run that makes new calls by the thousand, in small
        assert double(value=np.array([value])) == 2 * value
    assert len(suite._answers) == 10
