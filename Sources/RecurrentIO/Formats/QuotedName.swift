/// A name read from a file, quoted for a one-line error: `'name'`, with line breaks and other control
/// characters escaped (`\n`, `\u{1B}`) and anything past 120 characters cut to `…`, so that no file
/// can break the one-line promise of `FileError` or flood the terminal.
func quotedName(_ name: String) -> String {
    let limit = 120
    var text = ""
    for (index, scalar) in name.unicodeScalars.enumerated() {
        guard index < limit else {
            text += "…"
            break
        }
        let isControl = scalar.properties.generalCategory == .control || scalar.properties.isWhitespace && scalar != " "
        text += isControl ? scalar.escaped(asASCII: true) : String(scalar)
    }
    return "'\(text)'"
}
