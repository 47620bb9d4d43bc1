# bug: it draws from a fresh np.random.default_rng(), which np.random.seed does not control, so the same seed does not reproduce the same centroids.
# message: the same seed must give the same centroids
# message: np.random.default_rng() and the random module ignore it
import numpy as np


def kmeans_plus_plus(K, X):
    """Pick K starting centroids with k-means++."""
    rng = np.random.default_rng()
    m = len(X)
    picks = [rng.integers(m)]
    D2 = ((X - X[picks[0]]) ** 2).sum(axis=1).astype(float)
    for _ in range(1, K):
        picks.append(rng.choice(m, p=D2 / D2.sum()))
        D2 = np.minimum(D2, ((X - X[picks[-1]]) ** 2).sum(axis=1))
    return X[picks]
