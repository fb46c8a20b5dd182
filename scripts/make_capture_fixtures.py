#!/usr/bin/env python3
"""Capture fixtures for rnnscope's `--capture`: files written by python/rnnscope_capture.py around
real PyTorch models, and what each recurrent module returned during that very call.

Run from the repository root (torch 2.15):

    /work/venv/bin/python scripts/make_capture_fixtures.py

Writes (deterministically; every case seeds torch on its own) Tests/RecurrentIOTests/Fixtures/capture/:

  <case>.safetensors            capture(model, ...): the state dict, capture.<path>.* and metadata
  <case>_expected.safetensors   per recurrent module <path>: <path>.output, <path>.h_n (and
                                <path>.c_n for an LSTM) as PyTorch computed them in the captured
                                call (a PackedSequence output padded with zeros, batch_first as
                                the module is)
  train_dropout.safetensors     a capture in training mode with dropout (refused by forward)
  README.md                     what each case is
"""

import os
import sys
import warnings

import torch
import torch.nn as nn
from torch.nn.utils.rnn import PackedSequence, pack_padded_sequence, pad_packed_sequence

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.join(ROOT, "python"))
from rnnscope_capture import RECURRENT, capture, write_safetensors  # noqa: E402

assert torch.__version__.startswith("2.15"), torch.__version__
torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)

OUT_DIR = os.path.join(ROOT, "Tests", "RecurrentIOTests", "Fixtures", "capture")
COMMAND = "/work/venv/bin/python scripts/make_capture_fixtures.py"


class ReluRNN(nn.Module):
    """(a) nn.RNN(3, 5, 2, nonlinearity='relu', batch_first=True) behind nothing, a head after it."""
    def __init__(self):
        super().__init__()
        self.rnn = nn.RNN(3, 5, 2, nonlinearity="relu", batch_first=True)
        self.head = nn.Linear(5, 2)

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.head(out)


class EmbeddedLSTM(nn.Module):
    """(b) token ids → nn.Embedding(20, 8) → nn.LSTM(8, 6, proj_size=3, bidirectional=True), with (h0, c0)."""
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(20, 8)
        self.lstm = nn.LSTM(8, 6, proj_size=3, bidirectional=True)

    def forward(self, tokens, state):
        out, _ = self.lstm(self.embed(tokens), state)
        return out


class EncoderDecoder(nn.Module):
    """(c) two recurrent modules: enc = nn.GRU(4, 5), dec = nn.RNN(5, 3) started from enc's h_n."""
    def __init__(self):
        super().__init__()
        self.enc = nn.GRU(4, 5)
        self.bridge = nn.Linear(5, 3)
        self.dec = nn.RNN(5, 3)

    def forward(self, x):
        out, h = self.enc(x)
        return self.dec(out, torch.tanh(self.bridge(h)))


class PackedGRU(nn.Module):
    """(d) a padded batch packed with its lengths into nn.GRU(3, 4, bidirectional=True, batch_first=True)."""
    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(3, 4, bidirectional=True, batch_first=True)

    def forward(self, x, lengths, h0):
        packed = pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
        out, h = self.gru(packed, h0)
        return pad_packed_sequence(out, batch_first=True)[0], h


def seeded(seed, make):
    torch.manual_seed(seed)
    return make()


def outputs_during(model, call):
    """Runs `call()` with forward hooks on every recurrent module; returns {path: (output, h_n[, c_n])} of its first call."""
    seen, handles = {}, []
    for name, module in model.named_modules():
        if isinstance(module, RECURRENT):
            def hook(mod, args, result, name=name):
                if name in seen:
                    return
                out, h = result
                if isinstance(out, PackedSequence):
                    out = pad_packed_sequence(out, batch_first=mod.batch_first)[0]
                seen[name] = (out,) + (tuple(h) if isinstance(h, tuple) else (h,))
            handles.append(module.register_forward_hook(hook))
    try:
        call()
    finally:
        for handle in handles:
            handle.remove()
    return seen


def write_case(name, model, *args):
    """Captures `model(*args)` to <name>.safetensors and the modules' results to <name>_expected.safetensors."""
    model.eval()
    path = os.path.join(OUT_DIR, f"{name}.safetensors")
    seen = outputs_during(model, lambda: capture(model, *args, path=path))
    expected = {}
    for module, results in seen.items():
        for role, tensor in zip(("output", "h_n", "c_n"), results):
            assert tensor.dtype == torch.float32
            expected[f"{module}.{role}"] = tensor
    write_safetensors(expected, os.path.join(OUT_DIR, f"{name}_expected.safetensors"))
    return {module: [list(t.shape) for t in results] for module, results in seen.items()}


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    shapes = {}

    model = seeded(1, ReluRNN)
    shapes["rnn_relu"] = write_case("rnn_relu", model, seeded(11, lambda: torch.randn(2, 4, 3)))

    model = seeded(2, EmbeddedLSTM)
    tokens = seeded(12, lambda: torch.randint(0, 20, (7, 2)))
    state = seeded(13, lambda: (torch.randn(2, 2, 3), torch.randn(2, 2, 6)))
    shapes["embedded_lstm"] = write_case("embedded_lstm", model, tokens, state)

    model = seeded(3, EncoderDecoder)
    shapes["two_modules"] = write_case("two_modules", model, seeded(14, lambda: torch.randn(6, 2, 4)))

    model = seeded(4, PackedGRU)
    lengths = torch.tensor([3, 5, 2])
    x = seeded(15, lambda: torch.randn(3, 5, 3))
    for n, length in enumerate(lengths.tolist()):
        x[n, length:] = 0  # padding, as a padded batch has it
    h0 = seeded(16, lambda: torch.randn(2, 3, 4))
    shapes["packed_gru"] = write_case("packed_gru", model, x, lengths, h0)

    model = seeded(5, PackedGRU)
    shapes["packed_full"] = write_case("packed_full", model, seeded(17, lambda: torch.randn(2, 4, 3)),
                                       torch.tensor([4, 4]), seeded(18, lambda: torch.randn(2, 2, 4)))
    model = seeded(6, lambda: nn.GRU(2, 3, 2, dropout=0.5))  # left in training mode: its masks are PyTorch's alone
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        capture(model, seeded(19, lambda: torch.randn(4, 1, 2)), path=os.path.join(OUT_DIR, "train_dropout.safetensors"))
    write_readme(shapes)


def write_readme(shapes):
    cases = {
        "rnn_relu": "`ReluRNN`: `rnn = nn.RNN(3, 5, 2, nonlinearity='relu', batch_first=True)`, `head = nn.Linear(5, 2)`; "
                    "input `randn(2, 4, 3)` (N, T, D), no h0.",
        "embedded_lstm": "`EmbeddedLSTM`: `embed = nn.Embedding(20, 8)`, `lstm = nn.LSTM(8, 6, proj_size=3, bidirectional=True)`; "
                         "token ids `(7, 2)` int64 (also stored as `capture.args.0`), `(h0, c0)` of `(2, 2, 3)` and `(2, 2, 6)`.",
        "two_modules": "`EncoderDecoder`: `enc = nn.GRU(4, 5)`, `bridge = nn.Linear(5, 3)`, `dec = nn.RNN(5, 3)` over enc's output "
                       "from `tanh(bridge(h_n))`; input `randn(6, 2, 4)`.",
        "packed_gru": "`PackedGRU`: `gru = nn.GRU(3, 4, bidirectional=True, batch_first=True)` on "
                      "`pack_padded_sequence(x, [3, 5, 2], batch_first=True, enforce_sorted=False)`, h0 `(2, 3, 4)`; "
                      "captured as padded `(3, 5, 3)` plus `lengths` I64 `[3, 5, 2]`, metadata `packed: true`.",
        "packed_full": "`PackedGRU` (seed 5) on a packed batch whose lengths are all T: `[4, 4]`, x `(2, 4, 3)`.",
    }
    lines = ["# Capture fixtures", "",
             f"Generated by `{COMMAND}` with torch {torch.__version__}, through `python/rnnscope_capture.py`. "
             "Deterministic; do not edit by hand. Every model is in eval mode.", "",
             "`<case>.safetensors` is what `capture(model, ...)` writes; `<case>_expected.safetensors` holds, for each "
             "recurrent module path P, `P.output`, `P.h_n` (and `P.c_n`), F32, as the module returned them during "
             "the captured call (recorded by a forward hook).", ""]
    for name, text in cases.items():
        lines.append(f"- `{name}` — {text}")
        for module, module_shapes in shapes[name].items():
            roles = ", ".join(f"{role} {tuple(s)}" for role, s in zip(("output", "h_n", "c_n"), module_shapes))
            lines.append(f"    - `{module}`: {roles}")
    lines.append("- `train_dropout` — `nn.GRU(2, 3, 2, dropout=0.5)` itself (path `''`), left in training mode, on "
                 "`randn(4, 1, 2)`: no expected file, since PyTorch's dropout masks are not captured.")
    with open(os.path.join(OUT_DIR, "README.md"), "w") as file:
        file.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
