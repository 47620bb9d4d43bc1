# bug: it draws the right samples but returns them sorted by index, X[sorted(picks)], not in the order they were picked: the first row is no longer the uniform first pick.
# message: the first centroid was
# message: In every call the centroids came back in increasing sample order
# never: The last sample, X[m - 1], was never the first centroid
import numpy as np


def kmeans_plus_plus(K, X):
    """Pick K starting centroids with k-means++."""
    m = len(X)
    picks = [np.random.choice(m)]
    D2 = ((X - X[picks[0]]) ** 2).sum(axis=1).astype(float)
    for _ in range(1, K):
        picks.append(np.random.choice(m, p=D2 / D2.sum()))
        D2 = np.minimum(D2, ((X - X[picks[-1]]) ** 2).sum(axis=1))
    return X[sorted(picks)]
