#!/usr/bin/python3
"""Writes the ONNX fixtures of PyTorch's shape-computing flatten idioms (test/fixtures/models/view/).

A developer script: neither CI nor `npm test` runs it; its outputs are committed. Needs PyTorch
(Debian: `apt-get install python3-torch`, PyTorch 1.13; torch.onnx.export needs no `onnx` package)
and numpy. Run from the repository root:

    /usr/bin/python3 scripts/make-view-fixtures.py

It trains one small MLP (8x8 digit image -> 16 -> ReLU -> 10) on the first 300 rows of
test/fixtures/models/digits_mlp_64_32_10.test.csv (seed 0, full-batch Adam), then exports the same
weights once per flatten idiom below, with a dynamic batch axis unless the name says `fixed`
(batch 1), at the opset in the name. `flatten.op13.onnx` (nn.Flatten -> an ONNX Flatten node) is the
reference the importer already handled. For the 150 held-back rows 300..449 it writes
`logits.csv`: the 64 pixels, the label, and the float32 logits PyTorch computes; the script checks
that every variant's PyTorch forward gives bit-identical logits, so one file serves all of them.
`manifest.json` lists each file with its idiom, opset, batch mode and whether bsml must import it
as a flatten or refuse it (`view-len`: the tracer turns len(x) into the constant 1, which is wrong
for every other batch size of the dynamic axis).
"""
import json
import os

import torch
import torch.nn as nn

from digits_training import ROOT, load_digits, train, write_logits

OUT = os.path.join(ROOT, 'test/fixtures/models/view')

# name -> (idiom as written in forward, function on the [N, 8, 8] input, or on the hidden layer for 'mid')
IDIOMS = {
    'flatten': ('nn.Flatten()', lambda x: torch.flatten(x, 1)),
    'view-size0': ('x.view(x.size(0), -1)', lambda x: x.view(x.size(0), -1)),
    'reshape-shape0': ('x.reshape(x.shape[0], -1)', lambda x: x.reshape(x.shape[0], -1)),
    'view-minus1-64': ('x.view(-1, 64)', lambda x: x.view(-1, 64)),
    'view-size-neg3': ('x.view(x.size(-3), -1)', lambda x: x.view(x.size(-3), -1)),
    # Traced with a batch of 1, len(x) becomes the constant 1: wrong for any other batch size, so refused.
    'view-len': ('x.view(len(x), -1)', lambda x: x.view(len(x), -1)),
    'view-size-product': ('x.view(x.size(0), x.size(1) * x.size(2))', lambda x: x.view(x.size(0), x.size(1) * x.size(2))),
}


class Mlp(nn.Module):
    def __init__(self, flatten, where='input'):
        super().__init__()
        self.fc1 = nn.Linear(64, 16)
        self.fc2 = nn.Linear(16, 10)
        self.flatten = flatten
        self.where = where

    def forward(self, x):
        if self.where == 'input':
            return self.fc2(torch.relu(self.fc1(self.flatten(x))))
        # 'mid': the input is [N, 64]; flatten the hidden activation with the idiom.
        h = torch.relu(self.fc1(x))
        return self.fc2(self.flatten(h))


def main():
    x, y = load_digits()
    xt, yt = torch.from_numpy(x[:300]).view(-1, 8, 8), torch.from_numpy(y[:300])
    xh = torch.from_numpy(x[300:]).view(-1, 8, 8)

    torch.manual_seed(0)
    base = Mlp(IDIOMS['flatten'][1])
    train(base, xt, yt, 300)
    base.eval()
    state = base.state_dict()
    with torch.no_grad():
        ref = base(xh)
    acc = float((ref.argmax(1).numpy() == y[300:]).mean())

    os.makedirs(OUT, exist_ok=True)
    variants = [('flatten', 13, True, 'input')]
    for name in ('view-size0', 'reshape-shape0', 'view-minus1-64', 'view-size-neg3'):
        variants += [(name, 11, True, 'input'), (name, 13, True, 'input')]
    variants += [('view-size0', 11, False, 'input'), ('view-size0', 13, False, 'input'), ('view-size-product', 13, True, 'input'), ('view-size0', 9, True, 'input')]
    variants += [('view-size0', 13, True, 'mid')]
    variants += [('view-len', 13, True, 'input')]
    manifest = []
    for name, opset, dynamic, where in variants:
        m = Mlp(IDIOMS[name][1], where)
        m.load_state_dict(state)
        m.eval()
        sample = torch.zeros(1, 8, 8) if where == 'input' else torch.zeros(1, 64)
        with torch.no_grad():
            out = m(xh if where == 'input' else xh.reshape(-1, 64))
        assert torch.equal(out, ref), f'{name}: PyTorch logits differ from the reference model'
        file = f"{name}{'.mid' if where == 'mid' else ''}.{'dyn' if dynamic else 'fixed'}.op{opset}.onnx"
        kwargs = dict(dynamic_axes={'input': {0: 'batch'}, 'logits': {0: 'batch'}}) if dynamic else {}
        torch.onnx.export(m, sample, os.path.join(OUT, file), input_names=['input'], output_names=['logits'], opset_version=opset, **kwargs)
        manifest.append({'file': file, 'idiom': IDIOMS[name][0], 'import': 'refused' if name == 'view-len' else 'flatten', 'flattens': 'hidden layer' if where == 'mid' else 'input',
                         'input_shape': list(sample.shape[1:]), 'opset': opset, 'batch': 'dynamic' if dynamic else 'fixed 1'})

    write_logits(os.path.join(OUT, 'logits.csv'), x, y, ref)
    with open(os.path.join(OUT, 'manifest.json'), 'w') as f:
        json.dump({'exported_by': f'PyTorch {torch.__version__} torch.onnx.export', 'trained_on': 'rows 0..299 of digits_mlp_64_32_10.test.csv',
                   'logits': 'logits.csv (rows 300..449)', 'float_accuracy': acc, 'models': manifest}, f, indent=2)
        f.write('\n')
    print(f'{len(manifest)} models, float accuracy on the held-back rows {acc:.4f}')


if __name__ == '__main__':
    main()
