# bug: each centroid is an independent draw np.random.choice(range(m)), i.e. sampling with replacement, so the same sample can be picked twice and two centroids start identical.
# message: can pick the same sample twice
import numpy as np


# randomly initializing K centroid by picking K samples from X
def initialize_random_centroids(K, X):
    """Initializes and returns k random centroids"""
    m, n = np.shape(X)
    # a centroid should be of shape (1, n), so the centroids array will be of shape (K, n)
    centroids = np.empty((K, n))
    for i in range(K):
        # pick a random data point from X as the centroid
        centroids[i] = X[np.random.choice(range(m))]
    return centroids
