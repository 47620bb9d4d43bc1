import numpy as np


def compute_inertia(cluster_idx, centroids, X):
    """Return the inertia of a clustering: how tightly each cluster holds its samples.

    Parameters
    ----------
    cluster_idx : ndarray of shape (m,), integer dtype
        ``cluster_idx[i]`` is the cluster of ``X[i]``, from 0 to K - 1.
    centroids : ndarray of shape (K, n)
        The centroid of each cluster, one per row.
    X : ndarray of shape (m, n), float or integer dtype
        The samples, one per row.

    Returns
    -------
    inertia : float
        The sum over all samples of the squared Euclidean distance from
        ``X[i]`` to its own centroid, ``centroids[cluster_idx[i]]``: what
        scikit-learn's ``KMeans`` calls ``inertia_``.

    Notes
    -----
    - Squared distances, with no square root, summed over every sample: not a
      mean, and not one total per cluster.
    - Each sample counts against the centroid of its own cluster, even when
      another centroid is nearer.
    - A centroid with no samples adds nothing.
    - cluster_idx, centroids and X are not modified.

    Examples
    --------
    >>> X = np.array([[0, 0], [0, 2], [10, 10]])
    >>> compute_inertia(np.array([0, 0, 1]), np.array([[0.0, 1.0], [10.0, 10.0]]), X)
    2.0
    """
    differences = np.subtract(X, np.take(centroids, cluster_idx, axis=0), dtype=float)
    return np.einsum("ij,ij->", differences, differences)
