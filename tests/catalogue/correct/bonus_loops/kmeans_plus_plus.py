import numpy as np

from euclidean_distance import euclidean_distance


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
    m = len(X)
    chosen = [np.random.randint(m)]
    for _ in range(1, K):
        # each sample's squared distance to its nearest chosen centroid
        weights = []
        for x in X:
            nearest = min(euclidean_distance(x, X[i]) for i in chosen)
            weights.append(nearest ** 2)
        # walk the cumulative weights up to a uniform threshold
        threshold = np.random.rand() * sum(weights)
        running = 0.0
        for index, weight in enumerate(weights):
            running += weight
            if threshold < running:
                break
        chosen.append(index)
    centroids = np.empty((K, X.shape[1]), dtype=X.dtype)
    for k, index in enumerate(chosen):
        centroids[k] = X[index]
    return centroids
