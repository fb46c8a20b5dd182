#!/usr/bin/env python3
"""File-format fixtures for rnnscope's RecurrentIO tests: safetensors state dicts in every dtype and
layout a PyTorch user saves, the outputs PyTorch computes with them, .npy layouts and CSV files.

Run by scripts/make_fixtures.py (or alone, from the repository root):

    /work/venv/bin/python scripts/make_io_fixtures.py

Writes Tests/RecurrentIOTests/Fixtures/* and its README.md, deterministically.
"""

import os
import sys

import numpy as np
import torch
import torch.nn as nn
from safetensors.torch import save_file

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_fixtures import *  # noqa: E402,F401,F403  (the shared helpers: ROOT, IO_DIR, full_config, make_rnn, …)


# --------------------------------------------------------------------------------------
# 1c. File-format fixtures
# --------------------------------------------------------------------------------------
class Prefixed(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.RNN(3, 5, 2, bidirectional=True)
        self.head = nn.Linear(10, 1)


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.RNN(2, 3, 1)
        self.proj = nn.Linear(3, 3)


class Nested(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = Encoder()
        self.decoder = nn.Linear(3, 2)


class TwoRNNs(nn.Module):
    def __init__(self):
        super().__init__()
        self.enc = nn.RNN(2, 3, 1)
        self.dec = nn.RNN(3, 2, 1)


def sd_contig(module, dtype=None):
    out = {}
    for k, v in module.state_dict().items():
        v = v.detach()
        if dtype is not None:
            v = v.to(dtype)
        out[k] = v.contiguous().clone()
    return out


def run_with_weights(rnn, sd):
    """Load sd (any float dtype) converted to float32 into rnn, run on the sine input."""
    rnn.load_state_dict({k: v.to(torch.float32) for k, v in sd.items()})
    rnn.eval()
    with torch.no_grad():
        out, hn = rnn(sine_input())
    return {"output": out.contiguous(), "h_n": hn.contiguous()}


def f32_str(v):
    return str(np.float32(v))


def make_io_fixtures():
    os.makedirs(IO_DIR, exist_ok=True)  # files are overwritten in place, nothing else is removed
    p = lambda fn: os.path.join(IO_DIR, fn)  # noqa: E731

    # seed_sine: same weights as forward/seed_sine.json.
    seed_case = next(c for c in FORWARD_CASES if c["name"] == "seed_sine")
    _, rnn, x, _, out, hn = build_forward(seed_case)
    sine_sd = sd_contig(rnn)
    save_file(sine_sd, p("seed_sine.safetensors"))
    np.save(p("seed_sine_input.npy"), x.numpy().astype(np.float32))
    save_file({"output": out.contiguous(), "h_n": hn.contiguous()}, p("seed_sine_expected.safetensors"))

    # Reduced/extended precision copies of the seed_sine weights.
    for name, dtype in [("f64", torch.float64), ("bf16", torch.bfloat16), ("f16", torch.float16)]:
        sd = sd_contig(rnn, dtype)
        save_file(sd, p(f"{name}.safetensors"))
        probe = make_rnn(full_config(input_size=1, hidden_size=10, num_layers=2, batch_first=True))
        save_file(run_with_weights(probe, sd), p(f"{name}_expected.safetensors"))

    # bias=False model of the same shape as seed_sine.
    torch.manual_seed(101)
    nb = make_rnn(full_config(input_size=1, hidden_size=10, num_layers=2, batch_first=True, bias=False))
    nb_sd = sd_contig(nb)
    save_file(nb_sd, p("nobias.safetensors"))
    save_file(run_with_weights(nb, nb_sd), p("nobias_expected.safetensors"))

    # Prefixed / nested / ambiguous state dicts.
    torch.manual_seed(102)
    save_file(sd_contig(Prefixed()), p("prefixed.safetensors"))
    torch.manual_seed(103)
    save_file(sd_contig(Nested()), p("nested.safetensors"))
    torch.manual_seed(104)
    save_file(sd_contig(TwoRNNs()), p("two_rnns.safetensors"))
    # Gated cousins: an LSTM's and a GRU's state dicts share nn.RNN's key names, not its shapes.
    torch.manual_seed(106)
    save_file(sd_contig(nn.LSTM(3, 5, 2)), p("lstm.safetensors"))
    save_file(sd_contig(nn.GRU(3, 5, 1)), p("gru.safetensors"))

    # npy layouts.
    arange = (np.arange(24, dtype=np.float64).reshape(4, 3, 2) - 12.0) / 8.0  # exact in f32
    np.save(p("c_order_f32.npy"), np.ascontiguousarray(arange.astype(np.float32)))
    np.save(p("c_order_f64.npy"), np.ascontiguousarray(arange.astype(np.float64)))
    np.save(p("fortran_f32.npy"), np.asfortranarray(arange.astype(np.float32)))

    # Small model: RNN(2, 4, 1, batch_first=True), tanh, bias.
    torch.manual_seed(105)
    small_cfg = full_config(input_size=2, hidden_size=4, num_layers=1, batch_first=True)
    small = make_rnn(small_cfg)
    small.eval()
    save_file(sd_contig(small), p("small.safetensors"))
    torch.manual_seed(106)
    unb = torch.randn(5, 2)
    bf = torch.randn(3, 5, 2)
    np.save(p("unbatched.npy"), unb.numpy().astype(np.float32))
    np.save(p("batch_first.npy"), bf.numpy().astype(np.float32))
    with torch.no_grad():
        for fname, inp in [("unbatched", unb), ("batch_first", bf),
                           ("arange", torch.from_numpy(arange.astype(np.float32)))]:
            o, h = small(inp)
            save_file({"output": o.contiguous(), "h_n": h.contiguous()}, p(f"{fname}_expected.safetensors"))

    # CSV files.
    sine_vals = x.reshape(-1).tolist()
    with open(p("sine.csv"), "w") as f:
        f.write("x\n")
        for v in sine_vals:
            f.write(f32_str(v) + "\n")
    rng = np.random.default_rng(107)
    two = rng.standard_normal((10, 2)).astype(np.float32)
    with open(p("two_features.csv"), "w") as f:
        f.write("a,b\n")
        for a, b in two:
            f.write(f"{f32_str(a)},{f32_str(b)}\n")
    three = rng.standard_normal((6, 3)).astype(np.float32)
    with open(p("noheader.csv"), "w") as f:
        for row in three:
            f.write(",".join(f32_str(v) for v in row) + "\n")

    # Sanity checks: csv parses back to the same float32 values.
    parsed = np.loadtxt(p("sine.csv"), delimiter=",", skiprows=1, dtype=np.float32)
    assert np.array_equal(parsed, x.numpy().reshape(-1))
    assert np.array_equal(np.loadtxt(p("two_features.csv"), delimiter=",", skiprows=1, dtype=np.float32), two)
    assert np.array_equal(np.loadtxt(p("noheader.csv"), delimiter=",", dtype=np.float32), three)

    write_io_readme(p("README.md"), unb, bf, arange, two, three)
    for fn in os.listdir(IO_DIR):
        if fn.endswith(".safetensors"):
            os.chmod(p(fn), 0o644)  # safetensors writes 0600
    print("wrote IO fixtures")


def describe_safetensors(path):
    from safetensors import safe_open
    lines = []
    with safe_open(path, framework="pt") as f:
        for k in f.keys():
            t = f.get_tensor(k)
            lines.append(f"    - `{k}`: {str(t.dtype).replace('torch.', '')} {list(t.shape)}")
    return "\n".join(lines)


def write_io_readme(path, unb, bf, arange, two, three):
    d = IO_DIR
    st = lambda fn: describe_safetensors(os.path.join(d, fn))  # noqa: E731
    text = f"""# RecurrentIOTests fixtures

Generated by `scripts/make_fixtures.py` (run `/work/venv/bin/python scripts/make_fixtures.py`
from the repo root) with torch {torch.__version__}, numpy {np.__version__}. Deterministic: each
model/input is created right after its own `torch.manual_seed`. Do not edit by hand.

All `*_expected.safetensors` files hold two F32 tensors, `output` and `h_n`, computed by
`torch.nn.RNN` in eval mode under `torch.no_grad()` with float32 weights. Key lists below are
in the order the files store them (safetensors sorts them), not `state_dict()` order. No
safetensors file here carries `__metadata__`.

## seed_sine (same weights as `Tests/RecurrentTests/Fixtures/forward/seed_sine.json`)

Model: `nn.RNN(1, 10, 2, batch_first=True)` — tanh, bias=True, 2 layers, unidirectional.

- `seed_sine.safetensors` — the model's `state_dict()`, F32, keys without any prefix:
{st("seed_sine.safetensors")}
- `seed_sine_input.npy` — float32, C order, shape (1, 20, 1) (batch_first: N=1, T=20, D=1):
  `np.sin(np.linspace(0, np.pi, 20))` cast to float32.
- `seed_sine_expected.safetensors` — `output` (1, 20, 10), `h_n` (2, 1, 10) for
  `seed_sine_input.npy` with h0 = None (zeros).
- `sine.csv` — header row `x`, then the same 20 float32 values as `seed_sine_input.npy`, one per
  line (shortest float32 decimal repr, so they parse back to exactly the same Float). Read as a
  single sequence (T=20, D=1) it gives exactly `seed_sine_expected.safetensors` with the
  seed_sine model.

## Other dtypes of the seed_sine weights

Same keys and shapes as `seed_sine.safetensors`, same architecture (`RNN(1, 10, 2,
batch_first=True)`, tanh, bias). Each `<name>_expected.safetensors` is torch's result on
`seed_sine_input.npy`, h0 = None, after converting the stored (reduced-precision) weights back to
float32 — i.e. what a loader that widens to Float must reproduce exactly (up to float32 kernel
rounding).

- `f64.safetensors` — F64 (values are exactly the F32 weights widened) ; `f64_expected.safetensors`
  equals `seed_sine_expected.safetensors`.
- `bf16.safetensors` — BF16 (`tensor.to(torch.bfloat16)`, round-to-nearest-even) ;
  `bf16_expected.safetensors`.
- `f16.safetensors` — F16 (`tensor.to(torch.float16)`) ; `f16_expected.safetensors`.
- `nobias.safetensors` — F32 state dict of a *different* model `nn.RNN(1, 10, 2,
  batch_first=True, bias=False)` (seed 101): only `weight_ih_l0`, `weight_hh_l0`, `weight_ih_l1`,
  `weight_hh_l1` ; `nobias_expected.safetensors` on `seed_sine_input.npy`.

## Prefixed / nested state dicts (F32, no expected outputs)

- `prefixed.safetensors` — `state_dict()` of a module with `self.rnn = nn.RNN(3, 5, 2,
  bidirectional=True)` and `self.head = nn.Linear(10, 1)`:
{st("prefixed.safetensors")}
  Loading with prefix `rnn.` (or auto-detecting it) gives an RNN(3, 5, num_layers=2,
  bidirectional=True) with bias; the `head.` keys must be ignored.
- `nested.safetensors` — module `encoder` (with `rnn = nn.RNN(2, 3, 1)`, `proj = nn.Linear(3, 3)`)
  plus `decoder = nn.Linear(3, 2)`:
{st("nested.safetensors")}
  The only RNN lives under `encoder.rnn.` → RNN(2, 3), 1 layer, bias.
- `two_rnns.safetensors` — two RNNs: `enc = nn.RNN(2, 3, 1)`, `dec = nn.RNN(3, 2, 1)`:
{st("two_rnns.safetensors")}
  Auto-detecting the prefix is ambiguous (`enc.` vs `dec.`): expect an error unless a prefix is
  given; with `enc.` → RNN(2, 3), with `dec.` → RNN(3, 2).
- `lstm.safetensors` — `nn.LSTM(3, 5, 2)` (seed 106): the same key names as nn.RNN, but
  `weight_ih_l0` is (4·5, 3) and `weight_hh_l0` (4·5, 5) — four gates:
{st("lstm.safetensors")}
- `gru.safetensors` — `nn.GRU(3, 5, 1)`: three gates, `weight_ih_l0` (3·5, 3):
{st("gru.safetensors")}
  The kind is read off the shapes: an `LSTM(3, 5, num_layers=2)` and a `GRU(3, 5)` load as such.

## npy layouts

- `c_order_f32.npy` — float32, C order, shape (4, 3, 2), values
  `(np.arange(24).reshape(4, 3, 2) - 12) / 8` = -1.5, -1.375, …, 1.375 (exact in float32).
- `c_order_f64.npy` — the same values as float64 (`<f8`), C order.
- `fortran_f32.npy` — the same values, float32, saved from `np.asfortranarray(...)`, so the header
  says `'fortran_order': True` and the bytes are column-major. A reader must yield the same logical
  array as `c_order_f32.npy` (or reject Fortran order clearly).
- `arange_expected.safetensors` — `small` model (below) on that (4, 3, 2) array read as
  batch_first (N=4, T=3, D=2): `output` (4, 3, 4), `h_n` (1, 4, 4).

## Small model and batched / unbatched inputs

Model `small.safetensors`: `nn.RNN(2, 4, 1, batch_first=True)` — input_size 2, hidden 4, 1 layer,
tanh, bias=True, unidirectional, **batch_first=True** (seed 105):
{st("small.safetensors")}

- `unbatched.npy` — float32 (T=5, D=2) unbatched (batch_first is irrelevant for 2-D input) ;
  `unbatched_expected.safetensors`: `output` (5, 4), `h_n` (1, 4). h0 = None.
- `batch_first.npy` — float32 (N=3, T=5, D=2) ; `batch_first_expected.safetensors`: `output`
  (3, 5, 4), `h_n` (1, 3, 4). h0 = None.

## CSV

- `sine.csv` — header `x`, 20 data rows (see seed_sine above).
- `two_features.csv` — header `a,b`, 10 data rows, 2 float columns (numpy default_rng(107)
  standard normal, float32 values). As a sequence: T=10, D=2. First row: `{f32_str(two[0][0])},{f32_str(two[0][1])}`.
- `noheader.csv` — no header, 6 rows × 3 float columns (next draws of the same generator). As a
  sequence: T=6, D=3. First row: `{",".join(f32_str(v) for v in three[0])}`.

All CSV files use `,` as separator, `\\n` line endings, a trailing newline, no quoting, and each
number is the shortest decimal that round-trips the float32 value.
"""
    with open(path, "w") as f:
        f.write(text)


if __name__ == "__main__":
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    make_io_fixtures()
