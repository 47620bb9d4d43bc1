import numpy as np

from initialize_random_centroids import initialize_random_centroids


def kmeans_plus_plus(K, X):
    """Pick K starting centroids with k-means++: spread out, yet random.

    Parameters
    ----------
    K : int
        Number of centroids to pick, with 1 <= K and at least K distinct rows in X.
    X : ndarray of shape (m, n), float or integer dtype
        The samples, one per row.

    Returns
    -------
    centroids : ndarray of shape (K, n)
        Copies of K different samples of X, in the order they were picked.

    Notes
    -----
    - The first centroid is a sample drawn uniformly: every sample has chance 1/m.
    - Each next centroid is a sample drawn with probability proportional to
      D(x)^2, the squared distance from x to the nearest centroid picked so
      far: ``p = D2 / D2.sum()``. Not D, not uniform, not the farthest sample.
    - A picked sample, and any sample equal to it, has D(x) = 0, so it is never
      picked again; a repeated sample keeps its own share of the probability.
    - It draws with NumPy's global generator (``np.random``), so
      ``np.random.seed`` makes it repeatable.
    - X is not modified.

    Examples
    --------
    >>> X = np.array([[0, 0], [0, 1], [10, 10], [10, 11]])
    >>> np.random.seed(0)
    >>> centroids = kmeans_plus_plus(2, X)
    >>> centroids.shape
    (2, 2)
    >>> bool(abs(centroids[0, 0] - centroids[1, 0]) == 10)  # almost always far apart
    True
    """
    centroids = initialize_random_centroids(K=1, X=X)  # the first: a uniform sample
    D2 = np.sum(np.square(X - centroids[0]), axis=1, dtype=float)
    while len(centroids) < K:
        index = np.random.multinomial(1, D2 / D2.sum()).argmax()
        centroids = np.vstack([centroids, X[index]])
        D2 = np.fmin(D2, np.einsum("ij,ij->i", X - X[index], X - X[index]))
    return centroids
