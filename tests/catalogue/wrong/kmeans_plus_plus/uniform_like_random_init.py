# bug: it picks K distinct samples uniformly, as initialize_random_centroids does, so D(x)^2 plays no part and a copy of a chosen sample can be picked too.
# message: every copy is at distance D = 0 from it
# message: The picks fit a uniform choice
import numpy as np


def kmeans_plus_plus(K, X):
    """Pick K starting centroids with k-means++."""
    indices = np.random.choice(len(X), K, replace=False)
    return X[indices]
