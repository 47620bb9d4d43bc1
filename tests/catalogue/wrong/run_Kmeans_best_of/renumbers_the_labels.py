# bug: it renumbers the best run's labels with np.unique(..., return_inverse=True), so a run that left a cluster empty comes back with other numbers than run_Kmeans gave it.
# message: It returned np.array([0, 1, 0, 1, 1, 0, 0, 1]): labels that are none of the runs'
# message: renumbered to 0, 1, ... as np.unique(..., return_inverse=True) numbers them
import numpy as np

from compute_inertia import compute_inertia
from compute_means import compute_means
from run_Kmeans import run_Kmeans


def run_Kmeans_best_of(K, X, n_init=10, max_iterations=500):
    """Run K-means n_init times and return the labels of the run with the lowest inertia."""
    best, best_inertia = None, np.inf
    for _ in range(n_init):
        labels = run_Kmeans(K, X, max_iterations)
        inertia = compute_inertia(labels, compute_means(labels, K, X), X)
        if inertia < best_inertia:
            best, best_inertia = labels, inertia
    _, relabeled = np.unique(best, return_inverse=True)
    return relabeled
