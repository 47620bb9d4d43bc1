# bug: searching the reversed centroids keeps the last of equal distances, not the first.
# message: Among equal distances the lowest index wins
import numpy as np


def create_clusters_fast(centroids, K, X):
    """Label every sample with the index of its nearest centroid, without a loop over samples."""
    distances = ((X[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2)
    return K - 1 - np.argmin(distances[:, ::-1], axis=1)
