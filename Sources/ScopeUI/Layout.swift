/// Where everything goes on a screen of a given size: header, input strip, one pane per
/// (layer, direction) with layer 0 at the bottom, the room left for the debugging views, the
/// legend and the key hints.

public struct FrameLayout: Equatable {
    /// The smallest screen the visualizer draws on.
    public static let minWidth = 80, minHeight = 24
    /// Columns of a pane's row labels (`h_t-1 `) and of its selected-unit readout (` +0.412`).
    static let labelWidth = 8, readoutWidth = 8

    public let header: Rect
    public let strip: Rect
    /// One rectangle per visible (layer, direction), top row first.
    public let panes: [(layer: Int, direction: Int, rect: Rect)]
    /// The layers that have panes (all of them unless the screen is too short).
    public let visibleLayers: ClosedRange<Int>
    /// The rows every pane shows (one of `ScreenState.paneRowChoices`: the most detailed that fits).
    public let paneRows: [PaneRowSpec]
    /// Whether panes show every row of their kind (for an RNN: also the two pre-activation parts
    /// `W_ih·x_t+b_ih` and `W_hh·h+b_hh`).
    public var showsParts: Bool { paneRowsAreAll }
    private let paneRowsAreAll: Bool
    /// Text rows each one-line heatmap is drawn over (taller bars on tall screens).
    public let lineHeight: Int
    /// Room under the panes: the output/h_n summary and the cell map (`CellMap.swift`).
    public let panel: Rect
    /// Everything between the input strip and the legend: where the timeline and the inspector go.
    public let body: Rect
    public let legend: Rect
    public let hints: Rect
    /// The tour's caption box (empty outside the tour).
    public let caption: Rect

    public static func == (a: FrameLayout, b: FrameLayout) -> Bool {
        a.header == b.header && a.strip == b.strip && a.panel == b.panel && a.body == b.body && a.visibleLayers == b.visibleLayers
            && a.panes.map(\.rect) == b.panes.map(\.rect) && a.paneRows == b.paneRows && a.lineHeight == b.lineHeight
    }

    /// The layout of `model` on a `width × height` screen (at least 80×24); `glyphs` as for heatmaps.
    public init(model: ScreenState, width: Int, height: Int, glyphs: Bool) {
        let config = model.config
        header = Rect(x: 0, y: 0, width: width, height: 2)
        strip = Rect(x: 0, y: 2, width: width, height: FrameLayout.stripRows(features: config.inputSize, glyphs: glyphs, height: height) + 1)
        legend = Rect(x: 0, y: height - 2, width: width, height: 1)
        hints = Rect(x: 0, y: height - 1, width: width, height: 1)
        // The tour's caption sits above the legend; the panes share what is left.
        let captionRows = model.tourCaption.map { FrameLayout.captionHeight($0, width: width, height: height) } ?? 0
        caption = Rect(x: 0, y: legend.y - captionRows, width: width, height: captionRows)
        let top = strip.maxY, room = caption.y - top
        let dirs = config.numDirections, paneWidth = width / dirs
        let heatmapWidth = FrameLayout.heatmapWidth(paneWidth: paneWidth)

        let rowChoices = model.paneRowChoices
        func paneHeight(rows: [PaneRowSpec], lineHeight: Int) -> Int {
            (0..<config.numLayers).map { layer in
                let counts = rows.map { $0.series.width(config, layer: layer) }
                return 2 + counts.map {
                    HeatmapShape(count: $0, width: heatmapWidth, glyphs: glyphs,
                                 maxCellWidth: FrameLayout.maxCellWidth(lineHeight), lineHeight: lineHeight).textRows
                }.reduce(0, +)
            }.max()!
        }
        // The panel under the panes: its summary lines and the cell map. The panes shrink to leave
        // room for both, else (unless exec mode or the output highlight needs the map) the summary.
        let summary = FrameLayout.summaryLines(model, width: width).count, map = config.numLayers * dirs
        let mapNeeded = model.mode == .exec || model.highlightsOutput
        // Taller bars for the most detailed rows first, then fewer rows one line tall.
        let choices = [3, 2, 1].map { (rowChoices[0], $0) } + rowChoices.dropFirst().map { ($0, 1) }
        func fits(_ reserve: Int) -> ([PaneRowSpec], Int)? {
            choices.first { config.numLayers * paneHeight(rows: $0.0, lineHeight: $0.1) <= room - reserve }
        }
        let fitting = fits(summary + map) ?? (mapNeeded ? nil : fits(summary)) ?? fits(0)
        let (rows, lineHeight) = fitting ?? (rowChoices.last!, 1)
        paneRows = rows
        paneRowsAreAll = rows.count == config.kind.paneRowSpecs.count
        self.lineHeight = lineHeight
        // One pane taller than the room is cut to it (its content is clipped at its border).
        let height1 = min(paneHeight(rows: rows, lineHeight: lineHeight), room)
        let count = min(config.numLayers, max(1, room / height1))
        let low = min(max(0, model.selectedLayer - count + 1), config.numLayers - count)
        visibleLayers = low...(low + count - 1)
        var panes: [(layer: Int, direction: Int, rect: Rect)] = []
        for (row, layer) in visibleLayers.reversed().enumerated() {
            for direction in 0..<dirs {
                let x = direction * paneWidth
                panes.append((layer, direction, Rect(x: x, y: top + row * height1,
                                                     width: direction == dirs - 1 ? width - x : paneWidth, height: height1)))
            }
        }
        self.panes = panes
        let panesEnd = top + count * height1
        panel = Rect(x: 0, y: panesEnd, width: width, height: caption.y - panesEnd)
        body = Rect(x: 0, y: top, width: width, height: room)
    }

    /// Text rows of the input strip's heatmap: features packed two per row, or one per row with
    /// glyphs — three rows at most at 80×24, one more for every three rows of height beyond 24, so
    /// a tall screen shows more of a many-feature input.
    static func stripRows(features: Int, glyphs: Bool, height: Int) -> Int {
        min(3 + max(0, (height - minHeight) / 3), glyphs ? features : (features + 1) / 2)
    }

    /// Columns a pane's heatmaps get: the pane less its border, labels and readout.
    static func heatmapWidth(paneWidth: Int) -> Int { paneWidth - 2 - labelWidth - readoutWidth }

    /// The widest cell per value for bars `lineHeight` rows tall (keeps cells roughly square).
    static func maxCellWidth(_ lineHeight: Int) -> Int { 2 + 2 * lineHeight }
}
