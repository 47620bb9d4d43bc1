"""Hidden suite for exercise 1: initialize_random_centroids(K, X)."""
import numpy as np

from kata.checks import (expect_ndarray, expect_not_a_view, fail_because, sample_indices,
                         value_of)
from kata.checks.describe import show

EXERCISE = "initialize_random_centroids"

# Six distinct samples, so every returned row says which sample was picked.
X = np.array([[0, 1], [2, 3], [4, 5], [6, 7], [8, 9], [10, 11]])
SEEDS = range(40)
# Uniformity is tested with chi-squared tests over many fixed seeds. The seeds
# make each verdict repeatable; an implementation's own use of the generator
# makes its picks behave as independent uniform draws, so each test wrongly
# fails a correct one with probability 1e-7 (both tests together: under 1e-6).
# The critical values are scipy.stats.chi2.isf(1e-7, df), checked in
# tests/test_conventions.py.
SINGLE_DRAWS, PAIR_DRAWS = 600, 3000
CHI2_CRITICAL = {5: 40.863, 14: 60.395}
REPLACEMENT_HINT = ("Picking one random sample K times, as the article's loop does with "
                    "np.random.choice(range(m)), can pick the same sample twice. Pick K distinct "
                    "samples at once: np.random.choice(m, K, replace=False).")
GLOBAL_GENERATOR_HINT = ("Use NumPy's global generator (np.random.choice, np.random.permutation, "
                         "...), which np.random.seed controls; np.random.default_rng() and the "
                         "random module ignore it.")
UNIFORM_HINT = ("Give every sample the same chance: np.random.choice(m, K, replace=False) "
                "without weights, or np.random.permutation(m)[:K]. Moving a repeated pick to "
                "a neighbour, or weighting the draw, favours some samples.")


def pair_draws(learner, count=PAIR_DRAWS):
    """Calls with K = 2 after np.random.seed(0), seed(1), ...: made once, shared by checks."""
    if "pairs" not in learner.memo:
        learner.memo["pairs"] = learner.call_seeded(2, X, seeds=range(PAIR_DRAWS))
    return learner.memo["pairs"][:count]


def picked_samples(outcome, K, data=X):
    """The index of the sample behind each returned row; fails on a row not in data."""
    centroids = expect_ndarray(outcome, (K, data.shape[1]), what="the centroids array")
    return sample_indices(outcome, centroids, data)


def picks_of(outcomes, K):
    """The picks of many calls; checked all at once when every call returned plain rows of X."""
    values = [outcome.value for outcome in outcomes]
    # any real dtype: a float copy of a sample is still that sample
    if all(not o.raised and type(v) is np.ndarray and v.shape == (K, 2) and v.dtype.kind in "iuf"
           for o, v in zip(outcomes, values)):
        rows = np.stack(values)                            # (calls, K, 2)
        same = (rows[:, :, None, :] == X[None, None]).all(axis=3)
        if same.any(axis=2).all():                         # every row is a sample of X
            for outcome in outcomes:
                value_of(outcome)                           # the inputs are left alone
            return same.argmax(axis=2).tolist()
    return [picked_samples(outcome, K) for outcome in outcomes]


def chi_squared(counts):
    """Pearson's statistic for counts that should all be equal."""
    counts = np.asarray(counts, dtype=float)
    expected = counts.sum() / len(counts)
    return float(((counts - expected) ** 2 / expected).sum())


def test_returns_K_rows_of_X(learner):
    picked_samples(learner.call(3, X), 3)


def test_works_for_float_X_and_K_equal_to_1(learner):
    data = np.random.default_rng(7).normal(size=(20, 3))
    picked_samples(learner.call(1, data), 1, data)


def test_never_picks_the_same_sample_twice(learner):
    for K in (3, 6):
        outcomes = learner.call_seeded(K, X, seeds=SEEDS)
        for seed, outcome, picks in zip(SEEDS, outcomes, picks_of(outcomes, K)):
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
    outcomes = pair_draws(learner, len(SEEDS))
    different = {tuple(picks) for picks in picks_of(outcomes, 2)}
    if len(different) < 5:
        fail_because(outcomes[0], f"Over {len(SEEDS)} different seeds it returned only "
                                  f"{len(different)} different choice(s) of samples: the pick "
                                  f"should be random.", same_pick_hint(learner, different))


def same_pick_hint(learner, different):
    """Why the picks do not change with the seed, once other K confirm it."""
    if len(different) != 1:
        return None
    probes = {K: learner.call_seeded(K, X, seeds=[1, 2]) for K in (3, 4)}
    if all(not o.raised and picked_samples(o, K) == list(range(K))
           for K, outcomes in probes.items() for o in outcomes):
        return "It always returns the first K samples, X[:K]; pick them at random instead."
    return ("It returns the same samples whatever the seed: is a seed fixed inside the "
            "function (np.random.seed(0), default_rng(42))? Leave seeding to the caller.")


def test_every_sample_can_be_picked(learner):
    outcomes = pair_draws(learner, 60)
    seen = {pick for picks in picks_of(outcomes, 2) for pick in picks}
    never = sorted(set(range(len(X))) - seen)
    if never:
        fail_because(outcomes[0], f"Over 60 seeds, sample(s) {never} of X were never picked: "
                                  f"every one of the m samples must be able to start a cluster.",
                     "Random indices should run over 0 to m-1: np.random.choice(m, ...) or "
                     "np.random.randint(0, m) (the upper end is excluded).")


def test_X_is_not_modified(learner):
    value_of(learner.call(3, X))


def test_the_result_is_not_a_view_of_X(learner):
    # every K: X[:K], or X itself when K = m, are views, and X[i:i + 1] when K = 1
    for K in (1, 3, len(X)):
        for seed_outcome in learner.call_seeded(K, X, seeds=range(5)):
            expect_not_a_view(seed_outcome, 1, "X")


def test_every_pair_of_samples_can_be_picked_together(learner):
    # a uniform choice of K samples can start any K of them together; a random
    # contiguous block X[s:s+K] never puts the first and the last together
    outcomes = pair_draws(learner, 300)
    seen = {frozenset(picks) for picks in picks_of(outcomes, 2)}
    never = sorted(tuple(sorted(pair)) for pair in
                   {frozenset((i, j)) for i in range(len(X)) for j in range(i + 1, len(X))} - seen)
    if never:
        fail_because(outcomes[0], f"Over 300 seeds, these pairs of samples never started "
                                  f"together: {never}. The K samples should be chosen uniformly "
                                  f"at random, so any K of them can be picked.",
                     "Choose K indices at random, e.g. np.random.choice(m, K, replace=False), "
                     "not a block of neighbouring rows.")


def test_each_sample_is_equally_likely(learner):
    outcomes = learner.call_seeded(1, X, seeds=range(10_000, 10_000 + SINGLE_DRAWS))
    counts = np.bincount([picks[0] for picks in picks_of(outcomes, 1)], minlength=len(X))
    if chi_squared(counts) > CHI2_CRITICAL[len(X) - 1]:
        fail_because(outcomes[0], f"Over {SINGLE_DRAWS} seeds with K = 1, the six samples of X "
                                  f"were picked {counts.tolist()} times. A uniform pick gives "
                                  f"each about {SINGLE_DRAWS // len(X)}; counts this uneven "
                                  f"happen by chance less than once in ten million runs.",
                     UNIFORM_HINT)


def test_each_pair_of_samples_is_equally_likely(learner):
    outcomes = pair_draws(learner)
    pairs = [(i, j) for i in range(len(X)) for j in range(i + 1, len(X))]
    counts = dict.fromkeys(pairs, 0)
    for picks in picks_of(outcomes, 2):
        if len(set(picks)) == 2:  # a repeated sample fails its own check
            counts[tuple(sorted(picks))] += 1
    if chi_squared(list(counts.values())) > CHI2_CRITICAL[len(pairs) - 1]:
        most, least = max(counts, key=counts.get), min(counts, key=counts.get)
        fail_because(outcomes[0], f"Over {PAIR_DRAWS} seeds with K = 2, the 15 pairs of "
                                  f"samples were not picked equally often: pair {most} came up "
                                  f"{counts[most]} times and pair {least} {counts[least]} times, "
                                  f"where a uniform pick gives each about "
                                  f"{PAIR_DRAWS // len(pairs)}. Counts this uneven happen by "
                                  f"chance less than once in ten million runs.", UNIFORM_HINT)
