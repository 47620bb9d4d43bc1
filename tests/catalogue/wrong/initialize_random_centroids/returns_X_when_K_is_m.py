# bug: when K equals the number of samples it returns X itself, which is no new array: changing the centroids then changes the samples.
# message: shares memory with X
import numpy as np


def initialize_random_centroids(K, X):
    if K == len(X):
        return X  # every sample is a centroid anyway
    return X[np.random.choice(len(X), K, replace=False)]
