"""Hidden suite for exercise 6: run_Kmeans(K, X, max_iterations=500).

run_Kmeans is graded with its three helpers standing in: the worker forwards
each call of initialize_random_centroids, create_clusters and compute_means
to the judge, which answers with fixed starting centroids and the reference
results, and counts the calls. So a wrong helper cannot fail run_Kmeans, and
run_Kmeans is checked against scikit-learn from a known start.
"""
import numpy as np
import pytest

from tests.data.make_blobs import load
from tests.grading.checks import expect_inputs_unchanged, expect_ndarray, fail_because
from tests.grading.describe import show
from tests.grading.reference import ref

EXERCISE = "run_Kmeans"
BLOBS = load()
ROUNDS = 50  # max_iterations unless a check says otherwise: plenty to converge


class Recorder:
    """Stands in for a helper function: answers like ``function`` and logs each call."""

    def __init__(self, function):
        self.function = function
        self.calls = []    # (args, result) per call

    def __call__(self, *args, **kwargs):
        result = self.function(*args, **kwargs)
        self.calls.append((args, result))
        return result


def helpers(init):
    """Stand-ins for the three helpers, starting the centroids at ``init``."""
    return {"initialize_random_centroids": Recorder(lambda K, X: init.copy()),
            "create_clusters": Recorder(ref.create_clusters),
            "compute_means": Recorder(ref.compute_means)}


def run(learner, name, max_iterations=ROUNDS):
    """Run the learner's run_Kmeans on a stored data set; returns outcome, helpers, data."""
    X, init, labels = BLOBS[name]
    stand_ins = helpers(init)
    outcome = learner.call(len(init), X, max_iterations, stubs=stand_ins)
    return outcome, stand_ins, (X, init, labels)


def labels_of(outcome, X, init):
    K, (m, n) = len(init), X.shape
    labels = expect_ndarray(outcome, (m,), "integer", what="the labels array", hints={
        ("shape", (K, n)): "That is the shape of the centroids: run_Kmeans returns the "
                           "labels, the result of its last create_clusters call.",
        "dtype": "The labels come from create_clusters; return them as they are.",
    })
    expect_inputs_unchanged(outcome)
    return labels


def rounds_to_converge(X, init):
    """How many assignment steps Lloyd's algorithm takes from ``init`` to stop."""
    centroids, rounds = init, 0
    while True:
        rounds += 1
        new = ref.compute_means(ref.create_clusters(centroids, len(init), X), len(init), X)
        if np.array_equal(new, centroids):
            return rounds
        centroids = new


def calls_to(stand_ins, name, outcome):
    """The calls made to one helper; fails if run_Kmeans never called it."""
    calls = stand_ins[name].calls
    if not calls:
        signature = {"initialize_random_centroids": "initialize_random_centroids(K, X)",
                     "create_clusters": "create_clusters(centroids, K, X)",
                     "compute_means": "compute_means(labels, K, X)"}[name]
        fail_because(outcome, f"It never called {name}.",
                     f"run_Kmeans must call {signature} by that name, so that each exercise "
                     f"is graded on its own.")
    return calls


def test_starts_from_initialize_random_centroids(learner):
    outcome, stand_ins, (X, init, _) = run(learner, "blobs2d")
    labels_of(outcome, X, init)
    calls = calls_to(stand_ins, "initialize_random_centroids", outcome)
    if len(calls) != 1:
        fail_because(outcome, f"It called initialize_random_centroids {len(calls)} times; "
                              f"the centroids are initialised once, before the loop.")


def test_stops_once_the_centroids_stop_moving(learner):
    outcome, stand_ins, (X, init, _) = run(learner, "blobs2d")
    labels_of(outcome, X, init)
    rounds = len(calls_to(stand_ins, "create_clusters", outcome))
    needed = rounds_to_converge(X, init)
    # comparing labels instead of centroids may confirm one round later
    if rounds > needed + 1:
        fail_because(outcome, f"It ran {rounds} rounds, but the centroids stopped changing "
                              f"after round {needed}: K-means stops as soon as an update "
                              f"leaves the centroids where they were.",
                     "Compare the new centroids with the previous ones (np.array_equal, or "
                     "not diff.any()) and stop when nothing moved.")
    if rounds < needed:
        fail_because(outcome, f"It stopped after {rounds} round(s), but the centroids were "
                              f"still moving until round {needed}.",
                     "Is the convergence test right, and are the previous centroids a separate "
                     "array? After `previous = centroids`, an in-place update such as "
                     "`centroids[:] = ...` changes both, so they always look converged.")


@pytest.mark.parametrize("max_iterations", [1, 2])
def test_max_iterations_caps_the_rounds(learner, max_iterations):
    outcome, stand_ins, (X, init, _) = run(learner, "blobs2d", max_iterations=max_iterations)
    labels = labels_of(outcome, X, init)
    assignments = calls_to(stand_ins, "create_clusters", outcome)
    if len(assignments) != max_iterations:
        fail_because(outcome, f"It made {len(assignments)} assignment step(s) (create_clusters "
                              f"calls), but max_iterations={max_iterations} allows exactly "
                              f"{max_iterations} here, since it has not converged by then.")
    if not np.array_equal(labels, assignments[-1][1]):
        fail_because(outcome, "It did not return the labels of its last assignment step.")


def test_each_round_uses_the_centroids_of_the_last_update(learner):
    outcome, stand_ins, (X, init, _) = run(learner, "blobs2d")
    labels_of(outcome, X, init)
    assignments = calls_to(stand_ins, "create_clusters", outcome)
    updates = calls_to(stand_ins, "compute_means", outcome)
    expected_centroids = [init] + [result for _, result in updates]
    for round_number, (args, _) in enumerate(assignments):
        if not np.array_equal(np.asarray(args[0], dtype=float), expected_centroids[round_number]):
            fail_because(outcome, f"In round {round_number + 1} it called create_clusters with "
                                  f"centroids {show(np.asarray(args[0]))}, but the centroids "
                                  f"then were {show(expected_centroids[round_number])}: each "
                                  f"assignment uses the centroids of the update before it.")


def test_returns_the_labels_of_the_last_assignment(learner):
    outcome, stand_ins, (X, init, _) = run(learner, "blobs2d")
    labels = labels_of(outcome, X, init)
    last = calls_to(stand_ins, "create_clusters", outcome)[-1][1]
    if not np.array_equal(labels, last):
        fail_because(outcome, f"It returned {show(labels)}, but its last create_clusters call "
                              f"returned {show(last)}: run_Kmeans returns the labels of its last "
                              f"assignment step.")


@pytest.mark.parametrize("name", sorted(BLOBS))
def test_labels_match_scikit_learn_from_the_same_start(learner, name):
    outcome, stand_ins, (X, init, expected) = run(learner, name)
    labels = labels_of(outcome, X, init)
    wrong = np.flatnonzero(labels != expected)
    if len(wrong):
        fail_because(outcome, f"It returned labels that differ from scikit-learn's "
                              f"KMeans(init=the same centroids, n_init=1, algorithm='lloyd') on "
                              f"{len(wrong)} of {len(X)} samples; the first is sample "
                              f"{wrong[0]}: label {labels[wrong[0]]}, expected {expected[wrong[0]]}.")


def test_X_is_not_modified(learner):
    outcome, _, (X, init, _) = run(learner, "blobs3d")
    labels_of(outcome, X, init)
    expect_inputs_unchanged(outcome)
