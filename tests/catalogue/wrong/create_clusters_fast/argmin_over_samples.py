# bug: np.argmin over axis 0 gives, for each centroid, its nearest sample: K values, not m.
# message: one value per centroid, not one per sample
import numpy as np


def create_clusters_fast(centroids, K, X):
    """Label every sample with the index of its nearest centroid, without a loop over samples."""
    distances = ((X[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2)
    return np.argmin(distances, axis=0)
