"""The fixtures the suites grade with (the blobs of run_Kmeans, the inertia of
compute_inertia) hold scikit-learn's real answers."""
import numpy as np
import pytest

from tests.suites.data.make_blobs import load, lloyd_labels

BLOBS = load()


@pytest.mark.parametrize("name", sorted(BLOBS))
def test_the_stored_labels_are_scikit_learns(name):
    X, init, labels = BLOBS[name]
    assert np.array_equal(lloyd_labels(X, init), labels)


@pytest.mark.parametrize("name", sorted(BLOBS))
def test_every_cluster_keeps_samples_from_the_start(name):
    X, init, labels = BLOBS[name]
    # the initial centroids are samples, and no cluster ends up empty, so the
    # reference never has to restart one at random
    assert all((X == row).all(axis=1).any() for row in init)
    assert np.bincount(labels, minlength=len(init)).min() > 0


def test_the_stored_inertia_is_scikit_learns():
    from sklearn.cluster import KMeans

    from tests.suites.test_compute_inertia import (SKLEARN_CENTERS, SKLEARN_INERTIA,
                                                   SKLEARN_LABELS, SKLEARN_X)
    model = KMeans(n_clusters=3, n_init=1, random_state=0).fit(SKLEARN_X)
    assert np.array_equal(model.labels_, SKLEARN_LABELS)
    assert np.allclose(model.cluster_centers_, SKLEARN_CENTERS)
    assert np.isclose(model.inertia_, SKLEARN_INERTIA)
