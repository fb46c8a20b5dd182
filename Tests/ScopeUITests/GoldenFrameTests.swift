import Recurrent
import Foundation
import Testing
@testable import ScopeUI

/// Whole frames — text and 256-colour ANSI — compared with golden files under `Golden/`.
/// A missing golden is written by the test (which then fails once): review it by eye and commit it.
@Suite struct GoldenFrameTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    /// The named frames: seed example at several cursors and topologies and sizes.
    static let cases: [(name: String, actions: [Action], width: Int, height: Int, depth: ColorDepth)] = [
        ("seed-t0-80x24", [], 80, 24, .x256),
        ("seed-t5-80x24", [.step(5)], 80, 24, .x256),
        ("seed-t19-bidirectional-80x24", [.jumpToEnd, .toggleBidirectional], 80, 24, .x256),
        ("seed-t5-3layers-bidirectional-relu-200x60", [.step(5), .toggleBidirectional, .addLayer, .toggleNonlinearity], 200, 60, .x256),
        ("seed-t5-nocolor-80x24", [.step(5)], 80, 24, .none),
        ("seed-help-100x30", [.step(5), .toggleHelp], 100, 30, .x256),
        ("seed-help-labels-100x30", [.step(5), .toggleHelp, .step(1)], 100, 30, .none),
        ("seed-help-keys-and-labels-200x50", [.toggleHelp], 200, 50, .none),
        ("seed-help-80x24", [.toggleHelp], 80, 24, .none),
        ("too-small-60x20", [], 60, 20, .x256),
        ("seed-exec-step27-80x24", [.toggleExecutionOrder, .step(27)], 80, 24, .x256),
        ("seed-exec-bidirectional-step33-100x30", [.toggleBidirectional, .toggleExecutionOrder, .step(33)], 100, 30, .x256),
        ("seed-exec-bidirectional-step33-nocolor-100x30", [.toggleBidirectional, .toggleExecutionOrder, .step(33)], 100, 30, .none),
        ("seed-timeline-t5-80x24", [.step(5), .toggleTimeline], 80, 24, .x256),
        ("seed-timeline-relu-nocolor-80x24", [.step(5), .toggleNonlinearity, .toggleTimeline], 80, 24, .none),
        ("seed-inspector-t5-unit3-80x24", [.step(5), .selectUnit(3), .toggleInspector], 80, 24, .x256),
        ("seed-inspector-t5-unit3-nocolor-100x30", [.step(5), .selectUnit(3), .toggleInspector], 100, 30, .none),
        ("seed-output-highlight-bidirectional-100x30", [.toggleBidirectional, .toggleOutputHighlight], 100, 30, .x256),
        ("seed-output-highlight-bidirectional-nocolor-100x30", [.toggleBidirectional, .toggleOutputHighlight], 100, 30, .none),
        // LSTM and GRU (m: RNN → LSTM → GRU) over the same sizes and input
        ("lstm-t5-80x24", [.cycleCellKind, .step(5)], 80, 24, .x256),
        ("lstm-t5-nocolor-120x40", [.cycleCellKind, .step(5)], 120, 40, .none),
        ("lstm-t5-bidirectional-160x50", [.cycleCellKind, .toggleBidirectional, .step(5)], 160, 50, .x256),
        ("lstm-timeline-forget-gate-100x30", [.cycleCellKind, .step(5), .toggleTimeline, .cycleTimelineSeries, .cycleTimelineSeries,
                                              .cycleTimelineSeries], 100, 30, .x256),
        ("lstm-inspector-t5-unit3-nocolor-100x30", [.cycleCellKind, .step(5), .selectUnit(3), .toggleInspector], 100, 30, .none),
        ("gru-t5-80x24", [.cycleCellKind, .cycleCellKind, .step(5)], 80, 24, .x256),
        ("gru-t5-nocolor-120x40", [.cycleCellKind, .cycleCellKind, .step(5)], 120, 40, .none),
        ("gru-exec-step27-100x30", [.cycleCellKind, .cycleCellKind, .toggleExecutionOrder, .step(27)], 100, 30, .x256),
    ]

    /// The tour: every stop at 80×24 and 120×40, in English and Korean (text: the layout is the point).
    @Test(arguments: Array(1...TourState.stops))
    func tourStopMatchesGolden(stop: Int) throws {
        for language in TourLanguage.allCases {
            for (width, height) in [(80, 24), (120, 40)] {
                let frame = renderFrame(ScreenState.tour(stop: stop, language: language), width: width, height: height, depth: .none)
                try compare(frame.text + "\n", file: "tour-\(stop)-\(language.rawValue)-\(width)x\(height).txt")
            }
        }
    }

    /// Two runs compared: Δ = B − A of another seed, and an input edited on screen (bidirectional:
    /// the reverse direction changes before the edited step), with and without colour.
    @Test func comparisonMatchesGolden() throws {
        var seeded = update(ScreenState.seedExample(), .step(5))
        try seeded.compare(with: .seed(3))
        try compare(renderFrame(seeded, width: 100, height: 30, depth: .x256).ansi(depth: .x256) + "\n", file: "compare-seed3-delta-t5-100x30.ansi")
        try compare(renderFrame(seeded, width: 100, height: 30, depth: .none).text + "\n", file: "compare-seed3-delta-t5-nocolor-100x30.txt")
        let edited = [Action.toggleBidirectional, .step(10), .editInput(.nudge(1)), .editInput(.nudge(1))].reduce(ScreenState.seedExample(), update)
        try compare(renderFrame(edited, width: 100, height: 30, depth: .none).text + "\n", file: "edit-t10-bidirectional-nocolor-100x30.txt")
    }

    /// The text view: word tokens coloured by a unit's h_t, with and without colour.
    @Test func textViewMatchesGolden() throws {
        let config = try RNNConfig(inputSize: 3, hiddenSize: 8)
        var state = try ScreenState(rnn: RNN(config: config, seed: 0), seed: 0, input: Tensor.standardNormal([12, 3], seed: 5))
        state.tokens = ["the", "cat", "sat", "on", "the", "mat", "and", "the", "dog", "sat", "too", "."]
        state = update(update(update(state, .step(4)), .selectUnit(2)), .toggleTextView)
        try compare(renderFrame(state, width: 80, height: 24, depth: .x256).ansi(depth: .x256) + "\n", file: "text-view-unit2-80x24.ansi")
        try compare(renderFrame(state, width: 80, height: 24, depth: .none).text + "\n", file: "text-view-unit2-nocolor-80x24.txt")
    }

    @Test(arguments: cases.indices)
    func frameMatchesGolden(index: Int) throws {
        let c = GoldenFrameTests.cases[index]
        let model = c.actions.reduce(ScreenState.seedExample(), update)
        let frame = renderFrame(model, width: c.width, height: c.height, depth: c.depth)
        try compare(frame.text + "\n", file: c.name + ".txt")
        if c.depth != .none { try compare(frame.ansi(depth: c.depth) + "\n", file: c.name + ".ansi") }
    }

    func compare(_ actual: String, file: String) throws {
        let url = GoldenFrameTests.directory.appendingPathComponent(file)
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            try FileManager.default.createDirectory(at: GoldenFrameTests.directory, withIntermediateDirectories: true)
            try actual.write(to: url, atomically: true, encoding: .utf8)
            Issue.record("wrote missing golden \(file): review it and run again")
            return
        }
        #expect(actual == expected, "\(file) differs from its golden")
    }
}
