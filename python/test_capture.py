"""Tests of rnnscope_capture.py itself (needs torch; CI has none, so run it where torch is):

    /work/venv/bin/python python/test_capture.py
"""

import json
import os
import sys
import tempfile
import unittest
import warnings

import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rnnscope_capture import capture, read_safetensors, write_safetensors  # noqa: E402

try:
    from safetensors.torch import load_file
except ImportError:  # the helper needs torch alone; the cross-check is optional
    load_file = None


class Stack(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(10, 4)
        self.lstm = nn.LSTM(4, 3, 2, dropout=0.25, proj_size=2)
        self.norm = nn.BatchNorm1d(2)

    def forward(self, tokens, state=None):
        out, _ = self.lstm(self.embed(tokens), state)
        return self.norm(out[-1])


class CaptureTests(unittest.TestCase):
    def setUp(self):
        torch.manual_seed(0)
        self.directory = tempfile.TemporaryDirectory()
        self.path = os.path.join(self.directory.name, "cap.safetensors")

    def tearDown(self):
        self.directory.cleanup()

    def modules(self):
        return json.loads(read_safetensors(self.path)[1]["rnnscope.modules"])

    def test_the_whole_state_dict_the_module_input_and_its_state_round_trip(self):
        model = Stack().eval()
        tokens = torch.randint(0, 10, (5, 3))
        state = (torch.randn(2, 3, 2), torch.randn(2, 3, 3))
        result = capture(model, tokens, state, path=self.path)
        self.assertTrue(torch.equal(result, model(tokens, state)))
        tensors, metadata = read_safetensors(self.path)
        for name, tensor in model.state_dict().items():
            self.assertTrue(torch.equal(tensors[name], tensor), name)
        self.assertEqual(tensors["norm.num_batches_tracked"].dtype, torch.int64)
        self.assertTrue(torch.equal(tensors["capture.lstm.input"], model.embed(tokens)))
        self.assertTrue(torch.equal(tensors["capture.lstm.h0"], state[0]))
        self.assertTrue(torch.equal(tensors["capture.lstm.c0"], state[1]))
        self.assertTrue(torch.equal(tensors["capture.args.0"], tokens))
        self.assertEqual(metadata["rnnscope.format"], "capture/1")
        [entry] = self.modules()
        self.assertEqual({k: entry[k] for k in ("path", "prefix", "kind", "nonlinearity", "proj_size", "num_layers", "dropout",
                                                "input_size", "hidden_size", "training", "packed", "calls")},
                         {"path": "lstm", "prefix": "lstm.", "kind": "LSTM", "nonlinearity": None, "proj_size": 2,
                          "num_layers": 2, "dropout": 0.25, "input_size": 4, "hidden_size": 3, "training": False,
                          "packed": False, "calls": 1})
        if load_file is not None:  # the safetensors package reads the file as the helper wrote it
            for name, tensor in load_file(self.path).items():
                self.assertTrue(torch.equal(tensor, tensors[name]), name)

    def test_the_mode_is_the_users_and_hooks_are_removed(self):
        model = Stack().train()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            capture(model, torch.randint(0, 10, (4, 2)), path=self.path)
        self.assertTrue(model.training and self.modules()[0]["training"])
        self.assertTrue(any("masks are not recorded" in str(w.message) for w in caught))
        self.assertFalse(model.lstm._forward_pre_hooks)
        self.assertNotIn("capture.lstm.h0", read_safetensors(self.path)[0])

    def test_the_model_itself_called_with_keywords(self):
        rnn = nn.RNN(2, 3, nonlinearity="relu", batch_first=True)
        x, h0 = torch.randn(4, 6, 2), torch.randn(1, 4, 3)
        capture(rnn, input=x, hx=h0, path=self.path)
        tensors, _ = read_safetensors(self.path)
        self.assertTrue(torch.equal(tensors["capture.input"], x) and torch.equal(tensors["capture.h0"], h0))
        self.assertTrue(torch.equal(tensors["capture.kwargs.input"], x))
        [entry] = self.modules()
        self.assertEqual((entry["path"], entry["prefix"], entry["nonlinearity"], entry["batch_first"]), ("", "", "relu", True))

    def test_a_packed_sequence_is_padded_data_and_lengths_in_batch_order(self):
        gru = nn.GRU(2, 3, batch_first=True)
        x, lengths = torch.randn(3, 4, 2), torch.tensor([2, 4, 1])
        for n, length in enumerate(lengths.tolist()):
            x[n, length:] = 0
        capture(gru, pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False), path=self.path)
        tensors, _ = read_safetensors(self.path)
        self.assertTrue(torch.equal(tensors["capture.input"], x))
        self.assertTrue(torch.equal(tensors["capture.lengths"], lengths))
        self.assertTrue(self.modules()[0]["packed"])

    def test_a_module_run_twice_keeps_its_first_call(self):
        class Twice(nn.Module):
            def __init__(self):
                super().__init__()
                self.cell = nn.GRU(2, 2)

            def forward(self, x):
                return self.cell(self.cell(x)[0])[0]

        x = torch.randn(3, 1, 2)
        with warnings.catch_warnings(record=True):
            warnings.simplefilter("always")
            capture(Twice(), x, path=self.path)
        self.assertEqual(self.modules()[0]["calls"], 2)
        self.assertTrue(torch.equal(read_safetensors(self.path)[0]["capture.cell.input"], x))

    def test_a_model_without_recurrent_modules_is_refused(self):
        with self.assertRaisesRegex(ValueError, "holds no nn.RNN"):
            capture(nn.Linear(2, 2), torch.randn(1, 2), path=self.path)
        self.assertFalse(os.path.exists(self.path))

    def test_the_writer_lays_the_file_out_as_safetensors_does(self):
        write_safetensors({"a": torch.arange(3.0), "b": torch.zeros(0, 2), "c": torch.tensor([True, False])}, self.path,
                          {"k": "v"})
        with open(self.path, "rb") as file:
            data = file.read()
        length = int.from_bytes(data[:8], "little")
        self.assertEqual(length % 8, 0)
        header = json.loads(data[8:8 + length])
        self.assertEqual(header["a"], {"dtype": "F32", "shape": [3], "data_offsets": [0, 12]})
        self.assertEqual(header["b"]["data_offsets"], [12, 12])
        self.assertEqual(header["c"], {"dtype": "BOOL", "shape": [2], "data_offsets": [12, 14]})
        self.assertEqual(len(data), 8 + length + 14)
        self.assertEqual(header["__metadata__"], {"k": "v"})


if __name__ == "__main__":
    unittest.main()
