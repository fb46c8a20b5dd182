import Foundation
import Recurrent
import RecurrentIO
import Testing

/// Paths of the files `scripts/make_fixtures.py` wrote with PyTorch and numpy.
enum IOFixtures {
    static let directory = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    static func bytes(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: directory.appendingPathComponent(name))) }

    /// `output` and `h_n` of an `*_expected.safetensors` file.
    static func expected(_ name: String) throws -> (output: Tensor, hN: Tensor) {
        let tensors = try loadStateDict(path: path(name))
        return (try #require(tensors["output"]), try #require(tensors["h_n"]))
    }

    /// Loads the state dict `weights`, runs its RNN over `input` and compares `output` and `h_n` with
    /// PyTorch's (`expected`); returns the model for more checks.
    @discardableResult
    static func expectForwardMatchesPyTorch(weights: String, input: String, expected: String, batchFirst: Bool,
                                            sourceLocation: SourceLocation = #_sourceLocation) throws -> RNN {
        let rnn = try modelFromStateDict(try loadStateDict(path: path(weights)), prefix: nil,
                                         nonlinearity: nil, batchFirst: batchFirst, source: weights)
        let (output, hN, _) = try rnn.forward(try loadSequence(path: path(input)))
        let want = try Self.expected(expected)
        expectClose(output, want.output, sourceLocation: sourceLocation)
        expectClose(hN, want.hN, sourceLocation: sourceLocation)
        return rnn
    }

    /// A fresh scratch directory for files a test writes.
    static func scratchDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rnnscope-io-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// Same shape and every value within `tolerance` (float32 kernels round differently from PyTorch's).
func expectClose(_ actual: Tensor, _ expected: Tensor, tolerance: Float = 2e-6,
                 sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.shape == expected.shape, sourceLocation: sourceLocation)
    guard actual.shape == expected.shape else { return }
    let worst = zip(actual.data, expected.data).map { abs($0 - $1) }.max() ?? 0
    #expect(worst <= tolerance, "largest difference \(worst)", sourceLocation: sourceLocation)
}
