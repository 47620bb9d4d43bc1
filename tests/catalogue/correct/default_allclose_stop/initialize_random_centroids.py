import numpy as np


def initialize_random_centroids(K, X):
    """Pick K distinct samples of X at random to be the first centroids.

    Parameters
    ----------
    K : int
        Number of clusters, with 1 <= K <= m.
    X : ndarray of shape (m, n), float or integer dtype
        The samples, one per row.

    Returns
    -------
    centroids : ndarray of shape (K, n)
        Row k is a copy of one sample of X. No sample is picked twice.

    Notes
    -----
    - The K samples are chosen uniformly at random with NumPy's global generator
      (``np.random.*``), so ``np.random.seed(s)`` before the call makes the result
      reproducible and different seeds give different picks.
    - Picking one random sample K times can pick the same sample twice, which gives
      two identical centroids; choose K distinct samples instead.
    - X is not modified, and the result is a new array, not a view of X.

    Examples
    --------
    >>> X = np.array([[0, 0], [1, 1], [2, 2]])
    >>> centroids = initialize_random_centroids(3, X)
    >>> centroids.shape
    (3, 2)
    >>> sorted(centroids.tolist())  # K = m picks every sample once
    [[0, 0], [1, 1], [2, 2]]
    """
    m = len(X)
    # replace=False: each sample at most once, so no two centroids start equal
    chosen = np.random.choice(m, size=K, replace=False)
    # indexing with an index array copies, so the result is not a view of X
    return X[chosen]
