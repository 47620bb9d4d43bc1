"""Hidden suite for exercise 1: initialize_random_centroids(K, X)."""
import numpy as np

from tests.grading.checks import (expect_inputs_unchanged, expect_ndarray, expect_not_a_view,
                                  fail_because)
from tests.grading.describe import show

EXERCISE = "initialize_random_centroids"

# Six distinct samples, so every returned row says which sample was picked.
X = np.array([[0, 1], [2, 3], [4, 5], [6, 7], [8, 9], [10, 11]])
SEEDS = range(40)
REPLACEMENT_HINT = ("Picking one random sample K times, as the article's loop does with "
                    "np.random.choice(range(m)), can pick the same sample twice. Pick K distinct "
                    "samples at once: np.random.choice(m, K, replace=False).")
SHUFFLE_HINT = ("np.random.shuffle(X) shuffles X itself; shuffle or permute an array of "
                "indices instead: np.random.permutation(m).")
GLOBAL_GENERATOR_HINT = ("Use NumPy's global generator (np.random.choice, np.random.permutation, "
                         "...), which np.random.seed controls; np.random.default_rng() and the "
                         "random module ignore it.")


def picked_samples(outcome, K, data=X):
    """The index of the sample behind each returned row; fails on a row not in data."""
    centroids = expect_ndarray(outcome, (K, data.shape[1]), what="the centroids array")
    picks = []
    for row_index, row in enumerate(centroids):
        matches = np.flatnonzero((data == row).all(axis=1))
        if len(matches) == 0:
            fail_because(outcome, f"It returned {show(centroids)}, but row {row_index}, "
                                  f"{show(row)}, is not a row of X: each centroid must be a "
                                  f"copy of one sample of X.")
        picks.append(int(matches[0]))
    expect_inputs_unchanged(outcome, SHUFFLE_HINT)
    return picks


def test_returns_K_rows_of_X(learner):
    outcome = learner.call(3, X)
    picked_samples(outcome, 3)


def test_works_for_float_X_and_K_equal_to_1(learner):
    data = np.random.default_rng(7).normal(size=(20, 3))
    picked_samples(learner.call(1, data), 1, data)


def test_never_picks_the_same_sample_twice(learner):
    for K in (3, 6):
        outcomes = learner.call_seeded(K, X, seeds=SEEDS)
        for seed, outcome in zip(SEEDS, outcomes):
            picks = picked_samples(outcome, K)
            repeated = next((pick for pick in picks if picks.count(pick) > 1), None)
            if repeated is not None:
                rows = [row for row, pick in enumerate(picks) if pick == repeated]
                fail_because(outcome, f"After np.random.seed({seed}), it returned "
                                      f"{show(outcome.value)}: rows {rows[0]} and {rows[1]} are "
                                      f"both sample {repeated} of X, {show(X[repeated])}. The K "
                                      f"centroids must start on K distinct samples.",
                             REPLACEMENT_HINT)


def test_the_same_seed_gives_the_same_centroids(learner):
    for seed in range(5):
        first, second = learner.call_seeded(3, X, seeds=[seed, seed])
        if picked_samples(first, 3) != picked_samples(second, 3):
            fail_because(first, f"Run twice after np.random.seed({seed}), it returned "
                                 f"{show(first.value)} and then {show(second.value)}: the same "
                                 f"seed must give the same centroids.", GLOBAL_GENERATOR_HINT)


def test_different_seeds_give_different_centroids(learner):
    outcomes = learner.call_seeded(2, X, seeds=SEEDS)
    different = {tuple(picked_samples(outcome, 2)) for outcome in outcomes}
    if len(different) < 5:
        fail_because(outcomes[0], f"Over {len(SEEDS)} different seeds it returned only "
                                  f"{len(different)} different choice(s) of samples: the pick "
                                  f"should be random.",
                     "Is a seed fixed inside the function (np.random.seed(0), "
                     "default_rng(42))? Leave seeding to the caller.")


def test_every_sample_can_be_picked(learner):
    outcomes = learner.call_seeded(2, X, seeds=range(60))
    seen = {pick for outcome in outcomes for pick in picked_samples(outcome, 2)}
    never = sorted(set(range(len(X))) - seen)
    if never:
        fail_because(outcomes[0], f"Over 60 seeds, sample(s) {never} of X were never picked: "
                                  f"every one of the m samples must be able to start a cluster.",
                     "Random indices should run over 0 to m-1: np.random.choice(m, ...) or "
                     "np.random.randint(0, m) (the upper end is excluded).")


def test_X_is_not_modified(learner):
    expect_inputs_unchanged(learner.call(3, X), SHUFFLE_HINT)


def test_the_result_is_not_a_view_of_X(learner):
    for seed_outcome in learner.call_seeded(3, X, seeds=range(5)):
        expect_not_a_view(seed_outcome, 1, "X")


def test_every_pair_of_samples_can_be_picked_together(learner):
    # a uniform choice of K samples can start any K of them together; a random
    # contiguous block X[s:s+K] never puts the first and the last together
    outcomes = learner.call_seeded(2, X, seeds=range(300))
    seen = {frozenset(picked_samples(outcome, 2)) for outcome in outcomes}
    never = sorted(tuple(sorted(pair)) for pair in
                   {frozenset((i, j)) for i in range(len(X)) for j in range(i + 1, len(X))} - seen)
    if never:
        fail_because(outcomes[0], f"Over 300 seeds, these pairs of samples never started "
                                  f"together: {never}. The K samples should be chosen uniformly "
                                  f"at random, so any K of them can be picked.",
                     "Choose K indices at random, e.g. np.random.choice(m, K, replace=False), "
                     "not a block of neighbouring rows.")
