import Foundation
import Recurrent
import RecurrentIO
import Testing

/// `--example chars` and `chars-rnn`: scripts/train_chars.py's models on their captured passage,
/// opened on the unit the script reports, whose correlation the engine's own run reproduces.
@Suite struct CharsExampleTests {
    static let examples = ViewCommandOptionTests.repository.appendingPathComponent("examples")

    struct Report: Decodable {
        struct Unit: Decodable {
            var feature: String, series: String, unit: Int, r: Double, r_on_passage: Double
        }
        struct Model: Decodable { var module: String; var units: [Unit]; var opens_on: Unit }
        var models: [String: Model]
        var passage: [String: Int]
    }

    static let report = try! JSONDecoder().decode(Report.self, from: Data(contentsOf: examples.appendingPathComponent("chars_units.json")))

    @Test(arguments: [("chars", "lstm"), ("chars-rnn", "rnn")])
    func opensOnTheReportedUnitsTextView(example: String, kind: String) throws {
        let model = try #require(Self.report.models[kind])
        let result = try CommandRunner().run(["render", "--example", example, "--color", "never", "--width", "120", "--height", "40"])
        #expect(result.status == 0, "\(result.stderr)")
        let repr = model.module.replacingOccurrences(of: "nn.", with: "")
        #expect(result.stdout.contains(repr), "\(result.stdout)")
        #expect(result.stdout.contains("T=\(Self.report.passage["length"]!)"))
        #expect(result.stdout.contains(" text "))
        #expect(result.stdout.contains("\(model.opens_on.series)_t[\(model.opens_on.unit)] of layer 0 forward on ±"), "\(result.stdout)")
        // The tokens are the passage's characters, newlines shown and ending their lines.
        let text = try String(contentsOf: Self.examples.appendingPathComponent("chars/devils_dictionary.txt"), encoding: .ascii)
        let start = text.index(text.startIndex, offsetBy: Self.report.passage["start"]!)
        let firstLine = text[start...].prefix { $0 != "\n" }
        #expect(result.stdout.contains(" " + firstLine + "⏎"))
        // --unit and --body still choose otherwise.
        let panes = try CommandRunner().run(["render", "--example", example, "--color", "never", "--body", "panes", "--unit", "3"])
        #expect(panes.status == 0 && !panes.stdout.contains("its own range") && panes.stdout.contains("unit 3"))
    }

    @Test func refusesTheFlagsItAnswers() throws {
        let result = try CommandRunner().run(["render", "--example", "chars", "--tokens", "t.txt"])
        #expect(result.status == 64 && result.stderr.contains("--example chars brings its own model, input and tokens; leave out --tokens"))
        let model = try CommandRunner().run(["render", "--example", "chars-rnn", "--cell", "lstm", "--seq-len", "4"])
        #expect(model.status == 64 && model.stderr == "rnnscope: --example chars-rnn brings its own model, input and tokens; leave out --cell, --seq-len\n")
    }

    /// Every unit the report names: the engine's run of the capture gives the correlation with the
    /// feature that the script computed from PyTorch's states over the same passage.
    @Test(arguments: ["lstm", "rnn"])
    func theReportedCorrelationsAreTheEnginesOwn(kind: String) throws {
        let model = try #require(Self.report.models[kind])
        let capture = try CaptureFile(path: Self.examples.appendingPathComponent("chars_\(kind).safetensors").path)
        let module = try #require(capture.modules.first)
        let trace = try module.rnn(source: "capture").trace(module.input, h0: module.h0, c0: module.c0)
        let vocab = try JSONDecoder().decode([String].self, from: Data(contentsOf: Self.examples.appendingPathComponent("chars_vocab.json")))
        let ids = try #require(capture.arguments.values.first { $0.shape == [1, trace.seqLen] })
        let characters = ids.data.map { vocab[Int($0)] }
        let features = Self.features(characters)
        for unit in model.units {
            let values = (0..<trace.seqLen).map { Double(trace.series(unit.series, cell: CellIndex(layer: 0, direction: 0), t: $0, n: 0)[unit.unit]) }
            let r = Self.pearson(values, try #require(features[unit.feature]))
            #expect(abs(r - unit.r_on_passage) < 1e-3, "\(unit.feature): \(r) vs \(unit.r_on_passage)")
        }
    }

    /// scripts/train_chars.py's `features`: what the text read through each character says.
    static func features(_ text: [String]) -> [String: [Double]] {
        var out: [String: [Double]] = [:]
        var (quote, italics, depth, column, indented) = (false, false, 0, 0, false)
        for ch in text {
            if ch == "\"" { quote.toggle() }
            if ch == "_" { italics.toggle() }
            if "([{".contains(ch) { depth += 1 }
            if ")]}".contains(ch) { depth = max(0, depth - 1) }
            if ch == "\n" { (column, indented) = (0, false) } else {
                column += 1
                if column == 1 { indented = ch == " " }
            }
            let row: [(String, Bool)] = [("inside quotes", quote || ch == "\""), ("inside brackets", depth > 0 || ")]}".contains(ch)),
                                         ("inside _italics_", italics || ch == "_"), ("after a space", ch == " "),
                                         ("in an indented line", indented)]
            for (name, on) in row { out[name, default: []].append(on ? 1 : 0) }
            out["position in line", default: []].append(Double(column))
        }
        return out
    }

    static func pearson(_ a: [Double], _ b: [Double]) -> Double {
        let (ma, mb) = (a.reduce(0, +) / Double(a.count), b.reduce(0, +) / Double(b.count))
        let cov = zip(a, b).reduce(0) { $0 + ($1.0 - ma) * ($1.1 - mb) }
        let va = a.reduce(0) { $0 + ($1 - ma) * ($1 - ma) }, vb = b.reduce(0) { $0 + ($1 - mb) * ($1 - mb) }
        return va > 0 && vb > 0 ? cov / (va * vb).squareRoot() : 0
    }
}
