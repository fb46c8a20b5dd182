import Foundation
import Recurrent

/// `nn.LSTM` / `nn.GRU` constructor arguments as `scripts/make_gated_fixtures.py` records them.
struct GatedFixtureConfig: Decodable {
    let mode: String
    let input_size: Int
    let hidden_size: Int
    let num_layers: Int
    let bias: Bool
    let batch_first: Bool
    let dropout: Double
    let bidirectional: Bool
    let proj_size: Int

    var kind: CellKind { mode == "LSTM" ? .lstm : .gru }

    func make() throws -> RNNConfig {
        try RNNConfig(kind: kind, inputSize: input_size, hiddenSize: hidden_size, numLayers: num_layers,
                      bias: bias, batchFirst: batch_first, dropout: dropout, bidirectional: bidirectional,
                      projSize: proj_size)
    }
}

/// One LSTM or GRU run through PyTorch: weights, input, states, what PyTorch returned, and each
/// cell's per-step series (`steps["l0_reverse"]["f"]` is `(T, N, H)` time-major, from the script's
/// float64 recomputation, checked there against PyTorch's output).
struct GatedForwardFixture: Decodable, CustomTestStringConvertibleName {
    let name: String
    let config: GatedFixtureConfig
    let repr: String
    let parameters: [ForwardFixture.Parameter]
    let input: FixtureTensor
    let h0: FixtureTensor?
    let c0: FixtureTensor?
    let output: FixtureTensor
    let h_n: FixtureTensor
    let c_n: FixtureTensor?
    let steps: [String: [String: FixtureTensor]]

    func model() throws -> RNN { try RNN(config: config.make(), stateDict: parameters.stateDict) }
    var testName: String { name }
}

/// A mistake PyTorch rejects (or warns about) for LSTM/GRU, or a construction whose repr matters.
struct GatedErrorFixture: Decodable, CustomTestStringConvertibleName {
    let name: String
    let kind: String
    let config: GatedFixtureConfig
    let proj_size_passed: Bool
    let input_shape: [Int]?
    let h0_shape: [Int]?
    let c0_shape: [Int]?
    let message: String?
    let exception: String?
    let warning: String?
    let repr: String?
    var testName: String { name }
}

extension Fixtures {
    static func gated() -> [GatedForwardFixture] {
        let folder = root.appendingPathComponent("gated")
        let files = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? []
        return files.filter { $0.pathExtension == "json" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
            .map { try! JSONDecoder().decode(GatedForwardFixture.self, from: Data(contentsOf: $0)) }
    }

    static func gated(named name: String) -> GatedForwardFixture { gated().first { $0.name == name }! }

    static func gatedErrors() -> [GatedErrorFixture] {
        let url = root.appendingPathComponent("gated_errors.json")
        return try! JSONDecoder().decode([GatedErrorFixture].self, from: Data(contentsOf: url))
    }
}
