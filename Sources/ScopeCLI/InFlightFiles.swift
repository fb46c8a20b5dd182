@preconcurrency import CNcursesw
import RecurrentIO

/// Temporary files a headless command has in flight, removed if SIGINT or SIGTERM arrives before
/// they are renamed into place; the process then still dies of the signal (exit status 130 / 143).
///
/// The registry and its signal handler are C (CNcursesw's shim), so that the handler touches only
/// pre-copied C strings and async-signal-safe calls. Its handlers are installed only while a file
/// is registered — never while the visualizer, which has handlers of its own, runs. Every call to
/// the shim's `shim_temp_*` functions is in this file, so they share one copy of its state.
enum InFlightFiles {
    /// Runs `write`, which stages the content of `path` at `temporaryPath(beside: path)` and renames
    /// it into place (`saveSafetensors`, `saveNpy`), with that temporary file registered.
    static func writing<Result>(_ path: String, _ write: () throws -> Result) rethrows -> Result {
        let slot = register(temporaryPath(beside: path))
        defer { unregister(slot) }
        return try write()
    }

    /// Registers a file to remove on SIGINT / SIGTERM: its slot, or nil when the registry is full
    /// or the path too long (the file is then only not removed on a signal).
    static func register(_ path: String) -> Int32? {
        let slot = shim_temp_register(path)
        return slot >= 0 ? slot : nil
    }

    /// Forgets a registered file (renamed into place, or removed).
    static func unregister(_ slot: Int32?) {
        if let slot { shim_temp_unregister(slot) }
    }

    /// Removes every registered file now: what the signal handler does before the process dies.
    static func removeAll() { shim_temp_remove_all() }

    /// Whether the signal handlers are installed (while at least one file is registered).
    static var isWatchingSignals: Bool { shim_temp_watching() != 0 }
}
