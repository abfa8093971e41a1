#!/usr/bin/python3
"""Writes the ONNX fixtures of MLPs with ReLU6, Hardtanh and LeakyReLU (test/fixtures/models/act/).

A developer script: neither CI nor `npm test` runs it; its outputs are committed. Needs PyTorch
(Debian: `apt-get install python3-torch`, PyTorch 1.13; torch.onnx.export needs no `onnx` package)
and numpy. Run from the repository root:

    /usr/bin/python3 scripts/make-act-fixtures.py

Each model below is trained (seed 0, full-batch Adam, 200 steps) on the first 300 rows of
test/fixtures/models/digits_mlp_64_32_10.test.csv, then exported with a dynamic batch axis at
opsets 9 and 13. PyTorch writes nn.ReLU6 and nn.Hardtanh as Clip (bounds as attributes at opset 9,
as constant inputs at 13) and nn.LeakyReLU as LeakyRelu. For the 150 held-back rows 300..449,
`<model>.logits.csv` holds the 64 pixels, the label and the float32 logits PyTorch computes.
`manifest.json` lists each file with its layers and opset.
"""
import json
import os

import torch
import torch.nn as nn

from digits_training import ROOT, load_digits, train, write_logits

OUT = os.path.join(ROOT, 'test/fixtures/models/act')

# name -> (layers as written, factory)
MODELS = {
    'relu6': ('Linear(64,16) ReLU6 Linear(16,10)',
              lambda: nn.Sequential(nn.Linear(64, 16), nn.ReLU6(), nn.Linear(16, 10))),
    'hardtanh': ('Linear(64,16) Hardtanh(-1,1) Linear(16,10)',
                 lambda: nn.Sequential(nn.Linear(64, 16), nn.Hardtanh(-1.0, 1.0), nn.Linear(16, 10))),
    'leaky': ('Linear(64,16) LeakyReLU(0.1) Linear(16,10)',
              lambda: nn.Sequential(nn.Linear(64, 16), nn.LeakyReLU(0.1), nn.Linear(16, 10))),
    'leaky-relu6': ('Linear(64,32) LeakyReLU() Linear(32,16) ReLU6 Linear(16,10) Hardtanh(-4,4)',
                    lambda: nn.Sequential(nn.Linear(64, 32), nn.LeakyReLU(), nn.Linear(32, 16), nn.ReLU6(), nn.Linear(16, 10), nn.Hardtanh(-4.0, 4.0))),
}
OPSETS = (9, 13)


def main():
    x, y = load_digits()
    xt, yt = torch.from_numpy(x[:300]), torch.from_numpy(y[:300])
    xh = torch.from_numpy(x[300:])

    os.makedirs(OUT, exist_ok=True)
    manifest = []
    for name, (layers, make) in MODELS.items():
        torch.manual_seed(0)
        m = make()
        train(m, xt, yt, 200)
        m.eval()
        with torch.no_grad():
            ref = m(xh)
        acc = float((ref.argmax(1).numpy() == y[300:]).mean())
        logits = f'{name}.logits.csv'
        write_logits(os.path.join(OUT, logits), x, y, ref)
        for opset in OPSETS:
            file = f'{name}.op{opset}.onnx'
            torch.onnx.export(m, torch.zeros(2, 64), os.path.join(OUT, file), input_names=['input'], output_names=['logits'],
                              opset_version=opset, dynamic_axes={'input': {0: 'batch'}, 'logits': {0: 'batch'}})
            manifest.append({'file': file, 'layers': layers, 'opset': opset, 'logits': logits, 'float_accuracy': acc})
    with open(os.path.join(OUT, 'manifest.json'), 'w') as f:
        json.dump({'exported_by': f'PyTorch {torch.__version__} torch.onnx.export (eval mode)', 'trained_on': 'rows 0..299 of digits_mlp_64_32_10.test.csv',
                   'logits_rows': 'rows 300..449', 'models': manifest}, f, indent=2)
        f.write('\n')
    print(f'{len(manifest)} models', [(m['file'], m['float_accuracy']) for m in manifest])


if __name__ == '__main__':
    main()
