#!/usr/bin/env python3
"""Generate the torch.save (.pt) fixtures of rnnscope's checkpoint reader with PyTorch.

Run from the repository root (after, or without, scripts/make_fixtures.py):

    /work/venv/bin/python scripts/make_torch_fixtures.py

Writes Tests/RecurrentIOTests/Fixtures/torch/* (and its README.md) and fuzz/corpus/torchzip/*,
nothing else. Deterministic: the same weights as make_fixtures.py's files (same seeds), and
torch.save writes the same bytes for the same file name and tensors. The expected numbers are
all PyTorch's: each .pt has a twin written by safetensors (here or in the folder above) holding
`tensor.contiguous()` of every tensor, or an `*_expected.safetensors` of PyTorch's forward pass.
"""

import io
import os
import pickle
import pickletools
import shutil
import sys
import zipfile

import numpy as np
import torch
import torch.nn as nn
from safetensors.torch import save_file

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_fixtures import FORWARD_CASES, IO_DIR, ROOT, build_forward, full_config, make_rnn  # noqa: E402
from make_io_fixtures import Nested, sd_contig  # noqa: E402

TORCH_DIR = os.path.join(IO_DIR, "torch")
CORPUS_DIR = os.path.join(ROOT, "fuzz", "corpus", "torchzip")


def p(name):
    return os.path.join(TORCH_DIR, name)


def seed_sine_rnn():
    case = next(c for c in FORWARD_CASES if c["name"] == "seed_sine")
    return build_forward(case)[1]


def save_twin(tensors, name):
    """The safetensors twin: every tensor as a contiguous copy, in the dict's order."""
    save_file({k: v.detach().contiguous().clone() for k, v in tensors.items()}, p(name))
    os.chmod(p(name), 0o644)  # safetensors writes 0600


class WithBatchNorm(nn.Module):
    """An RNN beside a BatchNorm1d, whose num_batches_tracked is an int64 tensor, and buffers of
    every other integer width and bool, as real models carry them."""

    def __init__(self):
        super().__init__()
        self.rnn = nn.RNN(2, 3, 1)
        self.bn = nn.BatchNorm1d(3)
        self.bn.num_batches_tracked.fill_(7)
        self.register_buffer("i32", torch.tensor([-70000, 1, 70000], dtype=torch.int32))
        self.register_buffer("i16", torch.tensor([-300, 0, 300], dtype=torch.int16))
        self.register_buffer("i8", torch.tensor([-3, 0, 5], dtype=torch.int8))
        self.register_buffer("u8", torch.tensor([0, 200, 255], dtype=torch.uint8))
        self.register_buffer("flags", torch.tensor([True, False, True]))


def deflated_copy(source, target):
    """The same archive re-zipped with deflate, as `zip` or an archiver would."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in original.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            out.writestr(entry, original.read(info.filename), zipfile.ZIP_DEFLATED)


def save_legacy(obj, path):
    """`torch.save(obj, path, _use_new_zipfile_serialization=False)` of an object with one storage,
    whose key (a memory address, different every run) is replaced by zeros of the same length."""
    buffer = io.BytesIO()
    torch.save(obj, buffer, _use_new_zipfile_serialization=False)
    data = buffer.getvalue()
    stream = io.BytesIO(data)
    for _ in range(3):  # magic number, protocol version, system info
        pickle.load(stream)
    for _ in pickletools.genops(stream):  # the object, skipped up to its STOP
        pass
    [key] = pickle.load(stream)  # the storage keys
    data = data.replace(key.encode(), b"0" * len(key))
    with open(path, "wb") as f:
        f.write(data)


def views():
    """Tensors that are views of one storage: a transpose, slices at offsets, a scalar, an empty one."""
    torch.manual_seed(202)
    base = torch.randn(4, 6)
    return {
        "base": base,
        "transposed": base.t(),
        "row2": base[2],
        "odd_columns": base[:, 1::2],
        "tail": base.view(-1)[7:19],
        "scalar": base[1, 3],
        "empty": base[:0],
    }


def make():
    os.makedirs(TORCH_DIR, exist_ok=True)
    os.makedirs(CORPUS_DIR, exist_ok=True)

    # seed_sine's weights in four dtypes: twins are ../seed_sine.safetensors, ../f64.safetensors, …
    rnn = seed_sine_rnn()
    torch.save(sd_contig(rnn), p("seed_sine.pt"))
    for name, dtype in [("f64", torch.float64), ("bf16", torch.bfloat16), ("f16", torch.float16)]:
        torch.save(sd_contig(rnn, dtype), p(f"{name}.pt"))
    torch.save(sd_contig(rnn), p("protocol4.pt"), pickle_protocol=4)
    torch.save({k: v for k, v in rnn.named_parameters()}, p("parameters.pt"))

    # A 2-layer bidirectional RNN, its twin, an input and PyTorch's output.
    torch.manual_seed(201)
    bidir = make_rnn(full_config(input_size=3, hidden_size=4, num_layers=2, bidirectional=True))
    bidir.eval()
    torch.save(bidir.state_dict(), p("bidir2.pt"))
    save_twin(bidir.state_dict(), "bidir2.safetensors")
    x = torch.randn(5, 2, 3)
    np.save(p("bidir2_input.npy"), x.numpy().astype(np.float32))
    with torch.no_grad():
        out, hn = bidir(x)
    save_twin({"output": out, "h_n": hn}, "bidir2_expected.safetensors")

    # Views of one storage.
    torch.save(views(), p("views.pt"))
    save_twin(views(), "views.safetensors")

    # The RNN under encoder.rnn. of a bigger module (twin: ../nested.safetensors).
    torch.manual_seed(103)
    torch.save(Nested().state_dict(), p("nested.pt"))

    # A training checkpoint: the seed_sine model's state dict inside a dict, with Adam's state.
    model = seed_sine_rnn()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    model(torch.ones(1, 3, 1))[0].sum().backward()
    optimizer.step()
    torch.save({"epoch": 3, "model": sd_contig(rnn), "optimizer": optimizer.state_dict(), "note": "tiny"},
               p("checkpoint.pt"))

    # Integer and bool tensors beside the RNN, read as floats; twin in safetensors.
    torch.manual_seed(203)
    integers = WithBatchNorm().state_dict()
    torch.save(integers, p("integers.pt"))
    save_twin(integers, "integers.safetensors")

    # Refused: a whole pickled model, the legacy format, a deflated archive.
    torch.save(rnn, p("whole_model.pt"))
    save_legacy({"weight_ih_l0": rnn.weight_ih_l0.detach().clone()}, p("legacy.pt"))
    deflated_copy(p("seed_sine.pt"), p("deflated.pt"))

    # Input sequences in the files PyTorch and numpy users keep them in; the .npy is the reference.
    torch.manual_seed(204)
    x, h0 = torch.randn(5, 3, 2), torch.randn(1, 3, 4)
    np.save(p("sequence.npy"), x.numpy())
    np.save(p("sequence_h0.npy"), h0.numpy())
    torch.save(x, p("sequence.pt"))
    torch.save({"input": x, "h0": h0}, p("sequence_dict.pt"))
    save_twin({"input": x, "h0": h0}, "sequence.safetensors")
    np.savez(p("sequence.npz"), input=x.numpy(), h0=h0.numpy())
    np.savez_compressed(p("sequence_compressed.npz"), input=x.numpy())

    for name in ["nested.pt", "views.pt"]:
        shutil.copyfile(p(name), os.path.join(CORPUS_DIR, name))
    write_readme()
    print("wrote torch fixtures")


def describe(path):
    rows = []
    for key, value in torch.load(path, weights_only=True).items():
        if isinstance(value, torch.Tensor):
            rows.append(f"    - `{key}`: {str(value.dtype).replace('torch.', '')} {list(value.shape)}"
                        f"{'' if value.is_contiguous() else ' (not contiguous)'}"
                        f"{f' at storage offset {value.storage_offset()}' if value.storage_offset() else ''}")
        else:
            rows.append(f"    - `{key}`: {type(value).__name__}")
    return "\n".join(rows)


def write_readme():
    with zipfile.ZipFile(p("seed_sine.pt")) as archive:
        entries = ", ".join(f"`{info.filename}`" for info in archive.infolist())
    text = f"""# torch.save fixtures

Generated by `scripts/make_torch_fixtures.py` (`/work/venv/bin/python scripts/make_torch_fixtures.py`
from the repo root) with torch {torch.__version__}. Deterministic; do not edit by hand. Every file
is `torch.save(obj, path)` with the default zip format and pickle protocol 2 unless said otherwise.
The folder above (`..`) holds the safetensors files of make_fixtures.py named here.

An archive's entries, e.g. `seed_sine.pt`: {entries}.

## Same weights as safetensors files

- `seed_sine.pt` — `state_dict()` of the seed_sine model, F32; twin `../seed_sine.safetensors`;
  run on `../seed_sine_input.npy` (batch_first) it gives `../seed_sine_expected.safetensors`.
- `f64.pt`, `bf16.pt`, `f16.pt` — the same weights as float64, bfloat16, float16; twins
  `../f64.safetensors`, `../bf16.safetensors`, `../f16.safetensors`; outputs `../<name>_expected.safetensors`.
- `protocol4.pt` — `seed_sine.pt` saved with `pickle_protocol=4` (FRAME, MEMOIZE, SHORT_BINUNICODE,
  STACK_GLOBAL).
- `parameters.pt` — `dict(rnn.named_parameters())` of the seed_sine model: `nn.Parameter`s, pickled
  with `torch._utils._rebuild_parameter`; twin `../seed_sine.safetensors`.
- `integers.pt` — `state_dict()` of a module with `rnn = nn.RNN(2, 3)`, `bn = nn.BatchNorm1d(3)`
  (`num_batches_tracked` set to 7) and integer and bool buffers (seed 203); twin `integers.safetensors`
  (safetensors' I64, I32, I16, I8, U8 and BOOL; torch's LongStorage … BoolStorage):
{describe(p("integers.pt"))}
- `nested.pt` — `state_dict()` of make_fixtures.py's `Nested` module (seed 103); twin
  `../nested.safetensors`; the RNN is under `encoder.rnn.`:
{describe(p("nested.pt"))}
- `checkpoint.pt` — `{{"epoch": 3, "model": <seed_sine state dict>, "optimizer": <Adam state_dict()
  after one step>, "note": "tiny"}}`; the `model.*` tensors equal `../seed_sine.safetensors`.

## A bidirectional model and views

- `bidir2.pt` — `state_dict()` of `nn.RNN(3, 4, 2, bidirectional=True)` (seed 201); twin
  `bidir2.safetensors`; `bidir2_input.npy` (5, 2, 3) float32 (`randn` after the model) and
  `bidir2_expected.safetensors` (`output`, `h_n` of the model in eval mode).
- `views.pt` — tensors sharing one storage (`base = torch.randn(4, 6)`, seed 202); twin
  `views.safetensors` holds a `.contiguous()` copy of each:
{describe(p("views.pt"))}

## Input sequences

`x = torch.randn(5, 3, 2)`, `h0 = torch.randn(1, 3, 4)` (seed 204), for `--input` / `--h0`:
`sequence.npy` and `sequence_h0.npy` (numpy, the reference); `sequence.pt` (`torch.save(x)`, a lone
tensor); `sequence_dict.pt` and `sequence.safetensors` (`{{"input": x, "h0": h0}}`); `sequence.npz`
(`np.savez(input=…, h0=…)`); `sequence_compressed.npz` (`np.savez_compressed`, refused).

## Refused

- `whole_model.pt` — `torch.save(rnn)` of the seed_sine `nn.RNN` itself (pickles
  `torch.nn.modules.rnn.RNN`).
- `legacy.pt` — `{{"weight_ih_l0": …}}` of the seed_sine model saved with
  `_use_new_zipfile_serialization=False` (one storage, so that its key — a memory address — can be
  written as zeros and the file comes out the same every time).
- `deflated.pt` — `seed_sine.pt` re-zipped by Python's zipfile with every entry deflated.

`../../../fuzz/corpus/torchzip/` holds copies of `nested.pt` and `views.pt` as the fuzzer's seeds.
"""
    with open(p("README.md"), "w") as f:
        f.write(text)


if __name__ == "__main__":
    make()
