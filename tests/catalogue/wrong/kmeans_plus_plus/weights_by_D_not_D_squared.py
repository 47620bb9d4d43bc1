# bug: it draws each next centroid with probability proportional to D(x), the distance itself, instead of D(x)^2, so far samples are favoured too little.
# message: not drawn with probability proportional to D(x)^2
# message: The picks fit weights proportional to D(x), the distance itself
import numpy as np


def kmeans_plus_plus(K, X):
    """Pick K starting centroids with k-means++."""
    m = len(X)
    picks = [np.random.choice(m)]
    D = np.sqrt(((X - X[picks[0]]) ** 2).sum(axis=1))
    for _ in range(1, K):
        picks.append(np.random.choice(m, p=D / D.sum()))
        D = np.minimum(D, np.sqrt(((X - X[picks[-1]]) ** 2).sum(axis=1)))
    return X[picks]
