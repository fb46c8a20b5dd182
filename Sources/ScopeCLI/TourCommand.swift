import ArgumentParser
import ScopeUI

/// `rnnscope tour`: the visualizer on the guided tour of the study notes, from stop 1 (or `--tour K`).
struct TourCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tour",
        abstract: "A guided tour of the study notes' six sections on the live model (← → stops, Esc explores, --lang ko).")

    @Option(parsing: .unconditional, help: "The stop to open at (1…6).")
    var tour = 1

    @Option(help: "The captions' language: en or ko (default: ko under a Korean locale, else en).")
    var lang: TourLanguage?

    func run() throws {
        var view = try View.parse(["--tour", "\(tour)"] + (lang.map { ["--lang", $0.rawValue] } ?? []))
        try view.run()
    }
}
