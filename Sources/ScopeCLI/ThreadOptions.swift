import ArgumentParser
import Foundation
import Recurrent

/// `--threads N`: how many threads compute a run — a bidirectional layer's two directions at once,
/// and a batch cut into blocks of elements (`Trace.runInParallel`). The default is every core the
/// process may use, as PyTorch's default is.
struct ThreadOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Threads that compute a run: directions and blocks of batch elements at once (default: every core, \(ProcessInfo.processInfo.activeProcessorCount) here).")
    var threads: Int?

    func validate() throws {
        if let threads, !(1...1024).contains(threads) { throw ValidationError("--threads must be in 1...1024") }
    }

    /// Sets the engine's thread count for this process.
    func apply() { ComputeThreads.count = threads ?? ProcessInfo.processInfo.activeProcessorCount }
}
