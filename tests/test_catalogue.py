"""The catalogue: every wrong implementation fails its own exercise and only it,
every correct one passes every exercise, and the article's code scores 3 of 6.

A wrong file is graded with every exercise it could reach (support.reachable_from):
its own track, and the exercises of the other track that call it.

A wrong file's '# message:' lines must each appear in a message or hint of its
exercise, and its '# never:' lines in none: a hint the check did not confirm.
"""
import pytest

from kata.manifest import EXERCISES, NAMES
from tests.ahead import Grading
from tests.support import (CATALOGUE, by_name, folder_of_solutions, marked_lines,
                           reachable_from, statuses, texts, wrong_implementations)

WRONG = wrong_implementations()
CORE = [exercise.name for exercise in EXERCISES if exercise.track == "core"]
CORRECT = sorted(path.name for path in (CATALOGUE / "correct").iterdir() if path.is_dir())


def test_the_catalogue_is_large_enough():
    wrong = {name: sum(exercise == name for exercise, _ in WRONG) for name in NAMES}
    styles = {name: len(list(CATALOGUE.glob(f"correct/*/{name}.py"))) for name in NAMES}
    # the bonus track's own bar: six bugs and three correct styles each
    needed = {exercise.name: (5, 1) if exercise.track == "core" else (6, 3) for exercise in EXERCISES}
    assert {name: (wrong[name], styles[name]) for name in NAMES
            if wrong[name] < needed[name][0] or styles[name] < needed[name][1]} == {}
    assert len(CORRECT) >= 5, CORRECT


def test_every_wrong_implementation_says_what_its_message_is():
    assert [path for _, path in WRONG if not marked_lines(path, "message")] == []
    assert [path for _, path in WRONG if not marked_lines(path, "bug")] == []


def wrong_grading(exercise, path):
    return Grading(f"{exercise}/{path.stem}", ((exercise, path.read_text()),),
                   tuple(reachable_from(exercise)))


def correct_grading(style):
    """A correct set holds the files of its style; an exercise it leaves out is the reference's."""
    files = tuple((path.stem, path.read_text())
                  for path in sorted((CATALOGUE / "correct" / style).glob("*.py")))
    # a set may hold a helper module of its own, which is no exercise
    names = {name for stem, _ in files if stem in NAMES for name in reachable_from(stem)}
    return Grading(style, files, tuple(name for name in NAMES if name in names))


@pytest.mark.parametrize("grading", [wrong_grading(*entry) for entry in WRONG], ids=str)
def test_a_wrong_implementation_fails_its_own_exercise_only(graded, grading):
    (exercise, _), = grading.files
    path = CATALOGUE / "wrong" / f"{grading.label}.py"
    target = by_name(graded)[exercise]
    assert statuses(graded) == {name: "passed" for name in grading.names} | {exercise: "failed"}, \
        target.message
    said = texts(target)
    assert not any("bug in the grader" in text for text in said), said
    for words in marked_lines(path, "message"):
        assert any(words in text for text in said), (words, said)
    for words in marked_lines(path, "never"):
        assert not any(words in text for text in said), (words, said)


@pytest.mark.parametrize("grading", [correct_grading(style) for style in CORRECT], ids=str)
def test_a_correct_implementation_passes_every_exercise(graded, grading):
    assert sorted(e.name for e in graded.exercises) == sorted(grading.names)
    assert {e.name: e.message for e in graded.exercises if e.status.value != "passed"} == {}


def test_the_article_as_printed_scores_three_of_six_and_its_bugs_are_named(judge):
    report = judge.grade(CATALOGUE / "article", CORE)
    assert statuses(report) == {
        "initialize_random_centroids": "failed", "euclidean_distance": "passed",
        "closest_centroid": "passed", "create_clusters": "failed",
        "compute_means": "failed", "run_Kmeans": "passed"}
    named = {"initialize_random_centroids": "can pick the same sample twice",
             "create_clusters": "np.empty(m) makes float labels",
             "compute_means": "the mean of no rows is NaN"}
    for exercise, words in named.items():
        assert any(words in text for text in texts(by_name(report)[exercise])), exercise


def test_a_changed_input_is_said_first_by_every_failing_check(judge, tmp_path):
    path = CATALOGUE / "wrong" / "compute_means" / "sorts_labels_in_place.py"
    report = judge.grade(folder_of_solutions(tmp_path, {"compute_means": path.read_text()}))
    failing = by_name(report)["compute_means"].failing
    assert failing and all("It changed its argument cluster_idx" in check.message.splitlines()[1]
                           for check in failing)
    assert all("sorts in place" in check.hint for check in failing)


def test_a_large_changed_input_names_its_first_changed_rows(judge, tmp_path):
    path = CATALOGUE / "wrong" / "create_clusters" / "centers_X_in_place.py"
    report = judge.grade(folder_of_solutions(tmp_path, {"create_clusters": path.read_text()}))
    messages = [check.message for check in by_name(report)["create_clusters"].failing]
    assert any("X[0] was np.array(" in message and "and became np.array(" in message
               for message in messages), messages
