#!/usr/bin/env python3
"""Golden Δ = B − A fixtures for rnnscope's comparison of two runs (issue 13), from PyTorch.

Run from the repository root:

    /work/venv/bin/python scripts/make_compare_fixtures.py

Writes Tests/ScopeUITests/Fixtures/compare.json: for nn.RNN, nn.LSTM and nn.GRU, a model A
(its state dict), another state dict B of the same architecture, an input A and an input B of the
same shape, and what torch returns for (A weights, input B) and (B weights, input A) minus the run
(A weights, input A): Δoutput, Δh_n (and Δc_n). Deterministic: every case seeds torch itself.
"""

import json
import os

import torch
import torch.nn as nn

assert torch.__version__.startswith("2.15"), torch.__version__
torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
OUT = os.path.join(ROOT, "Tests", "ScopeUITests", "Fixtures", "compare.json")

CASES = [
    dict(name="rnn_bidir2", mode="RNN", kw=dict(input_size=3, hidden_size=5, num_layers=2, bidirectional=True), shape=(6, 2, 3)),
    dict(name="lstm_proj", mode="LSTM", kw=dict(input_size=2, hidden_size=4, num_layers=2, proj_size=2), shape=(5, 1, 2)),
    dict(name="gru_batch_first", mode="GRU", kw=dict(input_size=3, hidden_size=4, batch_first=True, bidirectional=True), shape=(2, 5, 3)),
]


def tensor_json(t):
    return {"shape": list(t.shape), "data": t.detach().double().flatten().tolist()}


def run(module, x):
    with torch.no_grad():
        out, state = module(x)
    if isinstance(state, tuple):
        return out, state[0], state[1]
    return out, state, None


def main():
    cases = []
    for seed, case in enumerate(CASES):
        torch.manual_seed(500 + seed)
        cls = {"RNN": nn.RNN, "LSTM": nn.LSTM, "GRU": nn.GRU}[case["mode"]]
        a, b = cls(**case["kw"]).eval(), cls(**case["kw"]).eval()
        x_a, x_b = torch.randn(*case["shape"]), torch.randn(*case["shape"])
        base = run(a, x_a)
        with_input, with_weights = run(a, x_b), run(b, x_a)

        def deltas(other):
            return {k: (tensor_json(o - r) if o is not None else None)
                    for k, o, r in zip(["output", "h_n", "c_n"], other, base)}

        cases.append({
            "name": case["name"], "mode": case["mode"],
            "config": {"input_size": case["kw"]["input_size"], "hidden_size": case["kw"]["hidden_size"],
                       "num_layers": case["kw"].get("num_layers", 1), "bias": True,
                       "batch_first": case["kw"].get("batch_first", False), "dropout": 0.0,
                       "bidirectional": case["kw"].get("bidirectional", False), "proj_size": case["kw"].get("proj_size", 0)},
            "weights_a": [{"name": k, "shape": list(v.shape), "data": v.double().flatten().tolist()} for k, v in a.state_dict().items()],
            "weights_b": [{"name": k, "shape": list(v.shape), "data": v.double().flatten().tolist()} for k, v in b.state_dict().items()],
            "input_a": tensor_json(x_a), "input_b": tensor_json(x_b),
            "delta_input": deltas(with_input), "delta_weights": deltas(with_weights),
        })
    text = json.dumps({"torch": torch.__version__, "cases": cases}, separators=(",", ":")) + "\n"
    with open(OUT, "w") as f:
        f.write(text)
    print(f"wrote {OUT} ({len(text)} bytes, {len(cases)} cases)")


if __name__ == "__main__":
    main()
