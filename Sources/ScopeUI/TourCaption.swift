/// Drawing the tour's caption: a box above the legend with the stop's title, its text wrapped to the
/// box as the terminal counts columns (a Hangul syllable takes two), and the keys to try.

extension FrameLayout {
    /// Rows the caption box takes: its wrapped lines, the keys and the border — at most a third of
    /// the screen (the text is then cut with `…`), at least the title, one line and the keys.
    static func captionHeight(_ caption: TourCaption, width: Int, height: Int) -> Int {
        let lines = wrapped(caption.text, width: width - 4).count + wrapped(caption.keys, width: width - 4).count
        return min(lines + 2, max(5, height / 3))
    }
}

/// `text` cut into lines of at most `width` columns (as `displayWidth` counts), at spaces where it
/// can, inside a word where one word is longer than a line.
func wrapped(_ text: String, width: Int) -> [String] {
    guard width > 0 else { return [] }
    var lines: [String] = [], line = "", lineWidth = 0
    for word in text.split(separator: " ", omittingEmptySubsequences: false).map(String.init) {
        var word = word, wordWidth = displayWidth(word)
        if lineWidth > 0, lineWidth + 1 + wordWidth <= width {
            line += " " + word; lineWidth += 1 + wordWidth
            continue
        }
        if lineWidth > 0 { lines.append(line); (line, lineWidth) = ("", 0) }
        while wordWidth > width {   // a word longer than a line is split where it must
            var head = "", headWidth = 0
            for character in word {
                let w = displayWidth(String(character))
                if headWidth + w > width { break }
                head.append(character); headWidth += w
            }
            lines.append(head)
            word = String(word.dropFirst(head.count)); wordWidth = displayWidth(word)
        }
        (line, lineWidth) = (word, wordWidth)
    }
    if !line.isEmpty { lines.append(line) }
    return lines
}

extension Buffer {
    /// The caption in `rect`: title on the border, text, then the keys in the last line.
    mutating func drawTourCaption(_ caption: TourCaption, rect: Rect) {
        guard rect.height >= 3 else { return }
        fill(rect)
        drawBox(rect, title: caption.title, note: "tour", style: Theme.selectedBorder, titleStyle: Theme.selectedBorder)
        let inner = rect.inset(1), room = inner.width - 2
        let keys = wrapped(caption.keys, width: room)
        var text = wrapped(caption.text, width: room)
        let fits = max(0, inner.height - keys.count)
        if text.count > fits {
            text = Array(text.prefix(fits))
            if var last = text.last {   // say that it was cut
                while displayWidth(last) + 1 > room, !last.isEmpty { last.removeLast() }
                text[text.count - 1] = last + "…"
            }
        }
        for (i, line) in text.enumerated() { put(line, x: inner.x + 1, y: inner.y + i, Theme.value, maxX: inner.maxX) }
        for (i, line) in keys.enumerated() where inner.y + fits + i < inner.maxY {
            put(line, x: inner.x + 1, y: inner.y + min(fits, text.count) + i, Theme.key, maxX: inner.maxX)
        }
    }
}
