#!/usr/bin/env python3
"""A reference for rnnscope's select-and-match (issue 12), computed from PyTorch's own states.

Run from the repository root:

    /work/venv/bin/python scripts/make_match_fixtures.py

Writes Tests/RecurrentTests/Fixtures/match.json: models (nn.RNN, nn.LSTM, nn.GRU, one layer, so
output is every step's h), their state dicts and inputs, and for several (batch element, span,
threshold) the selected units and the ranked matches by the rule, written out here in plain
Python over torch's output:
  selected: h[t][u] >= θ for every t in span, and h[start-1][u] < θ when start > 0;
  matches: every maximal run (any batch element) where all selected units are >= θ, except the run
  holding the query span in its own element; score = Σ over the run of min over units of h;
  ranked by score (then batch, then start, ascending).
"""

import json
import os

import torch
import torch.nn as nn

assert torch.__version__.startswith("2.15"), torch.__version__
torch.set_num_threads(1)
ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
OUT = os.path.join(ROOT, "Tests", "RecurrentTests", "Fixtures", "match.json")


def select(h, n, start, end, theta):
    units = []
    for u in range(h.shape[2]):
        on = all(h[t][n][u] >= theta for t in range(start, end))
        off_before = start == 0 or h[start - 1][n][u] < theta
        if on and off_before:
            units.append(u)
    return units


def matches(h, units, n_own, start, end, theta):
    found = []
    if not units:
        return found
    T, N = h.shape[0], h.shape[1]
    for n in range(N):
        run, score = None, 0.0
        for t in range(T + 1):
            low = min(float(h[t][n][u]) for u in units) if t < T else float("-inf")
            if low >= theta:
                if run is None:
                    run, score = t, 0.0
                score += low
            elif run is not None:
                if not (n == n_own and run <= start and t >= end):
                    found.append({"batch": n, "start": run, "end": t, "score": score})
                run = None
    found.sort(key=lambda m: (-m["score"], m["batch"], m["start"]))
    return found


def main():
    cases = []
    for seed, (mode, cls) in enumerate([("RNN", nn.RNN), ("LSTM", nn.LSTM), ("GRU", nn.GRU)]):
        torch.manual_seed(700 + seed)
        module = cls(3, 8).eval()
        x = torch.randn(30, 3, 3) * 2
        with torch.no_grad():
            out = module(x)[0]   # (T, N, H): one layer, one direction: every step's h
        h = out.double()
        queries = []
        # Spans where some unit does switch on (the first such start per query), plus one at t=0
        # and one that selects nothing.
        wanted = [(0, 3, 0.1), (1, 2, 0.2), (2, 4, 0.05), (0, 2, 0.3)]
        spans = []
        for n, length, theta in wanted:
            start = next((s for s in range(1, 30 - length) if select(h, n, s, s + length, theta)), 1)
            spans.append((n, start, start + length, theta))
        spans += [(1, 0, 2, 0.0), (2, 5, 9, 0.99)]
        for n, start, end, theta in spans:
            units = select(h, n, start, end, theta)
            queries.append({"batch": n, "start": start, "end": end, "threshold": theta, "units": units,
                            "matches": matches(h, units, n, start, end, theta)})
        cases.append({"mode": mode, "parameters": [{"name": k, "shape": list(v.shape), "data": v.double().flatten().tolist()}
                                                  for k, v in module.state_dict().items()],
                      "input": {"shape": list(x.shape), "data": x.double().flatten().tolist()}, "queries": queries})
    with open(OUT, "w") as f:
        f.write(json.dumps({"torch": torch.__version__, "cases": cases}, separators=(",", ":")) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
