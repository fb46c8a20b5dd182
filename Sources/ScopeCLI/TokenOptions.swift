import ArgumentParser
import Foundation
import RecurrentIO
import ScopeUI

/// `--tokens FILE`: one label per timestep (one token per line, or a JSON list of strings), shown
/// at the cursor on the input strip and as the text view (`w`, `--body text`).
struct TokenOptions: ParsableArguments {
    @Option(help: "One label per timestep: a file with one token per line, or a JSON list of strings (the text view, w).")
    var tokens: String?

    @Option(help: "With --capture: the vocabulary (one token per line, or a JSON list; line k is id k) that turns the captured token ids into labels.")
    var vocab: String?

    /// `state` with the tokens read, or a one-line error: a file that cannot be read, or a count
    /// that differs from T.
    func apply(to state: ScreenState, capture: String? = nil) throws -> ScreenState {
        if let vocab {
            guard tokens == nil else { throw ValidationError("--vocab labels a capture's token ids; --tokens gives labels: give one of them") }
            guard let capture else { throw ValidationError("--vocab turns a capture's token ids into labels: give --capture FILE") }
            return try labelled(state, vocab: try readList(vocab), capture: capture)
        }
        guard let path = tokens else { return state }
        var state = state
        let list = try readList(path)
        let seqLen = state.trace.seqLen
        guard list.count == seqLen else {
            throw FileError(path, "has \(list.count) token\(list.count == 1 ? "" : "s"), but the input has T=\(seqLen) steps: one token per timestep")
        }
        state.tokens = list
        return state
    }

    /// `state` labelled by the capture's token ids through `vocab`: the first captured argument
    /// shaped like the input without its features — `(N, T)` / `(T, N)` as the module reads it, or `(T)`.
    private func labelled(_ state: ScreenState, vocab: [String], capture: String) throws -> ScreenState {
        let arguments = try CaptureFile(path: capture).arguments
        let geometry = state.geometry, (steps, batch) = (geometry.seqLen, geometry.batch)
        let wanted: [[Int]] = geometry.layout == .unbatched ? [[steps]] : [[batch, steps], [steps, batch]]
        guard let (name, ids) = arguments.sorted(by: { $0.key < $1.key }).first(where: { wanted.contains($0.value.shape) }) else {
            throw FileError(capture, "holds no token ids shaped like the input (\(wanted.map { "(" + $0.map(String.init).joined(separator: ", ") + ")" }.joined(separator: " or "))) to label with --vocab")
        }
        let timeMajor = ids.shape.count == 2 && ids.shape[0] == steps && ids.shape[1] == batch && !(steps == batch && geometry.layout == .batchFirst)
        var table: [[String]] = []
        for n in 0..<(geometry.layout == .unbatched ? 1 : batch) {
            table.append(try (0..<steps).map { t in
                let value = ids.data[ids.shape.count == 1 ? t : timeMajor ? t * batch + n : n * steps + t]
                guard value >= 0, value == value.rounded(), Int(value) < vocab.count else {
                    throw FileError(capture, "\(name) holds id \(value), outside the vocabulary's \(vocab.count) tokens")
                }
                return vocab[Int(value)]
            })
        }
        var state = state
        state.tokenTable = table
        return state
    }

    /// A file's labels: a JSON list of strings, or one per line (a final newline ends the last).
    private func readList(_ path: String) throws -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else { throw FileError(path, "no such file, or it cannot be read") }
        let text = String(decoding: data, as: UTF8.self)
        var list: [String]
        if text.drop { $0.isWhitespace }.first == "[" {
            guard let parsed = try? JSONDecoder().decode([String].self, from: data) else {
                throw FileError(path, "starts like a JSON list but is not a list of strings")
            }
            list = parsed
        } else {
            list = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0.hasSuffix("\r") ? $0.dropLast() : $0) }
            if list.last == "" { list.removeLast() }   // the file's final newline ends the last token
        }
        return list
    }
}
