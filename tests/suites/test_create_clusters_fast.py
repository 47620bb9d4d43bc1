"""Hidden suite for bonus exercise 10: create_clusters_fast(centroids, K, X).

Its labels are checked by create_clusters's own checks, imported below: the
contract is the same. Then its speed is checked against the loop reference.
"""
import os
import statistics

import numpy as np

from kata.checks import expect_ndarray, fail_because, nearest_enough
from kata.checks.describe import show
from kata.judge.speed import speed_centroids, speed_samples
from kata.manifest import BY_NAME

from .test_create_clusters import (  # noqa: F401 (pytest collects them here, for this exercise)
    test_a_single_centroid, test_inputs_are_not_modified,
    test_labels_have_an_integer_dtype_for_float_data, test_labels_the_nearest_centroid,
    test_more_centroids_than_features, test_random_float_data, test_ties_go_to_the_lowest_index)

EXERCISE = "create_clusters_fast"
GOAL = BY_NAME[EXERCISE].speed
# a first call this many times slower than the goal cannot pass however noisy the
# machine: stop there rather than time a slow loop three more times
HOPELESS = 4
CHECKED_SAMPLES = 2000  # a wrong label among the 100,000 of a wrong function is found at once
HOW_TO_VECTORISE = (
    "Compute all m x K distances with array operations, without a Python loop over the "
    "samples, in one of two ways:\n"
    "- broadcast X[:, None, :] - centroids[None, :, :] into an (m, K, n) array "
    "({broadcast_mb:.0f} MB here; up to 256 MB is allowed), square it and sum over axis 2;\n"
    "- or expand ||x - c||^2 = ||x||^2 - 2 x.c + ||c||^2, whose middle term is one matrix "
    "product, X @ centroids.T, and needs only an (m, K) array.\n"
    "Then take np.argmin over axis 1.")


def test_is_20_times_faster_than_the_loop_reference(learner):
    """The median of the timed calls, against the reference timed in the same worker.

    The reference (create_clusters, a loop over the samples) was timed as the
    worker started, before the learner's file was imported, on
    GOAL.reference_samples samples; its time grows in proportion to m, so it is
    scaled up to GOAL.samples. Each call gets other centroids, and all its
    labels are checked, so no call can reuse another's answer.
    """
    seed = int.from_bytes(os.urandom(4), "little")  # new data each grading: nothing to prepare
    X = speed_samples(seed, GOAL.shape)
    centroid_sets = speed_centroids(seed, X, GOAL.centroids, GOAL.timed_calls + 1)
    outcome, warm_up = timed_call(learner, centroid_sets, 0, seed, X)  # pays first-touch memory
    baseline = statistics.median(learner.baseline_seconds) * GOAL.samples / GOAL.reference_samples
    allowed = baseline / GOAL.times_faster
    times = [warm_up]
    if warm_up < HOPELESS * allowed:
        times = [timed_call(learner, centroid_sets, call, seed, X)[1]
                 for call in range(1, len(centroid_sets))]
    seconds = statistics.median(times)
    if seconds > allowed:
        fail_because(outcome, too_slow(seconds, len(times), baseline, X))


def timed_call(learner, centroid_sets, call, seed, X):
    """Call number ``call``'s outcome and seconds, as the judge measured them; labels checked."""
    outcome = learner.call_on_speed_samples(centroid_sets[call], GOAL.centroids, seed=seed,
                                            samples=X)
    big_labels_of(outcome, centroid_sets[call], X, earlier=centroid_sets[:call])
    return outcome, learner.round_trip


def big_labels_of(outcome, centroids, X, earlier=()):
    """Check a timed call's labels; a message names the first wrong one found.

    Every label must be a centroid's index, and the labels of CHECKED_SAMPLES
    samples, picked at random once the call has returned (so that no call can
    know which), must be their nearest centroids. ``earlier``: the centroids of
    the calls before, whose labels a function that keeps answers would repeat.
    """
    m, K = len(X), len(centroids)
    labels = expect_ndarray(outcome, (m,), "integer", what="the labels array")
    outside = np.flatnonzero((labels < 0) | (labels >= K))
    if len(outside):
        fail_because(outcome, f"On the timed data, label {outside[0]} is {labels[outside[0]]}, "
                              f"but labels run from 0 to K - 1 = {K - 1}.")
    checked = np.sort(np.random.default_rng().choice(m, CHECKED_SAMPLES, replace=False))
    right = nearest_enough(X[checked], centroids)[np.arange(len(checked)), labels[checked]]
    if not right.all():
        i = int(checked[np.flatnonzero(~right)[0]])
        nearest = int(np.argmax(nearest_enough(X[i], centroids)[0]))
        reused = any(nearest_enough(X[checked], old)[np.arange(len(checked)), labels[checked]].all()
                     for old in earlier)
        fail_because(outcome, f"On the timed data (X has shape {X.shape}, each call other "
                              f"centroids), label {i} is {labels[i]}, but the nearest centroid of "
                              f"X[{i}] = {show(np.round(X[i], 4))} is {nearest}.",
                     "These are the labels of an earlier call, whose centroids were other ones: "
                     "a function must compute its answer from the arguments of each call, not "
                     "keep answers between calls." if reused else None)


def too_slow(seconds, calls, baseline, X):
    per_call = f"median of {calls} calls" if calls > 1 else "its first call; the others were skipped"
    broadcast_mb = X.shape[0] * GOAL.centroids * X.shape[1] * 8 / 2**20
    return (f"It took {seconds:.3f} s per call on X of shape {X.shape} with K = {GOAL.centroids} "
            f"({per_call}). The loop reference, {GOAL.baseline}, takes about {baseline:.2f} s "
            f"there (timed on {GOAL.reference_samples:,} samples in your worker and scaled up: "
            f"its time grows with m). Yours is {baseline / seconds:.1f} times as fast; the goal is "
            f"{GOAL.times_faster:g} times.\n" + HOW_TO_VECTORISE.format(broadcast_mb=broadcast_mb))
