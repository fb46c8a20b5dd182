#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Recurrent

/// The selected unit's step at the cursor written out with its numbers, for the pane's bottom
/// border and the inspector's first line — longest form first, each kind in its own equations:
///
///     RNN   W_ih·x+b_ih +0.098 + W_hh·h+b_hh +0.063 = +0.161 → tanh → h_t +0.160
///     LSTM  c_t = f·c+i·g = +0.91·+0.31 + +0.48·-0.20 = +0.186 → h_t = o·tanh(c_t) = +0.61·+0.184 = +0.112
///     GRU   n = tanh(+0.100 + +0.50·+0.200) = +0.197 → h_t = (1-z)·n + z·h = +0.242

extension ScreenState {
    /// The forms, longest first; empty until the step is computed.
    func cellEquations(layer: Int, direction: Int) -> [String] {
        guard isComputed(layer: layer, direction: direction, t: cursor) else { return [] }
        let cell = CellIndex(layer: layer, direction: direction), u = selectedUnit
        // Comparing: run B's step in the B view; in the Δ view, the unit's difference and both values.
        if showsDelta, u < config.outputSize, let b = comparisonTrace {
            let (va, vb) = (shownTrace.series("h", cell: cell, t: cursor, n: 0)[u], b.series("h", cell: cell, t: cursor, n: 0)[u])
            return ["Δh_t = B − A = \(formatValue(vb - va))   (A \(formatValue(va)), B \(formatValue(vb)))", "Δh_t \(formatValue(vb - va))"]
        }
        let source = mode == .time && comparison?.view == .b ? comparisonTrace ?? shownTrace : shownTrace
        let value = { (name: String) -> Float in source.series(name, cell: cell, t: self.cursor, n: ScreenState.tracedElement)[u] }
        let previous = { (name: String) -> Float in
            source.previous(name, cell: cell, t: self.cursor, n: ScreenState.tracedElement)[u]
        }
        // The unit's h_t, when h has the unit (an LSTM projection has P < H outputs).
        let h = u < config.outputSize ? formatValue(value("h")) : nil
        switch config.kind {
        case .rnn:
            let (ih, hh) = (value("ih"), value("hh"))
            let (a, b, sum, out) = (formatValue(ih), formatValue(hh), formatValue(ih + hh), h ?? "")
            let act = config.nonlinearity.rawValue
            let (x, h) = config.bias ? ("W_ih·x+b_ih", "W_hh·h+b_hh") : ("W_ih·x", "W_hh·h")   // bias=False: no b to name
            return ["\(x) \(a) + \(h) \(b) = \(sum) → \(act) → h_t \(out)",
                    "\(a)\(b)=\(sum) → \(act) → \(out)",
                    "\(act)(\(sum)) = \(out)"]
        case .lstm:
            let (i, f, gate, o, c) = (value("i"), value("f"), value("g"), value("o"), value("c"))
            let cPrev = previous("c")
            let (fs, cs, is_, gs, os) = (formatValue(f), formatValue(cPrev), formatValue(i), formatValue(gate), formatValue(o))
            let cNew = formatValue(c), squashed = formatValue(o * tanhf(c))
            // With a projection h_t = W_hr·(o·tanh c): the unit's own value is o·tanh(c), before W_hr.
            let result = config.projSize > 0 ? "m = o·tanh(c_t) = \(os)·tanh(\(cNew)) = \(squashed) → h_t = W_hr·m"
                + (h.map { ", h_t[\(u)] = \($0)" } ?? "")
                : "h_t = o·tanh(c_t) = \(os)·tanh(\(cNew)) = \(h ?? squashed)"
            let short = config.projSize > 0 ? "m=\(squashed) → h=W_hr·m" : "h=\(h ?? squashed)"
            let product = "\(fs)·\(cs) + \(is_)·\(gs) = \(cNew)"
            let middle = config.projSize > 0 ? "c_t = \(product) → m = \(os)·tanh(c_t) = \(squashed)"
                : "c_t = \(product) → h_t = \(os)·tanh(c_t) = \(h ?? squashed)"
            return ["c_t = f·c+i·g = \(product) → \(result)", middle,
                    "c_t = f·c+i·g = \(cNew) → " + (config.projSize > 0 ? "m = o·tanh(c_t) = \(squashed)" : "h_t = o·tanh(c_t) = \(h ?? squashed)"),
                    "c=\(cNew) \(short)",
                    short]
        case .gru:
            let (r, z, n) = (value("r"), value("z"), value("n"))
            let (ihN, hhN) = (blockValue("ih", block: 2, cell: cell, in: source), blockValue("hh", block: 2, cell: cell, in: source))
            let hPrev = formatValue(previous("h")), out = h ?? ""
            let (rs, zs, ns) = (formatValue(r), formatValue(z), formatValue(n))
            return ["n = tanh(\(formatValue(ihN)) + \(rs)·\(formatValue(hhN))) = \(ns) → h_t = (1-z)·n + z·h = "
                        + "(1-\(zs))·\(ns) + \(zs)·\(hPrev) = \(out)",
                    "n = tanh(\(formatValue(ihN)) + \(rs)·\(formatValue(hhN))) = \(ns) → h_t = (1-z)·n+z·h = \(out)",
                    "n=\(ns) z=\(zs) → h=\(out)",
                    "h=\(out)"]
        }
    }

    /// Gate block `block`'s entry for the selected unit of a `G·H`-wide series (`ih`, `hh`) at the cursor.
    private func blockValue(_ name: String, block: Int, cell: CellIndex, in source: Trace) -> Float {
        source.series(name, cell: cell, t: cursor, n: ScreenState.tracedElement)[block * config.hiddenSize + selectedUnit]
    }
}
