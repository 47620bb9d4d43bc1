# bug: a cluster with no samples gets np.mean of an empty array, so its centroid is NaN (with a 'Mean of empty slice' warning).
# message: the mean of no rows is NaN
import numpy as np


def compute_means(cluster_idx, K, X):
    """Computes and returns the new centroids of the clusters"""
    _, n = np.shape(X)
    centroids = np.empty((K, n))
    for i in range(K):
        points = X[cluster_idx == i] # gather points for the cluster i
        centroids[i] = np.mean(points, axis=0) # use axis=0 to compute means across points
    return centroids
