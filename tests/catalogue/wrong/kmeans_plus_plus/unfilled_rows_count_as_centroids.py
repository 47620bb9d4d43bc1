# bug: it measures D(x) to all K rows of a np.zeros((K, n)) array, the rows not yet filled included, so every sample near the origin looks close to a centroid and is picked too rarely.
# message: the second centroid was not drawn with probability proportional to D(x)^2
# never: The picks fit
import numpy as np


def kmeans_plus_plus(K, X):
    """Pick K starting centroids with k-means++."""
    m, n = X.shape
    centroids = np.zeros((K, n))
    centroids[0] = X[np.random.randint(m)]
    for k in range(1, K):
        D2 = ((X[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2).min(axis=1)
        centroids[k] = X[np.random.choice(m, p=D2 / D2.sum())]
    return centroids
