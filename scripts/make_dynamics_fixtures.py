#!/usr/bin/env python3
"""Generate the golden numbers of rnnscope's recurrence dynamics with numpy (and torch's init).

Run from the repository root (scripts/make_fixtures.py runs it too):

    /work/venv/bin/python scripts/make_dynamics_fixtures.py

Writes Tests/RecurrentTests/Fixtures/dynamics.json, nothing else. Deterministic: every case seeds
torch/numpy on its own. For each square matrix W (float32; each value written as the shortest
decimal that reads back as that float32, checked, so `Float(value)` is exact) it records, computed in float64 from those float32 values:

  spectral_radius         np.max(np.abs(np.linalg.eigvals(W)))   (0 for a 0×0 matrix)
  largest_singular_value  np.linalg.norm(W, 2)                   (0 for a 0×0 matrix)
"""

import os
import sys

import numpy as np
import torch
import torch.nn as nn
from safetensors.numpy import load_file

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_fixtures import ENGINE_DIR, ROOT, write_json  # noqa: E402


def torch_init(hidden_size, seed):
    """W_hh of a fresh nn.RNN(4, hidden_size): U(-1/sqrt(H), 1/sqrt(H)), torch's default init."""
    torch.manual_seed(seed)
    return nn.RNN(4, hidden_size).weight_hh_l0.detach().numpy()


def rotation_blocks(radius, angles):
    """Block-diagonal 2×2 rotations scaled by `radius`: eigenvalues radius·e^{±iθ}, all on one circle."""
    w = np.zeros((2 * len(angles), 2 * len(angles)))
    for k, theta in enumerate(angles):
        c, s = np.cos(theta), np.sin(theta)
        w[2 * k:2 * k + 2, 2 * k:2 * k + 2] = radius * np.array([[c, -s], [s, c]])
    return w


def random_orthogonal(n, seed):
    """Q of a QR of a Gaussian matrix: every eigenvalue on the unit circle, mostly complex pairs."""
    q, _ = np.linalg.qr(np.random.default_rng(seed).standard_normal((n, n)))
    return q


def jordan_like(n, diagonal, above):
    """Upper triangular: `diagonal` on the diagonal, `above` just above it. ρ = |diagonal|, ‖W‖₂ ≫ ρ."""
    return np.diag(np.full(n, diagonal)) + np.diag(np.full(n - 1, above), 1)


def rotated_jordan(diagonal, above, seed):
    """A 2×2 Jordan-like block seen in a random orthonormal basis: not triangular, still non-normal."""
    q = random_orthogonal(2, seed)
    return q @ jordan_like(2, diagonal, above) @ q.T


def sine_cells():
    """The trained example's W_hh per layer (examples/sine.safetensors)."""
    tensors = load_file(os.path.join(ROOT, "examples", "sine.safetensors"))
    return [(f"sine_l{k}", tensors[f"rnn.weight_hh_l{k}"]) for k in range(2)]


def cases():
    yield "torch_init_h1", torch_init(1, 30)
    yield "torch_init_h16", torch_init(16, 31)
    yield "torch_init_h64", torch_init(64, 32)
    yield "torch_init_h128", torch_init(128, 33)
    yield "rotation_blocks_r0.95", rotation_blocks(0.95, [0.3, 1.1, 2.0, 2.9])
    yield "orthogonal_32", random_orthogonal(32, 34)
    yield "jordan_like_6", jordan_like(6, 0.5, 4.0)
    yield "rotated_jordan_2", rotated_jordan(0.8, 20.0, 35)
    yield "zero_8", np.zeros((8, 8))
    yield "huge_torch_init_h16", torch_init(16, 36) * np.float32(1e30)
    yield "tiny_torch_init_h16", torch_init(16, 37) * np.float32(1e-30)
    yield "empty", np.zeros((0, 0))
    yield from sine_cells()


def shortest_f32(values):
    """Each float32 as the double of its shortest decimal: JSON stays small, Float(Double) gives it back."""
    out = [float(str(v)) for v in values]
    assert np.array_equal(np.asarray(out).astype(np.float32), values)
    return out


def make_dynamics_fixtures():
    out = []
    for name, w in cases():
        w32 = np.asarray(w, dtype=np.float32)
        w64 = w32.astype(np.float64)
        empty = w64.size == 0
        out.append({
            "name": name,
            "matrix": {"shape": list(w32.shape), "data": shortest_f32(w32.flatten())},
            "spectral_radius": 0.0 if empty else float(np.max(np.abs(np.linalg.eigvals(w64)))),
            "largest_singular_value": 0.0 if empty else float(np.linalg.norm(w64, 2)),
        })
    write_json(os.path.join(ENGINE_DIR, "dynamics.json"), {"numpy": np.__version__, "cases": out})
    print(f"wrote {len(out)} dynamics cases")


if __name__ == "__main__":
    make_dynamics_fixtures()
