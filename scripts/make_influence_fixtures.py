#!/usr/bin/env python3
"""Generate the golden numbers of rnnscope's influence over time with torch.autograd.

Run from the repository root:

    /work/venv/bin/python scripts/make_influence_fixtures.py

Writes Tests/RecurrentTests/Fixtures/influence.json, nothing else. Deterministic: every case seeds
torch on its own. For each model (torch's init, or the trained examples/sine.safetensors) it reruns
every cell step by step in float32, h_t = act(x_t W_ihᵀ + b_ih + h_prev W_hhᵀ + b_hh), and asserts
that each layer's output equals nn.RNN's own (a one-layer nn.RNN with that layer's weights) and the
whole model's output and h_n within 1e-6. Then, for each selection (batch element n, layer,
direction, unit u, step t*), it reruns that one cell in float64 from the same float32 weights and
layer input, with requires_grad on every x_t and retain_grad on every h_t, calls
h_t*[u].backward() and records, for each t the cell computed up to t*:

  state[t]  ‖∂h_t*[u]/∂h_t‖₂      input[t]  ‖∂h_t*[u]/∂x_t‖₂

(null for the steps after t*). float64 so that the numbers are the exact derivative of the float32
run, not one more rounded computation; the script prints how far float32 autograd is from them.
"""

import os
import sys

import numpy as np
import torch
import torch.nn as nn
from safetensors.numpy import load_file

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_dynamics_fixtures import shortest_f32  # noqa: E402
from make_fixtures import ENGINE_DIR, ROOT, full_config, make_rnn, write_json  # noqa: E402

# (batch element, layer, direction, unit, t*)
CASES = [
    dict(name="bidir2_tanh_h0", seed=40, T=10, N=2, h0=True,
         cfg=full_config(input_size=3, hidden_size=6, num_layers=2, batch_first=True, bidirectional=True),
         selections=[(1, 1, 0, 2, 7), (0, 1, 1, 4, 1), (1, 0, 1, 0, 9), (0, 0, 0, 5, 9), (0, 0, 0, 3, 0)]),
    dict(name="bidir2_relu", seed=41, T=12, N=1, h0=False,
         cfg=full_config(input_size=4, hidden_size=5, num_layers=2, nonlinearity="relu", bidirectional=True),
         selections=[(0, 0, 0, 4, 11), (0, 1, 1, 0, 0), (0, 1, 0, 1, 6), (0, 0, 1, 2, 3), (0, 0, 0, 1, 11)]),
    dict(name="sine", source="examples/sine.safetensors, examples/sine_input.npy",
         cfg=full_config(input_size=1, hidden_size=16, num_layers=2, batch_first=True),
         selections=[(0, 0, 0, 8, 12), (0, 1, 0, 3, 39), (0, 0, 0, 8, 0)]),
]


def cell_weights(rnn, layer, direction):
    suffix = f"l{layer}" + ("_reverse" if direction else "")
    return [getattr(rnn, f"{kind}_{suffix}").detach() for kind in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")]


def activation(rnn):
    return torch.tanh if rnn.nonlinearity == "tanh" else torch.relu


def run_cell(rnn, layer, direction, x, h):
    """One cell step by step over x (T, N, in) from h (N, H): every h_t as (T, N, H)."""
    w_ih, w_hh, b_ih, b_hh = cell_weights(rnn, layer, direction)
    steps = range(x.shape[0]) if direction == 0 else reversed(range(x.shape[0]))
    out = [None] * x.shape[0]
    for t in steps:
        h = activation(rnn)(x[t] @ w_ih.T + b_ih + h @ w_hh.T + b_hh)
        out[t] = h
    return torch.stack(out)


def layer_inputs(rnn, x, h0):
    """Each layer's input (T, N, in_l), time-major, rerun step by step and checked against nn.RNN."""
    dirs = 2 if rnn.bidirectional else 1
    inputs, last = [x], []
    with torch.no_grad():
        for layer in range(rnn.num_layers):
            outputs = [run_cell(rnn, layer, d, inputs[-1], h0[layer * dirs + d]) for d in range(dirs)]
            last += [o[-1] if d == 0 else o[0] for d, o in enumerate(outputs)]
            out = torch.cat(outputs, dim=-1)
            single = nn.RNN(rnn.input_size if layer == 0 else dirs * rnn.hidden_size, rnn.hidden_size,
                            nonlinearity=rnn.nonlinearity, bidirectional=rnn.bidirectional)
            for d in range(dirs):
                for name, value in zip(("weight_ih", "weight_hh", "bias_ih", "bias_hh"), cell_weights(rnn, layer, d)):
                    getattr(single, f"{name}_l0" + ("_reverse" if d else "")).copy_(value)
            expected, _ = single(inputs[-1], h0[layer * dirs:(layer + 1) * dirs])
            assert (out - expected).abs().max() <= 1e-6, f"layer {layer} differs from nn.RNN"
            inputs.append(out)
        output, h_n = rnn(x.transpose(0, 1) if rnn.batch_first else x, h0)
        output = output.transpose(0, 1) if rnn.batch_first else output
        assert (inputs[-1] - output).abs().max() <= 1e-6 and (torch.stack(last) - h_n).abs().max() <= 1e-6
    return inputs[:-1]


def influence(rnn, x, h0, selection, dtype):
    """state[t], input[t] (None after t*) of one selection, by autograd through one cell in `dtype`."""
    n, layer, direction, unit, target = selection
    dirs = 2 if rnn.bidirectional else 1
    w_ih, w_hh, b_ih, b_hh = (w.to(dtype) for w in cell_weights(rnn, layer, direction))
    xs = [x[t, n].to(dtype).clone().requires_grad_() for t in range(x.shape[0])]
    steps = range(0, target + 1) if direction == 0 else range(x.shape[0] - 1, target - 1, -1)
    h, hs = h0[layer * dirs + direction, n].to(dtype), {}
    for t in steps:
        h = activation(rnn)(w_ih @ xs[t] + b_ih + w_hh @ h + b_hh)
        h.retain_grad()
        hs[t] = h
    hs[target][unit].backward()
    state = [float(hs[t].grad.norm()) if t in hs else None for t in range(x.shape[0])]
    inputs = [float(xs[t].grad.norm()) if t in hs else None for t in range(x.shape[0])]
    return state, inputs, hs


def sine_model():
    tensors = load_file(os.path.join(ROOT, "examples", "sine.safetensors"))
    rnn = nn.RNN(1, 16, 2, batch_first=True)
    rnn.load_state_dict({k[len("rnn."):]: torch.from_numpy(v) for k, v in tensors.items() if k.startswith("rnn.")})
    return rnn, torch.from_numpy(np.load(os.path.join(ROOT, "examples", "sine_input.npy"))), None


def seeded_model(case):
    torch.manual_seed(case["seed"])
    rnn = make_rnn(case["cfg"])
    dirs = 2 if rnn.bidirectional else 1
    shape = (case["N"], case["T"], rnn.input_size) if rnn.batch_first else (case["T"], case["N"], rnn.input_size)
    x = torch.randn(*shape)
    h0 = torch.randn(rnn.num_layers * dirs, case["N"], rnn.hidden_size) if case["h0"] else None
    return rnn, x, h0


def tensor_json(t):
    return {"shape": list(t.shape), "data": shortest_f32(t.detach().numpy().flatten())}


def relative_gap(a, b):
    pairs = [(p, q) for p, q in zip(a, b) if p is not None and q > 0]
    return max((abs(p - q) / q for p, q in pairs), default=0.0)


def make_case(case):
    rnn, x, h0 = sine_model() if case["name"] == "sine" else seeded_model(case)
    rnn.eval()
    dirs = 2 if rnn.bidirectional else 1
    x_tm = x.transpose(0, 1) if rnn.batch_first else x
    h0_tm = h0 if h0 is not None else torch.zeros(rnn.num_layers * dirs, x_tm.shape[1], rnn.hidden_size)
    inputs = layer_inputs(rnn, x_tm, h0_tm)
    selections, gap = [], 0.0
    for selection in case["selections"]:
        n, layer, direction, unit, target = selection
        state, saliency, hs = influence(rnn, inputs[layer], h0_tm, selection, torch.float64)
        run = inputs[layer + 1][:, :, direction * rnn.hidden_size:(direction + 1) * rnn.hidden_size] \
            if layer + 1 < len(inputs) else None
        for t, h in hs.items():   # the float64 rerun is the float32 run's cell within 1e-6
            reference = run[t, n] if run is not None else run_cell(rnn, layer, direction, inputs[layer], h0_tm[layer * dirs + direction])[t, n]
            assert (h.detach().float() - reference).abs().max() <= 1e-6
        state32, saliency32, _ = influence(rnn, inputs[layer], h0_tm, selection, torch.float32)
        gap = max(gap, relative_gap(state32, state), relative_gap(saliency32, saliency))
        selections.append({"batch_index": n, "layer": layer, "direction": direction, "unit": unit, "t": target,
                           "state": state, "input": saliency})
    print(f"{case['name']}: {len(selections)} selections; float32 autograd within {gap:.1e} relative of float64")
    return {"name": case["name"], "source": case.get("source"), "config": case["cfg"],
            "parameters": [{"name": k, "shape": list(v.shape), "data": shortest_f32(v.detach().numpy().flatten())}
                           for k, v in rnn.state_dict().items()],
            "input": tensor_json(x), "h0": tensor_json(h0) if h0 is not None else None,
            "selections": selections}


def make_influence_fixtures():
    torch.set_num_threads(1)
    cases = [make_case(case) for case in CASES]
    write_json(os.path.join(ENGINE_DIR, "influence.json"), {"torch": torch.__version__, "cases": cases})


if __name__ == "__main__":
    make_influence_fixtures()
