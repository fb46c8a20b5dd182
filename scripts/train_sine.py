#!/usr/bin/env python3
"""Train a tiny sine-wave next-value predictor and export it for rnnscope.

Run from the repository root:

    /work/venv/bin/python scripts/train_sine.py

Model: `rnn = nn.RNN(1, 16, 2, batch_first=True)` (tanh, bias) followed by
`head = nn.Linear(16, 1)` applied to every time step's output. Trained to predict x[t+1]
from x[0..t] on sine waves with random frequency/phase/amplitude.

Writes:
  examples/sine.safetensors  state_dict (F32): rnn.weight_ih_l0, ..., head.weight, head.bias
  examples/sine_input.npy    one float32 sequence, shape (1, 40, 1)
  examples/README.md         how it was made, final loss, reference predictions
"""

import os
import time

import numpy as np
import torch
import torch.nn as nn
from safetensors.torch import save_file

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
OUT_DIR = os.path.join(ROOT, "examples")

SEED = 1234
T = 40
BATCH = 64
STEPS = 1000
LR = 1e-2
DT = 0.2  # time step between samples


class SineModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.RNN(1, 16, 2, batch_first=True)
        self.head = nn.Linear(16, 1)

    def forward(self, x):
        y, _ = self.rnn(x)
        return self.head(y)


def make_batch(gen, n):
    """Sine waves: x[t] = a * sin(w * t * DT + phi), returns (inputs, targets), each (n, T, 1)."""
    freq = torch.rand(n, 1, generator=gen) * 1.5 + 0.5       # angular freq in [0.5, 2.0]
    phase = torch.rand(n, 1, generator=gen) * 2 * np.pi
    amp = torch.rand(n, 1, generator=gen) * 0.5 + 0.5        # amplitude in [0.5, 1.0]
    t = torch.arange(T + 1, dtype=torch.float32).unsqueeze(0) * DT
    wave = amp * torch.sin(freq * t + phase)                 # (n, T+1)
    return wave[:, :-1].unsqueeze(-1), wave[:, 1:].unsqueeze(-1)


def reference_input():
    t = np.arange(T + 1, dtype=np.float64) * DT
    wave = (0.8 * np.sin(1.3 * t + 0.5)).astype(np.float32)
    return wave[:-1].reshape(1, T, 1), wave[1:].reshape(1, T, 1)


def main():
    torch.manual_seed(SEED)
    torch.set_num_threads(1)
    gen = torch.Generator().manual_seed(SEED)
    model = SineModel()
    opt = torch.optim.Adam(model.parameters(), lr=LR)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=400, gamma=0.3)
    loss_fn = nn.MSELoss()

    start = time.perf_counter()
    for step in range(1, STEPS + 1):
        x, y = make_batch(gen, BATCH)
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        if step % 250 == 0:
            print(f"step {step:4d}  train loss {loss.item():.6f}")
    elapsed = time.perf_counter() - start

    model.eval()
    with torch.no_grad():
        vx, vy = make_batch(torch.Generator().manual_seed(SEED + 1), 256)
        val_loss = loss_fn(model(vx), vy).item()
        rx, ry = reference_input()
        rx_t = torch.from_numpy(rx)
        pred = model(rx_t)
        ref_loss = loss_fn(pred, torch.from_numpy(ry)).item()
        _, h_n = model.rnn(rx_t)
    final_train = loss.item()
    print(f"final train loss {final_train:.6f}  validation loss {val_loss:.6f}  "
          f"reference-sequence loss {ref_loss:.6f}  ({elapsed:.1f} s)")

    os.makedirs(OUT_DIR, exist_ok=True)
    sd = {k: v.detach().contiguous().clone() for k, v in model.state_dict().items()}
    # A single metadata key: safetensors stores metadata in a hash map, so several keys would be
    # written in a run-dependent order and the file would not be byte-for-byte reproducible.
    save_file(sd, os.path.join(OUT_DIR, "sine.safetensors"), metadata={
        "model": "rnn=nn.RNN(1, 16, 2, batch_first=True); head=nn.Linear(16, 1) (scripts/train_sine.py)",
    })
    os.chmod(os.path.join(OUT_DIR, "sine.safetensors"), 0o644)  # safetensors writes 0600
    np.save(os.path.join(OUT_DIR, "sine_input.npy"), rx)

    p = pred.reshape(-1).tolist()
    keys = "\n".join(f"  - `{k}` {list(v.shape)}" for k, v in sd.items())
    readme = f"""# examples

Made by `scripts/train_sine.py` (run `/work/venv/bin/python scripts/train_sine.py` from the repo
root; deterministic: `torch.manual_seed({SEED})`, 1 thread) with torch {torch.__version__}.

## Model

```python
class SineModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.RNN(1, 16, 2, batch_first=True)   # tanh, bias=True
        self.head = nn.Linear(16, 1)                     # applied to every time step
    def forward(self, x):
        y, _ = self.rnn(x)
        return self.head(y)
```

Task: next-value prediction. Inputs are sine waves `a*sin(w*t*{DT} + phi)` with `w` in
[0.5, 2.0], `phi` in [0, 2π), `a` in [0.5, 1.0], T = {T} steps; the target at step t is the
input at step t+1. Adam (lr {LR}, ×0.3 every 400 steps), batch {BATCH}, {STEPS} steps, MSE loss,
grad-norm clipping 1.0. Training takes about 6 s on one idle CPU thread.

**Final loss:** train MSE {final_train:.6f} (last batch), validation MSE {val_loss:.6f}
(256 fresh waves).

## Files

- `sine.safetensors` — F32 `state_dict()` of `SineModel` (metadata key `model` describes the architecture):
{keys}
- `sine_input.npy` — float32 (1, 40, 1), batch_first: `0.8*sin(1.3*t*{DT} + 0.5)` for
  t = 0..39. The next value (t = 40) is `{float(ry.reshape(-1)[-1]):.6f}`.

## Reference predictions on `sine_input.npy` (for checking a Swift port)

`head(rnn(x)[0])` — prediction of x[t+1] at each step t, h0 = None:

- MSE against the true next values: {ref_loss:.6f}
- first 5 predictions: {", ".join(f"{v:.6f}" for v in p[:5])}
- last 5 predictions: {", ".join(f"{v:.6f}" for v in p[-5:])}
- `h_n` of the RNN: shape {list(h_n.shape)}, sum {h_n.sum().item():.6f}
"""
    with open(os.path.join(OUT_DIR, "README.md"), "w") as f:
        f.write(readme)
    print("wrote examples/sine.safetensors, examples/sine_input.npy, examples/README.md")


if __name__ == "__main__":
    main()
