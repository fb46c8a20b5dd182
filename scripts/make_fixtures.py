#!/usr/bin/env python3
"""Generate golden fixtures for rnnscope from PyTorch's torch.nn.RNN.

Run from the repository root:

    /work/venv/bin/python scripts/make_fixtures.py

Writes (deterministically; every case seeds torch/numpy on its own):

  Tests/RecurrentTests/Fixtures/forward/<name>.json   engine fixtures
  Tests/RecurrentTests/Fixtures/errors.json           PyTorch's own error/warning texts
  Tests/RecurrentTests/Fixtures/torch_version.txt     torch.__version__
  Tests/RecurrentTests/Fixtures/dynamics.json         via scripts/make_dynamics_fixtures.py
  Tests/RecurrentIOTests/Fixtures/*                   via scripts/make_io_fixtures.py
"""

import json
import os
import warnings

import numpy as np
import torch
import torch.nn as nn
from safetensors.torch import save_file

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
ENGINE_DIR = os.path.join(ROOT, "Tests", "RecurrentTests", "Fixtures")
FORWARD_DIR = os.path.join(ENGINE_DIR, "forward")
IO_DIR = os.path.join(ROOT, "Tests", "RecurrentIOTests", "Fixtures")

torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)

CONFIG_KEYS = ["input_size", "hidden_size", "num_layers", "nonlinearity", "bias",
               "batch_first", "dropout", "bidirectional"]
DEFAULTS = {"num_layers": 1, "nonlinearity": "tanh", "bias": True, "batch_first": False,
            "dropout": 0.0, "bidirectional": False}


def full_config(**kw):
    cfg = dict(DEFAULTS)
    cfg.update(kw)
    return {k: cfg[k] for k in CONFIG_KEYS}


def make_rnn(cfg):
    return nn.RNN(cfg["input_size"], cfg["hidden_size"], cfg["num_layers"],
                  nonlinearity=cfg["nonlinearity"], bias=cfg["bias"],
                  batch_first=cfg["batch_first"], dropout=cfg["dropout"],
                  bidirectional=cfg["bidirectional"])


def tensor_json(t):
    if t is None:
        return None
    t = t.detach()
    assert t.dtype == torch.float32, t.dtype
    return {"shape": list(t.shape), "data": t.double().flatten().tolist()}


def sine_input():
    # Exactly the expression from the brief: float32, shape (1, 20, 1).
    return torch.Tensor(np.sin(np.linspace(0, np.pi, 20)).reshape(20, 1)).unsqueeze(0)


def compact(v):
    return json.dumps(v, separators=(",", ":"))


def write_json(path, obj):
    """One line per top-level key (dict) / element (list); each list-of-dicts value gets one
    line per element. Compact, yet diff-friendly."""
    lines = []
    if isinstance(obj, dict):
        items = list(obj.items())
        lines.append("{")
        for i, (k, v) in enumerate(items):
            sep = "," if i + 1 < len(items) else ""
            if isinstance(v, list) and v and all(isinstance(e, dict) for e in v):
                lines.append(f" {compact(k)}:[")
                lines.extend(f"  {compact(e)}" + ("," if j + 1 < len(v) else "") for j, e in enumerate(v))
                lines.append(f" ]{sep}")
            else:
                lines.append(f" {compact(k)}:{compact(v)}{sep}")
        lines.append("}")
    else:
        lines.append("[")
        lines.extend(f" {compact(e)}" + ("," if j + 1 < len(obj) else "") for j, e in enumerate(obj))
        lines.append("]")
    text = "\n".join(lines) + "\n"
    assert json.loads(text) == obj
    with open(path, "w") as f:
        f.write(text)


# --------------------------------------------------------------------------------------
# 1a. Forward (engine) fixtures
# --------------------------------------------------------------------------------------
# Each case: name, seed, config kwargs, input shape (or "sine"), h0 shape or None.
FORWARD_CASES = [
    # The two cases named in the brief.
    dict(name="seed_example", seed=0, cfg=dict(input_size=10, hidden_size=20, num_layers=2),
         input=(5, 3, 10), h0=(2, 3, 20)),
    dict(name="seed_sine", seed=1, cfg=dict(input_size=1, hidden_size=10, num_layers=2, batch_first=True),
         input="sine", h0=None),
    # Bidirectional 2-layer relu, batch_first, with h0.
    dict(name="bidir2_relu_batch_first_h0", seed=2,
         cfg=dict(input_size=4, hidden_size=7, num_layers=2, nonlinearity="relu",
                  batch_first=True, bidirectional=True),
         input=(3, 6, 4), h0=(4, 3, 7)),
    # Plain batched (T, N, D), 1 layer, tanh, no h0.
    dict(name="batched_tanh_l1_noh0", seed=3, cfg=dict(input_size=3, hidden_size=5),
         input=(6, 2, 3), h0=None),
    # Batched relu with h0.
    dict(name="batched_relu_l1_h0", seed=4, cfg=dict(input_size=5, hidden_size=8, nonlinearity="relu"),
         input=(4, 3, 5), h0=(1, 3, 8)),
    # bias=False, 2 layers, with h0.
    dict(name="nobias_l2_h0", seed=5, cfg=dict(input_size=3, hidden_size=6, num_layers=2, bias=False),
         input=(5, 2, 3), h0=(2, 2, 6)),
    # 3 layers, hidden 7, N=4, no h0.
    dict(name="l3_h7_noh0", seed=6, cfg=dict(input_size=2, hidden_size=7, num_layers=3),
         input=(8, 4, 2), h0=None),
    # Unbatched (T, D) without h0.
    dict(name="unbatched_l2_noh0", seed=7, cfg=dict(input_size=4, hidden_size=6, num_layers=2),
         input=(7, 4), h0=None),
    # Unbatched (T, D) with h0 (L, H), relu.
    dict(name="unbatched_relu_l2_h0", seed=8,
         cfg=dict(input_size=4, hidden_size=6, num_layers=2, nonlinearity="relu"),
         input=(7, 4), h0=(2, 6)),
    # Unbatched + batch_first (batch_first must be ignored for 2-D input), with h0.
    dict(name="unbatched_batch_first_h0", seed=9, cfg=dict(input_size=3, hidden_size=5, batch_first=True),
         input=(6, 3), h0=(1, 5)),
    # Unbatched + batch_first, no h0, bidirectional.
    dict(name="unbatched_batch_first_bidir_noh0", seed=10,
         cfg=dict(input_size=3, hidden_size=4, batch_first=True, bidirectional=True),
         input=(5, 3), h0=None),
    # Bidirectional 1 layer, batched, no h0.
    dict(name="bidir1_noh0", seed=11, cfg=dict(input_size=3, hidden_size=4, bidirectional=True),
         input=(5, 2, 3), h0=None),
    # Bidirectional 3 layers, batch_first, with h0.
    dict(name="bidir3_batch_first_h0", seed=12,
         cfg=dict(input_size=2, hidden_size=5, num_layers=3, batch_first=True, bidirectional=True),
         input=(2, 4, 2), h0=(6, 2, 5)),
    # Dropout > 0 in eval mode (must be a no-op), 3 layers.
    dict(name="dropout_eval_l3", seed=13, cfg=dict(input_size=3, hidden_size=6, num_layers=3, dropout=0.3),
         input=(5, 2, 3), h0=None),
    # Batch of 0 (T, 0, D), no h0.
    dict(name="batch0_noh0", seed=14, cfg=dict(input_size=3, hidden_size=4, num_layers=2),
         input=(5, 0, 3), h0=None),
    # Batch of 0, batch_first (0, T, D), with h0 (L*dirs, 0, H).
    dict(name="batch0_batch_first_bidir_h0", seed=15,
         cfg=dict(input_size=3, hidden_size=4, num_layers=1, batch_first=True, bidirectional=True),
         input=(0, 5, 3), h0=(2, 0, 4)),
    # hidden_size 1.
    dict(name="hidden1", seed=16, cfg=dict(input_size=2, hidden_size=1), input=(6, 2, 2), h0=None),
    # hidden_size 33, batch_first.
    dict(name="hidden33_batch_first", seed=17, cfg=dict(input_size=5, hidden_size=33, batch_first=True),
         input=(2, 4, 5), h0=None),
    # hidden_size 20, unbatched, bidirectional 2 layers relu, with h0.
    dict(name="hidden20_unbatched_bidir2_relu_h0", seed=18,
         cfg=dict(input_size=3, hidden_size=20, num_layers=2, nonlinearity="relu", bidirectional=True),
         input=(5, 3), h0=(4, 20)),
    # Sequence length 1, single sample.
    dict(name="seq1_batch1", seed=19, cfg=dict(input_size=2, hidden_size=3), input=(1, 1, 2), h0=(1, 1, 3)),
    # Everything at once: bias=False, relu, bidirectional, 2 layers, dropout, batch_first, h0.
    dict(name="kitchen_sink", seed=20,
         cfg=dict(input_size=3, hidden_size=7, num_layers=2, nonlinearity="relu", bias=False,
                  batch_first=True, dropout=0.25, bidirectional=True),
         input=(3, 4, 3), h0=(4, 3, 7)),
    # Large-magnitude inputs (tanh saturation / relu clipping), input_size 1.
    dict(name="large_inputs_relu", seed=21, cfg=dict(input_size=1, hidden_size=7, nonlinearity="relu"),
         input=(6, 2, 1), h0=None, scale=10.0),
]


def build_forward(case):
    torch.manual_seed(case["seed"])
    cfg = full_config(**case["cfg"])
    rnn = make_rnn(cfg)
    rnn.eval()
    if case["input"] == "sine":
        x = sine_input()
    else:
        x = torch.randn(*case["input"]) * case.get("scale", 1.0)
    h0 = torch.randn(*case["h0"]) if case["h0"] is not None else None
    with torch.no_grad():
        out, hn = rnn(x, h0)
    return cfg, rnn, x, h0, out, hn


def make_forward_fixtures():
    os.makedirs(FORWARD_DIR, exist_ok=True)
    # Drop stale generated fixtures (only *.json written by this script live here).
    for fn in os.listdir(FORWARD_DIR):
        if fn.endswith(".json"):
            os.remove(os.path.join(FORWARD_DIR, fn))
    names = set()
    for case in FORWARD_CASES:
        assert case["name"] not in names
        names.add(case["name"])
        cfg, rnn, x, h0, out, hn = build_forward(case)
        obj = {
            "name": case["name"],
            "config": cfg,
            "repr": repr(rnn),
            "parameters": [{"name": k, "shape": list(v.shape), "data": v.detach().double().flatten().tolist()}
                           for k, v in rnn.state_dict().items()],
            "input": tensor_json(x),
            "h0": tensor_json(h0),
            "output": tensor_json(out),
            "h_n": tensor_json(hn),
        }
        write_json(os.path.join(FORWARD_DIR, case["name"] + ".json"), obj)
    print(f"wrote {len(FORWARD_CASES)} forward fixtures")


# --------------------------------------------------------------------------------------
# 1b. Error fixtures
# --------------------------------------------------------------------------------------
CONSTRUCTOR_ERRORS = [
    ("nonlinearity_sigmoid", dict(input_size=10, hidden_size=20, nonlinearity="sigmoid")),
    ("dropout_1_5", dict(input_size=10, hidden_size=20, num_layers=2, dropout=1.5)),
    ("dropout_negative", dict(input_size=10, hidden_size=20, num_layers=2, dropout=-0.1)),
    ("hidden_size_0", dict(input_size=10, hidden_size=0)),
    ("num_layers_0", dict(input_size=10, hidden_size=20, num_layers=0)),
    ("input_size_0", dict(input_size=0, hidden_size=20)),
    ("dropout_with_one_layer", dict(input_size=10, hidden_size=20, num_layers=1, dropout=0.5)),
    ("sigmoid_and_hidden_size_0", dict(input_size=10, hidden_size=0, nonlinearity="sigmoid")),
    ("hidden_size_0_and_num_layers_0", dict(input_size=10, hidden_size=0, num_layers=0)),
    ("dropout_2_and_hidden_size_0", dict(input_size=10, hidden_size=0, num_layers=2, dropout=2)),
    ("dropout_1_with_one_layer", dict(input_size=10, hidden_size=20, num_layers=1, dropout=1.0)),
    ("negative_hidden_size", dict(input_size=10, hidden_size=-1)),
    ("negative_num_layers", dict(input_size=10, hidden_size=20, num_layers=-1)),
    ("input_size_0_and_hidden_size_0", dict(input_size=0, hidden_size=0)),
    ("sigmoid_and_dropout_1_5", dict(input_size=10, hidden_size=20, num_layers=2, nonlinearity="sigmoid",
                                     dropout=1.5)),
    ("dropout_1_5_with_one_layer", dict(input_size=10, hidden_size=20, num_layers=1, dropout=1.5)),
    ("hidden_size_0_with_one_layer_dropout", dict(input_size=10, hidden_size=0, num_layers=1, dropout=0.5)),
    ("num_layers_0_and_input_size_0", dict(input_size=0, hidden_size=20, num_layers=0)),
]

FORWARD_ERRORS = [
    ("input_1d", dict(input_size=10, hidden_size=20), (10,), None),
    ("input_4d", dict(input_size=10, hidden_size=20), (5, 3, 10, 1), None),
    ("input_size_mismatch", dict(input_size=10, hidden_size=20), (5, 3, 7), None),
    ("wrong_h0_num_layers", dict(input_size=10, hidden_size=20), (5, 3, 10), (2, 3, 20)),
    ("unbatched_input_3d_h0", dict(input_size=10, hidden_size=20), (5, 10), (1, 3, 20)),
    ("batched_input_2d_h0", dict(input_size=10, hidden_size=20), (5, 3, 10), (1, 20)),
    ("unbatched_wrong_h0", dict(input_size=10, hidden_size=20, num_layers=2), (5, 10), (1, 20)),
    ("batch_first_wrong_h0", dict(input_size=10, hidden_size=20, batch_first=True), (3, 5, 10), (1, 5, 20)),
    ("bidirectional_wrong_h0", dict(input_size=10, hidden_size=20, num_layers=2, bidirectional=True),
     (5, 3, 10), (2, 3, 20)),
    ("wrong_h0_hidden_size", dict(input_size=10, hidden_size=20), (5, 3, 10), (1, 3, 19)),
    ("seq_len_0", dict(input_size=10, hidden_size=20), (0, 3, 10), None),
    ("seq_len_0_batch_first", dict(input_size=10, hidden_size=20, batch_first=True), (3, 0, 10), None),
    ("seq_len_0_unbatched", dict(input_size=10, hidden_size=20), (0, 10), None),
    ("input_size_mismatch_and_wrong_h0", dict(input_size=10, hidden_size=20), (5, 3, 7), (2, 3, 20)),
    ("batch0_wrong_h0", dict(input_size=10, hidden_size=20), (5, 0, 10), (1, 3, 20)),
    ("batch0_ok_h0", dict(input_size=10, hidden_size=20), (5, 0, 10), (1, 0, 20)),
    ("input_1d_with_h0", dict(input_size=10, hidden_size=20), (10,), (1, 20)),
    ("seq_len_0_and_wrong_h0", dict(input_size=10, hidden_size=20), (0, 3, 10), (2, 3, 20)),
    ("seq_len_0_and_input_size_mismatch", dict(input_size=10, hidden_size=20), (0, 3, 7), None),
    ("seq_len_0_and_batch_0", dict(input_size=10, hidden_size=20), (0, 0, 10), None),
    ("unbatched_input_size_mismatch", dict(input_size=10, hidden_size=20), (5, 7), None),
]


def run_capturing(fn):
    """Returns (result, exception, warning_texts)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = fn()
            exc = None
        except Exception as e:  # noqa: BLE001 - we want every kind
            result, exc = None, e
    texts = [str(w.message) for w in caught]
    return result, exc, texts


def make_error_fixtures():
    cases = []
    for name, kw in CONSTRUCTOR_ERRORS:
        cfg = full_config(**kw)
        torch.manual_seed(0)
        rnn, exc, warns = run_capturing(lambda: make_rnn(cfg))
        cases.append({
            "name": name, "kind": "constructor", "config": cfg,
            "input_shape": None, "h0_shape": None,
            "message": None if exc is None else str(exc),
            "exception": None if exc is None else type(exc).__name__,
            "warning": "\n".join(warns) if warns else None,
            "output_shape": None, "h_n_shape": None,
            "repr": repr(rnn) if rnn is not None else None,
        })
    for name, kw, in_shape, h0_shape in FORWARD_ERRORS:
        cfg = full_config(**kw)
        torch.manual_seed(0)
        rnn = make_rnn(cfg)
        rnn.eval()
        x = torch.zeros(in_shape)
        h0 = torch.zeros(h0_shape) if h0_shape is not None else None

        def call():
            with torch.no_grad():
                return rnn(x, h0)

        res, exc, warns = run_capturing(call)
        cases.append({
            "name": name, "kind": "forward", "config": cfg,
            "input_shape": list(in_shape), "h0_shape": None if h0_shape is None else list(h0_shape),
            "message": None if exc is None else str(exc),
            "exception": None if exc is None else type(exc).__name__,
            "warning": "\n".join(warns) if warns else None,
            "output_shape": None if res is None else list(res[0].shape),
            "h_n_shape": None if res is None else list(res[1].shape),
            "repr": repr(rnn),
        })
    write_json(os.path.join(ENGINE_DIR, "errors.json"), cases)
    with open(os.path.join(ENGINE_DIR, "torch_version.txt"), "w") as f:
        f.write(torch.__version__ + "\n")
    print(f"wrote {len(cases)} error cases")


def write_engine_readme():
    rows = []
    for case in FORWARD_CASES:
        cfg, rnn, x, h0, out, hn = build_forward(case)
        rows.append(f"| `{case['name']}` | `{repr(rnn)}`{' relu' if cfg['nonlinearity'] == 'relu' else ''} | "
                    f"{list(x.shape)} | {list(h0.shape) if h0 is not None else 'None'} | "
                    f"{list(out.shape)} | {list(hn.shape)} |")
    errs = json.load(open(os.path.join(ENGINE_DIR, "errors.json")))
    erows = [f"| `{e['name']}` | {e['kind']} | {e['exception'] or '—'} | "
             f"{e['message'] or '—'} | {'warning' if e['warning'] else ''} |" for e in errs]
    nl = "\n"
    text = f"""# RecurrentTests fixtures

Generated by `scripts/make_fixtures.py` (`/work/venv/bin/python scripts/make_fixtures.py` from the
repo root) with torch {torch.__version__} (also in `torch_version.txt`). Deterministic; do not edit
by hand.

## forward/*.json

One `torch.nn.RNN` (float32, `eval()`, `no_grad()`) per file: `name`, `config` (all 8 constructor
arguments), `repr` (exactly `repr(rnn)` — note torch's repr never shows `nonlinearity`),
`parameters` (`state_dict()` order; `data` flattened in C order; each number is a float32 value
written as a double, so `Float(value)` is exact), `input`, `h0` (or `null`), `output`, `h_n`.
Weights are torch's default init after `torch.manual_seed(seed)`; inputs/h0 are `randn`.
Outputs match an independent float64 NumPy reference to < 6e-7.

| name | repr | input | h0 | output | h_n |
|---|---|---|---|---|---|
{nl.join(rows)}

## errors.json

A list of cases. Keys: `name`, `kind` (`constructor`/`forward`), `config` (values as passed to
torch, possibly invalid; `dropout` may be an integer such as `2`), `input_shape`, `h0_shape`,
`message` (`str(exception)` or `null`), `exception` (class name or `null`), `warning` (warning
text or `null`), plus extra keys `output_shape`/`h_n_shape` (shapes when the forward call
succeeded, else `null`) and `repr` (model repr when one was built, else `null`).

Constructor check order in torch: nonlinearity → dropout range → dropout warning (dropout > 0 and
num_layers == 1) → input_size → hidden_size → num_layers. Forward order: input rank (ValueError) →
unbatched/batched h0 rank → input_size → h0 shape (for unbatched input the expected/actual shapes
are printed with the batch dim of 1 inserted) → sequence length 0 (from the C++ kernel).

| name | kind | exception | message | |
|---|---|---|---|---|
{nl.join(erows)}

## dynamics.json

Written by `scripts/make_dynamics_fixtures.py` (also run by this script): `numpy` (its version) and
`cases`, each a square float32 matrix W (`name`, `matrix` as `shape` + C-order `data`, each value the
shortest decimal of its float32) with numpy's float64 answers on those float32 values:
`spectral_radius` = `np.max(np.abs(np.linalg.eigvals(W)))` and `largest_singular_value` =
`np.linalg.norm(W, 2)` (both 0 for the 0×0 case). Cases: W_hh of torch's init at H = 1, 16, 64, 128
(and ×1e30, ×1e-30), scaled 2×2 rotation blocks (complex pairs on a circle), a random orthogonal
matrix, non-normal Jordan-like blocks (upper triangular, and a 2×2 one in a rotated basis) where
‖W‖₂ ≫ ρ, a zero matrix, and the two cells of the trained `examples/sine.safetensors`.
"""
    with open(os.path.join(ENGINE_DIR, "README.md"), "w") as f:
        f.write(text)


def main():
    os.makedirs(ENGINE_DIR, exist_ok=True)
    make_forward_fixtures()
    make_error_fixtures()
    write_engine_readme()
    from make_io_fixtures import make_io_fixtures   # (imports this module: here, not at the top)
    make_io_fixtures()
    from make_dynamics_fixtures import make_dynamics_fixtures
    make_dynamics_fixtures()


if __name__ == "__main__":
    main()
