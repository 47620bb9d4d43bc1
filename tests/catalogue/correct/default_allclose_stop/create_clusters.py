import numpy as np

from closest_centroid import closest_centroid


def create_clusters(centroids, K, X):
    """Label every sample with the index of its nearest centroid.

    Parameters
    ----------
    centroids : ndarray of shape (K, n)
        The current centroids, one per row.
    K : int
        Number of centroids.
    X : ndarray of shape (m, n), float or integer dtype
        The samples, one per row.

    Returns
    -------
    cluster_idx : ndarray of shape (m,), integer dtype
        ``cluster_idx[i]`` is the index of the centroid nearest to ``X[i]``.

    Notes
    -----
    - The labels have an integer dtype so that they can index arrays;
      ``np.empty(m)`` would make them floats.
    - Among exactly equal distances the lowest index wins, as with ``np.argmin``.
    - centroids and X are not modified.

    Examples
    --------
    >>> X = np.array([[0, 0], [1, 0], [9, 9], [10, 9]])
    >>> create_clusters(np.array([[0, 0], [10, 10]]), 2, X)
    array([0, 0, 1, 1])
    """
    # dtype=int: labels are indices, and float labels cannot index arrays
    return np.array([closest_centroid(x, centroids, K) for x in X], dtype=int)
