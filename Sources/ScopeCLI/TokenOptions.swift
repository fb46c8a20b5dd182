import ArgumentParser
import Foundation
import RecurrentIO
import ScopeUI

/// `--tokens FILE`: one label per timestep (one token per line, or a JSON list of strings), shown
/// at the cursor on the input strip and as the text view (`w`, `--body text`).
struct TokenOptions: ParsableArguments {
    @Option(help: "One label per timestep: a file with one token per line, or a JSON list of strings (the text view, w).")
    var tokens: String?

    /// `state` with the tokens read, or a one-line error: a file that cannot be read, or a count
    /// that differs from T.
    func apply(to state: ScreenState) throws -> ScreenState {
        guard let path = tokens else { return state }
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
        let seqLen = state.trace.seqLen
        guard list.count == seqLen else {
            throw FileError(path, "has \(list.count) token\(list.count == 1 ? "" : "s"), but the input has T=\(seqLen) steps: one token per timestep")
        }
        var state = state
        state.tokens = list
        return state
    }
}
