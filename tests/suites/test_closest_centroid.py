"""Hidden suite for exercise 3: closest_centroid(x, centroids, K)."""
import numpy as np

from kata.checks import fail, nearest_enough, value_of
from kata.checks.describe import kind, show

EXERCISE = "closest_centroid"
TIE_RULE = "among equal distances the lowest index wins, as with np.argmin"
# distances 3, 1, 2, 5 and 4: the nearest is 1, the farthest 3
PROBE = (np.array([0, 0]), np.array([[3, 0], [1, 0], [2, 0], [0, 5], [4, 0]]), 5)


def picks_the_farthest(learner):
    """Whether the learner's function returns the farthest centroid on a probe, too."""
    outcome = learner.call(*PROBE)
    return not outcome.raised and outcome.value == 3 and not isinstance(outcome.value, bool)


def is_nearest_distance(value, x, centroids):
    """Whether ``value`` is the distance (or squared distance) from x to its nearest centroid."""
    d2 = ((np.asarray(centroids, dtype=float) - x) ** 2).sum(axis=1).min()
    return bool(np.isclose(value, np.sqrt(d2)) or np.isclose(value, d2))


def expect_index(outcome, x, centroids, expected, rule="that centroid is the nearest to x",
                 exact=True, learner=None):
    """Check that the call returned the integer ``expected``.

    With ``exact=False`` any index whose distance equals the minimum within
    floating-point tolerance is right too. With ``learner``, a wrong index
    that is the farthest centroid is confirmed on a probe before the hint says so.
    """
    value = value_of(outcome)
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        hint = None
        if isinstance(value, (float, np.floating)) and float(value).is_integer():
            hint = ("An index must be an integer; np.argmin already returns one. "
                    "Storing it in a float array (np.empty(...)) or float() turns it into a float.")
        elif isinstance(value, (float, np.floating)) and is_nearest_distance(value, x, centroids):
            hint = "Return the index of the nearest centroid (np.argmin), not its distance."
        elif isinstance(value, np.ndarray):
            hint = "Return one index, e.g. int(np.argmin(distances)), not an array."
        fail(outcome, f"{show(value)} ({kind(value)})", f"the integer {expected}",
             "an index is an integer (a Python int or a NumPy integer)", hint)
    right = value == expected or (not exact and 0 <= value < len(centroids)
                                  and nearest_enough(x, centroids)[0, value])
    if not right:
        distances = np.sqrt(((centroids - x) ** 2).sum(axis=1))
        hint = None
        if (learner is not None and value == int(np.argmax(distances))
                and picks_the_farthest(learner)):
            hint = f"Centroid {value} is the farthest one: use argmin, not argmax."
        elif value == np.flatnonzero(distances == distances[expected])[-1]:
            # the last of the ties, as a loop keeping each new best on `<=` ends with
            hint = "A loop that replaces the best index on `<=` keeps the last tie; use `<`."
        fail(outcome, str(value), str(expected),
             f"{rule} (the distances are {show(np.round(distances, 4))})", hint)


def test_the_minimum_distance_not_the_maximum(learner):
    x, centroids = np.array([0, 0]), np.array([[1, 1], [5, 5], [2, 2]])
    expect_index(learner.call(x, centroids, 3), x, centroids, 0, learner=learner)


def test_the_nearest_centroid(learner):
    x, centroids = np.array([9, 8]), np.array([[0, 0], [10, 10]])
    expect_index(learner.call(x, centroids, 2), x, centroids, 1)


def test_the_last_centroid_can_be_the_nearest(learner):
    x, centroids = np.array([7, 7]), np.array([[0, 0], [3, 3], [6, 6], [7, 8]])
    expect_index(learner.call(x, centroids, 4), x, centroids, 3)


def test_ties_go_to_the_lowest_index(learner):
    # small integers: every formula computes these distances exactly
    x = np.array([0, 0])
    for centroids, expected in ((np.array([[3, 4], [0, 5], [5, 0], [4, 3]]), 0),
                                (np.array([[9, 9], [1, 0], [0, 1], [-1, 0]]), 1)):
        expect_index(learner.call(x, centroids, len(centroids)), x, centroids, expected, TIE_RULE)


def test_a_single_centroid(learner):
    x, centroids = np.array([4.0, -1.0]), np.array([[100.0, 100.0]])
    expect_index(learner.call(x, centroids, 1), x, centroids, 0)


def test_random_float_data(learner):
    rng = np.random.default_rng(3)
    centroids = rng.normal(size=(5, 3)) * 4
    for x in rng.normal(size=(8, 3)) * 4:
        outcome = learner.call(x, centroids, 5)
        expected = int(np.argmin(((centroids - x) ** 2).sum(axis=1)))
        expect_index(outcome, x, centroids, expected, exact=False)


def test_inputs_are_not_modified(learner):
    outcome = learner.call(np.array([1.0, 2.0]), np.array([[0.0, 0.0], [2.0, 2.0]]), 2)
    value_of(outcome)
