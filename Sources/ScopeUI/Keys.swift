/// Keys as the backend reports them, the one switch from keys to actions, and the key list that
/// the help screen, the hint line and the docs show.

/// A key press, independent of the terminal library.
public enum Key: Hashable, Sendable {
    case char(Character)
    case left, right, up, down, home, end, pageUp, pageDown, tab, backTab, escape
}

/// The action for `key`, or nil for a key that does nothing.
public func action(for key: Key) -> Action? {
    switch key {
    case .left, .char("h"): return .step(-1)
    case .right, .char("l"): return .step(1)
    case .pageUp, .char("H"): return .step(-bigStep)
    case .pageDown, .char("L"): return .step(bigStep)
    case .home, .char("g"): return .jumpToStart
    case .end, .char("G"): return .jumpToEnd
    case .up, .char("k"): return .selectLayer(1)
    case .down, .char("j"): return .selectLayer(-1)
    case .tab, .backTab: return .switchDirection
    case .char("<"), .char(","): return .selectUnit(-1)
    case .char(">"), .char("."): return .selectUnit(1)
    case .char("["): return .selectBatch(-1)
    case .char("]"): return .selectBatch(1)
    case .char("{"): return .selectBatch(-bigStep)
    case .char("}"): return .selectBatch(bigStep)
    case .char(" "): return .togglePlay
    case .char("b"): return .toggleBidirectional
    case .char("+"), .char("="): return .addLayer
    case .char("-"), .char("_"): return .removeLayer
    case .char("n"): return .toggleNonlinearity
    case .char("m"): return .cycleCellKind
    case .char("T"): return .cycleTimelineSeries
    case .char("f"): return .toggleBatchFirst
    case .char("s"): return .toggleScale
    case .char("c"): return .cycleComparisonView
    case .char("a"): return .editInput(.nudge(1))
    case .char("z"): return .editInput(.nudge(-1))
    case .char("0"): return .editInput(.zero)
    case .char("y"): return .editInput(.copyFromOther)
    case .char("u"): return .undoEdit
    case .char("W"): return .exportEditedInput
    case .char("w"): return .toggleTextView
    case .char("v"): return .spanSelect
    case .char("M"): return .nextModule
    case .char("x"): return .toggleStripInfluence
    case .char("B"): return .toggleBias
    case .char("d"): return .toggleTraining
    case .char("r"): return .reseed
    case .char("e"): return .toggleExecutionOrder
    case .char("o"): return .toggleOutputHighlight
    case .char("p"): return .togglePartsRows
    case .char("t"): return .toggleTimeline
    case .char("i"), .char("\r"), .char("\n"): return .toggleInspector
    case .char("?"): return .toggleHelp
    case .escape: return .escape
    case .char("q"), .char("Q"): return .quit
    default: return nil
    }
}

/// How far PgUp / PgDn (H / L) move the cursor and `{` `}` the batch element.
public let bigStep = 10

/// Every key with what it does, in the order help lists them.
public let keyHelp: [(keys: String, does: String)] = [
    ("← → / h l", "step the time cursor t (exec: one cell step)"),
    ("PgUp PgDn / H L", "step 10 at a time"),
    ("Home End / g G", "jump to t=0 / t=T-1 (exec: step 0 / all)"),
    ("↑ ↓ / k j", "select the layer above / below"),
    ("Tab", "switch direction (forward / reverse)"),
    ("< > / , .", "select the hidden unit whose values are printed"),
    ("[ ] / { }", "previous / next batch element (10 at a time)"),
    ("space", "play / pause (about 5 steps a second)"),
    ("e / v", "execution order / a span: its units, where else they are on"),
    ("o", "mark the cells that make up output and h_n"),
    ("p", "W_ih·x, W_hh·h rows (off for H > 64) / gates: on / off"),
    ("t / T / w", "timeline of the pane / its series / the tokens as text"),
    ("i / Enter / x", "inspect the unit / its ‖∂h/∂x_t‖ on the input strip"),
    ("b / f", "toggle bidirectional / batch_first (same data)"),
    ("s / c", "scale: fixed / the run's range · compared runs: A, B, Δ"),
    ("+ / -", "add / remove a layer"),
    ("n / m / M", "tanh ↔ relu / RNN → LSTM → GRU / a capture's next module"),
    ("B / r", "toggle bias / reseed the weights"),
    ("d", "training mode (dropout between layers) on / off"),
    ("a z 0 y / u W", "edit x_t: up, down, zero, original / undo, write .npy"),
    ("Esc", "close help, stop playing, back to the panes"),
    ("q", "quit"),
]

/// The hint line's pieces, most important first (cut from the end when the line is short).
public let keyHints: [(keys: String, does: String)] = [
    ("←→", "step"), ("↑↓", "layer"), ("tab", "dir"), ("e", "order"), ("o", "out/h_n"), ("t", "timeline"), ("i", "unit"),
    ("space", "play"), ("b", "bidir"), ("+-", "layers"),
    ("n", "tanh/relu"), ("B", "bias"), ("r", "seed"), ("<>", "unit"), ("[]", "batch"), ("p", "parts"), ("m", "kind"), ("?", "help"),
    ("q", "quit"),
]
