"""Reads the four MNIST IDX files (raw or .gz) from the NndlPS data cache, split as the book splits them."""
import gzip
import os
import struct

import numpy as np

NAMES = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"]


def _read(folder, name):
    for candidate in (name, name + ".gz"):
        path = os.path.join(folder, candidate)
        if os.path.exists(path):
            opener = gzip.open if candidate.endswith(".gz") else open
            with opener(path, "rb") as f:
                data = f.read()
            rank = data[3]
            dims = struct.unpack(">" + "I" * rank, data[4:4 + 4 * rank])
            return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * rank).reshape(dims)
    raise FileNotFoundError(os.path.join(folder, name))


def load(folder):
    """(train_x, train_y, test_x, test_y): 50,000 training and 10,000 test images as float32 rows in [0, 1]."""
    train_x, train_y, test_x, test_y = (_read(folder, n) for n in NAMES)
    scale = lambda x: (x.reshape(len(x), -1).astype(np.float32) / np.float32(255))
    return scale(train_x[:50000]), train_y[:50000].astype(np.int64), scale(test_x), test_y.astype(np.int64)
