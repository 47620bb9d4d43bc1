# bug: D(x) is measured to the last chosen centroid only, not to the nearest of all of them, so the third centroid can land on the first one again, or beside it.
# message: centroids 0 and 2 are the same sample
# message: The picks fit D(x) measured to the last chosen centroid only
import numpy as np


def kmeans_plus_plus(K, X):
    """Pick K starting centroids with k-means++."""
    m = len(X)
    centroids = [X[np.random.randint(m)]]
    for _ in range(1, K):
        D2 = ((X - centroids[-1]) ** 2).sum(axis=1)
        centroids.append(X[np.random.choice(m, p=D2 / D2.sum())])
    return np.array(centroids)
