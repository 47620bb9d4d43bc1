# bug: it shuffles the caller's X in place with np.random.shuffle to draw the first centroid, so X comes back with its rows reordered (the picks themselves follow the right law).
# message: It changed its argument X
import numpy as np


def kmeans_plus_plus(K, X):
    """Pick K starting centroids with k-means++."""
    np.random.shuffle(X)  # the first centroid: X[0], now a uniform draw
    picks = [0]
    D2 = ((X - X[0]) ** 2).sum(axis=1).astype(float)
    for _ in range(1, K):
        picks.append(np.random.choice(len(X), p=D2 / D2.sum()))
        D2 = np.minimum(D2, ((X - X[picks[-1]]) ** 2).sum(axis=1))
    return X[picks]
