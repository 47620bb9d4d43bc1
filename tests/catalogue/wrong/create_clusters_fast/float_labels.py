# bug: the labels are floats, which cannot index arrays.
# message: makes float labels
# message: integer dtype
import numpy as np


def create_clusters_fast(centroids, K, X):
    """Label every sample with the index of its nearest centroid, without a loop over samples."""
    distances = ((X[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2)
    labels = np.empty(len(X))
    labels[:] = np.argmin(distances, axis=1)
    return labels
