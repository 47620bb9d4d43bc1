# bug: it collects the runs and picks np.argmax of their inertias, the worst run.
# message: It kept the run with the highest inertia
import numpy as np

from compute_inertia import compute_inertia
from compute_means import compute_means
from run_Kmeans import run_Kmeans


def run_Kmeans_best_of(K, X, n_init=10, max_iterations=500):
    """Run K-means n_init times and return the labels of the run with the lowest inertia."""
    runs = [run_Kmeans(K, X, max_iterations) for _ in range(n_init)]
    inertias = [compute_inertia(labels, compute_means(labels, K, X), X) for labels in runs]
    return runs[int(np.argmax(inertias))]
