# bug: it starts the centroids array with the slice X[i:i + 1], a view of X, so for K = 1 the result shares memory with X instead of being a copy.
# message: shares memory with X
import numpy as np


def kmeans_plus_plus(K, X):
    """Pick K starting centroids with k-means++."""
    i = np.random.randint(len(X))
    centroids = X[i:i + 1]
    D2 = ((X - X[i]) ** 2).sum(axis=1).astype(float)
    for _ in range(1, K):
        j = np.random.choice(len(X), p=D2 / D2.sum())
        centroids = np.vstack([centroids, X[j]])
        D2 = np.minimum(D2, ((X - X[j]) ** 2).sum(axis=1))
    return centroids
