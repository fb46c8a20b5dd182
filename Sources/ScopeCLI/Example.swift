import ArgumentParser
import Foundation
import RecurrentIO

/// `--example`: the model the visualizer opens on when no `--weights` are given.
enum Example: String, ExpressibleByArgument, CaseIterable {
    /// `RNN(1, 10, num_layers=2, batch_first=True)` with seeded random weights over a sine (the default).
    case seed
    /// The trained `RNN(1, 16, 2, batch_first=True)` of `scripts/train_sine.py` over its input:
    /// `--weights examples/sine.safetensors --prefix rnn. --input examples/sine_input.npy --batch-first`.
    case sine
    /// `scripts/train_chars.py`'s character-level `LSTM(32, 128, batch_first=True)` (behind an
    /// embedding) on a held-out passage of *The Devil's Dictionary*, captured as it ran: `--capture
    /// examples/chars_lstm.safetensors --vocab examples/chars_vocab.json`, opened on the text view
    /// of the unit the script found tracking something simple.
    case chars
    /// The LSTM's twin, a tanh `RNN(32, 128, batch_first=True)` trained the same way.
    case charsRNN = "chars-rnn"

    /// The trained example's files, relative to the repository.
    static let sineWeights = "examples/sine.safetensors", sineInput = "examples/sine_input.npy"
    static let charsVocab = "examples/chars_vocab.json", charsUnits = "examples/chars_units.json"

    /// A character example's capture, relative to the repository (nil for the others).
    var charsCapture: String? {
        switch self {
        case .chars: return "examples/chars_lstm.safetensors"
        case .charsRNN: return "examples/chars_rnn.safetensors"
        case .seed, .sine: return nil
        }
    }

    /// The files this example reads (relative to the repository).
    var files: [String] {
        switch self {
        case .seed: return []
        case .sine: return [Example.sineWeights, Example.sineInput]
        case .chars, .charsRNN: return [charsCapture!, Example.charsVocab, Example.charsUnits]
        }
    }

    /// The directory holding this example's `files`: the executable's repository (found by walking
    /// up from the executable, symlinks resolved) or else the current directory.
    func directory(executable: String = CommandLine.arguments[0],
                   current: String = FileManager.default.currentDirectoryPath) throws -> URL {
        let manager = FileManager.default
        var candidates: [URL] = []
        var directory = URL(fileURLWithPath: executable, relativeTo: URL(fileURLWithPath: current))
            .resolvingSymlinksInPath().deletingLastPathComponent()
        while directory.path != "/" {
            candidates.append(directory)
            directory.deleteLastPathComponent()
        }
        candidates.append(URL(fileURLWithPath: current))
        let found = candidates.first { dir in
            files.allSatisfy { manager.fileExists(atPath: dir.appendingPathComponent($0).path) }
        }
        guard let found else {
            // A data error: one line on stderr, exit 1.
            throw FileError(files[0], "not found (with \(files.dropFirst().joined(separator: ", "))) in rnnscope's repository "
                                + "or the current directory; --example \(rawValue) needs them, or use --weights and --input")
        }
        return found
    }
}

/// What `scripts/train_chars.py` found in one character model (`examples/chars_units.json`): for each
/// simple feature of the text, the unit whose value follows it most closely, and the unit the
/// example opens on.
struct CharsUnits: Decodable {
    struct Unit: Decodable {
        /// "inside quotes", "position in line", …
        var feature: String
        /// "h" or "c".
        var series: String
        var unit: Int
        /// Pearson r over the held-out text, and over the captured passage.
        var r: Double
        var rOnPassage: Double

        enum CodingKeys: String, CodingKey { case feature, series, unit, r, rOnPassage = "r_on_passage" }
    }
    struct Model: Decodable {
        var units: [Unit]
        var opensOn: Unit

        enum CodingKeys: String, CodingKey { case units, opensOn = "opens_on" }
    }
    var models: [String: Model]

    /// The report for `kind` ("lstm" or "rnn") in `path`, or a one-line error.
    static func load(_ path: String, kind: String) throws -> Model {
        guard let data = FileManager.default.contents(atPath: path) else { throw FileError(path, "no such file, or it cannot be read") }
        guard let report = try? JSONDecoder().decode(CharsUnits.self, from: data), let model = report.models[kind] else {
            throw FileError(path, "is not scripts/train_chars.py's report on the \(kind) model")
        }
        return model
    }
}
