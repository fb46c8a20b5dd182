import ArgumentParser
import Foundation
import Recurrent
import RecurrentIO

extension RNNScope {
    /// Runs the command line like ArgumentParser's `main()`, except that every error is one line on
    /// stderr: bad data — an unreadable file (`FileError`) or a shape PyTorch would reject
    /// (`RNNError`, in PyTorch's words) — prints `rnnscope: <message>` and exits 1; a usage error
    /// (a missing or malformed option, a value out of range) prints `rnnscope: <message>` and keeps
    /// ArgumentParser's exit status 64, without the usage block. `--help` prints help as usual.
    /// A closed stdout, stdin or stderr is first given /dev/null (`StandardStreams`), and every
    /// message is written so that a broken stderr can never trap.
    public static func mainReportingDataErrors(_ arguments: [String]? = nil) -> Never {
        StandardStreams.occupyClosedDescriptors()
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            Self.exit()
        } catch let error as FileError {
            exitWithError(error.description, status: .failure)
        } catch let error as RNNError {
            exitWithError(error.message, status: .failure)
        } catch {
            let status = exitCode(for: error)
            // Help, version and a bare ExitCode (a signal's 128+n) say nothing more themselves.
            if status == .success || error is ExitCode { Self.exit(withError: error) }
            exitWithError(message(for: error), status: status)
        }
    }

    /// `rnnscope: <message>` as one line (an embedded line break becomes "; "), then exit.
    private static func exitWithError(_ message: String, status: ExitCode) -> Never {
        let line = message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: "; ")
        writeDiagnostic("rnnscope: \(line)")
        Self.exit(withError: status)
    }
}
