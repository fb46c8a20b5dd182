import Foundation
import Recurrent
import ScopeUI

/// Work done on its own thread while the screen keeps answering: opening a long sequence or a big
/// model, and every key's update (a rebuild of a wide model can take seconds). The loop draws the
/// progress and reads keys meanwhile: q quits and Esc gives the work up at once (its result, when
/// it comes, is dropped).
final class BackgroundJob<Value>: @unchecked Sendable {   // `result` behind `lock`
    private let lock = NSLock()
    private var result: Result<Value, Error>?

    init(_ work: @escaping () throws -> Value) {
        nonisolated(unsafe) let work = work   // handed to one thread, which alone calls it
        let thread = Thread { [self] in
            let outcome = Result { try work() }
            lock.lock(); result = outcome; lock.unlock()
        }
        thread.stackSize = 1 << 24
        thread.start()
    }

    /// The work's result once it has finished.
    var finished: Result<Value, Error>? {
        lock.lock(); defer { lock.unlock() }
        return result
    }
}

/// What waiting for a job ended in.
enum JobOutcome<Value> {
    case done(Value)
    /// Esc: the work was given up (the screen keeps what it had).
    case cancelled
    /// q: the user quits.
    case quit
}

extension Terminal {
    /// Waits for `job`, drawing `what` with the run's progress over `frame` (the last frame shown)
    /// once it takes longer than a moment, and answering keys: q quits, Esc cancels. Signals end
    /// the program as in the main loop (the caller's catch restores the terminal).
    /// Keys typed meanwhile (other than q and Esc) are kept in `pending`, in order, for the loop.
    func wait<Value>(for job: BackgroundJob<Value>, _ what: String, over frame: Buffer?, pending: inout [Event]) throws -> JobOutcome<Value> {
        let started = Date()
        var shown = frame
        // Most work ends within a moment: until then keys stay in the terminal's queue, untouched.
        while job.finished == nil, Date().timeIntervalSince(started) < 0.15 { usleep(500) }
        while true {
            if let result = job.finished { return .done(try result.get()) }
            do {
                let (width, height) = size
                let percent = RunProgress.fraction.map { " \(Int(($0 * 100).rounded(.down)))%" } ?? ""
                let seconds = Int(Date().timeIntervalSince(started))
                let busy = busyFrame(over: shown?.width == width && shown?.height == height ? shown : nil, width: width, height: height,
                                     text: "\(what)…\(percent)  \(seconds) s   Esc gives up · q quits")
                draw(diff(shown, busy))
                shown = busy
            }
            switch poll() {
            case let .signal(number)?: throw SignalExit(number: number)
            case .key(.char("q"))?, .key(.char("Q"))?: return .quit
            case .key(.escape)?: return .cancelled
            case let event?: pending.append(event)
            case nil: break
            }
        }
    }

    /// `frame` (or a blank screen) with a one-line box in its middle saying what is being computed.
    private func busyFrame(over frame: Buffer?, width: Int, height: Int, text: String) -> Buffer {
        var buffer = frame ?? Buffer(width: width, height: height)
        let boxWidth = min(width, text.count + 4)
        let box = Rect(x: max(0, (width - boxWidth) / 2), y: max(0, height / 2 - 1), width: boxWidth, height: min(height, 3))
        buffer.fill(box)
        buffer.put("┌" + String(repeating: "─", count: max(0, boxWidth - 2)) + "┐", x: box.x, y: box.y)
        buffer.put("│ " + text + " │", x: box.x, y: box.y + 1, Style(fg: .rgb(255, 220, 120)))
        buffer.put("└" + String(repeating: "─", count: max(0, boxWidth - 2)) + "┘", x: box.x, y: box.y + 2)
        return buffer.quantised(to: depth)
    }
}

/// A signal that arrived while waiting: the program ends with 128 + its number.
struct SignalExit: Error { let number: Int32 }
