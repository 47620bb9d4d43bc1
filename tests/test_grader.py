"""The command learners run: python grader.py."""
import json
import re
import subprocess
import sys

import pytest

import grader
from tests.grading.exercises import EXERCISES, ROOT
from tests.support import folder_of_solutions, run_grader


def test_untouched_stubs_are_all_not_started():
    result = run_grader("--json")
    report = json.loads(result.stdout)
    assert result.returncode == 1
    assert [exercise["status"] for exercise in report["exercises"]] == ["not_started"] * 6
    assert report["summary"] == {"passed": 0, "total": 6}
    assert "still raises NotImplementedError" in report["exercises"][0]["message"]


def test_the_solutions_all_pass():
    result = run_grader("--solutions", "--json")
    report = json.loads(result.stdout)
    assert result.returncode == 0
    assert report["summary"] == {"passed": 6, "total": 6}
    assert all(check["status"] == "passed" for exercise in report["exercises"]
               for check in exercise["tests"])


def test_the_json_report_has_the_documented_shape():
    report = json.loads(run_grader("--solutions", "--json", "closest").stdout)
    assert report["version"] == 1
    (exercise,) = report["exercises"]
    assert {"name", "status", "passed", "total", "message", "tests"} <= set(exercise)
    assert exercise["name"] == "closest_centroid" and exercise["passed"] == exercise["total"] > 0
    assert {"name", "status", "message"} <= set(exercise["tests"][0])


def test_the_terminal_report_shows_progress_and_the_next_step():
    result = run_grader()
    lines = result.stdout.splitlines()
    assert lines[0] == "K-means kata: grading exercises/"
    assert sum("not started" in line for line in lines) >= 6
    assert "Progress: [------------------------] 0 of 6 exercises passed" in lines
    assert any(line.startswith("Next: open exercises/initialize_random_centroids.py")
               for line in lines)
    assert "\033[" not in result.stdout  # not a terminal: no colour


def test_a_failing_exercise_shows_its_messages(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    for name in EXERCISES:
        (folder / f"{name}.py").write_text((ROOT / "exercises" / f"{name}.py").read_text())
    (folder / "euclidean_distance.py").write_text(
        "import numpy as np\n\ndef euclidean_distance(x1, x2):\n    return np.sum((x1 - x2) ** 2)\n")
    result = run_grader("--exercises", folder, "euclid", cwd=tmp_path)
    assert result.returncode == 1
    assert "grading mine/" in result.stdout  # paths relative to where the learner is
    assert "Called euclidean_distance(x1=np.array([0, 0]), x2=np.array([3, 4]))." in result.stdout
    assert "It returned np.int64(25), but the expected value is 5" in result.stdout
    assert "Hint: 25 is the squared distance" in result.stdout
    assert "Then run: python grader.py --exercises mine euclidean" in result.stdout


@pytest.mark.parametrize("words, expected", [
    (["closest"], ["closest_centroid"]),
    (["run_Kmeans", "init"], ["initialize_random_centroids", "run_Kmeans"]),
    (["EUCLID"], ["euclidean_distance"]),
])
def test_names_and_unique_prefixes_choose_exercises(words, expected):
    report = json.loads(run_grader("--solutions", "--json", *words).stdout)
    assert [exercise["name"] for exercise in report["exercises"]] == expected


@pytest.mark.parametrize("args, words", [
    (["c"], "could be any of: closest_centroid, create_clusters, compute_means"),
    (["kmeans_plus_plus"], "unknown exercise 'kmeans_plus_plus'"),
    (["--exercises", "no/such/folder"], "no such folder: no/such/folder"),
    (["--timeout", "soon"], "not a number of seconds"),
    (["--timeout", "0"], "between 0 and 3600"),
    (["--solutions", "--exercises", "."], "not allowed with argument"),
])
def test_usage_errors_get_one_line_and_exit_status_2(args, words):
    result = run_grader(*args)
    assert result.returncode == 2 and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and words in result.stderr


def test_colour_only_on_a_terminal_and_never_with_NO_COLOR(monkeypatch):
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert grader.use_colour()
    monkeypatch.setenv("NO_COLOR", "1")
    assert not grader.use_colour()
    monkeypatch.setattr(sys.stdout, "isatty", lambda: False, raising=False)
    monkeypatch.delenv("NO_COLOR")
    assert not grader.use_colour()


def test_the_grader_works_from_another_folder(tmp_path):
    result = run_grader("--solutions", "closest", cwd=tmp_path)
    assert result.returncode == 0
    assert re.search(r"grading /.*solutions/", result.stdout)


def test_installing_the_project_adds_no_module_that_could_hide_the_exercises(tmp_path):
    # grading reads files by path, and the package installs no exercise module
    # that a learner's edits could be shadowed by
    code = ("import importlib.util, sys; "
            f"print([n for n in {list(EXERCISES)!r} if importlib.util.find_spec(n)])")
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                            text=True)
    assert result.stdout.strip() == "[]"


def test_a_missing_file_or_function_is_an_error_and_the_rest_is_graded(tmp_path):
    folder = folder_of_solutions(tmp_path / "partial")
    (folder / "compute_means.py").unlink()
    (folder / "euclidean_distance.py").write_text("def distance(x1, x2):\n    return 0\n")
    report = json.loads(run_grader("--exercises", folder, "--json").stdout)
    found = {exercise["name"]: exercise for exercise in report["exercises"]}
    assert found["compute_means"]["status"] == "error"
    assert found["compute_means"]["message"].endswith("compute_means.py does not exist")
    assert found["euclidean_distance"]["status"] == "error"
    assert "defines no function named euclidean_distance" in found["euclidean_distance"]["message"]
    assert report["summary"] == {"passed": 4, "total": 6}
