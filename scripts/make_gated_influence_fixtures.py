#!/usr/bin/env python3
"""Golden numbers of rnnscope's influence over time through nn.LSTM and nn.GRU, by torch.autograd.

Run from the repository root:

    /work/venv/bin/python scripts/make_gated_influence_fixtures.py

Writes Tests/RecurrentTests/Fixtures/gated_influence.json, nothing else. Deterministic (every case
seeds torch on its own; one thread), byte-identical on rerun.

For each model (torch's init after torch.manual_seed, randn input and initial states) it reruns
every cell step by step in float64 from the module's float32 weights,

  LSTM  i, f, g, o = σ, σ, tanh, σ of (W_ih·x + b_ih + W_hh·h + b_hh);  c' = f⊙c + i⊙g;
        h' = o⊙tanh(c'), then h' = W_hr·h' with proj_size
  GRU   r, z = σ(...);  n = tanh(ih_n + r⊙hh_n);  h' = (1 − z)⊙n + z⊙h

and asserts that its output, h_n (and c_n) equal the module's own within 1e-5. Then, for each
selection (batch element n, layer, direction, unit u, step t*), it reruns that one cell in float64
on that layer's (float64) input, with requires_grad on every x_t and retain_grad on every h_t and
c_t, calls h_t*[u].backward() and records, for each t the cell computed up to t* (null after it):

  state[t]       ‖∂h_t*[u]/∂h_t‖₂   (h_t.grad: the paths from h_t, c_t held — as autograd has it)
  cell_state[t]  ‖∂h_t*[u]/∂c_t‖₂   (LSTM; null for GRU)
  input[t]       ‖∂h_t*[u]/∂x_t‖₂

It prints how far float32 autograd (the same cell rerun in float32) is from these numbers.
"""

import os
import sys
import warnings

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_dynamics_fixtures import shortest_f32  # noqa: E402
from make_fixtures import ENGINE_DIR, write_json  # noqa: E402
from make_gated_fixtures import full_config, make_module  # noqa: E402

assert torch.__version__.startswith("2.15"), torch.__version__
torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)
warnings.filterwarnings("ignore", message="LSTM with projections is not supported with oneDNN")

# selections: (batch element, layer, direction, unit, t*)
CASES = [
    dict(name="lstm_bidir2_h0c0", seed=300, T=9, N=2,
         cfg=full_config("LSTM", input_size=3, hidden_size=6, num_layers=2, bidirectional=True),
         selections=[(1, 1, 0, 2, 7), (0, 1, 1, 4, 1), (1, 0, 1, 0, 8), (0, 0, 0, 5, 8), (0, 0, 0, 3, 0),
                     (1, 0, 1, 1, 2)]),
    dict(name="lstm_proj_bidir2_batch_first_h0c0", seed=301, T=8, N=2,
         cfg=full_config("LSTM", input_size=4, hidden_size=7, num_layers=2, proj_size=3, batch_first=True,
                         bidirectional=True),
         selections=[(0, 1, 0, 1, 7), (1, 1, 1, 2, 0), (0, 0, 1, 0, 7), (1, 0, 0, 2, 5), (0, 1, 0, 0, 0)]),
    dict(name="gru_bidir2_h0", seed=302, T=10, N=2,
         cfg=full_config("GRU", input_size=3, hidden_size=5, num_layers=2, bidirectional=True),
         selections=[(1, 1, 0, 3, 9), (0, 1, 1, 0, 2), (1, 0, 1, 4, 9), (0, 0, 0, 1, 6), (1, 1, 1, 2, 9)]),
]


def cell_weights(m, layer, direction, dtype):
    """w_ih, w_hh, b_ih, b_hh, w_hr (or None) of one cell, in `dtype`."""
    key = f"l{layer}" + ("_reverse" if direction else "")
    sd = m.state_dict()
    return [sd[f"{name}_{key}"].to(dtype) if f"{name}_{key}" in sd else None
            for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh", "weight_hr")]


def cell_steps(m, weights, x, h, c, steps, on_step=None):
    """Runs one cell over `steps` (t in the cell's order) from h, c (batched or one element):
    x[t] is its input at t. Returns {t: h_t}, {t: c_t} (LSTM; else {})."""
    w_ih, w_hh, b_ih, b_hh, w_hr = weights
    hs, cs = {}, {}
    for t in steps:
        gates_ih, gates_hh = x[t] @ w_ih.T + b_ih, h @ w_hh.T + b_hh
        if isinstance(m, torch.nn.LSTM):
            i, f, g, o = (gates_ih + gates_hh).chunk(4, dim=-1)
            c = f.sigmoid() * c + i.sigmoid() * g.tanh()
            h = o.sigmoid() * c.tanh()
            h = h @ w_hr.T if w_hr is not None else h
            cs[t] = c
        else:
            (ir, iz, i_n), (hr, hz, h_n) = gates_ih.chunk(3, dim=-1), gates_hh.chunk(3, dim=-1)
            r, z = (ir + hr).sigmoid(), (iz + hz).sigmoid()
            h = (1 - z) * (i_n + r * h_n).tanh() + z * h
        hs[t] = h
        if on_step:
            on_step(h, c)
    return hs, cs


def order(direction, T, target=None):
    """The t a cell computes, in its order, up to `target` (all when None)."""
    if direction == 0:
        return range(0, T if target is None else target + 1)
    return range(T - 1, -1 if target is None else target - 1, -1)


def layer_inputs(m, x, h0, c0):
    """Each layer's input (T, N, in_l) in float64, the stack rerun cell by cell and checked against
    the module's output, h_n and c_n within 1e-5."""
    D, T = 2 if m.bidirectional else 1, x.shape[0]
    inputs, h_n, c_n = [x.double()], [], []
    with torch.no_grad():
        for layer in range(m.num_layers):
            outs = []
            for d in range(D):
                k = layer * D + d
                hs, cs = cell_steps(m, cell_weights(m, layer, d, torch.float64), inputs[-1], h0[k].double(),
                                    c0[k].double() if c0 is not None else None, order(d, T))
                outs.append(torch.stack([hs[t] for t in range(T)]))
                last = T - 1 if d == 0 else 0
                h_n.append(hs[last])
                c_n.append(cs.get(last))
            inputs.append(torch.cat(outs, dim=-1))
        batch_first = (lambda t: t.transpose(0, 1)) if m.batch_first else (lambda t: t)
        if isinstance(m, torch.nn.LSTM):
            output, (hn, cn) = m(batch_first(x), (h0, c0))
            assert (cn.double() - torch.stack(c_n)).abs().max() <= 1e-5
        else:
            output, hn = m(batch_first(x), h0)
        assert (batch_first(output).double() - inputs[-1]).abs().max() <= 1e-5
        assert (hn.double() - torch.stack(h_n)).abs().max() <= 1e-5
    return inputs[:-1]


def influence(m, x, h0, c0, selection, dtype):
    """state, cell_state (None for GRU), input over t (None after t*) of one selection, by autograd
    through one cell in `dtype`; x is the layer's input (T, N, in)."""
    n, layer, direction, unit, target = selection
    k, T = layer * (2 if m.bidirectional else 1) + direction, x.shape[0]
    xs = [x[t, n].to(dtype).clone().requires_grad_() for t in range(T)]
    c = c0[k, n].to(dtype) if c0 is not None else None
    hs, cs = cell_steps(m, cell_weights(m, layer, direction, dtype), xs, h0[k, n].to(dtype), c,
                        order(direction, T, target),
                        on_step=lambda h, c: [v.retain_grad() for v in (h, c) if v is not None])
    hs[target][unit].backward()
    state = [float(hs[t].grad.norm()) if t in hs else None for t in range(T)]
    cell_state = [float(cs[t].grad.norm()) if t in cs else None for t in range(T)] if cs else None
    inputs = [float(xs[t].grad.norm()) if t in hs else None for t in range(T)]
    return state, cell_state, inputs


def relative_gap(a, b):
    if a is None:
        return 0.0
    return max((abs(p - q) / q for p, q in zip(a, b) if p is not None and q > 0), default=0.0)


def tensor_json(t):
    return {"shape": list(t.shape), "data": shortest_f32(t.detach().numpy().flatten())} if t is not None else None


def make_case(case):
    torch.manual_seed(case["seed"])
    cfg = case["cfg"]
    m = make_module(cfg)
    m.eval()
    D, lstm = 2 if cfg["bidirectional"] else 1, cfg["mode"] == "LSTM"
    out, T, N = cfg["proj_size"] or cfg["hidden_size"], case["T"], case["N"]
    x = torch.randn(T, N, cfg["input_size"])          # time-major here; written in the model's layout
    h0 = torch.randn(cfg["num_layers"] * D, N, out)
    c0 = torch.randn(cfg["num_layers"] * D, N, cfg["hidden_size"]) if lstm else None
    inputs = layer_inputs(m, x, h0, c0)
    selections, gap = [], 0.0
    for selection in case["selections"]:
        state, cell_state, saliency = influence(m, inputs[selection[1]], h0, c0, selection, torch.float64)
        assert state[selection[4]] == 1.0
        state32, cell32, saliency32 = influence(m, inputs[selection[1]], h0, c0, selection, torch.float32)
        gap = max(gap, relative_gap(state32, state), relative_gap(cell32, cell_state),
                  relative_gap(saliency32, saliency))
        selections.append(dict(zip(("batch_index", "layer", "direction", "unit", "t"), selection),
                               state=state, cell_state=cell_state, input=saliency))
    print(f"{case['name']}: {len(selections)} selections; float32 autograd within {gap:.1e} relative of float64")
    return {"name": case["name"], "config": cfg, "repr": repr(m),
            "parameters": [{"name": k, "shape": list(v.shape), "data": shortest_f32(v.detach().numpy().flatten())}
                           for k, v in m.state_dict().items()],
            "input": tensor_json(x.transpose(0, 1).contiguous() if cfg["batch_first"] else x),
            "h0": tensor_json(h0), "c0": tensor_json(c0), "selections": selections}


def make_gated_influence_fixtures():
    cases = [make_case(case) for case in CASES]
    write_json(os.path.join(ENGINE_DIR, "gated_influence.json"), {"torch": torch.__version__, "cases": cases})


if __name__ == "__main__":
    make_gated_influence_fixtures()
