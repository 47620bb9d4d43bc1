# bug: it adds up the squared distances to all the chosen centroids instead of keeping the smallest, so a chosen sample keeps a positive weight and can be picked again.
# message: is at distance D = 0 from itself
# message: The picks fit weights that add up the squared distances
import numpy as np


def kmeans_plus_plus(K, X):
    """Pick K starting centroids with k-means++."""
    m = len(X)
    picks = [np.random.choice(m)]
    D2 = ((X - X[picks[0]]) ** 2).sum(axis=1).astype(float)
    for _ in range(1, K):
        picks.append(np.random.choice(m, p=D2 / D2.sum()))
        D2 += ((X - X[picks[-1]]) ** 2).sum(axis=1)
    return X[picks]
