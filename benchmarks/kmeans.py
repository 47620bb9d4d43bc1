"""How fast a K-means built from the kata's fast references runs, against scikit-learn's.

    python benchmarks/kmeans.py [--runs N] [--seed S] [--update {moved,all}]

For each size below (m samples, n features, K clusters) it makes blobs with
scikit-learn's make_blobs (cluster_std 3: they overlap, so Lloyd's algorithm
takes tens of rounds and the time of a round counts, not only the setup), and
picks K starting centroids with the kata's kmeans_plus_plus. From those
centroids it runs two Lloyd K-means, N times each (default 9), interleaved, so
a slow moment of the machine hits both alike, and each timed call after a pause
and an untimed call of its own (see timed()):

- ours: each round labels the samples with solutions/create_clusters_fast.py
  and computes the means from np.bincount weights; it stops when the centroids
  stop moving, as solutions/run_Kmeans.py does;
- scikit-learn's ``KMeans(init=<the same centroids>, n_init=1,
  algorithm="lloyd", tol=0)``.

Both must end with the same labels after the same number of rounds. It prints
a markdown table of the median times and their ratio, under a line naming the
machine's cores, and then how much CPU other processes took meanwhile (times
taken on a busy machine mean little). The goals: faster than scikit-learn at
m = 2,000, no slower at m = 100,000, within 3x at m = 1,000,000. Exit status 1
if the labels differ or a goal is missed.

Our means: in the first round, np.bincount sums every sample into its
cluster, one feature at a time. Later rounds, by default (--update moved), only
move the samples that changed cluster from their old cluster's sums to their
new one's; in the late rounds of Lloyd's algorithm few do. --update all sums
every sample again in every round instead.
"""
import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import sklearn
from sklearn.cluster import KMeans
from sklearn.datasets import make_blobs

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "solutions"))
from create_clusters_fast import create_clusters_fast  # noqa: E402
from kmeans_plus_plus import kmeans_plus_plus  # noqa: E402

# (m, n, K): the goal's words, and the largest ratio of our time to scikit-learn's
# that meets it ("faster" must stay strictly below it)
GOALS = {(2_000, 2, 3): ("faster", 1.0), (100_000, 16, 8): ("no slower", 1.0),
         (1_000_000, 8, 16): ("within 3x", 3.0)}
CLUSTER_STD = 3.0
MAX_ROUNDS = 500
# after the first round, our means sum every sample again when more than this
# share of them changed cluster: then it is cheaper than moving each one
RESUM_SHARE = 0.25
PAUSE = 0.15  # seconds before each timed call: see timed()


class EmptyCluster(RuntimeError):
    """A cluster lost all its samples, which the benchmark's data must not let happen.

    scikit-learn would move its centroid to a far sample, the kata's
    compute_means to a random one, and the labels would part.
    """


def lloyd(X, init, update="moved"):
    """Our K-means from ``init``: its labels and the number of rounds it took."""
    K = len(init)
    features = np.ascontiguousarray(X.T)  # np.bincount's weights: one whole feature at a time
    centroids = np.asarray(init, dtype=float)
    labels = None
    for rounds in range(1, MAX_ROUNDS + 1):
        previous_labels, labels = labels, create_clusters_fast(centroids, K, X)
        moved = None if previous_labels is None else np.flatnonzero(labels != previous_labels)
        if update == "all" or moved is None or len(moved) > RESUM_SHARE * len(X):
            counts, sums = cluster_sums(labels, K, features)
        else:
            # a moved sample leaves its old cluster's sums and joins its new one's
            joined, left = (few_cluster_sums(some[moved], K, X[moved])
                            for some in (labels, previous_labels))
            counts, sums = counts + joined[0] - left[0], sums + joined[1] - left[1]
        if not counts.all():
            raise EmptyCluster(f"cluster {np.argmin(counts)} lost all its samples in round "
                               f"{rounds}; try another --seed")
        previous, centroids = centroids, sums / counts[:, None]
        if np.array_equal(previous, centroids):  # converged: no centroid moved
            break
    return labels, rounds


def cluster_sums(labels, K, features):
    """How many samples each cluster has, (K,), and the sums of their features, (K, n).

    ``features`` is X transposed, (n, m), each feature contiguous: one
    np.bincount sums each feature.
    """
    sums = [np.bincount(labels, weights=feature, minlength=K) for feature in features]
    return np.bincount(labels, minlength=K), np.array(sums).T


def few_cluster_sums(labels, K, X):
    """``cluster_sums`` for a few samples, X of shape (m, n), in fewer calls.

    One np.bincount adds up every feature of every sample at once: the value
    X[i, j] goes to cell labels[i] * n + j of a flattened (K, n) array. On few
    samples that beats n calls; on many, building the cells costs more.
    """
    n = X.shape[1]
    cells = (labels[:, None] * n + np.arange(n)).ravel()
    sums = np.bincount(cells, weights=X.ravel(), minlength=K * n).reshape(K, n)
    return np.bincount(labels, minlength=K), sums


def scikit_learn(X, init):
    """scikit-learn's Lloyd K-means from ``init``: its labels and number of rounds.

    With tol=0 it stops in the first round whose labels equal the round
    before's (or whose centres did not move at all), which is the round our
    loop stops in, since the same labels give the same means. With tol > 0 it
    would stop sooner, once the centres move less than tol times the mean
    variance of the features.
    """
    model = KMeans(n_clusters=len(init), init=init, n_init=1, algorithm="lloyd", tol=0,
                   max_iter=MAX_ROUNDS).fit(X)
    return model.labels_, model.n_iter_


def timed(run):
    """The seconds a call of ``run`` takes in a steady state, and what it returns.

    NumPy's BLAS keeps its threads spinning for about 0.1 s after a call, and
    a call started sooner shares the cores with them (scikit-learn's ran up to
    twice as slow right after ours), so first a pause. But after a pause, a
    call must wake the threads and cores that went idle (scikit-learn's first
    call at m = 2,000 then took up to 67 ms rather than 1 ms on the 2-core
    virtual machine of the README's table), so then an untimed call, and only
    then the timed one.
    """
    time.sleep(PAUSE)
    run()
    started = time.perf_counter()
    result = run()
    return time.perf_counter() - started, result


def measure(size, runs, seed, update):
    """Median seconds of scikit-learn and ours, and the rounds, on blobs of this size."""
    m, n, K = size
    X, _ = make_blobs(n_samples=m, n_features=n, centers=K, cluster_std=CLUSTER_STD,
                      random_state=seed)
    np.random.seed(seed)
    init = kmeans_plus_plus(K, X)
    ours = lambda: lloyd(X, init, update)  # noqa: E731
    theirs = lambda: scikit_learn(X, init)  # noqa: E731
    times = {ours: [], theirs: []}
    for _ in range(runs):
        results = {}
        for run in times:
            seconds, results[run] = timed(run)
            times[run].append(seconds)
        (our_labels, our_rounds), (their_labels, their_rounds) = results[ours], results[theirs]
        if our_rounds != their_rounds or not np.array_equal(our_labels, their_labels):
            differ = np.count_nonzero(our_labels != their_labels)
            sys.exit(f"m = {m:,}: the labels differ ({differ:,} of {m:,}) after {our_rounds} "
                     f"rounds (ours) and {their_rounds} (scikit-learn's)")
    return statistics.median(times[theirs]), statistics.median(times[ours]), our_rounds


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="runs of each K-means (default 9)")
    parser.add_argument("--seed", type=int, default=1, help="seeds the blobs and the start")
    parser.add_argument("--update", choices=("moved", "all"), default="moved",
                        help="which samples our means sum after the first round")
    args = parser.parse_args()
    busy_before, own_before, started = busy_seconds(), own_seconds(), time.perf_counter()
    print(f"median of {args.runs} interleaved runs; {os.cpu_count()} cores; NumPy "
          f"{np.__version__}, scikit-learn {sklearn.__version__}; make_blobs(cluster_std="
          f"{CLUSTER_STD:g}, random_state={args.seed}); --update {args.update}\n")
    print("| m | n | K | rounds | scikit-learn | ours | ratio | goal | met |\n"
          "|---|---|---|---|---|---|---|---|---|")
    all_met = True
    for size, (goal, most) in GOALS.items():
        try:
            theirs, ours, rounds = measure(size, args.runs, args.seed, args.update)
        except EmptyCluster as error:
            sys.exit(f"m = {size[0]:,}: {error}")
        ratio = ours / theirs
        met = ratio < most if goal == "faster" else ratio <= most
        all_met &= met
        m, n, K = size
        print(f"| {m:,} | {n} | {K} | {rounds} | {theirs * 1e3:.1f} ms | {ours * 1e3:.1f} ms "
              f"| {ratio:.2f}x | {goal} | {'yes' if met else 'no'} |", flush=True)
    if busy_before is not None:
        others = (busy_seconds() - busy_before) - (own_seconds() - own_before)
        print(f"\nOther processes used {others / (time.perf_counter() - started):.2f} of the "
              f"{os.cpu_count()} cores meanwhile.")
    return 0 if all_met else 1


def busy_seconds():
    """The CPU seconds every process together has used since boot, or None off Linux."""
    try:
        with open("/proc/stat") as stat:
            ticks = [int(field) for field in stat.readline().split()[1:9]]
    except (OSError, ValueError):
        return None
    idle = ticks[3] + ticks[4]  # idle, and idle waiting for the disk
    return (sum(ticks) - idle) / os.sysconf("SC_CLK_TCK")


def own_seconds():
    """The CPU seconds this process, all its threads included, has used."""
    times = os.times()
    return times.user + times.system


if __name__ == "__main__":
    sys.exit(main())
