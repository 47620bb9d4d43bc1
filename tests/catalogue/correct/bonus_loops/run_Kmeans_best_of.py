from run_Kmeans import run_Kmeans


def run_Kmeans_best_of(K, X, n_init=10, max_iterations=500):
    """Run K-means n_init times and return the labels of the run with the lowest inertia.

    Each run is scored inline, with plain loops: its clusters' own means, then
    the squared distance of every member to its mean. A tie keeps the first
    run, since the best is replaced only by a strictly lower inertia.

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
    best_labels = None
    best_inertia = float("inf")
    for _ in range(n_init):
        labels = run_Kmeans(K=K, X=X, max_iterations=max_iterations)
        inertia = 0.0
        for k in range(K):
            members = [x for x, label in zip(X, labels) if label == k]
            if not members:
                continue
            mean = [sum(float(x[j]) for x in members) / len(members) for j in range(len(X[0]))]
            for x in members:
                inertia += sum((float(x[j]) - mean[j]) ** 2 for j in range(len(mean)))
        if inertia < best_inertia:
            best_inertia = inertia
            best_labels = labels
    return best_labels
