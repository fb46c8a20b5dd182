import ArgumentParser
import Foundation
import ScopeUI

/// `rnnscope render`: prints the frame the visualizer would draw, without a terminal.
struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the frame the visualizer would draw (plain text or ANSI colour) — for docs, bug reports and tests.")

    @OptionGroup var options: ViewOptions

    @Option(parsing: .unconditional, help: "The time cursor t (0-based); with --mode exec the last step computed sets it.")
    var t: Int = 0

    @Option(help: "time (the panes at --t) or exec (execution order after --step cell steps).")
    var mode: RenderMode = .time

    @Option(parsing: .unconditional, help: "With --mode exec: cell steps computed, 0…L·dirs·T (default: all).")
    var step: Int?

    @Option(help: "What fills the body: panes, timeline (the selected pane, units × t) or inspector (the selected unit).")
    var body: BodyChoice = .panes

    @Option(parsing: .unconditional, help: "The selected hidden unit (for the readouts, the timeline and the inspector).")
    var unit: Int = 0

    @Flag(help: "Mark the cells that make up output and h_n (the o key).")
    var highlightOutput = false

    @Option(parsing: .unconditional, help: "Frame width in columns.")
    var width: Int = 100

    @Option(parsing: .unconditional, help: "Frame height in rows.")
    var height: Int = 30

    func validate() throws {
        try checkFrameSize(width: width, height: height)
        if step != nil, mode != .exec { throw ValidationError("--step needs --mode exec") }
    }

    func run() throws {
        var model = try options.makeModel()
        guard t >= 0, t < model.trace.seqLen else {
            throw ValidationError("--t must be in 0..<\(model.trace.seqLen) (the sequence has T=\(model.trace.seqLen))")
        }
        model = update(model, .step(t))
        guard unit >= 0, unit < model.config.hiddenSize else {
            throw ValidationError("--unit must be in 0..<\(model.config.hiddenSize) (hidden_size)")
        }
        model = update(model, .selectUnit(unit))
        if highlightOutput { model = update(model, .toggleOutputHighlight) }
        if body == .timeline { model = update(model, .toggleTimeline) }
        if body == .inspector { model = update(model, .toggleInspector) }
        if mode == .exec {
            let total = model.trace.totalSteps
            let steps = step ?? total
            guard steps >= 0, steps <= total else {
                throw ValidationError("--step must be in 0...\(total) (L·dirs·T cell steps)")
            }
            model = update(update(model, .toggleExecutionOrder), .step(steps))
        }
        let depth = options.color.depth(isTerminal: isatty(STDOUT_FILENO) == 1,
                                        environment: ProcessInfo.processInfo.environment)
        print(renderFrame(model, width: width, height: height, depth: depth).ansi(depth: depth))
    }
}

/// `--width` and `--height` of a frame drawn off-screen: at least a cell, at most `maxFrameSide`.
func checkFrameSize(width: Int, height: Int) throws {
    guard (1...maxFrameSide).contains(width), (1...maxFrameSide).contains(height) else {
        throw ValidationError("--width and --height must be in 1...\(maxFrameSide)")
    }
}

/// `--mode`: which mode the rendered frame is in.
enum RenderMode: String, ExpressibleByArgument, CaseIterable {
    case time, exec
}

/// `--body`: what fills the room between the input strip and the legend.
enum BodyChoice: String, ExpressibleByArgument, CaseIterable {
    case panes, timeline, inspector
}
