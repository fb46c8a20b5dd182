import Recurrent

/// Which rows a (layer, direction) pane shows, made from the cell kind's list of recorded series
/// (`CellKind.series`) — RNN `x_t h_t-1 [W_ih·x W_hh·h] h_t`; LSTM `x_t h_t-1 c_t-1 i_t f_t g_t
/// o_t c_t h_t`; GRU `x_t h_t-1 r_t z_t n_t h_t` — and how they give way when the screen is short.

/// One row a pane can show: a recorded series at the step (`i_t`, `c_t`), or a state's value when
/// the step began (`isPrevious`: `h_t-1`, `c_t-1`, or `h0`/`c0` where the cell starts).
public struct PaneRowSpec: Hashable, Sendable {
    public let series: TraceSeries
    public let isPrevious: Bool
    /// Lower goes first when rows must give way: h_t, x_t and h_t-1 stay longest.
    let priority: Int
}

extension CellKind {
    /// Every row a pane of this kind can show, in the order the step computes them (the RNN's
    /// affine parts included).
    var paneRowSpecs: [PaneRowSpec] {
        // Priority: h_t 0, x_t 1, h_prev 2, then the kind's rows in the order they explain the step.
        let order: [String: Int] = ["h": 0, "x": 1, "c": 3, "f": 4, "i": 5, "o": 6, "g": 8, "z": 3, "r": 4, "n": 5,
                                    "ih": 3, "hh": 3]
        func row(_ series: TraceSeries, previous: Bool = false) -> PaneRowSpec {
            PaneRowSpec(series: series, isPrevious: previous, priority: previous ? (series.name == "h" ? 2 : 7) : order[series.name] ?? 9)
        }
        let input = series.filter { $0.role == .input }, states = self.states
        // The affine parts are G·H wide for LSTM/GRU: the border and the inspector write them out.
        let middle = series.filter { !$0.isState && $0.role != .input && (self == .rnn || $0.role != .preActivation) }
        var rows = input.map { row($0) } + states.sorted { $0.name > $1.name }.map { row($0, previous: true) }   // h before c
        rows += middle.map { row($0) } + states.sorted { $0.name < $1.name }.map { row($0) }   // c_t before h_t
        return rows
    }
}

extension ScreenState {
    /// The row lists a pane may show, most detailed first: the layout takes the first that fits.
    /// RNN: with the affine parts (`p`; by default up to H = 64), then without. LSTM/GRU: every
    /// gate (unless `p` left them out), then rows dropped by priority down to x_t, h_t-1, c_t, h_t.
    var paneRowChoices: [[PaneRowSpec]] {
        let all = config.kind.paneRowSpecs
        let essential = all.filter { $0.priority <= (config.kind == .lstm ? 3 : 2) }
        if config.kind == .rnn {
            return (showsPartsRows ?? partsRowsByDefault) ? [all, essential] : [essential]
        }
        guard showsPartsRows ?? true else { return [essential] }
        let levels = Set(all.map(\.priority)).sorted().reversed()
        return levels.map { level in all.filter { $0.priority <= level } }.filter { $0.count >= essential.count }
    }

    /// The rows a choice leaves out, as the pane's note says them (`g_t c_t-1`), empty when none.
    func leftOutRows(_ shown: [PaneRowSpec]) -> [String] {
        config.kind.paneRowSpecs.filter { !shown.contains($0) && !($0.series.role == .preActivation && config.kind == .rnn) }
            .map { $0.isPrevious ? previousSymbol($0.series.name) : $0.series.symbol }
    }

    /// `h_t-1` / `c_t-1` (`h_t+1` for reverse panes), the generic name of a previous state.
    func previousSymbol(_ state: String, direction: Int = 0) -> String { state + (direction == 0 ? "_t-1" : "_t+1") }
}
