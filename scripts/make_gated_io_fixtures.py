#!/usr/bin/env python3
"""State-dict reader fixtures for rnnscope's gated cells: nn.LSTM / nn.GRU weights as safetensors and
torch.save files, with the inputs and the outputs PyTorch computes from them.

Run by scripts/make_gated_fixtures.py (or alone, from the repository root):

    /work/venv/bin/python scripts/make_gated_io_fixtures.py

Writes Tests/RecurrentIOTests/Fixtures/gated/* and its README.md, deterministically.
"""

import os
import sys

import numpy as np
import torch
import torch.nn as nn
from safetensors.torch import save_file

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_gated_fixtures import COMMAND, ROOT  # noqa: E402  (asserts torch 2.15, sets threads/determinism)

IO_GATED_DIR = os.path.join(ROOT, "Tests", "RecurrentIOTests", "Fixtures", "gated")


class GRUPrefixed(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.GRU(3, 4, 2, batch_first=True)
        self.head = nn.Linear(4, 2)


def p(name):
    return os.path.join(IO_GATED_DIR, name)


def seed(s):
    torch.manual_seed(s)
    np.random.seed(s)


def save_st(tensors, name):
    save_file({k: v.detach().contiguous().clone() for k, v in tensors.items()}, p(name))
    os.chmod(p(name), 0o644)  # safetensors writes 0600


def save_npy(t, name):
    assert t.dtype == torch.float32
    np.save(p(name), np.ascontiguousarray(t.detach().numpy()))


def expected(m, x, hx=None):
    m.eval()
    with torch.no_grad():
        out, h = m(x, hx)
    res = {"output": out, "h_n": h[0], "c_n": h[1]} if isinstance(h, tuple) else {"output": out, "h_n": h}
    assert all(v.dtype == torch.float32 for v in res.values())
    return res


def widened(m, sd):
    """m with the (reduced- or widened-precision) state dict sd loaded back as float32."""
    m.load_state_dict({k: v.float() for k, v in sd.items()})
    return m


def shapes(d):
    return ", ".join(f"`{k}` {list(v.shape)}" for k, v in d.items())


def make_gated_io_fixtures():
    os.makedirs(IO_GATED_DIR, exist_ok=True)
    for fn in os.listdir(IO_GATED_DIR):  # only this script's files live here
        os.remove(p(fn))
    rows = []

    # LSTM with projections, bidirectional, 2 layers: plain keys.
    seed(300)
    lstm = nn.LSTM(3, 5, num_layers=2, proj_size=2, bidirectional=True)
    x = torch.randn(4, 2, 3)
    save_st(lstm.state_dict(), "lstm_proj_bidir.safetensors")
    save_npy(x, "lstm_proj_bidir_input.npy")
    exp = expected(lstm, x)
    save_st(exp, "lstm_proj_bidir_expected.safetensors")
    rows += [f"`lstm_proj_bidir.safetensors` — state_dict (F32, plain keys) of `{lstm!r}` (seed 300): "
             + shapes(lstm.state_dict()) + ".",
             "`lstm_proj_bidir_input.npy` — float32 (4, 2, 3) (T, N, D), `torch.randn` after the model.",
             f"`lstm_proj_bidir_expected.safetensors` — F32 {shapes(exp)} for that input, eval, no h0/c0."]

    # The same LSTM with h0/c0, everything in one torch.save dict.
    seed(305)
    x, h0, c0 = torch.randn(4, 2, 3), torch.randn(4, 2, 2), torch.randn(4, 2, 5)
    torch.save({"input": x, "h0": h0, "c0": c0}, p("lstm_h0c0.pt"))
    exp = expected(lstm, x, (h0, c0))
    save_st(exp, "lstm_h0c0_expected.safetensors")
    rows += ["`lstm_h0c0.pt` — `torch.save({\"input\": x, \"h0\": h0, \"c0\": c0})`, float32 randn (seed 305): "
             "x (4, 2, 3), h0 (4, 2, 2), c0 (4, 2, 5), for the model of `lstm_proj_bidir.safetensors`.",
             f"`lstm_h0c0_expected.safetensors` — F32 {shapes(exp)}: that model on x with (h0, c0)."]

    # A GRU inside a module (prefixed keys) next to a Linear head, torch.save'd state dict.
    seed(301)
    model = GRUPrefixed()
    x = torch.randn(2, 5, 3)
    torch.save(model.state_dict(), p("gru_prefixed.pt"))
    save_npy(x, "gru_prefixed_input.npy")
    exp = expected(model.encoder, x)
    save_st(exp, "gru_prefixed_expected.safetensors")
    rows += ["`gru_prefixed.pt` — `torch.save(model.state_dict())` (F32, seed 301) of a module with "
             f"`encoder = {model.encoder!r}` and `head = {model.head!r}`: " + shapes(model.state_dict()) + ".",
             "`gru_prefixed_input.npy` — float32 (2, 5, 3), batch_first (N, T, D).",
             f"`gru_prefixed_expected.safetensors` — F32 {shapes(exp)}: `encoder` alone on that input, no h0."]

    # LSTM weights stored as float64.
    seed(302)
    m = nn.LSTM(2, 3)
    x = torch.randn(5, 1, 2)
    sd64 = {k: v.double() for k, v in m.state_dict().items()}
    save_st(sd64, "lstm_f64.safetensors")
    save_npy(x, "lstm_f64_input.npy")
    exp = expected(widened(nn.LSTM(2, 3), sd64), x)
    save_st(exp, "lstm_f64_expected.safetensors")
    rows += [f"`lstm_f64.safetensors` — state_dict of `{m!r}` (seed 302) stored as F64: {shapes(sd64)}.",
             "`lstm_f64_input.npy` — float32 (5, 1, 2) (T, N, D).",
             f"`lstm_f64_expected.safetensors` — F32 {shapes(exp)}: the float32 module holding the F64 values "
             "cast to float32, no h0/c0."]

    # GRU weights converted to bfloat16 (model.to(torch.bfloat16)), torch.save'd; unbatched input.
    seed(303)
    m = nn.GRU(2, 3, bidirectional=True)
    x = torch.randn(4, 2)
    m.to(torch.bfloat16)
    sd16 = m.state_dict()
    torch.save(sd16, p("gru_bf16.pt"))
    save_npy(x, "gru_bf16_input.npy")
    exp = expected(widened(nn.GRU(2, 3, bidirectional=True), sd16), x)
    save_st(exp, "gru_bf16_expected.safetensors")
    rows += [f"`gru_bf16.pt` — `torch.save(state_dict())` of `GRU(2, 3, bidirectional=True)` (seed 303) after "
             f"`.to(torch.bfloat16)`: {shapes(sd16)}, all bfloat16.",
             "`gru_bf16_input.npy` — float32 (4, 2): unbatched (T, D).",
             f"`gru_bf16_expected.safetensors` — F32 {shapes(exp)}: the float32 module holding the bf16 values "
             "upcast, no h0."]

    written = sorted(os.listdir(IO_GATED_DIR))
    described = sorted(r.split("`")[1] for r in rows)
    assert written == described, (written, described)
    text = ["# Gated-cell state-dict reader fixtures (nn.LSTM, nn.GRU)", "",
            f"Generated by `scripts/make_gated_io_fixtures.py` with torch {torch.__version__}, numpy "
            f"{np.__version__}; regenerate with `{COMMAND}` from the repo root (deterministic, do not "
            "edit by hand). Expected outputs: torch in eval() under no_grad() with float32 weights; "
            "safetensors files have no `__metadata__` and store keys sorted.", ""]
    text += [f"- {r}" for r in rows] + [""]
    with open(p("README.md"), "w") as f:
        f.write("\n".join(text))
    print(f"wrote {len(written)} gated IO fixtures")


if __name__ == "__main__":
    make_gated_io_fixtures()
