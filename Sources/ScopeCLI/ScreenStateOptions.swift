import ArgumentParser
import Foundation
import ScopeUI

extension TourLanguage: ExpressibleByArgument {}

/// Where `view` opens and what `render` draws: the time cursor, the mode (and steps computed in
/// execution order), the body, the selected unit and the output highlight — the same state the
/// keys reach, so a frame from a bug report can be opened and explored with the same flags.
struct ScreenStateOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "The time cursor t (0-based); with --mode exec the last step computed sets it.")
    var t: Int = 0

    @Option(help: "time (the panes at --t) or exec (execution order after --step cell steps).")
    var mode: RenderMode = .time

    @Option(parsing: .unconditional, help: "With --mode exec: cell steps computed, 0…L·dirs·T (default: all).")
    var step: Int?

    @Option(help: "What fills the body: panes (the default; --example chars opens on text), timeline (the selected pane, units × t), inspector (the selected unit) or text (the tokens).")
    var body: BodyChoice?

    @Option(parsing: .unconditional, help: "The selected hidden unit (for the readouts, the timeline and the inspector; default 0, or the unit --example chars opens on).")
    var unit: Int?

    @Flag(help: "Mark the cells that make up output and h_n (the o key).")
    var highlightOutput = false

    @Option(parsing: .unconditional, help: "Open the guided tour of the study notes at stop K (1…6; ← → go between stops, Esc explores).")
    var tour: Int?

    @Option(help: "The tour's language: en or ko (default: ko under a Korean locale, else en).")
    var lang: TourLanguage?

    func validate() throws {
        if step != nil, mode != .exec { throw ValidationError("--step needs --mode exec") }
        if let tour, !(1...TourState.stops).contains(tour) { throw ValidationError("--tour must be in 1...\(TourState.stops) (the notes' six sections)") }
        if lang != nil, tour == nil { throw ValidationError("--lang is the tour's language: give --tour K (or run rnnscope tour)") }
    }

    /// The tour's stop, when `--tour` asks for one (its own model: the other flags do not apply).
    var tourStart: ScopeUI.ScreenState? {
        tour.map { ScreenState.tour(stop: $0, language: lang ?? TourLanguage.fromLocale(ProcessInfo.processInfo.environment)) }
    }

    /// `model` moved to this state by the same actions the keys send; a value outside the model's
    /// sizes is a usage error naming the range.
    func apply(to model: ScopeUI.ScreenState) throws -> ScopeUI.ScreenState {
        var model = model
        guard t >= 0, t < model.trace.seqLen else {
            throw ValidationError("--t must be in 0..<\(model.trace.seqLen) (the sequence has T=\(model.trace.seqLen))")
        }
        model = update(model, .step(t))
        if let unit {
            guard unit >= 0, unit < model.config.hiddenSize else {
                throw ValidationError("--unit must be in 0..<\(model.config.hiddenSize) (hidden_size)")
            }
            model = update(model, .selectUnit(unit - model.selectedUnit))   // a step from the unit it opened on
        }
        if let body { model.bodyView = .panes; model = open(body, in: model) }
        if highlightOutput { model = update(model, .toggleOutputHighlight) }
        if mode == .exec {
            let total = model.trace.totalSteps
            let steps = step ?? total
            guard steps >= 0, steps <= total else {
                throw ValidationError("--step must be in 0...\(total) (L·dirs·T cell steps)")
            }
            model = update(update(model, .toggleExecutionOrder), .step(steps))
        }
        model.status = nil   // the actions' remarks are for key presses
        return model
    }

    /// `model` (showing panes) with `body` filling its body, by the key that opens it.
    private func open(_ body: BodyChoice, in model: ScopeUI.ScreenState) -> ScopeUI.ScreenState {
        switch body {
        case .panes: return model
        case .timeline: return update(model, .toggleTimeline)
        case .inspector: return update(model, .toggleInspector)
        case .text: return update(model, .toggleTextView)
        }
    }
}

/// `--mode`: which mode the screen is in.
enum RenderMode: String, ExpressibleByArgument, CaseIterable {
    case time, exec
}

/// `--body`: what fills the room between the input strip and the legend.
enum BodyChoice: String, ExpressibleByArgument, CaseIterable {
    case panes, timeline, inspector, text
}
