# bug: it returns the best run's centroids instead of its labels.
# message: Those are centroids
import numpy as np

from compute_inertia import compute_inertia
from compute_means import compute_means
from run_Kmeans import run_Kmeans


def run_Kmeans_best_of(K, X, n_init=10, max_iterations=500):
    """Run K-means n_init times and return the labels of the run with the lowest inertia."""
    best_centroids, best_inertia = None, np.inf
    for _ in range(n_init):
        labels = run_Kmeans(K, X, max_iterations)
        centroids = compute_means(labels, K, X)
        inertia = compute_inertia(labels, centroids, X)
        if inertia < best_inertia:
            best_centroids, best_inertia = centroids, inertia
    return best_centroids
