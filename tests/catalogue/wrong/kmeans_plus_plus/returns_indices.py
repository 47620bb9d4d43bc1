# bug: it returns the indices of the K chosen samples instead of the rows of X they point to.
# message: but the expected value is an ndarray of shape (3, 2)
# message: return the rows themselves, X[indices]
import numpy as np


def kmeans_plus_plus(K, X):
    """Pick K starting centroids with k-means++."""
    m = len(X)
    picks = [np.random.choice(m)]
    D2 = ((X - X[picks[0]]) ** 2).sum(axis=1).astype(float)
    for _ in range(1, K):
        picks.append(np.random.choice(m, p=D2 / D2.sum()))
        D2 = np.minimum(D2, ((X - X[picks[-1]]) ** 2).sum(axis=1))
    return np.array(picks)
