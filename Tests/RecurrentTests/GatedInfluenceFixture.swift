import Foundation
import Recurrent

/// An `nn.LSTM` or `nn.GRU`, its input and states, and for a few selected units torch.autograd's
/// ‖∂h_t*[u]/∂h_t‖, ‖∂h_t*[u]/∂c_t‖ (LSTM) and ‖∂h_t*[u]/∂x_t‖ over t, null after t* in the
/// cell's order (`scripts/make_gated_influence_fixtures.py`, `gated_influence.json`).
struct GatedInfluenceFixture: Decodable, CustomTestStringConvertibleName {
    struct Selection: Decodable {
        let batch_index: Int, layer: Int, direction: Int, unit: Int, t: Int
        let state: [Double?]
        /// nil for a GRU.
        let cell_state: [Double?]?
        let input: [Double?]
    }
    let name: String
    let config: GatedFixtureConfig
    let repr: String
    let parameters: [ForwardFixture.Parameter]
    let input: FixtureTensor
    let h0: FixtureTensor
    let c0: FixtureTensor?
    let selections: [Selection]

    func model() throws -> RNN { try RNN(config: config.make(), stateDict: parameters.stateDict) }
    /// The whole run, every step kept.
    func trace() throws -> Trace { try model().trace(input.tensor, h0: h0.tensor, c0: c0?.tensor) }
    var testName: String { name }
}

extension Fixtures {
    static func gatedInfluence() -> [GatedInfluenceFixture] {
        struct File: Decodable { let cases: [GatedInfluenceFixture] }
        let url = root.appendingPathComponent("gated_influence.json")
        return try! JSONDecoder().decode(File.self, from: Data(contentsOf: url)).cases
    }
}
