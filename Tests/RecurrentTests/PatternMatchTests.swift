import Foundation
import Testing
import Recurrent

/// Select-and-match against a plain reference over PyTorch's own states
/// (`scripts/make_match_fixtures.py`): the same units, the same runs in the same order, the same scores.
@Suite struct PatternMatchTests {
    struct Fixture: Decodable {
        struct Query: Decodable {
            struct Match: Decodable { let batch: Int, start: Int, end: Int; let score: Double }
            let batch: Int, start: Int, end: Int; let threshold: Double; let units: [Int]; let matches: [Match]
        }
        let mode: String
        let parameters: [ForwardFixture.Parameter]
        let input: FixtureTensor
        let queries: [Query]
    }
    static let cases: [Fixture] = {
        struct File: Decodable { let cases: [Fixture] }
        return try! JSONDecoder().decode(File.self, from: Data(contentsOf: Fixtures.root.appendingPathComponent("match.json"))).cases
    }()

    @Test(arguments: cases.map(\.mode))
    func unitsAndMatchesAreTheReferences(mode: String) throws {
        let fixture = Self.cases.first { $0.mode == mode }!
        let kind: CellKind = mode == "LSTM" ? .lstm : mode == "GRU" ? .gru : .rnn
        let rnn = try RNN(config: RNNConfig(kind: kind, inputSize: 3, hiddenSize: 8), stateDict: fixture.parameters.stateDict)
        let trace = try rnn.trace(fixture.input.tensor)
        #expect(fixture.queries.contains { !$0.units.isEmpty && !$0.matches.isEmpty })
        for query in fixture.queries {
            let selection = trace.selectUnits(cell: CellIndex(layer: 0, direction: 0), n: query.batch, start: query.start, end: query.end,
                                              threshold: Float(query.threshold))
            #expect(selection.units == query.units, "\(mode) \(query.start)..<\(query.end)")
            let found = trace.matches(of: selection, excludingBatch: query.batch)
            #expect(found.map { [$0.batch, $0.start, $0.end] } == query.matches.map { [$0.batch, $0.start, $0.end] }, "\(mode) \(query.start)")
            for (mine, theirs) in zip(found, query.matches) { #expect(abs(Double(mine.score) - theirs.score) < 1e-4) }
        }
    }
}
