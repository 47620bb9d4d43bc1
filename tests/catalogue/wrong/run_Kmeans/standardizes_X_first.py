# bug: it standardises X before clustering, so it clusters other data than it was given and its labels differ from K-means on X.
# message: with an X other than the one run_Kmeans was given
import numpy as np

from compute_means import compute_means
from create_clusters import create_clusters
from initialize_random_centroids import initialize_random_centroids


def run_Kmeans(K, X, max_iterations=500):
    """Cluster X into K groups with Lloyd's K-means and return the labels.

    Parameters
    ----------
    K : int
        Number of clusters, with 1 <= K <= m.
    X : ndarray of shape (m, n), float or integer dtype
        The samples, one per row.
    max_iterations : int, default=500
        The most assignment-and-update rounds to run, at least 1.

    Returns
    -------
    cluster_idx : ndarray of shape (m,), integer dtype
        The labels from the last assignment step: the labels, not the centroids.

    Notes
    -----
    - The centroids start as ``initialize_random_centroids(K, X)``.
    - Each round assigns, ``labels = create_clusters(centroids, K, X)``, then
      updates, ``centroids = compute_means(labels, K, X)``.
    - It stops as soon as an update leaves the centroids unchanged, or after
      max_iterations rounds, whichever comes first.
    - It calls the other exercise functions by name, so that each of them can be
      graded on its own.

    Examples
    --------
    >>> X = np.array([[0, 0], [0, 1], [10, 10], [10, 11]])
    >>> labels = run_Kmeans(2, X)
    >>> bool(labels[0] == labels[1] and labels[2] == labels[3])
    True
    >>> bool(labels[0] != labels[2])
    True
    """
    X = (X - X.mean(axis=0)) / X.std(axis=0)  # scales the features first: not what was asked
    centroids = initialize_random_centroids(K, X)
    for _ in range(max_iterations):
        labels = create_clusters(centroids, K, X)
        previous, centroids = centroids, compute_means(labels, K, X)
        if np.array_equal(previous, centroids):  # converged: no centroid moved
            break
    return labels
