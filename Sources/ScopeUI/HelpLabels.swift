/// What every label on screen means, one line each — the help's second page (`?`, then → ; beside
/// the keys when the screen is wide enough).
public let labelHelp: [(label: String, means: String)] = [
    ("x_t", "input at t: the data (layer 0), else [fwd, rev] h below"),
    ("h_t-1 / h_t+1", "the state the step starts from: t-1 forward, t+1 reverse"),
    ("h0 / c0", "the state a direction starts from (hx=None: zeros)"),
    ("W_ih·x+b_ih", "the input part of the pre-activation (all gate blocks)"),
    ("W_hh·h+b_hh", "the recurrent part: the previous state through W_hh"),
    ("h_t", "the state the step makes; output and h_n are made of it"),
    ("i f g o · c_t", "LSTM: input, forget, cell, output gates; c = f·c + i·g"),
    ("r z n", "GRU: reset, update, new; h = (1-z)·n + z·h"),
    ("output", "the top layer's h_t at every t, [fwd, rev] last axis"),
    ("h_n (c_n)", "every layer and direction's last state (reverse: at t=0)"),
    ("W_ih (H, in)", "a pane's weights, PyTorch's shapes (4H, 3H rows: gates)"),
    ("data ±X", "the input's scale when it goes beyond the states' ±1"),
    ("sat / dead", "timeline: |h| > 0.99 at most t / 0 at every t (relu)"),
    ("<0.1 >0.9", "timeline, a gate: share of steps below 0.1 / above 0.9"),
    ("±X own range", "text view: a state on the shown unit's own max |value|"),
    ("memory input cell", "inspector: ‖∂h_t*[u]/∂h_t‖, ‖∂/∂x_t‖, ‖∂/∂c_t‖ (log)"),
    ("spectral radius", "ρ(W_hh), largest |eigenvalue|: <1 fades, >1 can persist"),
    ("o n (cell map)", "with o: the cell is in output / in h_n (both: n, then o)"),
    ("set by flags", "--input-size --hidden-size --dropout --proj-size --seed"),
    ("", "--h0 --c0: no key changes them (rnnscope --help)"),
]

extension Buffer {
    /// The labels' meanings in a box at `x` (or centred), `labelHelp` one per line.
    mutating func drawLabelHelp(x: Int? = nil, note: String) {
        let labelWidth = labelHelp.map(\.label.count).max()!, meansWidth = labelHelp.map(\.means.count).max()!
        let padding = labelHelp.count + 4 <= height ? 1 : 0
        let boxWidth = min(width, labelWidth + meansWidth + 8), boxHeight = labelHelp.count + 2 + 2 * padding
        let box = Rect(x: x ?? max(0, (width - boxWidth) / 2), y: max(0, (height - boxHeight) / 2), width: boxWidth, height: boxHeight)
        fill(box)
        drawBox(box, title: "labels", note: note, style: Theme.selectedBorder, titleStyle: Theme.selectedBorder)
        for (i, entry) in labelHelp.enumerated() {
            let y = box.y + 1 + padding + i
            put(entry.label.leftPadded(to: labelWidth), x: box.x + 3, y: y, Theme.key)
            put(entry.means, x: box.x + 5 + labelWidth, y: y, Theme.value, maxX: box.maxX - 1)
        }
    }
}
