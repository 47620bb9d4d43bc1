"""The catalogue: every wrong implementation fails its own exercise and only it,
every correct one passes all six, and the article's code scores 3 of 6."""
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.grading.exercises import EXERCISES
from tests.support import (CATALOGUE, expected_message, folder_of_solutions, grade, statuses,
                           wrong_implementations)

WRONG = wrong_implementations()
CORRECT = sorted(path.name for path in (CATALOGUE / "correct").iterdir() if path.is_dir())


@pytest.fixture(scope="module")
def wrong_reports(tmp_path_factory):
    """Each wrong implementation graded in a copy of solutions/, two at a time."""
    def grade_one(entry):
        exercise, path = entry
        folder = tmp_path_factory.mktemp(f"{exercise}-{path.stem}")
        folder_of_solutions(folder, {exercise: path.read_text()})
        return grade(folder, "--timeout", "5")[0]

    with ThreadPoolExecutor(2) as pool:
        return dict(zip(WRONG, pool.map(grade_one, WRONG)))


def test_the_catalogue_is_large_enough():
    per_exercise = {name: sum(exercise == name for exercise, _ in WRONG) for name in EXERCISES}
    assert len(WRONG) >= 30 and min(per_exercise.values()) >= 5, per_exercise
    assert len(CORRECT) >= 5, CORRECT


@pytest.mark.parametrize("entry", WRONG, ids=lambda entry: f"{entry[0]}/{entry[1].stem}"
                         if isinstance(entry, tuple) else None)
def test_a_wrong_implementation_fails_its_own_exercise_only(wrong_reports, entry):
    exercise, path = entry
    report = wrong_reports[entry]
    expected = {name: "passed" for name in EXERCISES} | {exercise: "failed"}
    assert statuses(report) == expected, report[exercise]["message"]
    wanted = expected_message(path)
    if wanted:
        messages = [check["message"] for check in report[exercise]["tests"]]
        assert any(wanted in message for message in messages), messages


@pytest.mark.parametrize("style", CORRECT)
def test_a_correct_implementation_passes_every_exercise(style):
    report, code = grade(CATALOGUE / "correct" / style)
    failures = {name: exercise["message"] for name, exercise in report.items()
                if exercise["status"] != "passed"}
    assert failures == {} and code == 0


def test_the_article_as_printed_scores_three_of_six_and_its_bugs_are_named():
    report, code = grade(CATALOGUE / "article")
    assert code == 1
    assert statuses(report) == {
        "initialize_random_centroids": "failed", "euclidean_distance": "passed",
        "closest_centroid": "passed", "create_clusters": "failed",
        "compute_means": "failed", "run_Kmeans": "passed"}
    named = {"initialize_random_centroids": "can pick the same sample twice",
             "create_clusters": "np.empty(m) makes float labels",
             "compute_means": "the mean of no rows is NaN"}
    for exercise, words in named.items():
        assert words in report[exercise]["message"], report[exercise]["message"]
