import ArgumentParser
import Foundation
import ScopeUI

/// `rnnscope render`: prints the frame the visualizer would draw, without a terminal.
struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the frame the visualizer would draw (plain text or ANSI colour) — for docs, bug reports and tests.")

    @OptionGroup var options: ViewOptions

    @OptionGroup var state: ScreenStateOptions

    @Option(parsing: .unconditional, help: "Frame width in columns.")
    var width: Int = 100

    @Option(parsing: .unconditional, help: "Frame height in rows.")
    var height: Int = 30

    func validate() throws {
        try checkFrameSize(width: width, height: height)
    }

    func run() throws {
        let model = try state.tourStart ?? state.apply(to: options.makeModel())
        let depth = options.color.depth(isTerminal: isatty(STDOUT_FILENO) == 1,
                                        environment: ProcessInfo.processInfo.environment)
        try writeLine(renderFrame(model, width: width, height: height, depth: depth).ansi(depth: depth))
    }
}

/// `--width` and `--height` of a frame drawn off-screen: at least a cell, at most `maxFrameSide`.
func checkFrameSize(width: Int, height: Int) throws {
    guard (1...maxFrameSide).contains(width), (1...maxFrameSide).contains(height) else {
        throw ValidationError("--width and --height must be in 1...\(maxFrameSide)")
    }
}
