"""Hidden suite for exercise 9: run_Kmeans_best_of(K, X, n_init=10, max_iterations=500).

run_Kmeans_best_of is graded with run_Kmeans standing in: the worker forwards
each call of run_Kmeans to the judge, which logs its arguments and answers
with the next labels of a script. compute_means and compute_inertia run the
reference, and a learner may score a run with them or inline: the checks look
only at the labels that come back.

The scripted labels are converged K-means partitions of eight points with
small integer coordinates, each cluster of 2 or 4 samples: every mean, square
and sum is exact in floating point, so every way of computing an inertia gives
the judge's numbers to the last bit, and a tie is a true tie. Each sample is
nearer its own mean than any other by a wide margin, so scoring a run by each
sample's nearest mean gives the same inertias too. One partition has a higher
inertia but a lower sum of plain distances than the best: scoring without
squaring picks it.

One run leaves a cluster empty, as a run may: its labels are 0 and 2 only, so
renumbering them (np.unique) shows. Its two clusters of 4 keep its inertia
exact, and an empty cluster adds nothing to it, whatever centroid it is given.
Scored by nearest means it can only score lower (compute_means gives its empty
cluster a sample of X), and it is the best run of its script, so it stays the best.

A hint names a bug only when the returned labels are those of the run that
bug picks, and of no run another likely bug picks.
"""
import numpy as np

from kata.checks import close, expect_inputs_unchanged, expect_ndarray, fail_because, value_of
from kata.checks.describe import show

EXERCISE = "run_Kmeans_best_of"
CLUSTERS = 3
X_SMALL = np.array([[5, 0], [2, 8], [1, 0], [0, 6], [3, 4], [4, 3], [8, 1], [6, 8]], dtype=float)

# Lloyd fixed points of X_SMALL with K = 3, and their inertias (comments); the sums of
# plain, unsquared distances rank them in the same order, except G
PARTITIONS = {
    "A": np.array([0, 1, 2, 2, 2, 2, 0, 1]),  # 41.75, the lowest
    "B": np.array([0, 1, 0, 2, 2, 0, 0, 1]),  # 45.5
    "C": np.array([0, 1, 0, 1, 2, 0, 0, 2]),  # 47.5
    "D": np.array([0, 1, 0, 1, 0, 0, 2, 2]),  # 52
    "G": np.array([0, 1, 2, 1, 2, 2, 0, 2]),  # 54.75, but the lowest sum of plain distances
    "E": np.array([0, 1, 0, 1, 1, 1, 2, 2]),  # 58
    "F": np.array([0, 0, 1, 1, 0, 0, 2, 2]),  # 82.75, the highest
}


def run(partition, order=(0, 1, 2)):
    """A run's labels: a partition with its clusters numbered in ``order``, as a random start may."""
    return np.array(order)[PARTITIONS[partition]]


# the best is neither the first nor the last run, and the highest is neither either: so
# keeping the first, the last, the highest run or the one of the lowest sum of unsquared
# distances each returns labels of its own
FIVE_RUNS = [run("D", (1, 2, 0)), run("F", (2, 0, 1)), run("A", (1, 0, 2)), run("G", (2, 1, 0)),
             run("B", (2, 1, 0))]
# the same partition twice, numbered differently: an exact tie, between runs 2 and 4;
# the highest is run 3 and the last is run 5, so keeping either is told apart from <=
TIED_RUNS = [run("D", (2, 0, 1)), run("A", (0, 2, 1)), run("F", (1, 2, 0)), run("A", (1, 2, 0)),
             run("E", (2, 1, 0))]
# for the default n_init=10: the only best run is run 8, so 5 or 7 runs miss it
TEN_RUNS = [run("D"), run("F", (1, 0, 2)), run("B"), run("E", (0, 2, 1)), run("C", (2, 1, 0)),
            run("D", (2, 0, 1)), run("F"), run("A", (2, 1, 0)), run("E", (1, 2, 0)),
            run("B", (1, 0, 2))]

# a run that left cluster 1 empty, with two clusters of 4: inertia 60.75, lower than
# F's only; each sample is nearer its own mean than the other one
EMPTY_CLUSTER_RUN = np.array([0, 2, 0, 2, 2, 0, 0, 2])
# the best is the run with an empty cluster, between two runs of F
EMPTY_CLUSTER_RUNS = [run("F", (2, 0, 1)), EMPTY_CLUSTER_RUN, run("F", (1, 2, 0))]

HIGHEST_HINT = ("It kept the run with the highest inertia. The best run has the lowest: "
                "replace the best when a run's inertia is lower (<) than the best so far, "
                "starting from np.inf; or use min / np.argmin, not max / np.argmax.")
TIE_HINT = ("A tie keeps the first run: replace the best only on a strictly lower inertia "
            "(<, not <=).")
UNSQUARED_HINT = ("It kept the run with the lowest sum of distances. The inertia sums "
                  "squared distances: square each distance, or sum the squared differences "
                  "without taking a square root.")
LAST_HINT = ("It returned the labels of the last run. Keep the best run's labels in a name "
             "of their own, set only when a run's inertia is lower than the best so far, "
             "and return those.")


def means_of(labels, X):
    """Each cluster's mean, in float64: exact for X_SMALL's clusters of 2 and 4. An empty
    cluster's row is 0: no sample is measured to it."""
    return np.array([X[labels == k].mean(axis=0) if (labels == k).any() else np.zeros(X.shape[1])
                     for k in range(CLUSTERS)])


def distances_of(labels, X):
    """The sum of the samples' plain (unsquared) distances to their own cluster's mean."""
    return float(np.sqrt(((X - means_of(labels, X)[labels]) ** 2).sum(axis=1)).sum())


def inertia_of(labels, X):
    """The inertia of a run: squared distances of the samples to their own cluster's mean."""
    return float(((X - means_of(labels, X)[labels]) ** 2).sum())


class ScriptedRuns:
    """Stands in for run_Kmeans: each call returns the next labels of ``script``, and is logged.

    It rejects data other than the run's own (another X or K): a correct
    run_Kmeans_best_of passes on what it was given, and the scripted labels
    are converged runs on that data only.
    """

    def __init__(self, script, X):
        self.script, self.X = script, X
        self.max_iterations = []   # what each call got
        self.returned = []         # the labels each call returned

    def __call__(self, K, X, max_iterations):
        if not (isinstance(K, (int, np.integer)) and K == CLUSTERS):
            raise ValueError(f"run_Kmeans was called with K={K!r}, but run_Kmeans_best_of "
                             f"was given K={CLUSTERS}")
        if (type(X) is not np.ndarray or X.shape != self.X.shape
                or not np.array_equal(X, self.X)):
            raise ValueError("run_Kmeans was called with an X other than the one "
                             "run_Kmeans_best_of was given; each run clusters that X, "
                             "unchanged")
        labels = self.script[len(self.returned) % len(self.script)]  # more calls: start over
        self.max_iterations.append(max_iterations)
        self.returned.append(labels)
        return labels.copy()

    @property
    def inertias(self):
        return [inertia_of(labels, self.X) for labels in self.returned]


def best_of(learner, script, *args, X=X_SMALL, **kwargs):
    """Call the learner's run_Kmeans_best_of(3, X, *args, **kwargs) on scripted runs."""
    runs = ScriptedRuns(script, X)
    outcome = learner.call(CLUSTERS, X, *args, stubs={"run_Kmeans": runs}, **kwargs)
    expect_inputs_unchanged(outcome)  # before a raise: changing X may be what made it raise
    value_of(outcome)
    return outcome, runs


def expect_runs(outcome, runs, n_init, said=None, by_position=False):
    """Fail unless run_Kmeans ran n_init times; ``said`` is how the call gave n_init."""
    made = len(runs.returned)
    if made == n_init:
        return
    if made == 0:
        fail_because(outcome, "It never called run_Kmeans.",
                     "run_Kmeans_best_of must use the exercise function run_Kmeans(K, X, "
                     "max_iterations), imported from its file, rather than code of its own, "
                     "so that each exercise is graded on its own.")
    times = "once" if made == 1 else f"{made} times"
    what = f"It called run_Kmeans {times}, but {said or f'n_init={n_init}'} asks for {n_init} runs."
    hint = None
    if made == 1:
        hint = "Make n_init runs, each a call of run_Kmeans: `for _ in range(n_init):`."
    elif by_position and each_is(runs.max_iterations, n_init):
        what = (f"It called run_Kmeans {times}, each with max_iterations={n_init}, but it was "
                f"given n_init={n_init} by position, the third argument.")
        hint = ("The parameters are (K, X, n_init=10, max_iterations=500), in that order: it "
                "took the third as max_iterations.")
    fail_because(outcome, what, hint)


def labels_of(outcome, runs):
    """The returned labels, checked to be an (m,) integer array; hints name what else came back."""
    value = outcome.value
    X = runs.X
    inertias = runs.inertias
    if _is_number(value) and any(np.isclose(float(value), inertia) for inertia in inertias):
        which = [i for i, inertia in enumerate(inertias) if np.isclose(float(value), inertia)]
        fail_because(outcome, f"It returned {show(value)}, the inertia of run {which[0] + 1}, "
                              f"but run_Kmeans_best_of returns the labels of the best run.",
                     "Keep the best run's labels beside its inertia, and return the labels.")
    if type(value) is tuple and any(type(item) is np.ndarray and _run_of(item, runs) is not None
                                    for item in value):
        fail_because(outcome, f"It returned a tuple of {len(value)} items, one of them a run's "
                              f"labels, but run_Kmeans_best_of returns the labels alone.",
                     "Return only the labels of the best run, not its inertia or centroids too.")
    return expect_ndarray(outcome, (len(X),), "integer", what="the labels array", hints={
        ("shape", (CLUSTERS, X.shape[1])): lambda value: (
            "Those are centroids, the means of a run's clusters: run_Kmeans_best_of returns "
            "the labels of the best run, as run_Kmeans gave them."
            if any(close(value, means_of(labels, X)) for labels in runs.returned) else None),
        "list": ("Those are a run's labels as a list; return the ndarray run_Kmeans gave."
                 if type(value) is list and _run_of(value, runs) is not None else None),
        "dtype": lambda value: (
            f"These are the labels of run {_run_of(value, runs) + 1}, changed to another dtype; "
            f"return them as run_Kmeans gave them." if _run_of(value, runs) is not None
            else None),
    })


def _is_number(value):
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(
        value, (bool, np.bool_))


def _run_of(labels, runs):
    """The index of the first run whose labels these are (any dtype), else None."""
    try:
        labels = np.asarray(labels)
    except (ValueError, TypeError):  # a ragged list, say: no run's labels
        return None
    if labels.shape != runs.X.shape[:1]:
        return None
    for i, returned in enumerate(runs.returned):
        if np.array_equal(labels, returned):
            return i
    return None


def expect_the_best_run(outcome, runs):
    """Fail unless it returned the labels of the first run with the lowest inertia."""
    labels = labels_of(outcome, runs)
    inertias = runs.inertias
    best = int(np.argmin(inertias))  # the first on a tie
    if np.array_equal(labels, runs.returned[best]):
        return
    tied = [i for i, inertia in enumerate(inertias) if inertia == inertias[best]]
    listed = ", ".join(f"{inertia:g}" for inertia in inertias)
    if len(tied) > 1:
        rule = (f"The lowest, {inertias[best]:g}, is that of runs "
                f"{' and '.join(str(i + 1) for i in tied)}: on a tie the first of them wins")
    else:
        rule = f"The lowest is run {best + 1}'s, {inertias[best]:g}"
    chosen = _run_of(labels, runs)
    if chosen is None:
        got = "labels that are none of the runs'"
    else:
        got = f"run {chosen + 1}'s labels (inertia {inertias[chosen]:g})"
    fail_because(outcome, f"The judge stood in for run_Kmeans: its {len(inertias)} runs returned "
                          f"labels whose inertias are, in order, {listed}. {rule}, so the "
                          f"result is run {best + 1}'s labels, {show(runs.returned[best])}. It "
                          f"returned {show(labels)}: {got}.",
                 choice_hint(chosen, runs, tied) if chosen is not None
                 else renumbered_hint(labels, runs.returned[best]))


def renumbered_hint(labels, best_labels):
    """Confirmed: the best run's labels, renumbered 0, 1, ... by np.unique."""
    _, renumbered = np.unique(best_labels, return_inverse=True)
    if np.array_equal(labels, renumbered.ravel()) and not np.array_equal(labels, best_labels):
        return ("These are the best run's labels renumbered to 0, 1, ... as np.unique(..., "
                "return_inverse=True) numbers them. A run may leave a cluster empty, so its "
                "labels need not use every number: return them as run_Kmeans gave them.")
    return None


def choice_hint(chosen, runs, tied):
    """The bug that picks run ``chosen``, when it is the only likely bug that picks it."""
    if chosen is None:
        return None
    inertias = runs.inertias
    distances = [distances_of(labels, runs.X) for labels in runs.returned]
    picks = {  # each likely bug, with whether it picks run ``chosen``, and its hint
        "first": (chosen == 0, None),  # the best never replaced
        "last": (chosen == len(inertias) - 1, LAST_HINT),
        "highest": (inertias[chosen] == max(inertias) > min(inertias), HIGHEST_HINT),
        "tie to the last": (len(tied) > 1 and chosen == tied[-1], TIE_HINT),
        "unsquared": (distances.count(min(distances)) == 1
                      and distances[chosen] == min(distances), UNSQUARED_HINT),
    }
    confirmed = [hint for picked, hint in picks.values() if picked]
    return confirmed[0] if len(confirmed) == 1 else None


def each_is(values, number):
    """Whether every value is the integer ``number`` (values may be anything a learner passed)."""
    return all(isinstance(value, (int, np.integer)) and value == number for value in values)


def given(max_iterations):
    """'max_iterations=500 each time', or each call's value in order."""
    if len(set(map(repr, max_iterations))) == 1:
        return f"max_iterations={show(max_iterations[0])} each time"
    return f"max_iterations {', '.join(map(show, max_iterations))}, in order"


def test_returns_the_labels_of_the_run_with_the_lowest_inertia(learner):
    outcome, runs = best_of(learner, FIVE_RUNS, n_init=5, max_iterations=50)
    expect_runs(outcome, runs, 5)
    expect_the_best_run(outcome, runs)


def test_makes_n_init_runs_given_by_position(learner):
    outcome, runs = best_of(learner, FIVE_RUNS, 3, 20)
    expect_runs(outcome, runs, 3, by_position=True)
    expect_the_best_run(outcome, runs)


def test_makes_n_init_runs_given_by_keyword(learner):
    outcome, runs = best_of(learner, FIVE_RUNS, n_init=4)
    expect_runs(outcome, runs, 4)
    expect_the_best_run(outcome, runs)


def test_passes_max_iterations_on_to_each_run(learner):
    outcome, runs = best_of(learner, FIVE_RUNS, n_init=2, max_iterations=7)
    expect_runs(outcome, runs, 2)
    if not each_is(runs.max_iterations, 7):
        hint = None
        if each_is(runs.max_iterations, 500):
            hint = ("Each run got 500, run_Kmeans's default, instead of the max_iterations "
                    "it was given: pass it on, run_Kmeans(K, X, max_iterations).")
        fail_because(outcome, f"It called run_Kmeans with {given(runs.max_iterations)}, but "
                              f"each run gets the max_iterations run_Kmeans_best_of was given, "
                              f"7.", hint)


def test_the_defaults_are_10_runs_of_500_iterations(learner):
    outcome, runs = best_of(learner, TEN_RUNS)
    expect_runs(outcome, runs, 10, said="n_init's default, 10,")
    if not each_is(runs.max_iterations, 500):
        fail_because(outcome, f"Called without max_iterations, it called run_Kmeans with "
                              f"{given(runs.max_iterations)}, but max_iterations defaults to "
                              f"500, and each run gets it.")
    expect_the_best_run(outcome, runs)


def test_a_tie_keeps_the_first_run(learner):
    outcome, runs = best_of(learner, TIED_RUNS, n_init=5)
    expect_runs(outcome, runs, 5)
    expect_the_best_run(outcome, runs)


def test_n_init_1_returns_the_labels_of_its_one_run(learner):
    outcome, runs = best_of(learner, FIVE_RUNS[2:3], n_init=1)
    expect_runs(outcome, runs, 1)
    expect_the_best_run(outcome, runs)


def test_returns_the_labels_as_run_Kmeans_gave_them_even_with_an_empty_cluster(learner):
    outcome, runs = best_of(learner, EMPTY_CLUSTER_RUNS, n_init=3)
    expect_runs(outcome, runs, 3)
    expect_the_best_run(outcome, runs)


def test_X_is_not_modified(learner):
    # integer X, as the docstring allows; the check of X happens in best_of. The labels
    # are left to the other checks: this one reports on X (and the runs it needs) only
    outcome, runs = best_of(learner, FIVE_RUNS, 5, X=X_SMALL.astype(np.int64))
    expect_runs(outcome, runs, 5, by_position=True)
