#!/usr/bin/env python3
"""Train the character-level example (`rnnscope --example chars`, `--example chars-rnn`) and look
for units that track something simple.

Run from the repository root (torch 2.15 in the venv; about four minutes on one thread):

    /work/venv/bin/python scripts/train_chars.py

The text is `examples/chars/devils_dictionary.txt`: Ambrose Bierce, *The Devil's Dictionary*
(1911; public domain, its copyright expired), the Internet Wiretap edition as Debian's
`dict-devil` package ships it, from the edition's notice through the last D entry (69 KB).
`--from-dict /usr/share/dictd/devil.dict.dz` cuts it anew from that package.

Two twins, each `embed = nn.Embedding(V, 32)` → recurrent layer (batch_first) → `head =
nn.Linear(128, V)` on every step, trained to predict the next character:
  - `CharLSTM`: `nn.LSTM(32, 128, batch_first=True)`
  - `CharRNN`:  `nn.RNN(32, 128, batch_first=True)` (tanh)
A tenth of the text, from 72% to 82% of the way through (where brackets occur: they are rare), is held
out; the rest trains, with dropout 0.25 on the recurrent layer's input and output, and the state
with the lowest held-out loss (checked every 250 steps) is kept. On the held-out text the script
correlates every unit's h_t (and an LSTM's c_t) with six features of the text read so far and
reports, for each feature, the unit with the largest |Pearson r|.

Writes (in examples/):
  chars_vocab.json          the V characters, id k at index k (rnnscope's --vocab)
  chars_lstm.safetensors    python/rnnscope_capture.py's capture of CharLSTM on a held-out passage
  chars_rnn.safetensors     the same for CharRNN
  chars_units.json          per model: losses, every feature's best unit and its r (held-out and
                            on the captured passage), and the unit the example opens on
"""

import argparse
import gzip
import json
import math
import os
import re
import sys
import time

import numpy as np
import torch
import torch.nn as nn

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.join(ROOT, "python"))
from rnnscope_capture import capture  # noqa: E402

EXAMPLES = os.path.join(ROOT, "examples")
TEXT = os.path.join(EXAMPLES, "chars", "devils_dictionary.txt")
SEED = 1234
EMBED, HIDDEN = 32, 128
SEQ, BATCH, STEPS, LR, DROPOUT = 128, 32, 5000, 3e-3, 0.25
CHECK = 250  # held-out loss every CHECK steps; the best state is kept (early stopping)
PASSAGE = 1500  # characters in the captured passage


def cut_from_dict(path):
    """The committed text from dict-devil's devil.dict.dz: the Wiretap notice through the D entries."""
    raw = gzip.open(path, "rt", encoding="ascii").read()
    start = raw.index("            The Internet Wiretap")
    end = re.search(r"\n\n(E[A-Z'-]*)[,. ]", raw[start:]).start() + 1
    return raw[start:start + end]


class CharModel(nn.Module):
    def __init__(self, vocab, kind):
        super().__init__()
        self.embed = nn.Embedding(vocab, EMBED)
        self.rnn = (nn.LSTM if kind == "lstm" else nn.RNN)(EMBED, HIDDEN, batch_first=True)
        self.head = nn.Linear(HIDDEN, vocab)
        self.drop = nn.Dropout(DROPOUT)  # on the recurrent layer's input and output while training only

    def forward(self, ids):
        y, _ = self.rnn(self.drop(self.embed(ids)))
        return self.head(self.drop(y))


def features(text):
    """Per character t, what the text read up to and including t says: name -> float array (T,)."""
    names = ["inside quotes", "inside brackets", "inside _italics_", "position in line", "after a space", "in an indented line"]
    out = {name: np.zeros(len(text)) for name in names}
    quote = italics = False
    depth = column = 0
    indented = False
    for t, ch in enumerate(text):
        if ch == '"':
            quote = not quote
        if ch == "_":
            italics = not italics
        if ch in "([{":
            depth += 1
        if ch in ")]}":
            depth = max(0, depth - 1)
        if ch == "\n":
            column, indented = 0, False
        else:
            column += 1
            if column == 1:
                indented = ch == " "
        out["inside quotes"][t] = quote or ch == '"'      # from the opening quote through the closing one
        out["inside brackets"][t] = depth > 0 or ch in ")]}"
        out["inside _italics_"][t] = italics or ch == "_"
        out["position in line"][t] = column
        out["after a space"][t] = ch == " "
        out["in an indented line"][t] = indented
    return out


def states(model, ids):
    """Every step's h_t and (an LSTM's) c_t over one sequence, h0 = zeros: name -> (T, H)."""
    rnn = model.rnn
    x = model.embed(ids.unsqueeze(0))
    if isinstance(rnn, nn.LSTM):
        h = torch.zeros(1, 1, HIDDEN)
        c = torch.zeros(1, 1, HIDDEN)
        hs, cs = [], []
        for t in range(x.shape[1]):
            _, (h, c) = rnn(x[:, t:t + 1], (h, c))
            hs.append(h[0, 0].clone())
            cs.append(c[0, 0].clone())
        return {"h": torch.stack(hs).numpy().astype(np.float64), "c": torch.stack(cs).numpy().astype(np.float64)}
    y, _ = rnn(x)
    return {"h": y[0].numpy().astype(np.float64)}


def pearson(a, b):
    a = a - a.mean()
    b = b - b.mean()
    denominator = math.sqrt(float((a * a).sum() * (b * b).sum()))
    return float((a * b).sum() / denominator) if denominator > 0 else 0.0


def best_units(series, feats):
    """For each feature, the (series, unit) with the largest |r| over these steps."""
    found = []
    for name, feature in feats.items():
        best = None
        for symbol, values in series.items():
            for unit in range(values.shape[1]):
                r = pearson(values[:, unit], feature)
                if best is None or abs(r) > abs(best["r"]):
                    best = {"feature": name, "series": symbol, "unit": unit, "r": r}
        found.append(best)
    return found


def passage_start(text, held):
    """The first entry of the held-out text whose next PASSAGE characters hold a quotation,
    _italics_, a bracket, verse and prose."""
    for m in re.finditer(r"\n\n(?=[A-Z][A-Z'-]*[,. ])", text[held[0]:held[1] - PASSAGE]):
        start = held[0] + m.start() + 2
        window = text[start:start + PASSAGE]
        prose = re.search(r"\n[A-Za-z]", window) is not None
        if (len(window) == PASSAGE and window.count('"') >= 2 and window.count("_") >= 2 and any(b in window for b in "([{")
                and "\n    " in window and prose):
            return start
    raise SystemExit("no held-out passage with a quotation, italics, a bracket, verse and prose")


def train(kind, data, vocab, held):
    torch.manual_seed(SEED)
    model = CharModel(len(vocab), kind)
    opt = torch.optim.Adam(model.parameters(), lr=LR)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, STEPS)
    loss_fn = nn.CrossEntropyLoss()
    gen = torch.Generator().manual_seed(SEED)
    a, b = held
    valid = torch.cat([torch.arange(0, a - SEQ - 1), torch.arange(b, len(data) - SEQ - 1)])  # windows outside the held-out text
    started, best = time.perf_counter(), None
    for step in range(1, STEPS + 1):
        starts = valid[torch.randint(0, len(valid), (BATCH,), generator=gen)]
        batch = torch.stack([data[s:s + SEQ + 1] for s in starts.tolist()])
        opt.zero_grad()
        logits = model(batch[:, :-1])
        loss = loss_fn(logits.reshape(-1, len(vocab)), batch[:, 1:].reshape(-1))
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        if step % CHECK == 0:
            held_loss = held_out_loss(model, data[a:b], loss_fn)
            if best is None or held_loss < best[0]:
                best = (held_loss, loss.item(), step, {k: v.clone() for k, v in model.state_dict().items()})
            print(f"  {kind} step {step}: train {loss.item():.3f}, held-out {held_loss:.3f} nats/char "
                  f"({time.perf_counter() - started:.0f} s)", flush=True)
    held_loss, train_loss, step, state = best
    model.load_state_dict(state)
    model.eval()
    return model, train_loss, held_loss, step, time.perf_counter() - started


def held_out_loss(model, ids, loss_fn):
    """The next-character loss over the held-out text, in eval mode (the model is left training)."""
    model.eval()
    with torch.no_grad():
        loss = loss_fn(model(ids[:-1].unsqueeze(0))[0], ids[1:]).item()
    model.train()
    return loss


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--from-dict", help="cut examples/chars/devils_dictionary.txt anew from dict-devil's devil.dict.dz")
    args = parser.parse_args()
    if args.from_dict:
        os.makedirs(os.path.dirname(TEXT), exist_ok=True)
        with open(TEXT, "w", encoding="ascii", newline="\n") as f:
            f.write(cut_from_dict(args.from_dict))
    text = open(TEXT, encoding="ascii").read()
    torch.set_num_threads(1)
    vocab = sorted(set(text))
    index = {ch: k for k, ch in enumerate(vocab)}
    data = torch.tensor([index[ch] for ch in text], dtype=torch.long)
    held = (int(len(text) * 0.72), int(len(text) * 0.82))
    start = passage_start(text, held)
    passage = data[start:start + PASSAGE]
    held_text = text[held[0]:held[1]]
    held_feats, passage_feats = features(held_text), features(text[start:start + PASSAGE])
    with open(os.path.join(EXAMPLES, "chars_vocab.json"), "w") as f:
        json.dump(vocab, f)
        f.write("\n")

    report = {"text": os.path.relpath(TEXT, ROOT), "characters": len(text), "vocabulary": len(vocab),
              "held_out": list(held), "passage": {"start": start, "length": PASSAGE}, "models": {}}
    for kind in ("lstm", "rnn"):
        model, train_loss, held_loss, kept_step, seconds = train(kind, data, vocab, held)
        with torch.no_grad():
            found = best_units(states(model, data[held[0]:held[1]]), held_feats)
            on_passage = states(model, passage)
            capture(model, passage.unsqueeze(0), path=os.path.join(EXAMPLES, f"chars_{kind}.safetensors"))
        for entry in found:
            entry["r_on_passage"] = pearson(on_passage[entry["series"]][:, entry["unit"]], passage_feats[entry["feature"]])
        shown = max((e for e in found if e["feature"] != "after a space"), key=lambda e: abs(e["r"]))
        report["models"][kind] = {
            "module": f"nn.{'LSTM' if kind == 'lstm' else 'RNN'}({EMBED}, {HIDDEN}, batch_first=True)",
            "train_loss_nats": round(train_loss, 4), "held_out_loss_nats": round(held_loss, 4),
            "held_out_bits_per_char": round(held_loss / math.log(2), 4), "kept_step": kept_step, "training_seconds": round(seconds, 1),
            "units": found, "opens_on": shown}
        print(f"{kind}: held-out {held_loss / math.log(2):.3f} bits/char")
        for e in found:
            print(f"  {e['feature']:>20}: {e['series']}[{e['unit']}] r = {e['r']:+.3f} (passage {e['r_on_passage']:+.3f})")
    report["torch"] = torch.__version__
    with open(os.path.join(EXAMPLES, "chars_units.json"), "w") as f:
        json.dump(report, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
