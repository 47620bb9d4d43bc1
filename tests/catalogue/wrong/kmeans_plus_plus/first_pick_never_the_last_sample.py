# bug: it draws the first index with np.random.choice(m - 1), from 0 to m - 2, so the last sample is never the first centroid (and a single sample raises).
# message: np.array([5, 2]) 0 times
# message: The last sample, X[m - 1], was never the first centroid
# never: increasing sample order
import numpy as np


def kmeans_plus_plus(K, X):
    """Pick K starting centroids with k-means++."""
    m = len(X)
    picks = [np.random.choice(m - 1)]
    for _ in range(1, K):
        D2 = ((X[:, None, :] - X[picks][None]) ** 2).sum(axis=2).min(axis=1).astype(float)
        picks.append(np.random.choice(m, p=D2 / D2.sum()))
    return X[picks]
