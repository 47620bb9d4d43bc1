"""Hidden suite for exercise 4: create_clusters(centroids, K, X)."""
import numpy as np

from kata.checks import (expect_ndarray, fail_because, nearest_enough, squared_distances,
                         value_of)
from kata.checks.describe import show

EXERCISE = "create_clusters"
FLOAT_LABELS_HINT = ("The article's np.empty(m) makes float labels, which cannot index arrays "
                     "(X[labels] fails). Use np.empty(m, dtype=int), or build the labels with "
                     "np.argmin, which returns integers.")
ONE_PER_CENTROID_HINT = ("That is one value per centroid, not one per sample: take np.argmin "
                         "over the axis of the centroids (axis=1 of an (m, K) distance matrix, "
                         "axis=0 of a (K, m) one).")


def dtype_hint(outcome, K, X):
    """Why the labels have the wrong dtype, when the values say which bug it is."""
    def hint(labels):
        if labels.dtype.kind == "b":
            return "These are True/False values; a label is the index of the nearest centroid."
        if labels.dtype.kind != "f" or not np.isfinite(labels).all():
            return None
        if np.array_equal(labels, np.round(labels)) and 0 <= labels.min() and labels.max() < K:
            return FLOAT_LABELS_HINT  # whole numbers in range: the right labels, as floats
        d2 = squared_distances(X, outcome.args[0]).min(axis=1)
        if np.allclose(labels, np.sqrt(d2)) or np.allclose(labels, d2):
            return ("These are the distances to the nearest centroids; return their indices: "
                    "np.argmin, not np.min.")
        return None
    return hint


def labels_of(outcome, K, X, tie_break=False):
    """Check the labels of X against the nearest centroids and return them.

    Without ``tie_break`` any centroid nearest within floating-point tolerance
    is accepted; with it (for exact small-integer ties) the lowest index must win.
    """
    centroids = outcome.args[0]
    m = len(X)
    labels = expect_ndarray(outcome, (m,), "integer", what="the labels array", hints={
        "dtype": dtype_hint(outcome, K, X),
        ("shape", (K,)): ONE_PER_CENTROID_HINT if K != m else None,
        "list": "Return np.array(labels, dtype=int), not a list.",
    })
    d2 = squared_distances(X, centroids)
    if labels.min() < 0 or labels.max() >= K:
        one_based = labels.min() >= 1 and labels.max() <= K and (
            labels - 1 == d2.argmin(axis=1)).all()  # right, but counted from 1
        fail_because(outcome, f"It returned {show(labels)}, but labels must run from 0 to "
                              f"K - 1 = {K - 1}.",
                     "Labels count from 0, like Python indices." if one_based else None)
    allowed = (d2 == d2.min(axis=1, keepdims=True)) if tie_break else nearest_enough(X, centroids)
    expected = np.argmax(allowed, axis=1)  # the lowest allowed index
    right = allowed[np.arange(m), labels]
    if tie_break:
        right &= labels == expected
    if not right.all():
        i = int(np.flatnonzero(~right)[0])
        distances = np.round(np.sqrt(d2[i]), 4)
        hint = None
        if K >= 2 and (labels == d2.argmax(axis=1)).all():
            hint = "Every label is the farthest centroid: use argmin, not argmax."
        elif tie_break and d2[i, labels[i]] == d2[i, expected[i]]:
            hint = ("Among equal distances the lowest index wins, as with np.argmin; a loop "
                    "that replaces the best index on `<=` keeps the last tie.")
        fail_because(outcome, f"It returned {show(labels)}.\nLabel {i} is {labels[i]}, but the "
                              f"nearest centroid of X[{i}] = {show(X[i])} is {expected[i]}: its "
                              f"distances to the centroids are {show(distances)}.", hint)
    return labels


def test_labels_the_nearest_centroid(learner):
    X = np.array([[0, 0], [1, 0], [9, 9], [10, 9]])
    centroids = np.array([[0, 0], [10, 10]])
    labels_of(learner.call(centroids, 2, X), 2, X)


def test_labels_have_an_integer_dtype_for_float_data(learner):
    X = np.array([[0.5, 0.0], [4.0, 4.5], [0.0, 1.0]])
    centroids = np.array([[0.0, 0.0], [4.0, 4.0]])
    labels_of(learner.call(centroids, 2, X), 2, X)


def test_random_float_data(learner):
    rng = np.random.default_rng(4)
    X, centroids = rng.normal(size=(40, 3)) * 3, rng.normal(size=(4, 3)) * 3
    labels_of(learner.call(centroids, 4, X), 4, X)


def test_more_centroids_than_features(learner):
    rng = np.random.default_rng(5)
    X, centroids = rng.integers(-9, 9, size=(7, 2)), rng.normal(size=(5, 2)) * 5
    labels_of(learner.call(centroids, 5, X), 5, X)


def test_ties_go_to_the_lowest_index(learner):
    # small integers: every formula computes these distances exactly
    X = np.array([[0, 0], [5, 0], [2, 2], [7, 1]])
    centroids = np.array([[3, 0], [0, 3], [-3, 0], [5, 5]])
    labels_of(learner.call(centroids, 4, X), 4, X, tie_break=True)


def test_a_single_centroid(learner):
    X = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    labels_of(learner.call(np.array([[0.0, 0.0]]), 1, X), 1, X)


def test_inputs_are_not_modified(learner):
    X = np.array([[0.0, 1.0], [5.0, 5.0], [9.0, 8.0]])
    value_of(learner.call(np.array([[0.0, 0.0], [8.0, 8.0]]), 2, X))  # the labels: other checks
