"""What the make-*-fixtures.py developer scripts share: the digits rows they train on, the
training loop (full-batch Adam, lr 0.01, cross-entropy) and the logits file they write.

Rows 0..299 of test/fixtures/models/digits_mlp_64_32_10.test.csv train; rows 300..449 are held
back, and their logits are what the tests compare an import against.
"""
import csv
import os

import numpy as np
import torch
import torch.nn as nn

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
SRC = os.path.join(ROOT, 'test/fixtures/models/digits_mlp_64_32_10.test.csv')
TRAIN_ROWS = 300


def load_digits():
    """The 64 pixels (float32, N x 64) and the labels (N) of every row."""
    with open(SRC) as f:
        rows = list(csv.DictReader(f))
    x = np.array([[float(r[f'x{i}']) for i in range(64)] for r in rows], dtype=np.float32)
    y = np.array([int(r['label']) for r in rows])
    return x, y


def train(m, xt, yt, steps):
    """Trains `m` in place on inputs xt, labels yt for `steps` full-batch Adam steps."""
    opt = torch.optim.Adam(m.parameters(), lr=0.01)
    m.train()
    for _ in range(steps):
        opt.zero_grad()
        loss = nn.functional.cross_entropy(m(xt), yt)
        loss.backward()
        opt.step()


def write_logits(path, x, y, ref):
    """The held-back rows' pixels and labels with the logits `ref` PyTorch computed for them."""
    with open(path, 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow([f'x{i}' for i in range(64)] + ['label'] + [f'logit{k}' for k in range(10)])
        for i in range(len(ref)):
            w.writerow([int(v) for v in x[TRAIN_ROWS + i]] + [int(y[TRAIN_ROWS + i])] + [repr(float(v)) for v in ref[i]])
