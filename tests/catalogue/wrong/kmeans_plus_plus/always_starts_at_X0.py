# bug: the first centroid is always X[0] instead of a uniformly drawn sample; only the later ones are random.
# message: the first centroid was
# message: Every call started from X[0]
# never: is a seed fixed inside
import numpy as np


def kmeans_plus_plus(K, X):
    """Pick K starting centroids with k-means++."""
    m = len(X)
    picks = [0]
    D2 = ((X - X[0]) ** 2).sum(axis=1).astype(float)
    for _ in range(1, K):
        picks.append(np.random.choice(m, p=D2 / D2.sum()))
        D2 = np.minimum(D2, ((X - X[picks[-1]]) ** 2).sum(axis=1))
    return X[picks]
