#!/usr/bin/env python3
"""Generate golden fixtures for rnnscope from PyTorch's torch.nn.RNN.

Run from the repository root:

    /work/venv/bin/python scripts/make_fixtures.py

Writes (deterministically; every case seeds torch/numpy on its own):

  Tests/RecurrentTests/Fixtures/forward/<name>.json   engine fixtures
  Tests/RecurrentTests/Fixtures/errors.json           PyTorch's own error/warning texts
  Tests/RecurrentTests/Fixtures/torch_version.txt     torch.__version__
  Tests/RecurrentTests/Fixtures/dynamics.json         via scripts/make_dynamics_fixtures.py
  Tests/RecurrentIOTests/Fixtures/*                   safetensors / npy / csv files + README.md
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
  Neither is an nn.RNN: expect an error that names the module they look like.

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
`np.linalg.norm(W, 2)` (both 0 for the 0×0 case). Cases: W_hh of torch's init at H = 1, 16, 64, 256
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
    make_io_fixtures()
    from make_dynamics_fixtures import make_dynamics_fixtures
    make_dynamics_fixtures()


if __name__ == "__main__":
    main()
