import numpy as np


def compute_means(cluster_idx, K, X):
    """Return the mean of each cluster: the new centroids.

    Parameters
    ----------
    cluster_idx : ndarray of shape (m,), integer dtype
        ``cluster_idx[i]`` is the cluster of ``X[i]``, from 0 to K - 1.
    K : int
        Number of clusters.
    X : ndarray of shape (m, n), float or integer dtype
        The samples, one per row.

    Returns
    -------
    centroids : ndarray of shape (K, n), float dtype
        Row k is the mean of the rows of X labelled k.

    Notes
    -----
    - The means are exact even for integer X: the mean of 0 and 1 is 0.5, not 0.
    - A cluster with no samples would have a mean of NaN. Its centroid is placed
      on a sample of X instead (this one picks a sample at random with
      ``np.random``), so a result never holds NaN.
    - cluster_idx and X are not modified.

    Examples
    --------
    >>> X = np.array([[0, 0], [1, 1], [10, 10]])
    >>> compute_means(np.array([0, 0, 1]), 2, X)
    array([[ 0.5,  0.5],
           [10. , 10. ]])
    """
    X = np.asarray(X, dtype=float)  # float means, even for integer samples
    centroids = np.empty((K, X.shape[1]))
    for k in range(K):
        members = X[cluster_idx == k]
        if len(members) == 0:
            # the mean of nothing is NaN: restart the empty cluster on a sample
            centroids[k] = X[np.random.randint(len(X))]
        else:
            centroids[k] = members.mean(axis=0)  # axis=0 averages over samples
    return centroids
