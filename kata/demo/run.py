"""Run a learner's run_Kmeans on the demo's data, record every round, run scikit-learn beside it.

The learner's run_Kmeans runs in a worker process, exactly as in grading:
its helper calls (initialize_random_centroids, create_clusters,
compute_means) come back to this process, where a :class:`Recorder` answers
them with the reference functions and keeps each round's centroids and
labels. So the learner adds nothing to their code, a hang or crash is
reported rather than fatal, and both K-means start from the same centroids:
the ones the reference's initialize_random_centroids picks after
``np.random.seed(seed)``.
"""
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np

from ..checks import CheckFailed, expect_ndarray
from ..judge.outcome import Crashed, FileProblem, NotStarted, TimedOut
from ..references import reference_functions
from ..report import Status
from .data import data_sets

EXERCISE = "run_Kmeans"   # the one exercise whose code the demo runs
MAX_ITERATIONS = 500      # for both K-means: run_Kmeans's default
SCIKIT_LEARN_FITS = 3     # its time is the best of these: one fit takes a millisecond or two
STOPPED = {TimedOut: "it did not finish in time", Crashed: "its process stopped",
           FileProblem: "its file cannot be used", NotStarted: "it raises NotImplementedError"}
RUN_PROBLEMS = tuple(STOPPED)


@dataclass
class Run:
    """How one K-means ran on one data set."""

    labels: np.ndarray = None     # the final labels; None when it gave none
    path: list = field(default_factory=list)         # centroids: the start, then each update
    assignments: list = field(default_factory=list)  # the labels of each round, when recorded
    rounds: int = 0
    seconds: float = 0.0
    problem: str = ""             # why it gave no labels: a crash, the time limit, an exception
    stopped: str = ""             # the same, in a few words for a picture


@dataclass
class Comparison:
    """The learner's K-means and scikit-learn's on one data set, from the same start."""

    data_set: object
    start: np.ndarray
    yours: Run
    scikit_learn: Run

    @property
    def identical(self):
        return self.yours.labels is not None and np.array_equal(self.yours.labels,
                                                                self.scikit_learn.labels)


class NotReady(Exception):
    """The exercise the demo runs has not passed yet: one message, exit status 1."""


def demo(judge, folder, display_folder, seed, timeout=None):
    """Grade ``folder``'s run_Kmeans, then run it on every data set; one Comparison each.

    Raises NotReady, saying which exercise and why, if run_Kmeans has not passed.
    """
    ensure_passed(judge, folder, display_folder, timeout)
    return [compare(judge, folder, display_folder, data_set, seed, timeout)
            for data_set in data_sets()]


def ensure_passed(judge, folder, display_folder, timeout=None):
    """Raise NotReady unless the folder's run_Kmeans passes its hidden suite."""
    from ..report.render_text import LABELS

    exercise = judge.grade(folder, [EXERCISE], display_folder, timeout)[EXERCISE]
    if exercise.status is not Status.PASSED:
        counts = (f", {exercise.passed} of {exercise.total} checks passed"
                  if exercise.status is Status.FAILED else "")
        raise NotReady(f"The demo runs your {EXERCISE}, which has not passed yet "
                       f"({LABELS[exercise.status]}{counts}).")


def compare(judge, folder, display_folder, data_set, seed, timeout=None):
    """Run the learner's K-means and scikit-learn's on ``data_set`` from one seeded start."""
    with seeded(seed):  # the reference's compute_means may restart an empty cluster at random
        start = reference_functions().initialize_random_centroids(data_set.K, data_set.X)
        yours = run_yours(judge, folder, display_folder, data_set, start, timeout)
    return Comparison(data_set, start, yours, run_scikit_learn(data_set, start))


@contextmanager
def seeded(seed):
    """NumPy's global generator seeded with ``seed``, and put back as it was afterwards."""
    state = np.random.get_state()
    np.random.seed(seed)
    try:
        yield
    finally:
        np.random.set_state(state)


def run_yours(judge, folder, display_folder, data_set, start, timeout=None):
    """The folder's run_Kmeans on ``data_set``, in a worker of its own, every round recorded."""
    recorder = Recorder(data_set.X, start)
    with judge.worker(folder, EXERCISE, display_folder, timeout) as handle:
        called = time.perf_counter()
        try:
            outcome = handle.call(data_set.K, data_set.X, MAX_ITERATIONS,
                                  stubs=recorder.stand_ins())
        except RUN_PROBLEMS as error:
            return recorder.run(problem=str(error), stopped=STOPPED[type(error)])
        seconds = time.perf_counter() - (recorder.began or called)
    try:
        labels = expect_ndarray(outcome, (len(data_set.X),), "integer", what="the labels array")
    except CheckFailed as failure:
        stopped = "it raised an exception" if outcome.raised else "it returned no labels array"
        return recorder.run(problem=failure.message, stopped=stopped)
    return recorder.run(labels=labels, seconds=seconds)


class Recorder:
    """The judge's answers to run_Kmeans's helper calls: the reference functions, each round kept.

    As in grading, they answer only for the run's own data (its K and X): a
    correct run_Kmeans passes nothing else, and the judge computes nothing on
    data it did not choose.
    """

    def __init__(self, X, start):
        self.X, self.start = X, start
        self.path = [start]       # the centroids: the start, then after each update
        self.assignments = []     # the labels of each assignment step
        self.began = None         # when run_Kmeans asked for its start: its own time begins

    def stand_ins(self):
        return {"initialize_random_centroids": self.initialize_random_centroids,
                "create_clusters": self.create_clusters, "compute_means": self.compute_means}

    def initialize_random_centroids(self, K, X):
        self._own_data("initialize_random_centroids", K, X)
        self.began = time.perf_counter()
        return self.start.copy()

    def create_clusters(self, centroids, K, X):
        self._own_data("create_clusters", K, X, "centroids", centroids, self.start.shape)
        self.assignments.append(reference_functions().create_clusters(centroids, K, X))
        return self.assignments[-1].copy()

    def compute_means(self, cluster_idx, K, X):
        self._own_data("compute_means", K, X, "cluster_idx", cluster_idx, self.X.shape[:1])
        self.path.append(reference_functions().compute_means(cluster_idx, K, X))
        return self.path[-1].copy()

    def _own_data(self, function, K, X, name=None, given=None, shape=None):
        if not (isinstance(K, (int, np.integer)) and K == len(self.start)):
            raise ValueError(f"{function} was called with K={K!r}, but run_Kmeans was given "
                             f"K={len(self.start)}")
        if np.shape(X) != self.X.shape or not np.array_equal(X, self.X):
            raise ValueError(f"{function} was called with an X other than the one run_Kmeans "
                             f"was given")
        if name and np.shape(given) != shape:
            raise ValueError(f"{function} was called with {name} of shape {np.shape(given)}, "
                             f"not {shape}")

    def run(self, labels=None, seconds=0.0, problem="", stopped=""):
        return Run(labels, self.path, self.assignments, len(self.assignments), seconds, problem,
                   stopped)


def run_scikit_learn(data_set, start):
    """scikit-learn's Lloyd K-means from ``start``, stopping exactly as run_Kmeans does (tol=0)."""
    from sklearn.cluster import KMeans
    from threadpoolctl import threadpool_limits

    model = KMeans(n_clusters=data_set.K, init=start, n_init=1, algorithm="lloyd", tol=0,
                   max_iter=MAX_ITERATIONS)
    seconds = []
    # one thread, as yours: on a few hundred samples, starting threads costs more than it saves
    with threadpool_limits(1):
        for _ in range(SCIKIT_LEARN_FITS):
            began = time.perf_counter()
            model.fit(data_set.X)
            seconds.append(time.perf_counter() - began)
    return Run(model.labels_, [start, model.cluster_centers_], rounds=model.n_iter_,
               seconds=min(seconds))


def first_tie(data_set, run):
    """(round, sample, (i, j)) of the first sample exactly as far from two centroids, or None.

    run_Kmeans's create_clusters gives such a sample to the lower index, as
    np.argmin does; scikit-learn's distance formula rounds differently and may
    not, so from there the two K-means part ways.
    """
    from ..checks import nearest_enough
    for round_number, centroids in enumerate(run.path[:run.rounds], 1):
        tied = np.flatnonzero(nearest_enough(data_set.X, centroids).sum(axis=1) > 1)
        if len(tied):
            sample = int(tied[0])
            i, j = np.flatnonzero(nearest_enough(data_set.X[sample], centroids)[0])[:2]
            return round_number, sample, (int(i), int(j))
    return None


def first_empty(data_set, run):
    """(round, cluster) of the first cluster left empty by an assignment, or None."""
    for round_number, labels in enumerate(run.assignments, 1):
        counts = np.bincount(labels, minlength=data_set.K)
        if counts.min() == 0:
            return round_number, int(np.argmin(counts))
    return None


def inertia(X, labels):
    """The sum of squared distances from each sample to the mean of its cluster."""
    return float(sum(((X[labels == k] - X[labels == k].mean(axis=0)) ** 2).sum()
                     for k in np.unique(labels)))


def agreement(labels, other):
    """The adjusted Rand index: 1 for the same grouping, about 0 for chance."""
    from sklearn.metrics import adjusted_rand_score
    return float(adjusted_rand_score(other, labels))
