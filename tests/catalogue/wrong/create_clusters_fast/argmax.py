# bug: np.argmax picks the farthest centroid.
# message: use argmin, not argmax
import numpy as np


def create_clusters_fast(centroids, K, X):
    """Label every sample with the index of its nearest centroid, without a loop over samples."""
    distances = ((X[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2)
    return np.argmax(distances, axis=1)
