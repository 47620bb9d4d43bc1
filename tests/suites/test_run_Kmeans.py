"""Hidden suite for exercise 6: run_Kmeans(K, X, max_iterations=500).

run_Kmeans is graded with its three helpers standing in: the worker forwards
each call of initialize_random_centroids, create_clusters and compute_means
to the judge, which answers with fixed starting centroids and the reference
results, and counts the calls. So a wrong helper cannot fail run_Kmeans, and
run_Kmeans is checked against scikit-learn from a known start. The stand-ins
take the real parameters, however they are passed, and reject what the real
functions reject, by calling them.
"""
import functools

import numpy as np
import pytest

from kata.checks import close, expect_ndarray, fail_because
from kata.checks.describe import show
from kata.manifest import BY_NAME
from kata.references import reference_functions
from tests.suites.data.make_blobs import load

EXERCISE = "run_Kmeans"
BLOBS = load()
ROUNDS = 50  # max_iterations unless a check says otherwise: plenty to converge
ref = reference_functions()


class StandIn:
    """Answers for one helper with ``answer``, and logs each call."""

    def __init__(self, answer):
        self.answer = answer
        self.calls = []    # (arguments by name, result) per call

    def __call__(self, **arguments):
        result = self.answer(**arguments)
        self.calls.append((arguments, result))
        return result


def stand_ins(init, X):
    """Stand-ins for the three helpers, starting the centroids at ``init``.

    Each rejects data other than the run's own (another X, K or shape): a
    correct run_Kmeans never passes any, and the judge does not spend its time
    on data it did not choose. The initialisation also rejects what the real
    function rejects, by calling it.
    """
    K, (m, n) = len(init), X.shape

    def initialize(K, X):
        own_data("initialize_random_centroids", K, X, (m, n), "X", X)
        ref.initialize_random_centroids(K, X)  # raises what the real function raises
        return init.copy()

    def own_data(name, K_given, X_given, shape, of_name, given):
        if not (isinstance(K_given, (int, np.integer)) and K_given == K):
            raise ValueError(f"{name} was called with K={K_given!r}, but run_Kmeans was "
                             f"given K={K}")
        if np.shape(X_given) != (m, n) or not np.array_equal(X_given, X):
            raise ValueError(f"{name} was called with an X other than the one run_Kmeans "
                             f"was given")
        if np.shape(given) != shape:
            raise ValueError(f"{name} was called with {of_name} of shape {np.shape(given)}, "
                             f"not {shape}")

    assign, update = remembered(ref.create_clusters), remembered(ref.compute_means)

    def create_clusters(centroids, K, X):
        own_data("create_clusters", K, X, (K, n), "centroids", centroids)
        return assign(centroids=centroids, K=K, X=X)

    def compute_means(cluster_idx, K, X):
        own_data("compute_means", K, X, (m,), "cluster_idx", cluster_idx)
        return update(cluster_idx=cluster_idx, K=K, X=X)

    return {"initialize_random_centroids": StandIn(initialize),
            "create_clusters": StandIn(create_clusters),
            "compute_means": StandIn(compute_means)}


_answers = {}
# distinct calls remembered, the oldest forgotten first: a room's honest runs make a few
# hundred, and a run written to make new ones by the thousand must not fill the judge
ANSWERS_KEPT = 4096


def remembered(function):
    """``function``, computed once per distinct arguments: many runs make the same calls."""
    def answer(**arguments):
        key = (function.__name__, *((name, _key(arguments[name])) for name in sorted(arguments)))
        if key not in _answers:
            if len(_answers) >= ANSWERS_KEPT:
                del _answers[next(iter(_answers))]
            _answers[key] = function(**arguments)
        return _answers[key].copy()
    return answer


def _key(value):
    if type(value) is np.ndarray:
        return value.dtype.str, value.shape, value.tobytes()
    return type(value).__name__, repr(value)


def run(learner, name, max_iterations=ROUNDS):
    """Run the learner's run_Kmeans on a stored data set; returns outcome, helpers, data.

    Each run is made once and shared by the checks that read it: a run answers
    a hundred helper calls, and the checks only read what it did.
    """
    key = ("run", name, max_iterations)
    if key not in learner.memo:
        X, init, labels = BLOBS[name]
        helpers = stand_ins(init, X)
        outcome = learner.call(len(init), X, max_iterations, stubs=helpers)
        learner.memo[key] = outcome, helpers, (X, init, labels)
    return learner.memo[key]


def labels_of(outcome, X, init, helpers):
    K, (m, n) = len(init), X.shape
    centroids = [init] + [result for _, result in helpers["compute_means"].calls]
    last_labels = [result for _, result in helpers["create_clusters"].calls][-1:]
    return expect_ndarray(outcome, (m,), "integer", what="the labels array", hints={
        ("shape", (K, n)): lambda value: (
            "Those are centroids: run_Kmeans returns the labels, the result of its last "
            "create_clusters call." if any(close(value, c) for c in centroids) else None),
        "dtype": lambda value: (
            "These are the labels of the last create_clusters call, changed to another dtype; "
            "return them as they are." if any(np.array_equal(value, labels)
                                               for labels in last_labels) else None),
    })


def labels_change_after(data_set, rounds):
    """Whether Lloyd's algorithm on a data set still changes a label after round ``rounds``."""
    X, init, _ = BLOBS[data_set]
    centroids, labels = init, []
    for _ in range(rounds_to_converge(data_set)):
        labels.append(ref.create_clusters(centroids, len(init), X))
        centroids = ref.compute_means(labels[-1], len(init), X)
    return any(not np.array_equal(labels[rounds - 1], later) for later in labels[rounds:])


@functools.lru_cache
def rounds_to_converge(data_set):
    """How many assignment steps Lloyd's algorithm takes on a data set from its start."""
    X, init, _ = BLOBS[data_set]
    centroids, rounds = init, 0
    while True:
        rounds += 1
        new = ref.compute_means(ref.create_clusters(centroids, len(init), X), len(init), X)
        if np.array_equal(new, centroids):
            return rounds
        centroids = new


def calls_to(helpers, name, outcome):
    """The calls made to one helper; fails if run_Kmeans never called it."""
    calls = helpers[name].calls
    if not calls:
        exercise = BY_NAME[name]
        fail_because(outcome, f"It never called {name}.",
                     f"run_Kmeans must use the exercise function {name}("
                     f"{', '.join(exercise.parameters)}), imported from its file, rather than "
                     f"code of its own, so that each exercise is graded on its own.")
    return calls


def test_starts_from_initialize_random_centroids(learner):
    outcome, helpers, (X, init, _) = run(learner, "blobs2d")
    labels_of(outcome, X, init, helpers)
    calls = calls_to(helpers, "initialize_random_centroids", outcome)
    if len(calls) != 1:
        fail_because(outcome, f"It called initialize_random_centroids {len(calls)} times; "
                              f"the centroids are initialised once, before the loop.")
    arguments, _ = calls[0]
    K, data = arguments["K"], arguments["X"]
    same_X = isinstance(data, np.ndarray) and data.shape == X.shape and np.array_equal(data, X)
    if not (K == len(init) and same_X):
        fail_because(outcome, f"It called initialize_random_centroids(K={show(K)}, "
                              f"X={show(data)}), but the centroids start from K = {len(init)} "
                              f"samples of the X that run_Kmeans was given: "
                              f"initialize_random_centroids(K, X).")


@pytest.mark.parametrize("data_set", ["blobs2d", "overlap_small", "overlap_far"])
def test_stops_once_the_centroids_stop_moving(learner, data_set):
    outcome, helpers, (X, init, _) = run(learner, data_set)
    labels_of(outcome, X, init, helpers)
    rounds = len(calls_to(helpers, "create_clusters", outcome))
    needed = rounds_to_converge(data_set)
    # comparing labels instead of centroids may confirm one round later
    if rounds > needed + 1:
        fail_because(outcome, f"It ran {rounds} rounds, but the centroids stopped changing "
                              f"after round {needed}: K-means stops as soon as an update "
                              f"leaves the centroids where they were.",
                     "Compare the new centroids with the previous ones (np.array_equal, or "
                     "not diff.any()) and stop when nothing moved.")
    if rounds < needed:
        updates = [result for _, result in helpers["compute_means"].calls]
        moved = float(np.abs(updates[rounds - 1] - ([init] + updates)[rounds - 1]).max())
        labels = ("and the samples' labels still changed after that"
                  if labels_change_after(data_set, rounds) else
                  "though the samples' labels no longer changed: K-means stops on the centroids")
        fail_because(outcome, f"It stopped after {rounds} round(s), but the centroids were "
                              f"still moving until round {needed}: its last update moved them "
                              f"by up to {moved:.3g}, {labels}.",
                     "Stop only when every centroid is exactly where it was (np.array_equal, or "
                     "not diff.any()): a tolerance, or a test that some of them stopped "
                     "(diff.all() in place of diff.any()), stops while others still move. And "
                     "keep the previous centroids in a separate array: after `previous = "
                     "centroids`, an in-place update such as `centroids[:] = ...` changes both.")


@pytest.mark.parametrize("max_iterations", [1, 2])
def test_max_iterations_caps_the_rounds(learner, max_iterations):
    outcome, helpers, (X, init, _) = run(learner, "blobs2d", max_iterations=max_iterations)
    labels = labels_of(outcome, X, init, helpers)
    assignments = calls_to(helpers, "create_clusters", outcome)
    if len(assignments) != max_iterations:
        fail_because(outcome, f"It made {len(assignments)} assignment step(s) (create_clusters "
                              f"calls), but max_iterations={max_iterations} allows exactly "
                              f"{max_iterations} here, since it has not converged by then.")
    if not np.array_equal(labels, assignments[-1][1]):
        fail_because(outcome, "It did not return the labels of its last assignment step.")


def test_each_round_uses_the_centroids_of_the_last_update(learner):
    outcome, helpers, (X, init, _) = run(learner, "blobs2d")
    labels_of(outcome, X, init, helpers)
    assignments = calls_to(helpers, "create_clusters", outcome)
    updates = calls_to(helpers, "compute_means", outcome)
    expected_centroids = [init] + [result for _, result in updates]
    for round_number, (arguments, _) in enumerate(assignments):
        used, expected = np.asarray(arguments["centroids"]), expected_centroids[round_number]
        if used.shape != expected.shape or not close(used, expected):
            fail_because(outcome, f"In round {round_number + 1} it called create_clusters with "
                                  f"centroids {show(used)}, but the centroids then were "
                                  f"{show(expected)}: each assignment uses the centroids of the "
                                  f"update before it.")


def test_returns_the_labels_of_the_last_assignment(learner):
    outcome, helpers, (X, init, _) = run(learner, "blobs2d")
    labels = labels_of(outcome, X, init, helpers)
    last = calls_to(helpers, "create_clusters", outcome)[-1][1]
    if not np.array_equal(labels, last):
        fail_because(outcome, f"It returned {show(labels)}, but its last create_clusters call "
                              f"returned {show(last)}: run_Kmeans returns the labels of its last "
                              f"assignment step.")


@pytest.mark.parametrize("data_set", sorted(BLOBS))
def test_labels_match_scikit_learn_from_the_same_start(learner, data_set):
    outcome, helpers, (X, init, expected) = run(learner, data_set)
    labels = labels_of(outcome, X, init, helpers)
    wrong = np.flatnonzero(labels != expected)
    if len(wrong):
        fail_because(outcome, f"It returned labels that differ from scikit-learn's "
                              f"KMeans(init=the same centroids, n_init=1, algorithm='lloyd') on "
                              f"{len(wrong)} of {len(X)} samples; the first is sample "
                              f"{wrong[0]}: label {labels[wrong[0]]}, expected {expected[wrong[0]]}.")


def test_X_is_not_modified(learner):
    outcome, helpers, (X, init, _) = run(learner, "blobs3d")
    labels_of(outcome, X, init, helpers)
