# bug: it scores every run around the means of the first run's clusters, not its own.
# message: The lowest is run 3's, 41.75
import numpy as np

from compute_inertia import compute_inertia
from compute_means import compute_means
from run_Kmeans import run_Kmeans


def run_Kmeans_best_of(K, X, n_init=10, max_iterations=500):
    """Run K-means n_init times and return the labels of the run with the lowest inertia."""
    best_labels, best_inertia, centroids = None, np.inf, None
    for _ in range(n_init):
        labels = run_Kmeans(K, X, max_iterations)
        if centroids is None:
            centroids = compute_means(labels, K, X)
        inertia = compute_inertia(labels, centroids, X)
        if inertia < best_inertia:
            best_labels, best_inertia = labels, inertia
    return best_labels
