import Foundation
import Recurrent

/// A tensor as the fixture script writes it: shape plus C-order values.
struct FixtureTensor: Decodable {
    let shape: [Int]
    let data: [Double]
    var tensor: Tensor { Tensor(shape: shape, data: data.map(Float.init)) }
}

/// `nn.RNN` constructor arguments as the fixture script records them (values may be invalid).
struct FixtureConfig: Decodable {
    let input_size: Int
    let hidden_size: Int
    let num_layers: Int
    let nonlinearity: String
    let bias: Bool
    let batch_first: Bool
    let dropout: Double
    let bidirectional: Bool

    func make() throws -> RNNConfig {
        try RNNConfig(inputSize: input_size, hiddenSize: hidden_size, numLayers: num_layers,
                      nonlinearity: nonlinearity, bias: bias, batchFirst: batch_first,
                      dropout: dropout, bidirectional: bidirectional)
    }
}

/// One configuration run through PyTorch: weights, input, h0 and what PyTorch returned.
struct ForwardFixture: Decodable, CustomTestStringConvertibleName {
    struct Parameter: Decodable {
        let name: String
        let shape: [Int]
        let data: [Double]
    }
    let name: String
    let config: FixtureConfig
    let repr: String
    let parameters: [Parameter]
    let input: FixtureTensor
    let h0: FixtureTensor?
    let output: FixtureTensor
    let h_n: FixtureTensor

    var stateDict: [String: Tensor] { parameters.stateDict }
    func model() throws -> RNN { try RNN(config: config.make(), stateDict: stateDict) }
    var testName: String { name }
}

extension [ForwardFixture.Parameter] {
    /// The parameters by name, as `RNN(config:stateDict:)` takes them.
    var stateDict: [String: Tensor] {
        Dictionary(uniqueKeysWithValues: map { ($0.name, Tensor(shape: $0.shape, data: $0.data.map(Float.init))) })
    }
}

/// A mistake PyTorch rejects (or warns about), with PyTorch's own message.
struct ErrorFixture: Decodable, CustomTestStringConvertibleName {
    let name: String
    let kind: String
    let config: FixtureConfig
    let input_shape: [Int]?
    let h0_shape: [Int]?
    let message: String?
    let exception: String?
    let warning: String?
    var testName: String { name }
}

/// A square matrix with numpy's float64 spectral radius and largest singular value of its float32 values.
struct DynamicsFixture: Decodable, CustomTestStringConvertibleName {
    let name: String
    let matrix: FixtureTensor
    let spectral_radius: Double
    let largest_singular_value: Double
    var testName: String { name }
}

/// A model, its input and, for a few selected units, torch.autograd's ‖∂h_t*[u]/∂h_t‖ and
/// ‖∂h_t*[u]/∂x_t‖ over t (null after t* in the cell's order).
struct InfluenceFixture: Decodable, CustomTestStringConvertibleName {
    struct Selection: Decodable {
        let batch_index: Int, layer: Int, direction: Int, unit: Int, t: Int
        let state: [Double?]
        let input: [Double?]
    }
    let name: String
    let config: FixtureConfig
    let parameters: [ForwardFixture.Parameter]
    let input: FixtureTensor
    let h0: FixtureTensor?
    let selections: [Selection]

    func model() throws -> RNN { try RNN(config: config.make(), stateDict: parameters.stateDict) }
    var testName: String { name }
}

protocol CustomTestStringConvertibleName { var testName: String { get } }

enum Fixtures {
    static let root = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!

    static func forward() -> [ForwardFixture] {
        let folder = root.appendingPathComponent("forward")
        let files = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? []
        return files.filter { $0.pathExtension == "json" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
            .map { try! JSONDecoder().decode(ForwardFixture.self, from: Data(contentsOf: $0)) }
    }

    static func forward(named name: String) -> ForwardFixture {
        forward().first { $0.name == name }!
    }

    static func dynamics() -> [DynamicsFixture] {
        struct File: Decodable { let cases: [DynamicsFixture] }
        let url = root.appendingPathComponent("dynamics.json")
        return try! JSONDecoder().decode(File.self, from: Data(contentsOf: url)).cases
    }

    static func influence() -> [InfluenceFixture] {
        struct File: Decodable { let cases: [InfluenceFixture] }
        let url = root.appendingPathComponent("influence.json")
        return try! JSONDecoder().decode(File.self, from: Data(contentsOf: url)).cases
    }

    static func errors() -> [ErrorFixture] {
        let url = root.appendingPathComponent("errors.json")
        return try! JSONDecoder().decode([ErrorFixture].self, from: Data(contentsOf: url))
    }
}

/// The largest absolute difference between two equally long arrays (∞ when the lengths differ).
func maxAbsDifference(_ a: [Float], _ b: [Float]) -> Float {
    guard a.count == b.count else { return .infinity }
    return zip(a, b).map { abs($0 - $1) }.max() ?? 0
}
