"""The demo's data sets: real measurements, easy blobs, and a shape K-means cannot follow.

None is downloaded: iris ships inside scikit-learn, and the other two are
generated with fixed random states, so the data are the same on every run
and only the starting centroids change with the seed.
"""
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class DataSet:
    """One data set of the demo, and how to show it."""

    name: str
    about: str               # one line: what the samples are
    X: np.ndarray            # (m, n) samples
    classes: np.ndarray      # (m,) the true class of each sample
    class_names: tuple       # the name of each class, by number
    axes: tuple              # (x, y): the columns of X that the pictures show
    axis_labels: tuple       # their names, for the pictures' axes
    struggle: str = ""       # why K-means fails here, when it does by design

    @property
    def K(self):
        """One cluster per true class."""
        return len(self.class_names)


def data_sets():
    """The demo's data sets, in the order they are shown."""
    return [iris(), blobs(), two_moons()]


def iris():
    from sklearn.datasets import load_iris

    data = load_iris()
    petal_length, petal_width = 2, 3  # the two measurements that tell species apart best
    return DataSet("iris", "150 iris flowers, 4 measurements each; K = 3, one per species",
                   data.data, data.target, tuple(data.target_names),
                   (petal_length, petal_width),
                   tuple(data.feature_names[i] for i in (petal_length, petal_width)))


def blobs():
    from sklearn.datasets import make_blobs

    X, y = make_blobs(n_samples=300, centers=4, cluster_std=1.0, random_state=3)
    return DataSet("blobs", "300 points in 4 round blobs (make_blobs); K = 4",
                   X, y, tuple(f"blob {k + 1}" for k in range(4)), (0, 1), ("x1", "x2"))


def two_moons():
    from sklearn.datasets import make_moons

    X, y = make_moons(n_samples=200, noise=0.07, random_state=0)
    return DataSet("two moons", "200 points on two interlocking crescents (make_moons); K = 2",
                   X, y, ("upper moon", "lower moon"), (0, 1), ("x1", "x2"),
                   struggle="K-means gives each point to its nearest centroid, so the border "
                            "between two clusters is a straight line; no straight line "
                            "separates two crescents that reach into each other.")
