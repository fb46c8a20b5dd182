import Testing
@testable import ScopeUI

/// The buffer, its diff, colour quantisation and the ANSI text of a frame.
@Suite struct BufferTests {
    @Test func diffFindsOnlyChangedRuns() {
        var old = Buffer(width: 10, height: 3)
        old.put("hello", x: 0, y: 0)
        var new = old
        new.put("HE", x: 0, y: 0)
        new[9, 2] = ScreenCell("x", Style(fg: .rgb(1, 2, 3)))
        let runs = diff(old, new)
        #expect(runs.count == 2)
        #expect(runs[0].x == 0 && runs[0].y == 0 && runs[0].cells.map(\.glyph) == ["H", "E"])
        #expect(runs[1].x == 9 && runs[1].y == 2)
        #expect(diff(new, new).isEmpty)
        #expect(diff(nil, new).reduce(0) { $0 + $1.cells.count } == 30)
        #expect(diff(Buffer(width: 5, height: 3), new).reduce(0) { $0 + $1.cells.count } == 30)
    }

    @Test func quantisingFollowsTheXtermPalettes() {
        #expect(Color.rgb(255, 0, 0).quantised(to: .x256) == .indexed(196))
        #expect(Color.rgb(128, 128, 128).quantised(to: .x256) == .indexed(244))
        #expect(Color.rgb(0, 0, 0).quantised(to: .x256) == .indexed(16))
        #expect(Color.rgb(250, 10, 10).quantised(to: .x16) == .indexed(9))
        #expect(Color.rgb(58, 134, 255).quantised(to: .x16) == .indexed(12))
        #expect(Color.rgb(44, 44, 52).quantised(to: .x16) == .default)
        #expect(Color.rgb(170, 170, 180).quantised(to: .x16) == .indexed(7))
        #expect(Color.rgb(7, 8, 9).quantised(to: .trueColor) == .rgb(7, 8, 9))
        #expect(Color.rgb(7, 8, 9).quantised(to: .none) == .default)
        #expect(Color.indexed(3).quantised(to: .none) == .default)
    }

    @Test func depthComesFromTheEnvironment() {
        #expect(ColorDepth.detect(environment: ["TERM": "xterm-256color", "COLORTERM": "truecolor"]) == .trueColor)
        #expect(ColorDepth.detect(environment: ["TERM": "tmux-256color"]) == .x256)
        #expect(ColorDepth.detect(environment: ["TERM": "screen"]) == .x16)
        #expect(ColorDepth.detect(environment: ["TERM": "xterm-256color", "NO_COLOR": "1"]) == .none)
        #expect(ColorDepth.detect(environment: ["TERM": "xterm-256color", "NO_COLOR": ""]) == .x256)
        #expect(ColorDepth.detect(environment: [:]) == .none)
    }

    @Test func ansiTextCarriesEachStyleOnce() {
        var frame = Buffer(width: 4, height: 1)
        frame.put("ab", x: 0, y: 0, Style(fg: .rgb(255, 0, 0), attrs: .bold))
        #expect(frame.ansi(depth: .trueColor) == "\u{1B}[0;1;38;2;255;0;0mab\u{1B}[0m  ")
        #expect(frame.ansi(depth: .x256) == "\u{1B}[0;1;38;5;196mab\u{1B}[0m  ")
        #expect(frame.ansi(depth: .none) == "ab  ")
    }

    @Test func aHeatmapRunningPastTheBufferIsClippedNotATrap() {
        // Packed lines below the last row change the background of cells that are not there.
        let shape = HeatmapShape(count: 40, width: 4, glyphs: false)
        var frame = Buffer(width: 4, height: 2)
        frame.drawHeatmap((0..<40).map { Float($0) / 40 }, scale: ValueScale(limit: 1), shape: shape, glyphs: false, x: 2, y: 1)
        #expect(frame[-1, 0] == .blank && frame[4, 0] == .blank && frame[0, 2] == .blank && frame[0, -1] == .blank)
        #expect(frame[2, 1].glyph == "▀")
    }

    @Test func packedHeatmapsPutTwoValuesInOneCell() {
        let shape = HeatmapShape(count: 10, width: 4, glyphs: false)
        #expect(shape.packed && shape.perLine == 4 && shape.lines == 3 && shape.textRows == 2)
        var frame = Buffer(width: 4, height: 2)
        let scale = ValueScale(limit: 1)
        let values: [Float] = (0..<10).map { Float($0) / 10 - 0.5 }
        frame.drawHeatmap(values, scale: scale, shape: shape, glyphs: false, x: 0, y: 0)
        #expect(frame[1, 0].glyph == "▀")
        #expect(frame[1, 0].fg == scale.color(values[1]) && frame[1, 0].bg == scale.color(values[5]))
        #expect(frame[1, 1].fg == scale.color(values[9]) && frame[1, 1].bg == .default)
    }
}
