"""Capture a PyTorch model's recurrent modules as they run, for rnnscope.

    from rnnscope_capture import capture
    output = capture(model, tokens, path="cap.safetensors")        # model(tokens), recorded
    # rnnscope --capture cap.safetensors [--prefix encoder]

`capture(model, *args, path=..., **kwargs)` calls `model(*args, **kwargs)` once under
`torch.no_grad()`, in the mode the model is in (it never calls `.eval()` or `.train()`), with a
forward pre-hook on every `nn.RNN`, `nn.LSTM` and `nn.GRU` inside it, and writes one
`.safetensors` file (written here, with torch alone: an 8-byte little-endian header length, the
JSON header, then the raw little-endian data):

- the whole `model.state_dict()`, keys as PyTorch names them (`encoder.weight_ih_l0`); floating
  tensors as F32, integer and bool buffers (`num_batches_tracked`) as I64 / BOOL;
- for each recurrent module that ran, at `capture.<path>.` (`capture.` for the model itself):
  `input` — exactly what the module received: `(T, N, D)`, `(N, T, D)` with batch_first, or
  unbatched `(T, D)`; a PackedSequence as its padded data (zeros past each length, laid out as
  the module's batch_first says) plus `lengths` `(N,)` I64 in the batch's own order;
  `h0` `(L·dirs, N, out)` (or `(L·dirs, out)` unbatched) and, for an LSTM, `c0` `(L·dirs, N, H)`
  — only when the call passed them;
- the top-level tensor arguments of the call as `capture.args.<i>` / `capture.kwargs.<name>`
  (token ids, say) in their own dtype class (F32, I64 or BOOL);
- `__metadata__`: `rnnscope.format` = `capture/1`, `rnnscope.torch` = the torch version, and
  `rnnscope.modules` = a JSON list, one object per recurrent module that ran, in `named_modules`
  order: `path`, `prefix` (its state-dict key prefix), `kind` (`RNN`/`LSTM`/`GRU`),
  `nonlinearity` (`tanh`/`relu`, null for LSTM and GRU), `batch_first`, `dropout`, `proj_size`,
  `bidirectional`, `num_layers`, `input_size`, `hidden_size`, `bias`, `training` (the module's
  mode during the call), `packed`, `calls` (how many times it ran; the first call is recorded)
  and `tensors` (role → tensor name).

Returns whatever the model returned.
"""

import ctypes
import json
import sys
import warnings

import torch
import torch.nn as nn
from torch.nn.utils.rnn import PackedSequence, pad_packed_sequence

FORMAT = "capture/1"
RECURRENT = (nn.RNN, nn.LSTM, nn.GRU)
__all__ = ["capture", "write_safetensors", "read_safetensors"]


def capture(model, *args, path, **kwargs):
    """Runs `model(*args, **kwargs)` once, recording every nn.RNN/LSTM/GRU inside it; writes `path`."""
    if not isinstance(model, nn.Module):
        raise TypeError(f"capture: model must be an nn.Module, got {type(model).__name__}")
    records = {}  # module path -> record of its first call
    handles = []
    for name, module in model.named_modules():
        if isinstance(module, RECURRENT):
            handles.append(module.register_forward_pre_hook(_recorder(name, module, records), with_kwargs=True))
    if not handles:
        raise ValueError("capture: the model holds no nn.RNN, nn.LSTM or nn.GRU")
    try:
        with torch.no_grad():
            result = model(*args, **kwargs)
    finally:
        for handle in handles:
            handle.remove()
    if not records:
        raise ValueError("capture: none of the model's recurrent modules ran during the call")
    tensors = {name: _stored(t) for name, t in model.state_dict().items()}
    modules = []
    for record in records.values():
        for role, tensor in record.pop("data").items():
            name = record["tensors"][role]
            if name in tensors:
                raise ValueError(f"capture: the state dict already has a key {name!r}; rename that submodule")
            tensors[name] = tensor
        modules.append(record)
        if record["calls"] > 1:
            warnings.warn(f"capture: {record['path'] or 'the model'} ran {record['calls']} times; its first call is recorded")
        if record["training"] and record["dropout"] > 0 and record["num_layers"] > 1:
            warnings.warn(f"capture: {record['path'] or 'the model'} ran in training mode with dropout "
                          f"{record['dropout']}: its masks are not recorded (call model.eval() first to reproduce it)")
    for label, values in (("args", enumerate(args)), ("kwargs", kwargs.items())):
        for key, value in values:
            name = f"capture.{label}.{key}"
            if isinstance(value, torch.Tensor) and name not in tensors:
                tensors[name] = _stored(value)
    metadata = {"rnnscope.format": FORMAT, "rnnscope.torch": torch.__version__,
                "rnnscope.modules": json.dumps(modules)}
    write_safetensors(tensors, path, metadata)
    return result


def _recorder(name, module, records):
    """The pre-hook for `module` at `name`: records its configuration, input and hx on its first call."""
    def hook(mod, args, kwargs):
        if name in records:
            records[name]["calls"] += 1
            return None
        inputs = list(args) + [kwargs.get("input"), kwargs.get("hx")][len(args):]
        x, hx = (inputs + [None, None])[:2]
        base = f"capture.{name}." if name else "capture."
        data, packed = {}, isinstance(x, PackedSequence)
        if packed:
            padded, lengths = pad_packed_sequence(x, batch_first=mod.batch_first)
            data["input"], data["lengths"] = padded, lengths.to(torch.int64)
        else:
            data["input"] = x
        if hx is not None:
            if isinstance(mod, nn.LSTM):
                data["h0"], data["c0"] = hx
            else:
                data["h0"] = hx
        records[name] = {
            "path": name, "prefix": f"{name}." if name else "",
            "kind": _base_kind(mod),
            "nonlinearity": mod.nonlinearity if isinstance(mod, nn.RNN) else None,
            "batch_first": bool(mod.batch_first), "dropout": float(mod.dropout),
            "proj_size": int(getattr(mod, "proj_size", 0)), "bidirectional": bool(mod.bidirectional),
            "num_layers": int(mod.num_layers), "input_size": int(mod.input_size),
            "hidden_size": int(mod.hidden_size), "bias": bool(mod.bias), "training": bool(mod.training),
            "packed": packed, "calls": 1,
            "tensors": {role: base + role for role in data},
            "data": {role: _stored(t) for role, t in data.items()},
        }
        return None
    return hook


def _base_kind(module):
    """`RNN`, `LSTM` or `GRU`: a subclass is recorded as the class it runs as."""
    return next(cls.__name__ for cls in RECURRENT if isinstance(module, cls))


def _stored(tensor):
    """The tensor as it is written: floating → float32, bool stays, other integers → int64; CPU, contiguous."""
    if not isinstance(tensor, torch.Tensor):
        raise TypeError(f"capture: expected a tensor, got {type(tensor).__name__}")
    if tensor.is_complex():
        raise TypeError("capture: complex tensors are not written")
    tensor = tensor.detach()
    if tensor.dtype == torch.bool:
        kind = torch.bool
    elif tensor.is_floating_point():
        kind = torch.float32
    else:
        kind = torch.int64
    return tensor.to(device="cpu", dtype=kind).contiguous()


_DTYPES = {torch.float32: "F32", torch.int64: "I64", torch.bool: "BOOL"}


def _raw_bytes(tensor):
    """The tensor's data as little-endian bytes (torch alone: no numpy)."""
    size = tensor.numel() * tensor.element_size()
    raw = ctypes.string_at(tensor.data_ptr(), size) if size else b""
    if sys.byteorder == "big" and tensor.element_size() > 1:
        width = tensor.element_size()
        raw = b"".join(raw[i:i + width][::-1] for i in range(0, size, width))
    return raw


def write_safetensors(tensors, path, metadata=None):
    """Writes `{name: tensor}` (F32, I64 or BOOL) and `{str: str}` metadata as a .safetensors file."""
    header, chunks, offset = {}, [], 0
    for name, tensor in tensors.items():
        tensor = _stored(tensor)
        raw = _raw_bytes(tensor)
        header[name] = {"dtype": _DTYPES[tensor.dtype], "shape": list(tensor.shape),
                        "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    encoded = json.dumps(header, separators=(",", ":")).encode("utf-8")
    encoded += b" " * (-len(encoded) % 8)  # the header padded to 8 bytes with spaces, as safetensors does
    with open(path, "wb") as file:
        file.write(len(encoded).to_bytes(8, "little"))
        file.write(encoded)
        for chunk in chunks:
            file.write(chunk)


def read_safetensors(path):
    """Reads a file `write_safetensors` wrote (F32, I64, BOOL): `({name: tensor}, metadata)`."""
    with open(path, "rb") as file:
        data = file.read()
    length = int.from_bytes(data[:8], "little")
    header = json.loads(data[8:8 + length])
    metadata = header.pop("__metadata__", {})
    kinds = {"F32": torch.float32, "I64": torch.int64, "BOOL": torch.bool}
    body, tensors = data[8 + length:], {}
    for name, entry in header.items():
        begin, end = entry["data_offsets"]
        dtype = kinds[entry["dtype"]]
        chunk = bytearray(body[begin:end])
        flat = torch.frombuffer(chunk, dtype=dtype) if chunk else torch.empty(0, dtype=dtype)
        tensors[name] = flat.reshape(entry["shape"]).clone()
    return tensors, metadata
