# bug: it draws the K - 1 later centroids at once, without replacement, weighted by the squared distance to the first centroid only, never to the nearest chosen one.
# message: the NEAREST chosen centroid
# message: The picks fit D(x) measured to the first centroid only
import numpy as np


def kmeans_plus_plus(K, X):
    """Pick K starting centroids with k-means++."""
    m = len(X)
    first = np.random.choice(m)
    D2 = ((X - X[first]) ** 2).sum(axis=1)
    later = np.random.choice(m, K - 1, replace=False, p=D2 / D2.sum())
    return X[np.concatenate([[first], later])]
