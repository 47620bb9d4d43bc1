from exercises.compute_inertia import compute_inertia
from exercises.compute_means import compute_means
from exercises.run_Kmeans import run_Kmeans


def run_Kmeans_best_of(K, X, n_init=10, max_iterations=500):
    """Run K-means n_init times and return the labels of the run with the lowest inertia.

    min() with a key: it keeps the first of equal keys, so a tie keeps the
    first run. The helpers are called by keyword.

    Parameters
    ----------
    K : int
        Number of clusters.
    X : ndarray of shape (m, n)
        The samples, one per row.
    n_init : int, default=10
        How many runs of run_Kmeans.
    max_iterations : int, default=500
        Passed on to each run.

    Returns
    -------
    cluster_idx : ndarray of shape (m,)
        The labels of the best run.
    """
    def inertia(labels):
        centroids = compute_means(cluster_idx=labels, K=K, X=X)
        return compute_inertia(cluster_idx=labels, centroids=centroids, X=X)

    runs = (run_Kmeans(X=X, K=K, max_iterations=max_iterations) for _ in range(n_init))
    return min(runs, key=inertia)
