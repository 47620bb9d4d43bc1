# bug: it draws K distinct samples with weights proportional to index + 1, so later samples are picked more often than earlier ones: the choice is distinct but not uniform.
# message: the six samples of X were picked
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
    # distinct samples, but sample i is weighted i + 1: the last rows are favoured
    weights = np.arange(1, m + 1) / (m * (m + 1) / 2)
    chosen = np.random.choice(m, size=K, replace=False, p=weights)
    return X[chosen]
