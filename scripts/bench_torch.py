#!/usr/bin/env python3
"""Time torch.nn.RNN, nn.LSTM or nn.GRU forward (eval mode, no_grad) and optionally compare with rnnscope.

Run from the repository root:

    /work/venv/bin/python scripts/bench_torch.py                       # all default configs
    /work/venv/bin/python scripts/bench_torch.py seed mid --threads 2  # a subset
    /work/venv/bin/python scripts/bench_torch.py --json
    /work/venv/bin/python scripts/bench_torch.py --rnnscope .build/release/rnnscope
    /work/venv/bin/python scripts/bench_torch.py custom:I=8,H=32,L=1,T=50,N=4,bi
    /work/venv/bin/python scripts/bench_torch.py mid long --cell lstm --rnnscope .build/release/rnnscope

Configs are names of the defaults below or `NAME:I=..,H=..,L=..,T=..,N=..[,bi]`.
Input layout is (T, N, I) (batch_first=False), bias=True, float32, h0 = None (and c0); --cell rnn|lstm|gru
chooses the module (RNN: tanh). Both sides time the same module on the same number of threads.
"""

import argparse
import json
import statistics
import subprocess
import sys
import time

import torch
import torch.nn as nn

DEFAULT_CONFIGS = {
    # name: (input_size, hidden_size, num_layers, bidirectional, seq_len, batch)
    "seed": (1, 10, 2, False, 20, 1),
    "mid": (64, 256, 2, True, 256, 32),
    "wide": (256, 1024, 2, False, 128, 64),
    "long": (32, 512, 1, False, 4096, 1),
}


def parse_config(spec):
    if spec in DEFAULT_CONFIGS:
        return spec, DEFAULT_CONFIGS[spec]
    if ":" not in spec:
        raise SystemExit(f"unknown config {spec!r}; use one of {', '.join(DEFAULT_CONFIGS)} "
                         f"or NAME:I=..,H=..,L=..,T=..,N=..[,bi]")
    name, rest = spec.split(":", 1)
    vals = {"L": 1, "bi": False}
    for part in rest.split(","):
        part = part.strip()
        if not part:
            continue
        if part in ("bi", "bidirectional"):
            vals["bi"] = True
            continue
        k, v = part.split("=", 1)
        vals[k.strip()] = int(v)
    try:
        return name, (vals["I"], vals["H"], vals["L"], vals["bi"], vals["T"], vals["N"])
    except KeyError as e:
        raise SystemExit(f"config {spec!r} is missing {e}")


MODULES = {"rnn": (nn.RNN, 1), "lstm": (nn.LSTM, 4), "gru": (nn.GRU, 3)}


def flops(cfg, cell="rnn"):
    """Multiply-adds ×2 of the matrix products (input + recurrent, every gate block), all layers and directions."""
    i, h, layers, bi, t, n = cfg
    dirs, gates = 2 if bi else 1, MODULES[cell][1]
    total = 0
    for layer in range(layers):
        in_l = i if layer == 0 else h * dirs
        total += dirs * t * 2 * n * gates * h * (in_l + h)
    return total


def bench_torch(cfg, repeat, warmup, cell="rnn"):
    i, h, layers, bi, t, n = cfg
    torch.manual_seed(0)
    rnn = MODULES[cell][0](i, h, layers, bidirectional=bi)
    rnn.eval()
    x = torch.randn(t, n, i)
    times = []
    with torch.no_grad():
        for _ in range(warmup):
            rnn(x)
        for _ in range(repeat):
            start = time.perf_counter()
            rnn(x)
            times.append((time.perf_counter() - start) * 1e3)
    med = statistics.median(times)
    return {"median_ms": med, "min_ms": min(times), "max_ms": max(times),
            "gflops": flops(cfg, cell) / (med * 1e-3) / 1e9 if med > 0 else None}


def bench_rnnscope(path, cfg, repeat, threads, timeout, cell="rnn"):
    """Runs the Swift binary; returns its JSON dict or an error string."""
    i, h, layers, bi, t, n = cfg
    cmd = [path, "bench", "--cell", cell, "--input-size", str(i), "--hidden-size", str(h), "--num-layers", str(layers)]
    if bi:
        cmd.append("--bidirectional")
    cmd += ["--seq-len", str(t), "--batch", str(n), "--repeat", str(repeat),
            "--threads", str(threads), "--json"]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except FileNotFoundError:
        return f"not found: {path}"
    except PermissionError:
        return f"not executable: {path}"
    except OSError as e:
        return f"cannot run {path}: {e}"
    except subprocess.TimeoutExpired:
        return f"timed out after {timeout} s"
    if proc.returncode != 0:
        err = (proc.stderr.strip() or proc.stdout.strip()).splitlines()
        return f"exit {proc.returncode}: {err[-1] if err else ''}"
    for line in reversed(proc.stdout.strip().splitlines()):
        line = line.strip()
        if line.startswith("{"):
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(obj, dict) and "median_ms" in obj:
                return obj
    return "no JSON line with median_ms in output"


def fmt(v, digits=3):
    if v is None:
        return "n/a"
    return f"{v:.{digits}f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("configs", nargs="*", help=f"config names ({', '.join(DEFAULT_CONFIGS)}) or "
                    "NAME:I=..,H=..,L=..,T=..,N=..[,bi]; default: all")
    ap.add_argument("--cell", choices=sorted(MODULES), default="rnn", help="nn.RNN, nn.LSTM or nn.GRU (default rnn)")
    ap.add_argument("--threads", "-k", type=int, default=1, help="torch.set_num_threads (default 1)")
    ap.add_argument("--repeat", "-r", type=int, default=10, help="timed repeats (default 10)")
    ap.add_argument("--warmup", "-w", type=int, default=2, help="untimed warm-up runs (default 2)")
    ap.add_argument("--json", action="store_true", help="print one JSON object per config")
    ap.add_argument("--rnnscope", metavar="PATH", help="also run `PATH bench ...` and print a comparison table")
    ap.add_argument("--timeout", type=float, default=600.0, help="per-config timeout for rnnscope (s)")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    configs = [parse_config(s) for s in (args.configs or list(DEFAULT_CONFIGS))]

    if not args.json:
        print(f"torch {torch.__version__}, {MODULES[args.cell][0].__name__}, threads={torch.get_num_threads()}, "
              f"repeat={args.repeat}, warmup={args.warmup}")
    rows = []
    for name, cfg in configs:
        res = bench_torch(cfg, args.repeat, args.warmup, args.cell)
        rs = None
        if args.rnnscope:
            rs = bench_rnnscope(args.rnnscope, cfg, args.repeat, args.threads, args.timeout, args.cell)
            if isinstance(rs, str):
                print(f"rnnscope failed for {name}: {rs}", file=sys.stderr)
        if args.json:
            obj = {"config": name, "cell": args.cell, "median_ms": res["median_ms"], "min_ms": res["min_ms"],
                   "max_ms": res["max_ms"], "gflops": res["gflops"]}
            if args.rnnscope:
                obj["rnnscope"] = rs if isinstance(rs, dict) else None
            print(json.dumps(obj), flush=True)
        else:
            i, h, layers, bi, t, n = cfg
            print(f"{name:>8}: {MODULES[args.cell][0].__name__}({i}->{h}, L={layers}{', bi' if bi else ''}) T={t} N={n}  "
                  f"median {res['median_ms']:.3f} ms  min {res['min_ms']:.3f}  max {res['max_ms']:.3f}  "
                  f"({fmt(res['gflops'], 2)} GFLOP/s)", flush=True)
        rows.append((name, res, rs))

    if args.rnnscope:
        ok = any(isinstance(rs, dict) for _, _, rs in rows)
        out = sys.stderr if args.json else sys.stdout
        print(file=out)
        if ok:
            print("| config | torch median ms | rnnscope median ms | speed-up (torch/rnnscope) | rnnscope GFLOP/s |",
                  file=out)
            print("|---|---:|---:|---:|---:|", file=out)
            for name, res, rs in rows:
                if isinstance(rs, dict):
                    rmed = rs.get("median_ms")
                    speed = res["median_ms"] / rmed if rmed else None
                    print(f"| {name} | {fmt(res['median_ms'])} | {fmt(rmed)} | "
                          f"{fmt(speed, 2)}{'x' if speed is not None else ''} | {fmt(rs.get('gflops'), 2)} |",
                          file=out)
                else:
                    print(f"| {name} | {fmt(res['median_ms'])} | n/a | n/a | n/a |", file=out)
        else:
            print(f"rnnscope unavailable ({rows[0][2] if rows else 'no configs'}); torch only:", file=out)
            print("| config | torch median ms |", file=out)
            print("|---|---:|", file=out)
            for name, res, _ in rows:
                print(f"| {name} | {fmt(res['median_ms'])} |", file=out)


if __name__ == "__main__":
    main()
