@preconcurrency import CNcursesw
import Foundation
import ScopeUI

/// The ncurses backend: opens and restores the terminal, allocates colour pairs on demand, writes
/// only the cells that changed, and turns keys and signals into events. All calls on the main thread.
final class Terminal {
    /// What the input poll saw.
    enum Event: Equatable {
        case key(Key)
        case resize
        /// The left button went down at this cell (where the terminal reports the mouse).
        case click(x: Int, y: Int)
        /// SIGINT, SIGTERM, SIGHUP or SIGQUIT arrived (the signal number): the view gives the
        /// terminal back and exits 128+n.
        case signal(Int32)
    }

    /// The colour depth the frames are quantised to: what was asked for, as far as the terminal goes.
    private(set) var depth: ColorDepth = .none
    private var screen: OpaquePointer?
    private var pairs: [Style: Int32] = [:]
    private var nextPair: Int32 = 1
    private var isOpen = false

    // MARK: Start and teardown

    /// Throws unless both ends are a terminal: frames need stdout, and keys need stdin (from a file
    /// or /dev/null every read returns at once, so the loop would spin with no way to quit).
    static func checkAvailable() throws {
        guard isatty(STDOUT_FILENO) == 1 else {
            throw TerminalError("stdout is not a terminal; `rnnscope render --t K --width W --height H` prints a frame instead")
        }
        guard isatty(STDIN_FILENO) == 1 else {
            throw TerminalError("stdin is not a terminal, so keys cannot reach the visualizer")
        }
    }

    /// Takes over the terminal. `requested` is the depth the environment asks for; 24-bit colour
    /// needs a `*-direct` terminfo entry, which is tried (`tmux-direct` for `tmux-256color`, …)
    /// before falling back to TERM itself.
    init(requested: ColorDepth) throws {
        shim_watch_signals()  // before ncurses starts, so it keeps our handlers
        shim_remember_shell_modes()
        setlocale(LC_ALL, "")
        Terminal.preferUTF8Characters()
        let term = ProcessInfo.processInfo.environment["TERM"] ?? ""
        if requested == .trueColor, !term.hasSuffix("-direct"), let base = term.split(separator: "-").first {
            screen = newterm("\(base)-direct", stdout, stdin)
        }
        if screen == nil { screen = newterm(nil, stdout, stdin) }
        guard screen != nil else { throw TerminalError("cannot open the terminal (TERM=\(term))") }
        isOpen = true
        guard shim_can_address_cursor() != 0 else {
            close()
            throw TerminalError("TERM=\(term) cannot move the cursor, so the screen cannot be drawn; "
                                + "use a terminal such as xterm-256color, or `rnnscope render` for a frame")
        }
        cbreak()
        noecho()
        nonl()
        keypad(stdscr, true)
        curs_set(0)
        set_escdelay(25)
        wtimeout(stdscr, 100)
        mousemask(shim_mouse_left_press(), nil)
        shim_watch_crashes()  // from here on a crash still gives the terminal back
        mouseinterval(0)
        depth = requested == .none || !has_colors() ? .none : Terminal.capability(requested)
    }

    /// The screen is drawn in Unicode (box lines, `▀` halves, arrows, `·`). Under a locale that is
    /// not UTF-8 — `LANG` unset or `C`, as in many containers — ncursesw would drop every one of
    /// those characters, so the character type falls back to `C.UTF-8` (every glibc has it); the
    /// terminals of today show UTF-8 whatever the locale says.
    private static func preferUTF8Characters() {
        guard let codeset = nl_langinfo(nl_item(CODESET)), String(cString: codeset) != "UTF-8" else { return }
        for name in ["C.UTF-8", "C.utf8", "en_US.UTF-8"] where setlocale(LC_CTYPE, name) != nil { return }
    }

    /// Starts colour and caps `requested` at what the terminal has.
    private static func capability(_ requested: ColorDepth) -> ColorDepth {
        start_color()
        use_default_colors()
        let has: ColorDepth = COLORS >= 0x100_0000 ? .trueColor : COLORS >= 256 ? .x256 : COLORS >= 8 ? .x16 : .none
        let order: [ColorDepth] = [.none, .x16, .x256, .trueColor]
        return order[min(order.firstIndex(of: has)!, order.firstIndex(of: requested)!)]
    }

    /// Gives the terminal back (idempotent).
    func close() {
        guard isOpen else { return }
        isOpen = false
        endwin()
        shim_unwatch_crashes()
        if let screen { delscreen(screen) }
        screen = nil
    }

    deinit { close() }

    // MARK: Drawing

    var size: (width: Int, height: Int) { (Int(getmaxx(stdscr)), Int(getmaxy(stdscr))) }

    /// Writes `runs` (cells already quantised to `depth`) and shows them.
    func draw(_ runs: [CellRun]) {
        var cell = cchar_t()
        for run in runs {
            for (i, c) in run.cells.enumerated() where !c.isWideTail {   // a wide glyph's left cell draws both
                let glyph = wchar_t(bitPattern: c.glyph.unicodeScalars.first!.value)
                shim_setcchar(&cell, glyph, attributes(c.attrs), pair(for: c.style))
                mvadd_wch(Int32(run.y), Int32(run.x + i), &cell)  // ERR at the bottom-right corner is harmless
            }
        }
        refresh()
    }

    /// Forgets what is on screen (after a resize): the next frame is drawn whole.
    func clearScreen() { clear() }

    private func attributes(_ attrs: Attributes) -> attr_t {
        var value = attr_t(A_NORMAL)
        if attrs.contains(.bold) { value |= shim_attr_bold() }
        if attrs.contains(.dim) { value |= shim_attr_dim() }
        if attrs.contains(.reverse) { value |= shim_attr_reverse() }
        if attrs.contains(.underline) { value |= shim_attr_underline() }
        return value
    }

    /// The colour pair for a style's colours, allocated the first time it is needed. When pairs run
    /// out the table starts again (the next full redraw repaints with the new numbers).
    private func pair(for style: Style) -> Int32 {
        guard depth != .none else { return 0 }
        let key = Style(fg: style.fg, bg: style.bg)
        if let known = pairs[key] { return known }
        if nextPair >= COLOR_PAIRS {
            pairs.removeAll()
            nextPair = 1
        }
        let number = nextPair
        nextPair += 1
        init_extended_pair(number, colorNumber(style.fg), colorNumber(style.bg))
        pairs[key] = number
        return number
    }

    /// The terminal's number for a quantised colour: -1 default, the index, or 0xRRGGBB on a direct-colour terminal.
    private func colorNumber(_ color: Color) -> Int32 {
        switch color {
        case .default: return -1
        case let .indexed(n): return COLORS >= 16 ? Int32(n) : Int32(n % 8)
        case let .rgb(r, g, b): return Int32(r) << 16 | Int32(g) << 8 | Int32(b)
        }
    }

    // MARK: Input

    /// Waits up to 100 ms for a key, a resize or a signal; nil when nothing happened.
    func poll() -> Event? {
        let pending = shim_take_signal()
        if pending != 0 { return .signal(pending) }
        var code: wint_t = 0
        let kind = wget_wch(stdscr, &code)
        let taken = shim_take_signal()
        if taken != 0 { return .signal(taken) }
        if kind == KEY_CODE_YES {
            switch Int32(code) {
            case KEY_RESIZE: return .resize
            case KEY_MOUSE:
                var event = MEVENT()
                return getmouse(&event) == OK ? .click(x: Int(event.x), y: Int(event.y)) : nil
            case KEY_LEFT: return .key(.left)
            case KEY_RIGHT: return .key(.right)
            case KEY_UP: return .key(.up)
            case KEY_DOWN: return .key(.down)
            case KEY_HOME: return .key(.home)
            case KEY_END: return .key(.end)
            case KEY_PPAGE: return .key(.pageUp)
            case KEY_NPAGE: return .key(.pageDown)
            case KEY_BTAB: return .key(.backTab)
            case KEY_ENTER: return .key(.char("\r"))   // the keypad's Enter opens the inspector like Return
            default: return nil
            }
        }
        guard kind == OK, let scalar = Unicode.Scalar(UInt32(code)) else { return nil }
        switch scalar {
        case "\t": return .key(.tab)
        case "\u{1B}": return .key(.escape)
        default: return .key(.char(Character(scalar)))
        }
    }
}

/// The terminal could not be used.
struct TerminalError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
