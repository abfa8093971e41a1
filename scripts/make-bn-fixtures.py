#!/usr/bin/python3
"""Writes the ONNX fixtures of MLPs with batch normalization (test/fixtures/models/bn/).

A developer script: neither CI nor `npm test` runs it; its outputs are committed. Needs PyTorch
(Debian: `apt-get install python3-torch`, PyTorch 1.13; torch.onnx.export needs no `onnx` package)
and numpy. Run from the repository root:

    /usr/bin/python3 scripts/make-bn-fixtures.py

Each model below is trained in train mode (so BatchNorm's running mean and variance move away from
0 and 1, and its weight and bias from 1 and 0) on the first 300 rows of
test/fixtures/models/digits_mlp_64_32_10.test.csv (seed 0, full-batch Adam), then put in eval mode
and exported with a dynamic batch axis at opsets 9, 13 and 15 (15 writes BatchNormalization's
training_mode attribute). PyTorch exports nn.BatchNorm1d/2d as a BatchNormalization node. For the
150 held-back rows 300..449, `<model>.logits.csv` holds the 64 pixels, the label and the float32
logits PyTorch computes in eval mode. `manifest.json` lists each file with the layer order and
where bsml folds the normalization.
"""
import json
import os

import torch
import torch.nn as nn

from digits_training import ROOT, load_digits, train, write_logits

OUT = os.path.join(ROOT, 'test/fixtures/models/bn')


class Unflat(nn.Module):
    """[N, 64] -> [N, 1, 8, 8] (the image), so that BatchNorm2d sees a channel axis."""

    def forward(self, x):
        return x.view(x.size(0), 1, 8, 8)


# name -> (layers as written, where bsml folds the normalization, factory)
MODELS = {
    'linear-bn-relu': ('Linear(64,16) BatchNorm1d(16) ReLU Linear(16,10)', 'into the Linear before it',
                       lambda: nn.Sequential(nn.Linear(64, 16), nn.BatchNorm1d(16), nn.ReLU(), nn.Linear(16, 10))),
    'bn-input': ('BatchNorm1d(64) Linear(64,16) ReLU Linear(16,10)', 'into the Linear after it',
                 lambda: nn.Sequential(nn.BatchNorm1d(64), nn.Linear(64, 16), nn.ReLU(), nn.Linear(16, 10))),
    'relu-bn': ('Linear(64,16) ReLU BatchNorm1d(16) Linear(16,10)', 'into the Linear after it',
                lambda: nn.Sequential(nn.Linear(64, 16), nn.ReLU(), nn.BatchNorm1d(16), nn.Linear(16, 10))),
    'bn-relu': ('BatchNorm1d(64) ReLU Linear(64,10)', 'a diagonal dense layer before the ReLU',
                lambda: nn.Sequential(nn.BatchNorm1d(64), nn.ReLU(), nn.Linear(64, 10))),
    'bn-output': ('Linear(64,16) ReLU Linear(16,10) BatchNorm1d(10)', 'into the Linear before it',
                  lambda: nn.Sequential(nn.Linear(64, 16), nn.ReLU(), nn.Linear(16, 10), nn.BatchNorm1d(10))),
    'bn2d-flatten': ('view(N,1,8,8) BatchNorm2d(1) Flatten Linear(64,16) ReLU Linear(16,10)', 'into the Linear after the Flatten',
                     lambda: nn.Sequential(Unflat(), nn.BatchNorm2d(1), nn.Flatten(), nn.Linear(64, 16), nn.ReLU(), nn.Linear(16, 10))),
}
OPSETS = (9, 13, 15)


def main():
    x, y = load_digits()
    xt, yt = torch.from_numpy(x[:300]), torch.from_numpy(y[:300])
    xh = torch.from_numpy(x[300:])

    os.makedirs(OUT, exist_ok=True)
    manifest = []
    for name, (layers, folded, make) in MODELS.items():
        torch.manual_seed(0)
        m = make()
        train(m, xt, yt, 200)
        m.eval()
        with torch.no_grad():
            ref = m(xh)
        acc = float((ref.argmax(1).numpy() == y[300:]).mean())
        bns = [l for l in m.modules() if isinstance(l, (nn.BatchNorm1d, nn.BatchNorm2d))]
        assert all(float(b.running_var.min()) != 1.0 or float(b.running_mean.abs().max()) != 0.0 for b in bns)
        logits = f'{name}.logits.csv'
        write_logits(os.path.join(OUT, logits), x, y, ref)
        for opset in OPSETS:
            file = f'{name}.op{opset}.onnx'
            torch.onnx.export(m, torch.zeros(2, 64), os.path.join(OUT, file), input_names=['input'], output_names=['logits'],
                              opset_version=opset, dynamic_axes={'input': {0: 'batch'}, 'logits': {0: 'batch'}})
            manifest.append({'file': file, 'layers': layers, 'folded': folded, 'opset': opset, 'logits': logits, 'float_accuracy': acc})
    with open(os.path.join(OUT, 'manifest.json'), 'w') as f:
        json.dump({'exported_by': f'PyTorch {torch.__version__} torch.onnx.export (eval mode)', 'trained_on': 'rows 0..299 of digits_mlp_64_32_10.test.csv',
                   'logits_rows': 'rows 300..449', 'models': manifest}, f, indent=2)
        f.write('\n')
    print(f'{len(manifest)} models')


if __name__ == '__main__':
    main()
