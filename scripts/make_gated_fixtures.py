#!/usr/bin/env python3
"""Golden fixtures for rnnscope's gated cells, from PyTorch's torch.nn.LSTM and torch.nn.GRU.

Run from the repository root:

    /work/venv/bin/python scripts/make_gated_fixtures.py

Writes (deterministically; every case seeds torch/numpy on its own):

  Tests/RecurrentTests/Fixtures/gated/<name>.json     forward fixtures with per-step gate series
  Tests/RecurrentTests/Fixtures/gated_errors.json     PyTorch's own error/warning texts and reprs
  Tests/RecurrentTests/Fixtures/gated/README.md
  Tests/RecurrentIOTests/Fixtures/gated/*             via scripts/make_gated_io_fixtures.py
"""

import os
import sys
import warnings

import numpy as np
import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
# Shared helpers (importing make_fixtures has no side effect beyond the same torch settings as here).
from make_fixtures import ENGINE_DIR, ROOT, sine_input, tensor_json, write_json  # noqa: E402,F401

assert torch.__version__.startswith("2.15"), torch.__version__
torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)

GATED_DIR = os.path.join(ENGINE_DIR, "gated")
ERRORS_PATH = os.path.join(ENGINE_DIR, "gated_errors.json")
COMMAND = "/work/venv/bin/python scripts/make_gated_fixtures.py"
CONFIG_KEYS = ["mode", "input_size", "hidden_size", "num_layers", "bias", "batch_first", "dropout",
               "bidirectional", "proj_size"]
DEFAULTS = {"num_layers": 1, "bias": True, "batch_first": False, "dropout": 0.0,
            "bidirectional": False, "proj_size": 0}
CTOR_KW = ["num_layers", "bias", "batch_first", "dropout", "bidirectional"]
SERIES = {"LSTM": ["i", "f", "g", "o", "c", "h"], "GRU": ["r", "z", "n", "h"]}


def full_config(mode, **kw):
    cfg = dict(DEFAULTS, mode=mode)
    cfg.update(kw)
    return {k: cfg[k] for k in CONFIG_KEYS}


def make_module(cfg, pass_proj=False):
    """nn.LSTM / nn.GRU from a config. GRU refuses a proj_size keyword of any value (even 0), so it
    is passed to a GRU only when pass_proj (the error cases that name it)."""
    kw = {k: cfg[k] for k in CTOR_KW}
    if cfg["mode"] == "LSTM" or pass_proj:
        kw["proj_size"] = cfg["proj_size"]
    cls = nn.LSTM if cfg["mode"] == "LSTM" else nn.GRU
    return cls(cfg["input_size"], cfg["hidden_size"], **kw)


# --------------------------------------------------------------------------------------
# 1. Forward fixtures
# --------------------------------------------------------------------------------------
def case(name, seed, mode, i, h, input, h0=None, c0=None, scale=1.0, **kw):  # i, h: input/hidden size
    return dict(name=name, seed=seed, cfg=full_config(mode, input_size=i, hidden_size=h, **kw), input=input,
                h0=h0, c0=c0, scale=scale)


FORWARD_CASES = [
    case("lstm_notes_example", 100, "LSTM", 10, 20, (5, 3, 10), (2, 3, 20), (2, 3, 20), num_layers=2),
    case("lstm_proj_bidir2_batch_first_h0", 101, "LSTM", 4, 6, (3, 5, 4), (4, 3, 3), (4, 3, 6),
         num_layers=2, proj_size=3, batch_first=True, bidirectional=True),
    case("lstm_unbatched_noh0", 102, "LSTM", 3, 5, (6, 3), num_layers=2),
    case("lstm_unbatched_batch_first_h0", 103, "LSTM", 3, 4, (5, 3), (1, 4), (1, 4), batch_first=True),
    case("lstm_nobias_l3", 104, "LSTM", 2, 5, (4, 2, 2), num_layers=3, bias=False),
    case("lstm_dropout_eval", 105, "LSTM", 3, 4, (5, 2, 3), num_layers=2, dropout=0.25),
    case("lstm_hidden1", 106, "LSTM", 1, 1, (7, 1, 1)),
    case("lstm_proj1_unbatched_h0", 107, "LSTM", 2, 3, (4, 2), (2, 1), (2, 3),
         proj_size=1, bidirectional=True),
    case("lstm_large_inputs", 108, "LSTM", 3, 6, (6, 2, 3), scale=20.0),
    case("lstm_seq1_batch1", 109, "LSTM", 2, 3, (1, 1, 2), num_layers=2, bidirectional=True),
    case("lstm_hidden9_batch_first", 110, "LSTM", 5, 9, (2, 6, 5), batch_first=True),
    case("lstm_sine", 111, "LSTM", 1, 10, "sine", num_layers=2, batch_first=True),
    case("gru_notes_example", 200, "GRU", 10, 20, (5, 3, 10), (2, 3, 20), num_layers=2),
    case("gru_bidir3_batch_first_h0", 201, "GRU", 3, 5, (2, 4, 3), (6, 2, 5),
         num_layers=3, batch_first=True, bidirectional=True),
    case("gru_unbatched_noh0", 202, "GRU", 4, 6, (5, 4), num_layers=2),
    case("gru_unbatched_h0_bidir", 203, "GRU", 3, 4, (5, 3), (2, 4), bidirectional=True),
    case("gru_nobias_l2", 204, "GRU", 3, 6, (4, 2, 3), num_layers=2, bias=False),
    case("gru_dropout_eval", 205, "GRU", 3, 4, (4, 2, 3), num_layers=2, dropout=0.5),
    case("gru_hidden1", 206, "GRU", 1, 1, (6, 1, 1)),
    case("gru_large_inputs", 207, "GRU", 3, 6, (5, 2, 3), scale=20.0),
    case("gru_hidden9", 208, "GRU", 5, 9, (6, 2, 5)),
    case("gru_seq1_batch1", 209, "GRU", 2, 3, (1, 1, 2), (1, 1, 3)),
    case("gru_sine", 210, "GRU", 1, 10, "sine", num_layers=2, batch_first=True),
]


def build_forward(c):
    torch.manual_seed(c["seed"])
    np.random.seed(c["seed"])
    cfg = c["cfg"]
    m = make_module(cfg)
    m.eval()
    x = sine_input() if c["input"] == "sine" else torch.randn(*c["input"]) * c["scale"]
    h0 = torch.randn(*c["h0"]) if c["h0"] is not None else None
    c0 = torch.randn(*c["c0"]) if c["c0"] is not None else None
    assert (c0 is None) == (h0 is None or cfg["mode"] == "GRU")
    with torch.no_grad():
        if cfg["mode"] == "LSTM":
            out, (hn, cn) = m(x, (h0, c0) if h0 is not None else None)
        else:
            (out, hn), cn = m(x, h0), None
    return m, x, h0, c0, out, hn, cn


def recompute(m, x, h0, c0):
    """The module's forward pass in float64 with explicit ops, keeping every step's gates and states.
    Returns (steps, output, h_n, c_n), all time-major and batched: (T, N, ·) and (L·D, N, ·)."""
    cfg = m_cfg(m)
    lstm = cfg["mode"] == "LSTM"
    H, D = cfg["hidden_size"], 2 if cfg["bidirectional"] else 1
    width = cfg["proj_size"] or H
    batched = x.dim() == 3
    xs = x.double()
    xs = (xs.transpose(0, 1) if cfg["batch_first"] else xs) if batched else xs.unsqueeze(1)
    T, N, _ = xs.shape

    def state(s, w):
        if s is None:
            return torch.zeros(cfg["num_layers"] * D, N, w, dtype=torch.float64)
        return s.double() if batched else s.double().unsqueeze(1)

    hs, cs = state(h0, width), state(c0, H)
    sd = {k: v.detach().double() for k, v in m.state_dict().items()}
    steps, h_n, c_n, layer_in = {}, [], [], xs
    for k in range(cfg["num_layers"]):
        outs = []
        for d in range(D):
            key = f"l{k}" + ("_reverse" if d else "")
            w_ih, w_hh = sd["weight_ih_" + key], sd["weight_hh_" + key]
            zero = torch.zeros(w_ih.shape[0], dtype=torch.float64)
            b_ih, b_hh = sd.get("bias_ih_" + key, zero), sd.get("bias_hh_" + key, zero)
            w_hr = sd.get("weight_hr_" + key)
            h, c = hs[k * D + d], cs[k * D + d]
            series = {s: [None] * T for s in SERIES[cfg["mode"]]}
            for t in (range(T - 1, -1, -1) if d else range(T)):
                gi, gh = layer_in[t] @ w_ih.T + b_ih, h @ w_hh.T + b_hh
                if lstm:
                    i, f, g, o = (gi + gh).chunk(4, dim=-1)
                    i, f, g, o = i.sigmoid(), f.sigmoid(), g.tanh(), o.sigmoid()
                    c = f * c + i * g
                    h = o * c.tanh()
                    if w_hr is not None:
                        h = h @ w_hr.T
                    vals = dict(i=i, f=f, g=g, o=o, c=c, h=h)
                else:
                    (ir, iz, inn), (hr, hz, hn) = gi.chunk(3, dim=-1), gh.chunk(3, dim=-1)
                    r, z = (ir + hr).sigmoid(), (iz + hz).sigmoid()
                    n = (inn + r * hn).tanh()
                    h = (1 - z) * n + z * h
                    vals = dict(r=r, z=z, n=n, h=h)
                for s in series:
                    series[s][t] = vals[s]
            steps[key] = {s: torch.stack(v) for s, v in series.items()}
            outs.append(steps[key]["h"])
            h_n.append(h)
            c_n.append(c)
        layer_in = torch.cat(outs, dim=-1)
    return steps, layer_in, torch.stack(h_n), (torch.stack(c_n) if lstm else None)


def m_cfg(m):
    return full_config("LSTM" if isinstance(m, nn.LSTM) else "GRU",
                       **{k: getattr(m, k) for k in CONFIG_KEYS[1:]})


def steps_json(t):
    assert t.dtype == torch.float64 and t.dim() == 3
    return {"shape": list(t.shape), "data": t.flatten().tolist()}


def make_forward_fixtures():
    os.makedirs(GATED_DIR, exist_ok=True)
    for fn in os.listdir(GATED_DIR):  # only this script's *.json live here
        if fn.endswith(".json"):
            os.remove(os.path.join(GATED_DIR, fn))
    assert len({c["name"] for c in FORWARD_CASES}) == len(FORWARD_CASES)
    worst = 0.0
    for c in FORWARD_CASES:
        m, x, h0, c0, out, hn, cn = build_forward(c)
        assert m_cfg(m) == c["cfg"]
        steps, out64, hn64, cn64 = recompute(m, x, h0, c0)
        tm = (lambda t: t if t is None or x.dim() == 3 else t.unsqueeze(1))  # unbatched → N = 1
        ours = [out64, hn64, cn64]
        theirs = [out.transpose(0, 1) if c["cfg"]["batch_first"] and x.dim() == 3 else tm(out), tm(hn), tm(cn)]
        for t_torch, t_ours in zip(theirs, ours):
            if t_torch is not None:
                assert t_torch.shape == t_ours.shape, (c["name"], t_torch.shape, t_ours.shape)
                worst = max(worst, (t_torch.double() - t_ours).abs().max().item())
                assert worst <= 1e-5, (c["name"], worst)
        obj = {
            "name": c["name"], "config": c["cfg"], "repr": repr(m),
            "parameters": [{"name": k, "shape": list(v.shape), "data": v.detach().double().flatten().tolist()}
                           for k, v in m.state_dict().items()],
            "input": tensor_json(x), "h0": tensor_json(h0), "c0": tensor_json(c0),
            "output": tensor_json(out), "h_n": tensor_json(hn), "c_n": tensor_json(cn),
            "steps": {k: {s: steps_json(v) for s, v in ser.items()} for k, ser in steps.items()},
        }
        write_json(os.path.join(GATED_DIR, c["name"] + ".json"), obj)
    print(f"wrote {len(FORWARD_CASES)} gated forward fixtures (float64 recomputation within {worst:.2e})")


# --------------------------------------------------------------------------------------
# 2. Error fixtures
# --------------------------------------------------------------------------------------
def one(name, mode, i, h, **kw):  # i, h: input_size, hidden_size
    return (name, mode, dict(input_size=i, hidden_size=h, **kw))


def both(name, i, h, **kw):
    return [one(f"{mode.lower()}_{name}", mode, i, h, **kw) for mode in ("LSTM", "GRU")]


CONSTRUCTOR_CASES = [
    *both("dropout_1_5", 10, 20, num_layers=2, dropout=1.5),
    *both("dropout_negative", 10, 20, num_layers=2, dropout=-0.1),
    *both("dropout_with_one_layer", 10, 20, dropout=0.5),
    *both("dropout_1_with_one_layer", 10, 20, dropout=1),
    *both("dropout_1_two_layers", 10, 20, num_layers=2, dropout=1.0),
    *both("input_size_0", 0, 20),
    *both("hidden_size_0", 10, 0),
    *both("hidden_size_negative", 10, -1),
    *both("num_layers_0", 10, 20, num_layers=0),
    *both("dropout_1_5_and_input_size_0", 0, 20, num_layers=2, dropout=1.5),
    *both("dropout_warning_and_input_size_0", 0, 20, dropout=0.5),
    *both("input_size_0_and_hidden_size_0", 0, 0),
    *both("hidden_size_0_and_num_layers_0", 10, 0, num_layers=0),
    one("gru_proj_size_2", "GRU", 10, 20, proj_size=2),
    one("gru_proj_size_0", "GRU", 10, 20, proj_size=0),
    one("gru_proj_size_and_dropout_1_5", "GRU", 10, 20, num_layers=2, dropout=1.5, proj_size=2),
    one("gru_proj_size_and_hidden_size_0", "GRU", 10, 0, proj_size=2),
    one("lstm_proj_size_negative", "LSTM", 10, 20, proj_size=-1),
    one("lstm_proj_size_equal_hidden", "LSTM", 10, 20, proj_size=20),
    one("lstm_proj_size_greater_than_hidden", "LSTM", 10, 20, proj_size=25),
    one("lstm_hidden_size_0_and_proj_size_negative", "LSTM", 10, 0, proj_size=-1),
    one("lstm_hidden_size_0_and_proj_size_0", "LSTM", 10, 0, proj_size=0),
    one("lstm_num_layers_0_and_proj_size_negative", "LSTM", 10, 20, num_layers=0, proj_size=-1),
    one("lstm_dropout_1_5_and_proj_size_negative", "LSTM", 10, 20, num_layers=2, dropout=1.5, proj_size=-1),
    one("lstm_dropout_warning_and_proj_size_too_big", "LSTM", 10, 20, dropout=0.5, proj_size=20),
    # Successful constructions whose repr matters.
    one("lstm_repr_proj_l2", "LSTM", 10, 20, proj_size=5, num_layers=2),
    one("lstm_repr_nobias_dropout", "LSTM", 10, 20, bias=False, dropout=0.5),
    one("gru_repr_l2_batch_first_bidir", "GRU", 10, 20, num_layers=2, batch_first=True, bidirectional=True),
    one("gru_repr_l2_dropout", "GRU", 10, 20, num_layers=2, dropout=0.25),
    one("lstm_repr_all_arguments", "LSTM", 10, 20, num_layers=3, bias=False, batch_first=True, dropout=0.25,
        bidirectional=True, proj_size=7),
    one("gru_repr_all_arguments", "GRU", 10, 20, num_layers=3, bias=False, batch_first=True, dropout=0.25,
        bidirectional=True),
    one("lstm_repr_dropout_int", "LSTM", 10, 20, num_layers=2, dropout=1),
    one("lstm_repr_proj_1", "LSTM", 1, 2, proj_size=1),
]

L2 = dict(input_size=10, hidden_size=20, num_layers=2)
P3 = dict(input_size=4, hidden_size=8, proj_size=3)
FORWARD_ERROR_CASES = [  # name, mode, config kwargs, input shape, h0 shape, c0 shape
    ("lstm_ok", "LSTM", L2, (5, 3, 10), (2, 3, 20), (2, 3, 20)),
    ("lstm_input_1d", "LSTM", L2, (7,), None, None),
    ("lstm_input_1d_with_h0", "LSTM", L2, (10,), (2, 20), (2, 20)),
    ("lstm_input_4d", "LSTM", L2, (5, 3, 10, 1), None, None),
    ("lstm_batched_h0_2d", "LSTM", L2, (5, 3, 10), (2, 20), (2, 3, 20)),
    ("lstm_batched_c0_2d", "LSTM", L2, (5, 3, 10), (2, 3, 20), (2, 20)),
    ("lstm_unbatched_h0_3d", "LSTM", L2, (5, 10), (2, 1, 20), (2, 1, 20)),
    ("lstm_input_size_mismatch", "LSTM", L2, (5, 3, 7), None, None),
    ("lstm_input_size_mismatch_and_h0_2d", "LSTM", L2, (5, 3, 7), (2, 20), (2, 20)),
    ("lstm_input_size_mismatch_and_wrong_h0", "LSTM", L2, (5, 3, 7), (1, 3, 20), (2, 3, 20)),
    ("lstm_wrong_h0", "LSTM", L2, (5, 3, 10), (1, 3, 20), (2, 3, 20)),
    ("lstm_wrong_c0", "LSTM", L2, (5, 3, 10), (2, 3, 20), (2, 3, 21)),
    ("lstm_wrong_h0_and_c0", "LSTM", L2, (5, 3, 10), (1, 3, 20), (2, 3, 21)),
    ("lstm_proj_h0_hidden_width", "LSTM", P3, (5, 2, 4), (1, 2, 8), (1, 2, 8)),
    ("lstm_proj_c0_proj_width", "LSTM", P3, (5, 2, 4), (1, 2, 3), (1, 2, 3)),
    ("lstm_proj_ok", "LSTM", P3, (5, 2, 4), (1, 2, 3), (1, 2, 8)),
    ("lstm_proj_unbatched_ok", "LSTM", dict(P3, bidirectional=True), (5, 4), (2, 3), (2, 8)),
    ("lstm_seq_len_0", "LSTM", L2, (0, 3, 10), None, None),
    ("lstm_seq_len_0_unbatched", "LSTM", L2, (0, 10), None, None),
    ("lstm_seq_len_0_and_wrong_h0", "LSTM", L2, (0, 3, 10), (1, 3, 20), (2, 3, 20)),
    ("lstm_batch_0", "LSTM", L2, (5, 0, 10), None, None),
    ("lstm_batch_first_wrong_h0", "LSTM", dict(L2, batch_first=True), (3, 5, 10), (2, 5, 20), (2, 5, 20)),
    ("lstm_batch_first_ok", "LSTM", dict(L2, batch_first=True), (3, 5, 10), (2, 3, 20), (2, 3, 20)),
    ("lstm_unbatched_wrong_h0", "LSTM", L2, (5, 10), (1, 20), (2, 20)),
    ("lstm_unbatched_wrong_c0", "LSTM", L2, (5, 10), (2, 20), (2, 19)),
    ("lstm_unbatched_batch_first_ok", "LSTM", dict(L2, batch_first=True), (5, 10), (2, 20), (2, 20)),
    ("lstm_bidir_wrong_h0", "LSTM", dict(L2, bidirectional=True), (5, 3, 10), (2, 3, 20), (2, 3, 20)),
    ("gru_ok", "GRU", L2, (5, 3, 10), (2, 3, 20), None),
    ("gru_input_1d", "GRU", L2, (7,), None, None),
    ("gru_input_4d", "GRU", L2, (5, 3, 10, 1), None, None),
    ("gru_unbatched_h0_3d", "GRU", L2, (5, 10), (2, 1, 20), None),
    ("gru_batched_h0_2d", "GRU", L2, (5, 3, 10), (2, 20), None),
    ("gru_wrong_h0", "GRU", L2, (5, 3, 10), (1, 3, 20), None),
    ("gru_input_size_mismatch", "GRU", L2, (5, 3, 7), None, None),
    ("gru_input_size_mismatch_and_h0_2d", "GRU", L2, (5, 3, 7), (2, 20), None),
    ("gru_input_size_mismatch_and_wrong_h0", "GRU", L2, (5, 3, 7), (1, 3, 20), None),
    ("gru_seq_len_0", "GRU", L2, (0, 3, 10), None, None),
    ("gru_seq_len_0_unbatched", "GRU", L2, (0, 10), None, None),
    ("gru_batch_first_wrong_h0", "GRU", dict(L2, batch_first=True), (3, 5, 10), (2, 5, 20), None),
    ("gru_unbatched_wrong_h0", "GRU", L2, (5, 10), (1, 20), None),
    ("gru_unbatched_ok", "GRU", L2, (5, 10), (2, 20), None),
    ("gru_bidir_wrong_h0", "GRU", dict(L2, bidirectional=True), (5, 3, 10), (2, 3, 20), None),
]


def run_capturing(fn):
    """(result, exception, first UserWarning text or None). Warnings from inside ATen ("... (Triggered
    internally at ...)", e.g. oneDNN's once-per-process note on LSTM projections) are not torch.nn's
    and depend on what ran before, so they are left out."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result, exc = fn(), None
        except Exception as e:  # noqa: BLE001 - every kind is a fixture
            result, exc = None, e
    user = [str(w.message) for w in caught
            if issubclass(w.category, UserWarning) and "(Triggered internally at" not in str(w.message)]
    return result, exc, (user[0] if user else None)


def error_entry(name, kind, cfg, passed_proj, shapes, res, exc, warn, module):
    shape = (lambda t: None if t is None else list(t.shape))
    out, hn, cn = (None, None, None) if res is None else (
        (res[0], *res[1]) if isinstance(res[1], tuple) else (res[0], res[1], None))
    return {"name": name, "kind": kind, "config": cfg, "proj_size_passed": passed_proj,
            "input_shape": shapes[0], "h0_shape": shapes[1], "c0_shape": shapes[2],
            "message": None if exc is None else str(exc).split("\n")[0],
            "exception": None if exc is None else type(exc).__name__,
            "warning": warn, "repr": None if module is None else repr(module),
            "output_shape": shape(out), "h_n_shape": shape(hn), "c_n_shape": shape(cn)}


def make_error_fixtures():
    cases = []
    for name, mode, kw in CONSTRUCTOR_CASES:
        cfg, passed = full_config(mode, **kw), "proj_size" in kw
        torch.manual_seed(0)
        m, exc, warn = run_capturing(lambda: make_module(cfg, passed))
        cases.append(error_entry(name, "constructor", cfg, passed, (None, None, None), None, exc, warn, m))
    for name, mode, kw, in_shape, h0_shape, c0_shape in FORWARD_ERROR_CASES:
        cfg, passed = full_config(mode, **kw), "proj_size" in kw
        torch.manual_seed(0)
        m = make_module(cfg, passed)
        m.eval()
        x = torch.zeros(in_shape)
        hx = None if h0_shape is None else torch.zeros(h0_shape)
        if mode == "LSTM" and hx is not None:
            hx = (hx, torch.zeros(c0_shape))

        def call():
            with torch.no_grad():
                return m(x, hx)

        res, exc, warn = run_capturing(call)
        shapes = [None if s is None else list(s) for s in (in_shape, h0_shape, c0_shape)]
        cases.append(error_entry(name, "forward", cfg, passed, shapes, res, exc, warn, m))
    assert len({c["name"] for c in cases}) == len(cases)
    write_json(ERRORS_PATH, cases)
    print(f"wrote {len(cases)} gated error cases")
    return cases


# --------------------------------------------------------------------------------------
# 3. README
# --------------------------------------------------------------------------------------
def shp(t):
    return "none" if t is None else str(list(t.shape))


def write_readme(errors):
    lines = [
        "# Gated-cell forward fixtures (nn.LSTM, nn.GRU)", "",
        f"Generated by `scripts/make_gated_fixtures.py` with torch {torch.__version__}; regenerate with "
        f"`{COMMAND}` from the repo root (deterministic, do not edit by hand).", "",
        "Each `<name>.json`: `name`, `config` (mode, input_size, hidden_size, num_layers, bias, batch_first, "
        "dropout, bidirectional, proj_size; 0 for GRU), `repr`, `parameters` (state_dict order, C-order "
        "data, float32 values written as doubles), `input`, `h0`, `c0` (null for GRU or when absent), "
        "`output`, `h_n`, `c_n` (null for GRU): module in eval() under no_grad(), float32.",
        "`steps[\"l{k}\"|\"l{k}_reverse\"]`: float64 series recomputed by the script from the module's "
        "weights with explicit torch ops (checked against output/h_n/c_n to 1e-5), each (T, N, width), "
        "time-major, N = 1 for unbatched input; reverse series are indexed by t too. LSTM: i, f, g, o "
        "(post-activation, H), c (H), h (P or H, after projection). GRU: r, z, n (H), h (H).", "",
    ]
    for c in FORWARD_CASES:
        m, x, h0, c0, out, hn, cn = build_forward(c)
        extra = f", c0 {shp(c0)}" if c["cfg"]["mode"] == "LSTM" else ""
        extra2 = f", c_n {shp(cn)}" if c["cfg"]["mode"] == "LSTM" else ""
        src = "sine (1, 20, 1)" if c["input"] == "sine" else f"randn{list(c['input'])}" + (
            f" * {c['scale']:g}" if c["scale"] != 1.0 else "")
        lines.append(f"- `{c['name']}.json` — `{repr(m)}`, seed {c['seed']}, input {src}, h0 {shp(h0)}"
                     f"{extra} → output {shp(out)}, h_n {shp(hn)}{extra2}.")
    n_ctor = sum(e["kind"] == "constructor" for e in errors)
    lines += ["", f"- `../gated_errors.json` — {len(errors)} cases ({n_ctor} constructor, "
                  f"{len(errors) - n_ctor} forward): torch's first message line, exception class, first "
                  "UserWarning, repr, and (extra keys) `proj_size_passed` (GRU refuses the proj_size keyword "
                  "even as 0), `output_shape`/`h_n_shape`/`c_n_shape` when the call succeeded.", ""]
    with open(os.path.join(GATED_DIR, "README.md"), "w") as f:
        f.write("\n".join(lines))


def main():
    make_forward_fixtures()
    errors = make_error_fixtures()
    write_readme(errors)
    from make_gated_io_fixtures import make_gated_io_fixtures  # (imports this module: here, not at the top)
    make_gated_io_fixtures()


if __name__ == "__main__":
    main()
