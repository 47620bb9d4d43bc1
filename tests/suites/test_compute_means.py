"""Hidden suite for exercise 5: compute_means(cluster_idx, K, X)."""
import re

import numpy as np

from kata.checks import close, expect_ndarray, fail, fail_because, tolerance
from kata.checks.describe import show

EXERCISE = "compute_means"
RULE = "row k is the mean of the rows of X labelled k"
AXIS_HINT = ("np.mean(points, axis=0) averages over the samples, giving one value per "
             "feature; axis=1 averages each sample's features instead.")
NAN_HINT = ("Cluster {k} has no samples, and the mean of no rows is NaN (the article's third "
            "bug). Place an empty cluster's centroid on a sample of X instead, for example "
            "X[np.random.randint(m)].")


def means_of(outcome, K, X, labels):
    """Check the shape and dtype of the result and return it."""
    if outcome.raised and averaged_each_sample(outcome.error["message"], X, labels):
        fail_because(outcome, f"It raised {outcome.error['message']}", AXIS_HINT)
    return expect_ndarray(outcome, (K, X.shape[1]), "float", what="the centroids array", hints={
        "dtype": lambda means: (
            "For integer X, np.zeros_like(X) or np.empty_like(X) makes an integer array that "
            "truncates the means (0.5 becomes 0); make it float: np.zeros((K, n))."
            if means.dtype == X.dtype and np.issubdtype(X.dtype, np.integer) else None),
        "shape": lambda means: shape_hint(means.shape, K, X),
    })


def averaged_each_sample(message, X, labels):
    """Whether an error says a cluster's per-sample values (one per member) met a row of n."""
    found = re.search(r"from shape \((\d+),\) into shape \((\d+),\)", message)
    return bool(found) and int(found[2]) == X.shape[1] and int(found[1]) in np.bincount(labels)


def shape_hint(shape, K, X):
    """Which mistake a wrong shape points to, when it points to one."""
    if len(shape) == 2 and shape[0] != K and shape[1] == X.shape[1]:
        return f"There is one row per cluster, K = {K} in all, empty clusters included."
    if len(shape) == 2 and shape[0] == K and shape[1] != X.shape[1] or len(shape) == 1:
        return AXIS_HINT
    return None


def expect_means(outcome, K, X, labels):
    """Check every non-empty cluster's mean; return the result."""
    means = means_of(outcome, K, X, labels)
    expected = {k: X[labels == k].mean(axis=0) for k in range(K) if (labels == k).any()}
    wrong = [k for k, mean in expected.items() if not close(means[k], mean)]
    if wrong:
        k = wrong[0]
        fail(outcome, show(means), f"row {k} = {show(expected[k])}", RULE,
             means_hint(means, expected, wrong, X, labels))
    return means


def means_hint(means, expected, wrong, X, labels):
    """The bug behind wrong rows, when every wrong row shows the same one."""
    def every(rule):
        return all(rule(k) for k in wrong)
    if every(lambda k: not means[k].any() and expected[k].any()):
        return (f"Row(s) {wrong} are all zeros: was the loop over the clusters cut short? "
                f"range(K) runs over 0 to K - 1.")
    if (np.issubdtype(X.dtype, np.integer)
            and every(lambda k: np.allclose(means[k], np.trunc(expected[k]))
                      and np.trunc(expected[k]).any())):
        return "The means were cut to whole numbers; keep them as floats."
    if every(lambda k: np.allclose(means[k], X[labels == k].sum(axis=0))):
        return "That is the sum of the cluster; divide by its number of samples."
    return None


def expect_on_a_sample(outcome, means, k, X):
    """Check that the empty cluster k got a centroid on a sample of X."""
    row = means[k]
    if np.isnan(row).any():
        fail_because(outcome, f"It returned {show(means)}: row {k} is NaN.", NAN_HINT.format(k=k))
    if not np.isclose(X, row, rtol=tolerance(row), atol=1e-9).all(axis=1).any():
        fail_because(outcome, f"It returned {show(means)}, but cluster {k} has no samples and "
                              f"its row, {show(row)}, is not a sample of X. An empty cluster's "
                              f"centroid is placed on a sample of X, so it can gather samples "
                              f"in the next round.")


def test_the_mean_of_each_cluster(learner):
    X = np.array([[0.0, 0.0], [1.0, 3.0], [10.0, 10.0], [2.0, 0.0]])
    labels = np.array([0, 0, 1, 0])
    expect_means(learner.call(labels, 2, X), 2, X, labels)


def test_integer_X_gives_exact_means(learner):
    X = np.array([[1, 2], [2, 4], [10, 10]])  # means 1.5 and 3: truncation shows
    labels = np.array([0, 0, 1])
    expect_means(learner.call(labels, 2, X), 2, X, labels)


def test_random_data(learner):
    rng = np.random.default_rng(6)
    X = rng.normal(size=(30, 3)) * 5
    labels = np.arange(30) % 4
    rng.shuffle(labels)
    expect_means(learner.call(labels, 4, X), 4, X, labels)


def test_an_empty_cluster_gets_a_sample_of_X(learner):
    X = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 7.0]])
    labels = np.array([0, 2, 2])  # nobody is in cluster 1
    outcome = learner.call(labels, 3, X)
    expect_on_a_sample(outcome, expect_means(outcome, 3, X, labels), 1, X)


def test_every_empty_cluster_gets_a_sample_of_X(learner):
    X = np.array([[1, 1], [2, 3], [4, 4], [6, 5]])
    labels = np.array([0, 0, 0, 0])  # clusters 1 and 2 are empty
    outcome = learner.call(labels, 3, X)
    means = expect_means(outcome, 3, X, labels)
    for k in (1, 2):
        expect_on_a_sample(outcome, means, k, X)


def test_inputs_are_not_modified(learner):
    X = np.array([[0.0, 2.0], [4.0, 4.0], [8.0, 0.0]])
    labels = np.array([1, 0, 1])
    outcome = learner.call(labels, 2, X)
    expect_means(outcome, 2, X, labels)
