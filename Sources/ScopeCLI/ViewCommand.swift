import ArgumentParser
import Foundation
import RecurrentIO
import ScopeUI

/// `rnnscope view` (the default): the visualizer in the terminal.
struct View: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Step through the RNN in the terminal: every layer and direction at the time cursor (the default command).")

    @OptionGroup var options: ViewOptions

    @OptionGroup(title: "Where it opens") var state: ScreenStateOptions

    /// Seconds between play steps (about 5 a second).
    static let playInterval = 0.2

    func run() throws {
        try Terminal.checkAvailable()
        let environment = ProcessInfo.processInfo.environment
        let terminal = try Terminal(requested: options.color.depth(isTerminal: true, environment: environment))
        var shown: Buffer?, prepared: Buffer?
        var lastTick = Date()
        do {
            // Opening runs the network over the shown element: on a long sequence or a big model that
            // takes a while, so it runs on its own thread while the screen says so (q quits).
            let (options, state) = (self.options, self.state)
            let opening = BackgroundJob { try state.tourStart ?? state.apply(to: options.makeModel()) }
            var model: ScreenState
            var pending: [Terminal.Event] = []
            switch try terminal.wait(for: opening, "opening: running the network", over: nil, pending: &pending) {
            case let .done(opened): model = opened
            case .quit, .cancelled: terminal.close(); return
            }
            while !model.quitRequested {
                let (width, height) = terminal.size
                model.screenIsTooSmall = ScreenFit.isTooSmall(width: width, height: height)
                // A frame drawn with the key's update (on the worker thread) is used as it is; otherwise draw now.
                let frame = prepared.flatMap { $0.width == width && $0.height == height ? $0 : nil }
                    ?? renderFrame(model, width: width, height: height, depth: terminal.depth).quantised(to: terminal.depth)
                prepared = nil
                terminal.draw(diff(shown, frame))
                shown = frame
                switch pending.isEmpty ? terminal.poll() : pending.removeFirst() {
                case let .signal(number)?:
                    terminal.close()
                    throw ExitCode(128 + number)
                case .resize?:
                    terminal.clearScreen()
                    shown = nil
                case let .key(key)?:
                    if let action = action(for: key) {
                        // Every key's update on its own thread: a rebuild of a wide model may take seconds.
                        let before = model, depth = terminal.depth
                        var next = before
                        next.screenIsTooSmall = ScreenFit.isTooSmall(width: width, height: height)
                        let job = BackgroundJob { () -> (ScreenState, Buffer) in
                            // The update and the frame it leads to: a timeline of 100,000 steps is slow to draw too.
                            let after = update(next, action)
                            return (after, renderFrame(after, width: width, height: height, depth: depth).quantised(to: depth))
                        }
                        let asked = Date()
                        switch try terminal.wait(for: job, "computing", over: shown, pending: &pending) {
                        case let .done((after, frame)): (model, prepared) = (after, frame)
                        case .cancelled: model.status = "given up: the screen shows what it had before the key"
                        case .quit: model.quitRequested = true
                        }
                        if Date().timeIntervalSince(asked) >= 0.15 { shown = nil }   // the progress box covered the frame
                    }
                    if action(for: key) == .togglePartsRows,
                       let status = ScreenFit.partsRowsStatus(model, width: width, height: height, depth: terminal.depth) {
                        model.status = status
                        prepared = nil
                    }
                    if model.playing, action(for: key) == .togglePlay { lastTick = Date() }
                    if model.exportRequested { model = exportEditedInput(model); prepared = nil }
                case let .click(x, y)?:
                    if let action = action(forClickAt: x, y: y, model: model, width: width, height: height, depth: terminal.depth) {
                        model = update(model, action)
                    }
                case nil: break
                }
                if model.playing, Date().timeIntervalSince(lastTick) >= View.playInterval {
                    model = update(model, .tick)
                    lastTick = Date()
                }
            }
        } catch let signal as SignalExit {
            terminal.close()
            throw ExitCode(128 + signal.number)
        } catch {
            terminal.close()
            throw error
        }
        terminal.close()
    }
}

/// Writes the input edited on screen (`W`) to the first free `edited_input[-k].npy` in the current
/// directory, and says where (or why not) in the status.
func exportEditedInput(_ state: ScreenState) -> ScreenState {
    var state = state
    state.exportRequested = false
    guard let edited = state.editedInput else { return state }
    let manager = FileManager.default
    let name = (0..<1000).lazy.map { $0 == 0 ? "edited_input.npy" : "edited_input-\($0).npy" }
        .first { !manager.fileExists(atPath: $0) } ?? "edited_input.npy"
    do {
        try saveNpy(edited, path: name)
        state.status = "wrote \(name) \(shapeText(edited.shape)): np.load(\"\(name)\"), or --input \(name)"
    } catch {
        state.status = "could not write \(name): \(error)"
    }
    return state
}
