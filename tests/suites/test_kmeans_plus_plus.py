"""Hidden suite for exercise 7: kmeans_plus_plus(K, X).

The picks are random, so they are never compared with the reference's own
picks (np.random.choice with p, a cumulative sum and np.random.rand, or
np.random.multinomial draw the same law from different numbers). Chi-squared
tests over fixed seeds compare how often each sample is picked with the
k-means++ law; each pick is identified by its row, since copies of a sample
cannot be told apart.
"""
import numpy as np

from kata.checks import (CheckFailed, expect_ndarray, expect_not_a_view, fail_because,
                         sample_indices, value_of)
from kata.checks.describe import show

EXERCISE = "kmeans_plus_plus"

# Three places, two of them held by three samples each. From [0, 0] the
# candidates are the three copies of [0, 1] (D^2 = 1 each) and [4, 2] (D^2 =
# 20): D^2 gives [4, 2] 20/23 of the second picks, D only 60%, a uniform pick
# 1 in 6, the farthest point every one. A copy of the chosen sample (D = 0) is never
# picked, and de-duplicating X makes [4, 2] a first pick 1/3 of the time, not 1/7.
X_COPIES = np.array([[0, 0], [0, 1], [4, 2], [0, 0], [0, 1], [0, 0], [0, 1]])
# Two pairs far apart, one 1 wide and one 2 wide. Once the first two centroids
# are in different pairs, the third is the other sample of one pair, at the
# pair's width from its NEAREST centroid: D^2 gives the narrow pair 1/5 and the
# wide pair 4/5, whichever pair came first. Measured to the last centroid
# only, the third lands in the first centroid's pair 87% to 96% of the time.
# Its rows are distinct and sorted, so a pick's row is its sample index: the
# first pick is tested here too, where every sample must come up, the last
# one included (on X_COPIES a sample is known only by its row), and the
# order of the picks shows.
X_PAIRS = np.array([[0, 0], [0, 1], [5, 0], [5, 2]])
COPIES_SEEDS = range(400)         # K = 2: the first pick by row, and the second pick
PAIRS_SEEDS = range(1000, 1200)   # K = 3: the first pick by sample, and the third pick
# Each chi-squared test wrongly fails a correct implementation with
# probability under 1e-7, so all four together stay under 1e-6. The critical
# values are scipy.stats.chi2.isf(1e-8, df), checked in tests/test_conventions.py:
# the smallest cells here expect only about 20 counts, and summing the exact binomial
# and multinomial probabilities over every possible count shows that the
# chi-squared curve's 1e-7 point would be passed 1.9e-7, 1.3e-7, 4.2e-7 and
# 5.5e-7 of the time, while its 1e-8 point is passed 2.4e-8 (first pick, by row
# on X_COPIES), 1.6e-8 (first pick, by sample on X_PAIRS), 7.0e-8 (second) and
# 9.0e-8 (third) of the time: 2.0e-7 in all.
# Power, from 2,000 simulated runs of each wrong law through these checks
# (and none of 2,000 runs of the right law failed): picking by D, uniformly or
# the farthest sample fails the second-pick test, a first pick that ignores
# copies (np.unique) or is always X[0] the first-pick test, and measuring to
# the last or the first centroid only the third-pick test, each in every run.
# A first pick that never draws the last sample (np.random.choice(m - 1)), and
# centroids returned sorted by sample index (the last of X_PAIRS is never the
# smallest of three), fail the first-pick test on X_PAIRS whatever the draws:
# its empty cell alone, expecting 50, makes chi^2 >= 50 + 3 (50/3)^2 / 50 = 66.7.
# Summing the squared distances to the chosen centroids fails the repeat check
# in every run; with the chosen samples left out, the third-pick test still
# fails it in 99.8% of runs.
CHI2_CRITICAL = {1: 32.841, 2: 36.841, 3: 40.13, 4: 43.072, 5: 45.795, 6: 48.363}
GLOBAL_GENERATOR_HINT = ("Use NumPy's global generator (np.random.choice, np.random.rand, ...), "
                         "which np.random.seed controls; np.random.default_rng() and the random "
                         "module ignore it.")
RULE_HINTS = {
    "D": "The picks fit weights proportional to D(x), the distance itself. k-means++ weighs "
         "each sample by its squared distance: p = D2 / D2.sum(), with D2 = D ** 2.",
    "uniform": "The picks fit a uniform choice: D(x)^2 plays no part. Draw each next index "
               "with np.random.choice(m, p=D2 / D2.sum()).",
    "farthest": "Every pick was the sample farthest from the centroids chosen so far: that is "
                "the deterministic farthest-point start, not k-means++. Draw the sample at "
                "random, with probability D2 / D2.sum(): a far sample is likely, not certain.",
    "last": "The picks fit D(x) measured to the last chosen centroid only. D(x) is the "
            "distance to the NEAREST of all the centroids chosen so far: keep a running "
            "minimum, D2 = np.minimum(D2, squared distances to the new centroid).",
    "first": "The picks fit D(x) measured to the first centroid only (all the later picks "
             "drawn with the first one's D2). D(x) is the distance to the NEAREST centroid "
             "chosen so far: after each pick, D2 = np.minimum(D2, squared distances to it).",
    "sum": "The picks fit weights that add up the squared distances to all the chosen "
           "centroids. D(x) is the distance to the NEAREST one: take the minimum, "
           "D2 = np.minimum(D2, ...), not the sum.",
    "unique rows": "The first picks fit a uniform choice among the distinct rows of X, as if "
                   "the copies were removed (np.unique). Each sample has chance 1/m, so a row "
                   "X holds three times is three times as likely: do not de-duplicate X.",
}
ORDER_HINT = ("In every call the centroids came back in increasing sample order, though the "
              "samples picked, taken as a set, fit k-means++: they were sorted (sorted, np.sort "
              "or np.unique of the indices) after the draws. The order is part of the result: "
              "row 0 is the first pick, drawn uniformly, and each next row the next pick. "
              "Return X[picks] with the indices in the order they were drawn.")
NEVER_LAST_HINT = ("The last sample, X[m - 1], was never the first centroid, and the others "
                   "fit a uniform choice among the first m - 1. A range's end is left out: "
                   "np.random.choice(m - 1) and np.random.randint(m - 1) draw from 0 to m - 2. "
                   "Draw from all m samples, np.random.choice(m) or np.random.randint(m).")


def times(count):
    """'once', '0 times', '12 times'."""
    return "once" if count == 1 else f"{count} times"


def plural(count, word):
    """'1 call', '2 calls'."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def listed(items):
    """'a', 'a and b', 'a, b and c'."""
    items = list(items)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


# -- the picks -----------------------------------------------------------------

def distinct_rows(X):
    """X's distinct rows and how many samples hold each: picks are told apart by their rows."""
    rows, counts = np.unique(X, axis=0, return_counts=True)
    return rows, counts


def shape_hint(value, K, X):
    """Confirmed: the result holds K indices of X rather than K rows."""
    if (value.shape == (K,) and np.issubdtype(value.dtype, np.integer)
            and ((0 <= value) & (value < len(X))).all()):
        return (f"It returned {K} row indices; return the rows themselves, X[indices], "
                f"which copies them.")
    return None


def picked_rows(outcome, K, X):
    """The distinct row of X behind each returned centroid; fails on anything else."""
    rows, _ = distinct_rows(X)
    centroids = expect_ndarray(outcome, (K, X.shape[1]), what="the centroids array",
                               hints={"shape": lambda value: shape_hint(value, K, X)})
    if centroids.dtype.kind not in "biuf":
        fail_because(outcome, f"It returned {show(centroids)}, an array of dtype "
                              f"{centroids.dtype}: the centroids must be copies of rows of X, "
                              f"numbers.")
    return sample_indices(outcome, centroids, rows)


def picks_of(outcomes, K, X):
    """The picks of many calls as an array (calls, K) of indices into distinct_rows(X)."""
    rows, _ = distinct_rows(X)
    values = [outcome.value for outcome in outcomes]
    if all(not o.raised and type(v) is np.ndarray and v.shape == (K, X.shape[1])
           for o, v in zip(outcomes, values)):
        same = (np.stack(values)[:, :, None, :] == rows[None, None]).all(axis=3)
        if same.any(axis=2).all():                  # every centroid is a row of X
            for outcome in outcomes:
                value_of(outcome)                   # the inputs are left alone
            return same.argmax(axis=2)
    return np.array([picked_rows(outcome, K, X) for outcome in outcomes])


BATCHES = {"copies": (2, X_COPIES, COPIES_SEEDS), "pairs": (3, X_PAIRS, PAIRS_SEEDS),
           "forced": (3, X_COPIES, range(20))}  # forced: K = the number of distinct rows


def batch(learner, name):
    """The seeded calls several checks share, made once: their outcomes and their picks."""
    K, X, seeds = BATCHES[name]
    if name not in learner.memo:
        learner.memo[name] = learner.call_seeded(K, X, seeds=seeds)
    outcomes = learner.memo[name]
    if f"{name} picks" not in learner.memo:  # fails, in every check, on a wrong result
        learner.memo[f"{name} picks"] = picks_of(outcomes, K, X)
    return outcomes, learner.memo[f"{name} picks"]


def without_repeats(picks):
    """The calls that picked K different rows (a repeat fails its own check)."""
    ordered = np.sort(picks, axis=1)
    return picks[(ordered[:, 1:] != ordered[:, :-1]).all(axis=1)]


# -- the k-means++ law, and the wrong laws a hint may name ------------------------

def next_weights(rule, history, X):
    """Each distinct row's weight for the next pick under ``rule``, after the rows ``history``."""
    rows, counts = distinct_rows(X)
    d2 = ((rows[:, None, :] - rows[list(history)][None, :, :]) ** 2).sum(axis=2).astype(float)
    nearest = d2.min(axis=1)
    weights = {
        "D^2": lambda: counts * nearest,
        "D": lambda: counts * np.sqrt(nearest),
        "uniform": lambda: counts - np.bincount(history, minlength=len(rows)),
        "uniform, with replacement": lambda: counts.astype(float),
        "farthest": lambda: (nearest == nearest.max()).astype(float),
        "last": lambda: counts * d2[:, -1],
        "first": lambda: counts * d2[:, 0],
        "sum": lambda: counts * d2.sum(axis=1),
        "unique rows": lambda: nearest,
    }[rule]()
    return weights


def next_law(rule, history, X, repeats=False):
    """The probability of each distinct row being the next pick; ``repeats=False``: given
    that it is none of the rows picked so far."""
    weights = next_weights(rule, history, X)
    if not repeats:
        weights[list(history)] = 0
    return weights / weights.sum()


def counts_by_cell(picks, depth, X, rule, group_of, outcome_of, shape, repeats=False):
    """Observed and expected counts of the pick at ``depth``, by (group of its history, outcome).

    The expected counts add up each call's own law under ``rule``, so calls
    with different histories may share a cell.
    """
    observed, expected = np.zeros(shape), np.zeros(shape)
    histories, which = np.unique(picks[:, :depth], axis=0, return_inverse=True)
    for number, history in enumerate(histories):
        calls = picks[which.ravel() == number]
        group, law = group_of(history), next_law(rule, tuple(history), X, repeats)
        for row, probability in enumerate(law):
            expected[group, outcome_of(history, row)] += len(calls) * probability
        for row in calls[:, depth]:
            observed[group, outcome_of(history, row)] += 1
    return observed, expected


def chi_squared(observed, expected):
    """Pearson's statistic and its degrees of freedom (cells less groups); inf for a count
    in a cell the law gives no chance."""
    if (observed[expected == 0] > 0).any():
        return np.inf, 1
    used = expected > 0
    statistic = float(((observed[used] - expected[used]) ** 2 / expected[used]).sum())
    return statistic, int(used.sum() - (observed.sum(axis=-1) > 0).sum())


def is_unlikely(observed, expected):
    """Whether counts this far from the law happen by chance less than once in ten million runs."""
    statistic, df = chi_squared(observed, expected)
    return statistic > CHI2_CRITICAL.get(df, np.inf) or statistic == np.inf


def fitting_rule_hint(rules, *cells_under):
    """The hint for the wrong laws that every set of counts fits, if they all share one hint.

    ``cells_under(rule)`` gives observed and expected counts. Every group of
    histories must have come up a few times: picks that do not vary with the
    seed fit too many laws to confirm any.
    """
    hints = {RULE_HINTS[rule.split(",")[0]] for rule in rules
             if all(fits(*cells(rule)) for cells in cells_under)}
    return hints.pop() if len(hints) == 1 else None


def fits(observed, expected):
    return (observed.sum(axis=1) >= 5).all() and not is_unlikely(observed, expected)


# -- the checks ------------------------------------------------------------------

def test_returns_K_rows_of_X(learner):
    picked_rows(learner.call(3, X_PAIRS), 3, X_PAIRS)


def test_works_for_float_X_K_equal_to_1_and_a_single_sample(learner):
    samples = np.random.default_rng(7).normal(size=(20, 3))
    for K, data in ((1, samples), (4, samples), (1, samples[:1])):  # one sample: the centroid
        outcome = learner.call(K, data)
        picks = picked_rows(outcome, K, data)
        if len(set(picks)) < K:
            fail_because(outcome, f"It returned {show(outcome.value)}, which picks sample "
                                  f"{max(picks, key=picks.count)} of X twice: the K centroids "
                                  f"must be K different samples.")


def test_the_same_seed_gives_the_same_centroids(learner):
    outcomes = learner.call_seeded(3, X_PAIRS, seeds=[0, 0, 1, 1, 2, 2])
    for seed, first, second in zip(range(3), outcomes[::2], outcomes[1::2]):
        if picked_rows(first, 3, X_PAIRS) != picked_rows(second, 3, X_PAIRS):
            fail_because(first, f"Run twice after np.random.seed({seed}), it returned "
                                 f"{show(first.value)} and then {show(second.value)}: the same "
                                 f"seed must give the same centroids.", GLOBAL_GENERATOR_HINT)


def test_different_seeds_give_different_centroids(learner):
    outcomes, picks = batch(learner, "copies")
    if (picks[:40] == picks[0]).all():
        fail_because(outcomes[0], f"After each of 40 different seeds it returned "
                                  f"{show(outcomes[0].value)}: the picks should be random.",
                     "It returns the same centroids whatever the seed: is a seed fixed inside "
                     "the function (np.random.seed(0), default_rng(42)), or is no pick random? "
                     "Leave seeding to the caller.")


def test_X_is_not_modified(learner):
    value_of(learner.call(3, X_COPIES))


def test_the_result_is_not_a_view_of_X(learner):
    for K in (1, 3):
        for outcome in learner.call_seeded(K, X_PAIRS, seeds=range(4)):
            expect_not_a_view(outcome, 1, "X")


def test_never_picks_a_sample_twice_nor_a_copy_of_a_chosen_one(learner):
    for name in ("copies", "pairs", "forced"):
        outcomes, picks = batch(learner, name)
        for call, row in enumerate(picks):
            if len(set(row)) < len(row):
                fail_because(outcomes[call], repeat_message(row, outcomes[call].value,
                                                            BATCHES[name][1]),
                             repeat_hint(learner, name))


def repeat_message(picks, centroids, X):
    """Which centroids repeat a sample, and why a repeated sample has no chance."""
    rows, counts = distinct_rows(X)
    first, again = next((i, j) for j in range(len(picks)) for i in range(j) if picks[i] == picks[j])
    sample = rows[picks[first]]
    if counts[picks[first]] > 1:
        why = (f"X holds {show(sample)} {counts[picks[first]]} times, but once one copy is "
               f"chosen every copy is at distance D = 0 from it, so none can be picked again.")
    else:
        why = ("A chosen sample is at distance D = 0 from itself, so it has no chance of being "
               "picked again.")
    return (f"It returned {show(centroids)}: centroids {first} and {again} are the same sample, "
            f"{show(sample)}. {why} The K centroids must be K different samples, which needs "
            f"at least K distinct rows in X.")


def repeat_hint(learner, name):
    """The wrong law the picks fit, repeats and all, if only one does (and its kin)."""
    rules = ["uniform", "uniform, with replacement", "last", "first", "sum"]
    copies = batch(learner, "copies")[1]
    if name == "copies":
        return fitting_rule_hint(rules, lambda rule: second_pick_cells(copies, rule, True))
    if name == "pairs":  # with K = 2 on X_COPIES, a sum is told apart from a uniform pick
        return fitting_rule_hint(rules, lambda rule: second_pick_cells(copies, rule, True),
                                 lambda rule: third_pick_cells(batch(learner, "pairs")[1],
                                                               rule, True))
    return None


def test_each_sample_is_the_first_centroid_with_chance_1_over_m(learner):
    # by row on X_COPIES, where a row held three times must start three times as
    # often; by sample on X_PAIRS, whose rows are distinct: every sample must start
    for name in ("copies", "pairs"):
        outcomes, picks = batch(learner, name)
        rows, counts = distinct_rows(BATCHES[name][1])
        observed = np.bincount(picks[:, 0], minlength=len(rows))[None]
        expected = len(picks) * counts[None] / counts.sum()
        if is_unlikely(observed, expected):
            fail_because(outcomes[0], first_pick_message(name, observed[0], expected[0]),
                         first_pick_hint(learner, name))


def first_pick_message(name, observed, expected):
    K, X, seeds = BATCHES[name]
    rows, counts = distinct_rows(X)
    picked = listed(f"{show(row)} {times(int(n))}" for row, n in zip(rows, observed))
    if (counts == 1).all():
        should = (f"so each of its {len(rows)} rows, all different, should come up about "
                  f"{times(round(expected[0]))}")
    else:
        shares = listed(f"{show(row)} {n}/{counts.sum()}" for row, n in zip(rows, counts))
        should = (f"so the rows of X should come up in the shares {shares}: about "
                  f"{listed(str(round(e)) for e in expected)} times")
    return (f"Over {len(seeds)} seeds with K = {K}, the first centroid was {picked}. Each "
            f"of the m = {counts.sum()} samples should start with chance 1/m, {should}. Counts "
            f"this far off happen by chance less than once in ten million runs.")


def first_pick_hint(learner, name):
    """The bug behind a wrong first pick, confirmed by the picks of batch ``name``."""
    hint = order_hint(learner)
    if hint:
        return hint
    _, X, _ = BATCHES[name]
    picks = batch(learner, name)[1]
    rows, counts = distinct_rows(X)
    observed = np.bincount(picks[:, 0], minlength=len(rows))
    if (picks[:, 0] == picks[0, 0]).all() and not (picks == picks[0]).all():
        if (rows[picks[0, 0]] == X[0]).all():
            return ("Every call started from X[0]. Draw the first centroid uniformly too: "
                    "X[np.random.randint(m)], or an index from np.random.choice(m).")
    if (counts == 1).all():  # rows are samples: was the last one left out?
        last = int(np.flatnonzero((rows == X[-1]).all(axis=1))[0])
        others = np.delete(observed, last)[None]
        uniform_over_others = np.full(others.shape, len(picks) / others.size)
        if observed[last] == 0 and not is_unlikely(others, uniform_over_others):
            return NEVER_LAST_HINT
        return None
    uniform_over_rows = np.full((1, len(rows)), len(picks) / len(rows))
    return None if is_unlikely(observed[None], uniform_over_rows) else RULE_HINTS["unique rows"]


def order_hint(learner):
    """Confirmed: the centroids come back sorted by sample index, and as a set fit k-means++.

    Under k-means++ a call on X_PAIRS picks its samples in increasing order
    with chance 0.19, so 200 such calls in a row do not happen by chance.
    """
    try:
        picks = batch(learner, "pairs")[1]  # X_PAIRS's rows are its samples, in order
    except CheckFailed:  # a wrong result there is said by the checks that use the batch
        return None
    if not (np.diff(picks, axis=1) > 0).all():
        return None
    sets, which = np.unique(picks, axis=0, return_inverse=True)
    law = set_law(3, X_PAIRS)
    observed = np.zeros((1, len(law)))
    expected = len(picks) * np.array([list(law.values())])
    for number, chosen in enumerate(sets):
        observed[0, list(law).index(tuple(chosen))] = (which.ravel() == number).sum()
    return ORDER_HINT if fits(observed, expected) else None


def set_law(K, X):
    """The chance of each set of K distinct rows of X being the samples k-means++ picks."""
    rows, counts = distinct_rows(X)
    law = {}
    histories = [((row,), counts[row] / counts.sum()) for row in range(len(rows))]
    for _ in range(1, K):
        histories = [(history + (row,), chance * probability)
                     for history, chance in histories
                     for row, probability in enumerate(next_law("D^2", history, X))
                     if probability > 0]
    for history, chance in histories:
        law[tuple(sorted(history))] = law.get(tuple(sorted(history)), 0) + chance
    return law


def second_pick_cells(picks, rule, repeats=False):
    """Counts of the second pick, grouped by the first one."""
    size = len(distinct_rows(X_COPIES)[0])
    return counts_by_cell(picks, 1, X_COPIES, rule, group_of=lambda history: history[0],
                          outcome_of=lambda history, row: row, shape=(size, size),
                          repeats=repeats)


def test_the_second_centroid_is_drawn_with_probability_proportional_to_D_squared(learner):
    outcomes, picks = batch(learner, "copies")
    picks = without_repeats(picks)
    observed, expected = second_pick_cells(picks, "D^2")
    if is_unlikely(observed, expected):
        fail_because(outcomes[0], second_pick_message(observed, expected),
                     order_hint(learner)
                     or fitting_rule_hint(["D", "uniform", "farthest"],
                                          lambda rule: second_pick_cells(picks, rule)))


def second_pick_message(observed, expected):
    rows, counts = distinct_rows(X_COPIES)
    contributions = np.divide((observed - expected) ** 2, expected, where=expected > 0,
                              out=np.zeros_like(expected))
    worst = int(np.argmax(contributions.sum(axis=1)))  # the first pick whose counts are most off
    others = [j for j in range(len(rows)) if j != worst]
    weights = next_weights("D^2", (worst,), X_COPIES)
    said = " and ".join(f"{show(rows[j])} {times(int(observed[worst, j]))}" for j in others)
    law = " and ".join(f"{int(weights[j] // counts[j])} for each of the {counts[j]} samples "
                       f"{show(rows[j])}" if counts[j] > 1 else
                       f"{int(weights[j])} for the one sample {show(rows[j])}" for j in others)
    shares = " and ".join(f"{int(weights[j])}/{int(weights.sum())}" for j in others)
    return (f"Over {len(COPIES_SEEDS)} seeds with K = 2, the second centroid was not drawn "
            f"with probability proportional to D(x)^2. After a first centroid on "
            f"{show(rows[worst])} ({int(observed[worst].sum())} calls that picked two different "
            f"rows), it was {said}. D(x)^2 is {law}, so they should take {shares} of the "
            f"draws: about {' and '.join(str(round(expected[worst, j])) for j in others)} times. "
            f"Counts this far off happen by chance less than once in ten million runs.")


def third_pick_cells(picks, rule, repeats=False):
    """Counts of the third pick when the first two are in different pairs, grouped by the
    first pick's pair: outcomes are the first pick, the second, and the other sample of the
    first's pair or of the second's."""
    cross = picks[picks[:, 0] // 2 != picks[:, 1] // 2]
    relation = lambda history, row: [history[0], history[1], history[0] ^ 1,  # noqa: E731
                                     history[1] ^ 1].index(row)
    return counts_by_cell(cross, 2, X_PAIRS, rule, group_of=lambda history: history[0] // 2,
                          outcome_of=relation, shape=(2, 4), repeats=repeats)


def test_the_third_centroid_is_weighted_by_the_distance_to_the_NEAREST_centroid(learner):
    outcomes, picks = batch(learner, "pairs")
    picks, copies = without_repeats(picks), batch(learner, "copies")[1]
    observed, expected = third_pick_cells(picks, "D^2")
    if is_unlikely(observed, expected):
        fail_because(outcomes[0], third_pick_message(observed),
                     order_hint(learner)
                     or fitting_rule_hint(["D", "uniform", "farthest", "last", "first", "sum"],
                                          lambda rule: third_pick_cells(picks, rule),
                                          lambda rule: second_pick_cells(copies, rule, True)))


def third_pick_message(observed):
    # outcome 2 is the first pick's pair, 3 the other; group 0 started narrow, 1 wide
    narrow = [int(observed[0, 2]), int(observed[1, 3])]
    calls = [int(observed[0].sum()), int(observed[1].sum())]
    said = " and ".join(f"in {n} of the {plural(total, 'call')} whose first centroid was in "
                        f"the {pair} pair"
                        for n, total, pair in zip(narrow, calls, ("narrow", "wide")) if total)
    expected = " and ".join(str(round(total / 5)) for total in calls if total)
    return (f"Over {len(PAIRS_SEEDS)} seeds with K = 3, the first two centroids were in "
            f"different pairs, and the third was a new sample, in "
            f"{plural(sum(calls), 'call')}. The third is then the other sample of one pair, "
            f"and its distance to the NEAREST chosen centroid is the width of its pair: 1 "
            f"in the narrow pair {show(X_PAIRS[:2])}, 2 in the wide pair {show(X_PAIRS[2:])}. So "
            f"D(x)^2 gives the narrow pair's sample 1/5 of the draws and the wide pair's 4/5, "
            f"whichever pair came first. It picked the narrow pair's sample {said}, where about "
            f"{expected} were expected. Counts this far off happen by chance less than once in "
            f"ten million runs.")
