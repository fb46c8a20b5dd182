import Recurrent
import RecurrentIO
import Testing

/// `.npy` and CSV sequences numpy wrote, read and run through models PyTorch saved.
struct SequenceFileTests {
    static let arange = (0..<24).map { (Float($0) - 12) / 8 }

    @Test(arguments: ["c_order_f32.npy", "c_order_f64.npy", "fortran_f32.npy"])
    func npyLayoutsReadAsTheSameCOrderArray(file: String) throws {
        let tensor = try loadSequence(path: IOFixtures.path(file))
        #expect(tensor == Tensor(shape: [4, 3, 2], data: Self.arange))
    }

    @Test(arguments: [("c_order_f32.npy", "arange_expected.safetensors"),
                      ("fortran_f32.npy", "arange_expected.safetensors"),
                      ("batch_first.npy", "batch_first_expected.safetensors"),
                      ("unbatched.npy", "unbatched_expected.safetensors")])
    func smallModelMatchesPyTorch(input: String, expected: String) throws {
        let rnn = try modelFromStateDict(try loadStateDict(path: IOFixtures.path("small.safetensors")), prefix: nil,
                                         nonlinearity: "tanh", batchFirst: true, source: "small")
        let (output, hN, _) = try rnn.forward(try loadSequence(path: IOFixtures.path(input)))
        let want = try IOFixtures.expected(expected)
        expectClose(output, want.output)
        expectClose(hN, want.hN)
    }

    @Test func sineCSVGivesTheSameRunAsTheNpy() throws {
        let csv = try loadSequence(path: IOFixtures.path("sine.csv"))
        let npy = try loadSequence(path: IOFixtures.path("seed_sine_input.npy"))
        #expect(csv.shape == [20, 1])
        #expect(csv.data == npy.data)
        let rnn = try modelFromStateDict(try loadStateDict(path: IOFixtures.path("seed_sine.safetensors")), prefix: nil,
                                         nonlinearity: "tanh", batchFirst: true, source: "sine")
        let (output, hN, _) = try rnn.forward(csv)
        let want = try IOFixtures.expected("seed_sine_expected.safetensors")
        expectClose(output, want.output.reshaped([20, 10]))
        expectClose(hN, want.hN.reshaped([2, 10]))
    }

    @Test func csvHeaderIsOptional() throws {
        let named = try CSVFormat.parse(try IOFixtures.bytes("two_features.csv"), source: "t")
        #expect(named.columnNames == ["a", "b"])
        #expect(named.array.shape == [10, 2])
        #expect(Array(named.array.values.prefix(2)) == [0.37966898, -1.8875993])
        let plain = try CSVFormat.parse(try IOFixtures.bytes("noheader.csv"), source: "n")
        #expect(plain.columnNames == [])
        #expect(plain.array.shape == [6, 3])
        #expect(Array(plain.array.values.prefix(3)) == [-0.5111504, -0.11829362, 0.21311402])
    }

    @Test func csvToleratesCRLFSpacesAndTrailingBlankLines() throws {
        let table = try CSVFormat.parse(Array("x, y\r\n1, 2.5\r\n-3e2 ,4\r\n\r\n\n".utf8), source: "c")
        #expect(table.columnNames == ["x", "y"])
        #expect(table.array == FloatArray(shape: [2, 2], values: [1, 2.5, -300, 4]))
    }

    @Test func npyWrittenReadsBackAndMatchesNumpysLayout() throws {
        let tensor = Tensor(shape: [4, 3, 2], data: Self.arange)
        let path = try IOFixtures.scratchDirectory().appendingPathComponent("x.npy").path
        try saveNpy(tensor, path: path)
        #expect(try loadSequence(path: path) == tensor)
        // numpy's own file for the same float32 C-order array has the same bytes.
        #expect(try IOFixtures.bytes("c_order_f32.npy") == NpyFormat.encode(FloatArray(tensor)))
    }

    // MARK: Sequences in PyTorch's and numpy's multi-array files

    static func torchFixture(_ name: String) -> String { IOFixtures.path("torch/" + name) }

    /// `torch.save(x)`, a dict in `.pt`/`.safetensors`, and `np.savez` all give the `.npy`'s array,
    /// picked by `FILE:NAME` when the file holds several.
    @Test(arguments: ["sequence.pt", "sequence.pt:tensor", "sequence_dict.pt:input", "sequence.safetensors:input",
                      "sequence.npz:input"])
    func multiArrayFilesGiveTheSameSequence(path: String) throws {
        let reference = try loadSequence(path: Self.torchFixture("sequence.npy"))
        let got = try loadSequence(path: Self.torchFixture(path))
        #expect(got.shape == reference.shape && got.data.map(\.bitPattern) == reference.data.map(\.bitPattern))
    }

    @Test(arguments: ["sequence_dict.pt:h0", "sequence.safetensors:h0", "sequence.npz:h0"])
    func h0ComesOutOfTheSameFile(path: String) throws {
        #expect(try loadSequence(path: Self.torchFixture(path)) == loadSequence(path: Self.torchFixture("sequence_h0.npy")))
    }

    @Test func aFileOfSeveralArraysNeedsANameAndSaysWhichItHas() throws {
        let file = Self.torchFixture("sequence_dict.pt")
        #expect(throws: FileError(file, "holds 2 arrays ('input', 'h0'): choose one as \(file):NAME")) { try loadSequence(path: file) }
        #expect(throws: FileError(file, "no array named 'x' (it holds 'input', 'h0')")) { try loadSequence(path: file + ":x") }
        let npy = Self.torchFixture("sequence.npy")
        #expect(throws: FileError(npy, "holds one array: there is no array named 'x' to choose")) { try loadSequence(path: npy + ":x") }
        let compressed = Self.torchFixture("sequence_compressed.npz")
        #expect(throws: FileError(compressed, "'input.npy' is compressed (np.savez_compressed); save it with np.savez, or as .npy")) {
            try loadSequence(path: compressed)
        }
        #expect(sequenceFilePath(file + ":h0") == file && sequenceFilePath(npy) == npy)
    }
}
