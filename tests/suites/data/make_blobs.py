"""Make the blob fixtures that grade run_Kmeans: ``python tests/suites/data/make_blobs.py``.

Each data set holds samples X, the initial centroids, and the labels that
scikit-learn's Lloyd K-means reaches from those centroids. Grading reads the
stored file, so scikit-learn (slow to import) stays out of the grading path;
tests/test_fixtures.py recomputes the labels with scikit-learn to prove them.
"""
from pathlib import Path

import numpy as np

FIXTURE = Path(__file__).with_name("blobs.npz")


def build():
    """The data sets as a dict of arrays, named like 'blobs2d_X'."""
    from sklearn.datasets import make_blobs

    arrays = {}
    # 3 blobs in 2-D, float; two starting centroids in one blob, so it takes
    # several rounds to converge
    X, y = make_blobs(n_samples=60, centers=[[0, 0], [10, 0], [5, 9]], cluster_std=1.0,
                      random_state=11)
    start = [np.flatnonzero(y == 0)[0], np.flatnonzero(y == 0)[1], np.flatnonzero(y == 1)[0]]
    arrays.update(_data_set("blobs2d", X, start))
    # 4 blobs in 3-D with integer coordinates
    X, y = make_blobs(n_samples=80, centers=[[0, 0, 0], [30, 0, 0], [0, 30, 0], [0, 0, 30]],
                      cluster_std=3.0, random_state=12)
    X = np.round(X).astype(np.int64)
    start = [np.flatnonzero(y == 0)[0], np.flatnonzero(y == 1)[0], np.flatnonzero(y == 1)[1],
             np.flatnonzero(y == 2)[0]]
    arrays.update(_data_set("blobs3d", X, start))
    # 3 overlapping blobs, shrunk 1000 times: the late rounds move the centroids by
    # less than 1e-4 while labels still change, so a loose stopping rule stops early
    X, y = make_blobs(n_samples=120, centers=[[0, 0], [3, 0], [1.5, 2.5]], cluster_std=1.0,
                      random_state=13)
    arrays.update(_data_set("overlap_small", X / 1000, [0, 1, 2]))
    # the same, 1000 away from the origin: a relative tolerance (np.allclose with a
    # loose rtol) stops early here, while np.allclose's default one does not
    arrays.update(_data_set("overlap_far", X + 1000, [0, 1, 2]))
    return arrays


def lloyd_labels(X, init):
    """scikit-learn's labels for Lloyd K-means started from ``init``."""
    from sklearn.cluster import KMeans

    model = KMeans(n_clusters=len(init), init=init, n_init=1, algorithm="lloyd", tol=0,
                   max_iter=500).fit(X.astype(float))
    return model.labels_.astype(np.int64)


def _data_set(name, X, start):
    init = X[start].astype(float)
    return {f"{name}_X": X, f"{name}_init": init, f"{name}_labels": lloyd_labels(X, init)}


def load():
    """The stored fixtures: {name: (X, init, labels)}."""
    with np.load(FIXTURE, allow_pickle=False) as stored:
        names = sorted({key.rsplit("_", 1)[0] for key in stored.files})
        return {name: tuple(stored[f"{name}_{part}"] for part in ("X", "init", "labels"))
                for name in names}


if __name__ == "__main__":
    np.savez(FIXTURE, **build())
    print(f"wrote {FIXTURE}")
