"""The command learners run, python3 grader.py, end to end, and the engine's API.

These run grader.py as a subprocess: its arguments, exit status, terminal and
JSON reports, and how it behaves in odd surroundings. The verdicts themselves
are tested in-process, in test_catalogue.py and test_containment.py.
"""
import json
import os
import shlex
import shutil
import subprocess
import sys

import pytest

from kata.manifest import NAMES, ROOT
from tests.support import (alive, cpu_seconds, descendants, folder_of_solutions, looping_worker,
                           folder_of_stubs, run_grader)

EXERCISE_FILES = [f"{name}.py" for name in NAMES]


def test_untouched_stubs_are_all_not_started():
    result = run_grader("--json")
    report = json.loads(result.stdout)
    assert result.returncode == 1
    assert [exercise["status"] for exercise in report["exercises"]] == ["not_started"] * 10
    assert report["summary"] == {"passed": 0, "total": 6}
    assert report["bonus"] == {"passed": 0, "total": 4}
    assert "still raises NotImplementedError" in report["exercises"][0]["message"]


def test_the_solutions_all_pass():
    result = run_grader("--solutions", "--json")
    report = json.loads(result.stdout)
    assert result.returncode == 0
    assert report["summary"] == {"passed": 6, "total": 6}
    assert report["bonus"] == {"passed": 4, "total": 4}
    assert all(check["status"] == "passed" for exercise in report["exercises"]
               for check in exercise["tests"])


def test_the_bonus_track_comes_after_the_core_with_a_progress_line_of_its_own(tmp_path):
    folder = folder_of_solutions(tmp_path / "kata")
    for name in ("kmeans_plus_plus", "compute_inertia", "run_Kmeans_best_of", "create_clusters_fast"):
        shutil.copy(ROOT / "exercises" / f"{name}.py", folder)  # the bonus not started yet
    result = run_grader("--exercises", folder)
    lines = result.stdout.splitlines()
    assert result.returncode == 0  # the core is done; the bonus is optional
    core = lines.index("Progress: [########################] 6 of 6 exercises passed")
    bonus = lines.index("Bonus:    [------------------------] 0 of 4 bonus exercises passed")
    assert [line.split()[0] for line in lines[core + 2:bonus] if line.strip()][1:] == \
        ["7.", "8.", "9.", "10."]
    assert "All 6 exercises pass. Well done!" in lines
    assert any(line.startswith("Next: open") and "kmeans_plus_plus.py" in line for line in lines)
    asked = run_grader("--exercises", folder, "kmeans_plus_plus", "--json")
    assert asked.returncode == 1  # asked for by name, a bonus exercise not started fails
    assert json.loads(asked.stdout)["summary"] == {"passed": 0, "total": 1}
    # the exercise the learner is working on is shown, not the first one not started
    shutil.copy(ROOT / "tests" / "catalogue" / "wrong" / "create_clusters_fast" / "argmax.py",
                folder / "create_clusters_fast.py")
    working = run_grader("--exercises", folder)
    assert working.returncode == 1 and "All 6 exercises pass. Well done!" in working.stdout
    assert "create_clusters_fast: failed" in working.stdout
    assert "kmeans_plus_plus: not started" not in working.stdout


def test_the_json_report_has_the_documented_shape():
    report = json.loads(run_grader("--solutions", "--json", "closest").stdout)
    assert report["version"] == 2
    (exercise,) = report["exercises"]
    assert {"name", "number", "status", "passed", "total", "message", "hint", "tests"} <= set(exercise)
    assert exercise["name"] == "closest_centroid" and exercise["number"] == 3
    assert exercise["passed"] == exercise["total"] > 0
    assert {"name", "status", "message", "hint"} <= set(exercise["tests"][0])


def test_the_terminal_report_shows_progress_and_the_next_step():
    result = run_grader()
    lines = result.stdout.splitlines()
    assert lines[0] == "K-means kata: grading exercises/"
    assert sum("not started" in line for line in lines) >= 10
    assert "Progress: [------------------------] 0 of 6 exercises passed" in lines
    assert any(line.startswith("Next: open exercises/initialize_random_centroids.py")
               for line in lines)
    assert "Your task: pick K distinct random samples" in result.stdout
    assert "\033[" not in result.stdout  # not a terminal: no colour


def test_a_failing_exercise_shows_its_messages_and_a_then_run_line_that_works(tmp_path):
    folder = folder_of_stubs(tmp_path / "my exercises", {
        "euclidean_distance": "import numpy as np\n\ndef euclidean_distance(x1, x2):\n"
                              "    return np.sum((x1 - x2) ** 2)\n"})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = run_grader("--exercises", folder, "euclid", cwd=elsewhere)
    assert result.returncode == 1
    assert "grading " in result.stdout and "my exercises/" in result.stdout
    assert "Called euclidean_distance(x1=np.array([0, 0]), x2=np.array([3, 4]))." in result.stdout
    assert "It returned np.int64(25), but the expected value is 5" in result.stdout
    assert "Hint: 25 is the squared distance" in result.stdout
    then_run = result.stdout.split("Then run: ", 1)[1].strip()
    assert "'" in then_run  # the folder name with a space is quoted
    words = shlex.split(then_run)
    assert words[0] == ("python" if os.name == "nt" else "python3")
    again = subprocess.run([sys.executable, *words[1:]], cwd=elsewhere, capture_output=True,
                           text=True, timeout=120)
    assert again.stdout == result.stdout and again.returncode == 1


@pytest.mark.parametrize("words, expected", [
    (["closest"], ["closest_centroid"]),
    (["run_Kmeans", "init"], ["initialize_random_centroids", "run_Kmeans"]),
    (["EUCLID"], ["euclidean_distance"]),
    (["3"], ["closest_centroid"]),
    (["exercises/compute_means.py", "6"], ["compute_means", "run_Kmeans"]),
    (["run", "create"], ["create_clusters", "run_Kmeans"]),  # not their bonus versions
    (["run_Kmeans_b", "10"], ["run_Kmeans_best_of", "create_clusters_fast"]),
])
def test_names_prefixes_numbers_and_paths_choose_exercises(words, expected):
    from kata.cli import parse_grade_args
    assert parse_grade_args(["--solutions", *words]).names == expected


def test_a_prefix_of_two_unrelated_exercises_is_refused_in_one_line():
    result = run_grader("--solutions", "compute")
    assert result.returncode == 2
    assert "'compute' could be any of: compute_means, compute_inertia" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_subset_keeps_each_exercise_number_and_checks_read_as_sentences(judge):
    from kata.report.render_text import render
    report = judge.grade(ROOT / "solutions", ["closest_centroid", "run_Kmeans"])
    assert [(e.number, e.name) for e in report.exercises] == [
        (3, "closest_centroid"), (6, "run_Kmeans")]
    names = [check.name for e in report.exercises for check in e.checks]
    assert "max_iterations caps the rounds (max_iterations=1)" in names
    assert not any("[" in name or name.startswith("test_") for name in names)
    assert "  3. closest_centroid" in render(report)


@pytest.mark.parametrize("args, words", [
    (["c"], "could be any of: closest_centroid, create_clusters, compute_means"),
    (["mini_batch_kmeans"], "unknown exercise 'mini_batch_kmeans'"),
    (["11"], "there is no exercise 11; they are numbered 1 to 10"),
    (["--exercises", "no/such/folder"], "no such folder: no/such/folder"),
    (["--timeout", "soon"], "not a number of seconds"),
    (["--timeout", "0"], "between 0 and 3600"),
    (["--solutions", "--exercises", "."], "not allowed with argument"),
    (["--no-such-option"], "unrecognized arguments"),
])
def test_usage_errors_get_one_line_and_exit_status_2(args, words):
    from kata.cli import main
    import contextlib
    import io
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = main(args)
    assert code == 2 and stdout.getvalue() == ""
    assert len(stderr.getvalue().strip().splitlines()) == 1 and words in stderr.getvalue()


def test_verbose_shows_every_failing_check_of_every_exercise(judge, tmp_path):
    from kata.cli import parse_grade_args
    from kata.report.render_text import Style, render
    wrong = "def {0}(*args, **kwargs):\n    return None\n"
    folder = folder_of_solutions(tmp_path / "f", {
        "euclidean_distance": wrong.format("euclidean_distance"),
        "compute_means": wrong.format("compute_means")})
    report = judge.grade(folder)
    quiet, verbose = render(report), render(report, Style(verbose=True))
    assert "compute_means: failed" not in quiet and "-v shows them all" in quiet
    assert "euclidean_distance: failed" in verbose and "compute_means: failed" in verbose
    failing = [check for e in report.exercises for check in e.failing]
    assert verbose.count("  x ") == len(failing) > 6
    assert parse_grade_args(["-v"]).verbose and parse_grade_args(["--verbose"]).verbose


def test_colour_only_on_a_terminal_and_never_with_NO_COLOR(monkeypatch):
    from kata.cli import use_colour
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert use_colour()
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_colour()
    monkeypatch.setattr(sys.stdout, "isatty", lambda: False, raising=False)
    monkeypatch.delenv("NO_COLOR")
    assert not use_colour()


@pytest.mark.parametrize("encoding", ["ascii", "cp1252", "utf-8:strict"])
def test_the_text_report_survives_any_stdout_encoding(tmp_path, encoding):
    printing = ("import numpy as np\n\ndef euclidean_distance(x1, x2):\n"
                "    print('\\u2713 caf\\xe9 \\udc80')\n"
                "    raise ValueError('\\u2713 \\xe9 \\udc80')\n")
    folder = folder_of_solutions(tmp_path / "f", {"euclidean_distance": printing})
    result = subprocess.run([sys.executable, str(ROOT / "grader.py"), "--exercises", folder],
                            capture_output=True, env={**os.environ, "PYTHONIOENCODING": encoding})
    assert result.returncode == 1 and result.stderr == b""
    assert b"It raised ValueError" in result.stdout


def test_a_reader_that_goes_away_ends_the_grader_quietly():
    result = subprocess.run(f"{shlex.quote(sys.executable)} grader.py --solutions | head -1",
                            shell=True, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.stdout == "K-means kata: grading solutions/\n" and result.stderr == ""


def test_the_grader_works_from_another_folder(tmp_path):
    result = run_grader("--solutions", "closest", cwd=tmp_path)
    assert result.returncode == 0
    assert "grading /" in result.stdout and "solutions/" in result.stdout


@pytest.mark.parametrize("variable, value", [
    ("PYTEST_ADDOPTS", "-k closest -x --co -p no:python"),
    ("PYTEST_PLUGINS", "no_such_plugin_anywhere"),
    ("PYTEST_TIMEOUT", "0.001"),
])
def test_pytest_settings_of_the_surroundings_change_no_verdict(monkeypatch, variable, value):
    import kata
    monkeypatch.setenv(variable, value)
    before = dict(os.environ)
    assert str(kata.grade(ROOT / "solutions").summary) == "6 of 6 exercises passed"
    assert dict(os.environ) == before


def test_the_api_leaves_the_callers_process_as_it_was():
    import kata
    before_path, before_env = list(sys.path), dict(os.environ)
    report = kata.grade(ROOT / "solutions", ["compute_means"])
    assert report.all_passed
    assert sys.path == before_path and dict(os.environ) == before_env
    assert not {*NAMES, "exercises", "solutions"} & set(sys.modules)


def test_the_api_leaves_sys_path_as_it_was_where_the_kata_is_not_on_it_yet():
    # here the suites' root is on sys.path already; in `python -c` from the kata it is ''
    code = ("import sys; before = list(sys.path); import kata; "
            "kata.grade('solutions', ['euclidean_distance']); print(sys.path == before)")
    ran = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         timeout=120)
    assert ran.stdout.strip() == "True", ran.stderr


def test_a_script_without_a_main_guard_runs_once(tmp_path):
    script = tmp_path / "grade_it.py"
    script.write_text(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nimport grader\n"
                      f"print('SCRIPT RAN')\nsys.exit(grader.main(['--solutions', 'closest']))\n")
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                            timeout=120, cwd=tmp_path)
    assert result.returncode == 0 and result.stdout.count("SCRIPT RAN") == 1


def test_a_missing_file_or_function_is_an_error_and_the_rest_is_graded(judge, tmp_path):
    folder = folder_of_solutions(tmp_path / "partial")
    (folder / "compute_means.py").unlink()
    (folder / "euclidean_distance.py").write_text("def distance(x1, x2):\n    return 0\n")
    report = judge.grade(folder)
    found = {exercise.name: exercise for exercise in report.exercises}
    assert found["compute_means"].status.value == "error"
    assert found["compute_means"].message.endswith("compute_means.py does not exist")
    assert found["euclidean_distance"].status.value == "error"
    assert "defines no function named euclidean_distance" in found["euclidean_distance"].message
    assert str(report.summary) == "4 of 6 exercises passed"


@pytest.mark.parametrize("make, words", [
    (lambda path: path.mkdir(), "is a folder, not a Python file"),
    (lambda path: os.mkfifo(path), "is a FIFO (named pipe), not a Python file"),
    (lambda path: path.symlink_to("/dev/null"), "is a device, not a Python file"),
    (lambda path: path.write_text("def closest_centroid(x, c, K):\n    return 0\n",
                                  encoding="utf-16"), "is saved as UTF-16"),
    (lambda path: path.write_bytes(b"import numpy\n\x00\x00\n"), "holds a null byte on line 2"),
    (lambda path: path.write_text("# " + "x" * 2**20 + "\n"), "is larger than 1 MB"),
])
def test_a_file_that_cannot_be_read_gets_a_message_naming_the_problem(judge, tmp_path, make, words):
    folder = folder_of_solutions(tmp_path / "f")
    (folder / "closest_centroid.py").unlink()
    make(folder / "closest_centroid.py")
    report = judge.grade(folder)
    target = next(e for e in report.exercises if e.name == "closest_centroid")
    assert target.status.value == "error" and words in target.message
    assert str(report.summary) == "5 of 6 exercises passed"


def kata_copy(tmp_path):
    """A copy of the kata's own files, to change without touching the real one."""
    root = tmp_path / "kata-copy"
    for part in ("kata", "solutions", "exercises", "tests/suites"):
        shutil.copytree(ROOT / part, root / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "grader.py", root / "grader.py")
    (root / "tests" / "__init__.py").write_text("")
    return root


def grade_copy(root, *args, cwd=None):
    return subprocess.run([sys.executable, str(root / "grader.py"), *map(str, args)],
                          cwd=cwd or root, capture_output=True, text=True, timeout=120)


def test_a_conftest_or_ini_file_around_the_kata_changes_no_verdict(tmp_path):
    root = kata_copy(tmp_path)
    breaking = "def pytest_collection_modifyitems(items):\n    items.clear()\n"
    for folder in (root, root.parent):
        (folder / "conftest.py").write_text(breaking)
        (folder / "pytest.ini").write_text("[pytest]\naddopts = -k nothing_at_all -x\n")
    result = grade_copy(root, "--solutions", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["summary"] == {"passed": 6, "total": 6}


def test_a_broken_reference_solution_is_named_in_one_line(tmp_path):
    root = kata_copy(tmp_path)
    (root / "solutions" / "compute_means.py").write_text("def compute_means(:\n")
    result = grade_copy(root)
    assert result.returncode == 2 and result.stdout == ""
    (line,) = result.stderr.strip().splitlines()
    assert "solutions/compute_means.py, line 1" in line and "cannot be imported" in line


def test_an_exercise_is_added_with_a_manifest_entry_and_its_files_only(tmp_path):
    root = kata_copy(tmp_path)
    manifest = root / "kata" / "manifest.py"
    manifest.write_text(manifest.read_text().replace('''
NAMES = tuple(''', '''
EXERCISES += (Exercise("count_clusters", ("cluster_idx", "K"), task="count the samples of each cluster.",
                       track="bonus"),)
NAMES = tuple('''))
    solution = ('import numpy as np\n\n\ndef count_clusters(cluster_idx, K):\n'
                '    """Count each cluster."""\n    return np.bincount(cluster_idx, minlength=K)\n')
    (root / "solutions" / "count_clusters.py").write_text(solution)
    (root / "exercises" / "count_clusters.py").write_text(solution.replace(
        "    return np.bincount", "    # TODO: count the samples of each cluster.\n"
        "    raise NotImplementedError\n    # np.bincount"))
    (root / "tests" / "suites" / "test_count_clusters.py").write_text(
        'import numpy as np\n\nfrom kata.checks import fail, value_of\n\nEXERCISE = "count_clusters"\n\n\n'
        'def test_counts(learner):\n    outcome = learner.call(np.array([0, 2, 2]), 3)\n'
        '    if list(value_of(outcome)) != [1, 0, 2]:\n'
        '        fail(outcome, value_of(outcome), "[1, 0, 2]", "it counts")\n')
    solutions = json.loads(grade_copy(root, "--solutions", "--json").stdout)
    assert solutions["summary"] == {"passed": 6, "total": 6}
    assert solutions["bonus"] == {"passed": 5, "total": 5}
    stubs = grade_copy(root, "count")
    assert "  11. count_clusters" in stubs.stdout and "not started" in stubs.stdout
    assert "Your task: count the samples of each cluster." in stubs.stdout
    assert stubs.stdout.rstrip().endswith("Then run: python3 grader.py count_clusters")


def test_killing_the_grader_ends_its_workers_and_fork_server(tmp_path):
    import signal
    import time
    token = "loop-token-8642"
    folder = folder_of_solutions(tmp_path / "f", {"euclidean_distance": (
        f"def euclidean_distance(x1, x2):\n    '{token}'\n    while True:\n        pass\n")})
    scratch = tmp_path / "tmp"  # where the workers' scratch folders go
    scratch.mkdir()
    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGKILL):
        said = tmp_path / f"said-{sig}.txt"  # the grader's words, should it end too soon
        with open(said, "w") as log:  # one exercise: the fewest processes to start
            grader = subprocess.Popen([sys.executable, str(ROOT / "grader.py"), "--exercises",
                                       folder, "--timeout", "60", "euclidean_distance"],
                                      stdout=log, stderr=subprocess.STDOUT,
                                      env={**os.environ, "TMPDIR": str(scratch)})
        deadline = time.monotonic() + 60
        while not looping_worker(grader.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert looping_worker(grader.pid), ("the worker never started", sig, grader.poll(),
                                         said.read_text()[-2000:], cpu_seconds(grader.pid),
                                         open("/proc/loadavg").read())
        children = descendants(grader.pid)
        grader.send_signal(sig)
        grader.wait(30)
        deadline = time.monotonic() + 5
        while any(alive(pid) for pid in children) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [pid for pid in children if alive(pid)]
        assert not list(scratch.iterdir()), sig  # nor any file of theirs


def test_grading_piped_to_another_program_ends_when_grading_ends(tmp_path):
    folder = folder_of_solutions(tmp_path / "f", {"euclidean_distance": (
        "import subprocess\nsubprocess.Popen(['sleep', '300'])\n"
        + (ROOT / "solutions" / "euclidean_distance.py").read_text())})
    result = subprocess.run(f"{shlex.quote(sys.executable)} {ROOT / 'grader.py'} --exercises "
                            f"{shlex.quote(str(folder))} | cat", shell=True, capture_output=True,
                            text=True, timeout=60)
    assert "6 of 6 exercises passed" in result.stdout


def test_grade_many_grades_every_folder_and_leaves_nothing_running():
    import kata
    before = set(descendants(os.getpid()))  # the session's own judge, say
    reports = kata.grade_many([ROOT / "solutions", ROOT / "exercises", ROOT / "solutions"])
    assert [str(report.summary) for report in reports] == [
        "6 of 6 exercises passed", "0 of 6 exercises passed", "6 of 6 exercises passed"]
    assert [pid for pid in set(descendants(os.getpid())) - before if alive(pid)] == []


def test_a_judge_whose_suites_fail_to_start_says_so_at_every_grading(monkeypatch):
    from kata.judge import session

    def broken(names):
        raise session.SetupError("the hidden suites could not run (pytest exit code 4)")

    with session.Judge() as judge:
        assert judge.grade(ROOT / "solutions", ["euclidean_distance"]).all_passed
        monkeypatch.setattr(session, "SuiteRunner", broken)
        for names in (["closest_centroid"], ["euclidean_distance"]):
            # the second used to wait forever for the session the first had stopped
            with pytest.raises(session.SetupError, match="could not run"):
                judge.grade(ROOT / "solutions", names)
