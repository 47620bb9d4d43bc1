"""Hidden suite for exercise 8: compute_inertia(cluster_idx, centroids, X).

The expected inertia is the judge's own sum of float64 squared differences. A
hint is given only when the judge recomputes a likely mistake (the square root
left in, a mean, the nearest centroid instead of the own, a number cut to an
integer, ...) and it gives what the learner's function returned, and no other
mistake does.
"""
import itertools
import math

import numpy as np

from kata.checks import fail, real_number, squared_distances, tolerance, value_of
from kata.checks.describe import SMALL, kind, show

EXERCISE = "compute_inertia"
RULE = ("the inertia sums, over every sample, the squared distance from X[i] to its own "
        "centroid, centroids[cluster_idx[i]]")

# scikit-learn's answer, stored so that grading never imports scikit-learn (over a
# second): X below, then KMeans(n_clusters=3, n_init=1, random_state=0).fit(X) gave
# these labels_ (int32, as scikit-learn makes them), cluster_centers_ and inertia_.
SKLEARN_X = np.array([[-2.1, -1.6], [-1.6, -0.4], [-2.8, -0.2], [-1.1, 1.1], [1.1, 1.7],
                      [6.9, 0.9], [7.0, 2.8], [5.2, 1.7], [5.9, 2.7], [5.0, 0.6],
                      [2.4, 7.3], [0.0, 7.4], [1.9, 6.7], [1.8, 7.3], [-0.2, 8.9]])
SKLEARN_LABELS = np.array([1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 2, 2, 2, 2, 2], dtype=np.int32)
SKLEARN_CENTERS = np.array([[6.0, 1.7399999999999998],
                            [-1.3000000000000003, 0.1200000000000001],
                            [1.1799999999999997, 7.52]])
SKLEARN_INERTIA = 31.456


def squared_to_own(cluster_idx, centroids, X):
    """Each sample's squared distance to its own centroid, in float64."""
    differences = np.asarray(X, dtype=float) - np.asarray(centroids, dtype=float)[cluster_idx]
    return (differences ** 2).sum(axis=1)


def expect_inertia(outcome, cluster_idx, centroids, X, expected=None):
    """Check that the call returned one number close to the inertia (or ``expected``)."""
    per_sample = squared_to_own(cluster_idx, centroids, X)
    expected = per_sample.sum() if expected is None else expected
    value = value_of(outcome)  # a changed input is said first
    if isinstance(value, np.ndarray) and value.ndim > 0:
        fail(outcome, returned(value), f"one number, {expected:.10g}",
             "the inertia is one number, the total over every sample",
             array_hint(value, expected, per_sample, cluster_idx, len(centroids)))
    number = real_number(value)
    if number is None:
        fail(outcome, returned(value), f"the number {expected:.10g}",
             "the inertia is one real number (a float, Python's or NumPy's)",
             "Does every path through the function reach a `return`? A function that ends "
             "without one returns None." if value is None else None)
    # float32 inputs carry about 7 significant digits, whatever type comes back
    rtol = max(tolerance(value), tolerance(X), tolerance(centroids))
    if not math.isclose(number, expected, rel_tol=rtol, abs_tol=1e-9):
        fail(outcome, show(value), f"{expected:.10g}", RULE + squared_distances_said(per_sample),
             value_hint(number, expected, rtol, cluster_idx, centroids, X, per_sample))


def returned(value):
    """What came back, said once: show() already names None, an array's type, shape and
    dtype (or writes it as np.array(...)) and Python's own containers; other values get
    their type beside them."""
    if value is None or isinstance(value, (np.ndarray, list, tuple, dict, str, bool, np.bool_)):
        return show(value)
    return f"{show(value)} ({kind(value)})"


def squared_distances_said(per_sample):
    """The squared distances the rule speaks of, when they are few enough to read."""
    if per_sample.size > SMALL:
        return ""
    return f" (here those squared distances are {show(np.round(per_sample, 6))})"


def array_hint(value, expected, per_sample, cluster_idx, K):
    """What an array in place of the number holds, when the judge can tell."""
    if value.size == 1:
        return ("It holds the inertia; return the number itself (float(...) or .item())."
                if close_to(value.item(), expected) else None)
    per_cluster = np.bincount(cluster_idx, weights=per_sample, minlength=K)
    found = [hint for alternative, hint in (
        (per_cluster, "Those are one total per cluster; the inertia is their sum, one number."),
        (per_sample, "Those are the squared distances of the samples; the inertia is their "
                     "sum, one number."),
    ) if value.shape == alternative.shape and np.allclose(value, alternative, rtol=1e-5)]
    return found[0] if len(found) == 1 else None


def close_to(number, target, rtol=1e-5):
    """Whether two numbers agree within ``rtol``, as a mistake's value must to be named."""
    return math.isclose(number, target, rel_tol=rtol, abs_tol=1e-9)


def value_hint(number, expected, rtol, cluster_idx, centroids, X, per_sample):
    """The one likely mistake that gives ``number``, if exactly one does."""
    if math.isnan(number):
        empty = sorted(set(range(len(centroids))) - set(np.asarray(cluster_idx).tolist()))
        # finite inputs make NaN only from no values: a mean of none, or 0 / 0
        return (f"Cluster {empty[0]} has no samples, so it adds 0; but the mean of no rows, or "
                f"0 / 0, is NaN." if empty else None)
    matching = [hint for alternative, hint in mistakes(cluster_idx, centroids, X, per_sample)
                if close_to(number, alternative, rtol)
                and not close_to(alternative, expected, rtol)]
    return matching[0] if len(matching) == 1 else None


def mistakes(cluster_idx, centroids, X, per_sample):
    """(value, hint) for each likely mistake, computed on these inputs."""
    integer_X = np.issubdtype(np.asarray(X).dtype, np.integer)
    X, centroids = np.asarray(X, dtype=float), np.asarray(centroids, dtype=float)
    total = per_sample.sum()
    differences = X - centroids[cluster_idx]
    yield (np.sqrt(per_sample).sum(),
           "That is the sum of the distances; the inertia adds up the squared distances: "
           "drop the square root, or square each distance.")
    yield (math.sqrt(total),
           "That is the square root of the inertia, what np.linalg.norm of all the differences "
           "gives; the inertia is its square, the sum of the squared differences.")
    yield (total / len(X),
           "That is the mean of the squared distances; the inertia is their sum, not divided "
           "by the number of samples.")
    yield (squared_distances(X, centroids).min(axis=1).sum(),
           "That is the inertia against each sample's nearest centroid; each sample counts "
           "against its own centroid, centroids[cluster_idx[i]], even when another is nearer.")
    yield (inertia_against_means(cluster_idx, X),
           "That is the inertia against the mean of each cluster's samples; use the centroids "
           "given, centroids[cluster_idx[i]], which need not be the means.")
    yield ((differences[:, 0] ** 2).sum(),
           "That counts only the first feature (column 0); a squared distance adds up the "
           "squared differences of every feature.")
    yield (np.trunc(per_sample).sum(),
           "Each squared distance was cut to a whole number: an array made with "
           "np.zeros_like(cluster_idx) or dtype=int holds integers; store them in a float array.")
    yield (math.trunc(total),
           "The inertia was cut to a whole number; return it as a float (no int(...) or //).")
    if integer_X:
        yield ((np.trunc(differences) ** 2).sum(),
               "The differences X[i] - centroid were cut to whole numbers: an array made like X "
               "(np.zeros_like(X), np.empty_like(X)) has X's integer dtype; subtract into a "
               "float array.")
    yield from left_out_clusters(cluster_idx, per_sample)
    yield from left_out_samples(per_sample, total)


def inertia_against_means(cluster_idx, X):
    """The inertia with each cluster measured against the mean of its own samples."""
    means = {k: X[cluster_idx == k].mean(axis=0) for k in np.unique(cluster_idx)}
    return sum(((X[cluster_idx == k] - mean) ** 2).sum() for k, mean in means.items())


def left_out_clusters(cluster_idx, per_sample, largest=6):
    """The inertia of some clusters only, for each proper subset of the clusters in use."""
    used = np.unique(cluster_idx).tolist()
    if len(used) > largest:
        return
    totals = {k: per_sample[cluster_idx == k].sum() for k in used}
    for size in range(1, len(used)):
        for kept in itertools.combinations(used, size):
            left = [k for k in used if k not in kept]
            yield (sum(totals[k] for k in kept),
                   f"That is the total of cluster(s) {list(kept)} only: the samples of cluster(s) "
                   f"{left} were left out. Sum over every sample, or loop over every cluster, "
                   f"range(len(centroids)).")


def left_out_samples(per_sample, total):
    """The inertia without one sample, for each sample."""
    for i, squared in enumerate(per_sample):
        yield (total - squared,
               f"That leaves out sample {i}, X[{i}]: does the loop run over every sample, "
               f"range(len(X))?")


def test_the_sum_of_squared_distances_to_each_own_centroid(learner):
    X = np.array([[2.0, 3.0], [4.0, 2.0], [0.0, -2.0], [10.0, 12.0], [10.0, 8.0], [7.0, 7.0]])
    labels = np.array([0, 0, 0, 1, 1, 1])
    centroids = np.array([[2.0, 1.0], [9.0, 9.0]])  # the means: inertia 42
    expect_inertia(learner.call(labels, centroids, X), labels, centroids, X)


def test_integer_X_gives_the_exact_inertia(learner):
    # half-integer differences: cutting any step to whole numbers shows
    X = np.array([[2, 4], [2, 5], [13, 14], [11, 14]])
    labels = np.array([0, 0, 1, 1])
    centroids = np.array([[1.5, 3.0], [10.5, 11.5]])  # inertia 24.5
    expect_inertia(learner.call(labels, centroids, X), labels, centroids, X)


def test_random_float_data(learner):
    rng = np.random.default_rng(8)
    X, centroids = rng.normal(size=(40, 3)) * 5, rng.normal(size=(4, 3)) * 5
    labels = rng.integers(0, 4, size=40)  # not the nearest centroids, nor the means
    expect_inertia(learner.call(labels, centroids, X), labels, centroids, X)


def test_each_sample_counts_against_its_own_centroid(learner):
    # every sample sits by the other cluster's centroid, far from its own
    X = np.array([[-1.0, -1.0], [9.5, 1.0], [0.0, 0.5], [9.5, -0.5]])
    labels = np.array([1, 0, 1, 0])
    centroids = np.array([[0.0, 0.0], [10.0, 0.0]])
    expect_inertia(learner.call(labels, centroids, X), labels, centroids, X)


def test_a_centroid_with_no_samples_adds_nothing(learner):
    X = np.array([[3.0, -2.0], [-2.0, 3.0], [4.0, 7.0], [4.0, 6.0], [7.0, 6.0]])
    labels = np.array([0, 0, 2, 2, 2])  # nobody is in cluster 1
    centroids = np.array([[1.0, 0.0], [50.0, 50.0], [7.0, 7.0]])
    expect_inertia(learner.call(labels, centroids, X), labels, centroids, X)


def test_a_single_cluster(learner):
    X = np.array([[4.0, 4.0], [2.0, 1.0], [1.0, 0.0]])
    labels = np.array([0, 0, 0])
    centroids = np.array([[2.0, 3.0]])
    expect_inertia(learner.call(labels, centroids, X), labels, centroids, X)


def test_float32_inputs(learner):
    rng = np.random.default_rng(9)
    X = (rng.normal(size=(30, 2)) * 3).astype(np.float32)
    centroids = (rng.normal(size=(3, 2)) * 3).astype(np.float32)
    labels = rng.integers(0, 3, size=30)
    expect_inertia(learner.call(labels, centroids, X), labels, centroids, X)


def test_agrees_with_the_inertia_of_scikit_learn(learner):
    outcome = learner.call(SKLEARN_LABELS, SKLEARN_CENTERS, SKLEARN_X)
    expect_inertia(outcome, SKLEARN_LABELS, SKLEARN_CENTERS, SKLEARN_X, SKLEARN_INERTIA)


def test_inputs_are_not_modified(learner):
    X = np.array([[4.0, 0.0], [0.0, 3.0], [1.0, 1.0], [3.0, 5.0]])
    labels = np.array([1, 1, 0, 0])
    centroids = np.array([[1.0, 2.0], [0.0, 0.0]])
    expect_inertia(learner.call(labels, centroids, X), labels, centroids, X)
