import ScopeUI

/// What the backend knows about the frame that `update` cannot: the terminal's size.
enum ScreenFit {
    /// Whether a `width × height` screen is under the smallest the visualizer draws on (it then
    /// shows only "terminal too small", and `ScreenState.screenIsTooSmall` keeps keys from acting).
    static func isTooSmall(width: Int, height: Int) -> Bool {
        width < FrameLayout.minWidth || height < FrameLayout.minHeight
    }

    /// After `p` asked for the panes' detail rows, a status saying they do not fit this screen
    /// (the layout then drops them, and `p` would otherwise seem to do nothing); nil when they fit,
    /// when `p` left them out, or when the panes are not on screen.
    static func partsRowsStatus(_ model: ScreenState, width: Int, height: Int, depth: ColorDepth) -> String? {
        guard model.bodyView == .panes, !isTooSmall(width: width, height: height),
              model.showsPartsRows ?? model.partsRowsByDefault else { return nil }
        let layout = FrameLayout(model: model, width: width, height: height, glyphs: depth.needsGlyphs)
        guard !layout.showsParts else { return nil }
        let rows = model.config.kind == .rnn ? "the W_ih·x and W_hh·h rows do" : "not every gate row does"
        return "\(rows) not fit on a \(width)×\(height) screen: a taller one shows them"
    }
}
