# bug: its parameters are (K, X, max_iterations, n_init), so a call by position swaps them.
# message: it took the third as max_iterations
# message: given n_init=3 by position
import numpy as np

from compute_inertia import compute_inertia
from compute_means import compute_means
from run_Kmeans import run_Kmeans


def run_Kmeans_best_of(K, X, max_iterations=500, n_init=10):
    """Run K-means n_init times and return the labels of the run with the lowest inertia."""
    best_labels, best_inertia = None, np.inf
    for _ in range(n_init):
        labels = run_Kmeans(K, X, max_iterations)
        inertia = compute_inertia(labels, compute_means(labels, K, X), X)
        if inertia < best_inertia:
            best_labels, best_inertia = labels, inertia
    return best_labels
