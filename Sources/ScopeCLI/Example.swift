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

    /// The trained example's files, relative to the repository.
    static let sineWeights = "examples/sine.safetensors", sineInput = "examples/sine_input.npy"

    /// The directory holding `examples/sine.safetensors`: the executable's repository (found by walking
    /// up from the executable, symlinks resolved) or else the current directory.
    static func sineDirectory(executable: String = CommandLine.arguments[0],
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
            [sineWeights, sineInput].allSatisfy { manager.fileExists(atPath: dir.appendingPathComponent($0).path) }
        }
        guard let found else {
            // A data error: one line on stderr, exit 1.
            throw FileError(sineWeights, "not found (with \(sineInput)) in rnnscope's repository or the current directory; "
                                + "--example sine needs them, or use --weights and --input")
        }
        return found
    }
}
