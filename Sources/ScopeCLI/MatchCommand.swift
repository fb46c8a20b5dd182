import ArgumentParser
import Foundation
import Recurrent
import ScopeUI

/// `rnnscope match`: LSTMVis's select-and-match, headless — the units on over a span, and the other
/// places (in this sequence and the other batch elements) where they are on together.
struct MatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Units on (≥ θ) over a span A:B and off just before it; every other place they are on together, ranked.")

    @OptionGroup var options: ViewOptions

    @Option(help: "The span of timesteps, A:B (A included, B not, as a Python slice).")
    var span: String

    @Option(help: "θ: a unit is on at h ≥ θ (LSTMVis's default 0.3).")
    var threshold: Float = 0.3

    @Option(parsing: .unconditional, help: "The layer (default: the last).")
    var layer: Int?

    @Option(help: "forward or reverse.")
    var direction: String = "forward"

    @Flag(help: "One JSON line: {\"units\": [...], \"matches\": [{\"batch\", \"start\", \"end\", \"score\"}, ...]}.")
    var json = false

    func run() throws {
        let state = try options.makeModel()
        let config = state.config
        let parts = span.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let start = Int(parts[0]), let end = Int(parts[1]) else {
            throw ValidationError("--span is A:B (steps A up to, not including, B), e.g. 3:7")
        }
        let seqLen = state.trace.seqLen
        guard start >= 0, start < end, end <= seqLen else { throw ValidationError("--span \(span) must lie in 0:\(seqLen) with A < B (T=\(seqLen))") }
        let layer = self.layer ?? config.numLayers - 1
        guard (0..<config.numLayers).contains(layer) else { throw ValidationError("--layer must be in 0..<\(config.numLayers)") }
        guard let d = ["forward": 0, "reverse": 1][direction], d < config.numDirections else {
            throw ValidationError(config.bidirectional ? "--direction is forward or reverse" : "--direction is forward (the model has one direction)")
        }
        let whole = try state.rnn.trace(state.input, h0: state.h0, c0: state.c0)
        let cell = CellIndex(layer: layer, direction: d)
        let selection = whole.selectUnits(cell: cell, n: state.batchIndex, start: start, end: end, threshold: threshold)
        let matches = whole.matches(of: selection, excludingBatch: state.batchIndex)
        if json {
            let list = matches.map { "{\"batch\":\($0.batch),\"start\":\($0.start),\"end\":\($0.end),\"score\":\($0.score)}" }
            try writeLine("{\"units\":[\(selection.units.map(String.init).joined(separator: ","))],\"matches\":[\(list.joined(separator: ","))]}")
            return
        }
        let before = start > 0 ? " and < \(threshold) at t=\(start - 1)" : ""
        let which = selection.units.count == 1 ? "unit \(selection.units[0]) is" : selection.units.isEmpty ? "no unit is"
            : "units " + selection.units.map(String.init).joined(separator: ", ") + " are"
        try writeLine("\(cell.title): \(which) ≥ \(threshold) over t=\(start)..<\(end) of batch element \(state.batchIndex)\(before)")
        guard !selection.units.isEmpty else { return }
        try writeLine(matches.isEmpty ? "no other place has them on together" : " rank  batch  t             score")
        for (rank, match) in matches.enumerated() {
            try writeLine(String(rank + 1).leftPadded(5) + String(match.batch).leftPadded(7) + "  "
                          + "\(match.start)..<\(match.end)".padding(toLength: 12, withPad: " ", startingAt: 0)
                          + String(format: "%8.3f", match.score))
        }
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
