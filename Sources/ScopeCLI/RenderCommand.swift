import ArgumentParser
import Foundation
import ScopeUI

/// `rnnscope render`: prints the frame the visualizer would draw, without a terminal.
struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the frame the visualizer would draw (plain text or ANSI colour) — for docs, bug reports and tests.")

    @OptionGroup var options: ViewOptions

    @Option(help: "The time cursor t (0-based).")
    var t: Int = 0

    @Option(help: "Frame width in columns.")
    var width: Int = 100

    @Option(help: "Frame height in rows.")
    var height: Int = 30

    func validate() throws {
        guard width > 0, height > 0 else { throw ValidationError("--width and --height must be positive") }
    }

    func run() throws {
        var model = try options.makeModel()
        guard t >= 0, t < model.trace.seqLen else {
            throw ValidationError("--t must be in 0..<\(model.trace.seqLen) (the sequence has T=\(model.trace.seqLen))")
        }
        model = update(model, .step(t))
        let depth = options.color.depth(isTerminal: isatty(STDOUT_FILENO) == 1,
                                        environment: ProcessInfo.processInfo.environment)
        print(renderFrame(model, width: width, height: height, depth: depth).ansi(depth: depth))
    }
}
