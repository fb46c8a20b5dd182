import ArgumentParser
import Foundation
import Recurrent
import RecurrentIO

extension RNNScope {
    /// Runs the command line like ArgumentParser's `main()`, except that bad data — an unreadable
    /// file (`FileError`) or a shape PyTorch would reject (`RNNError`, in PyTorch's words) — prints
    /// the single line `rnnscope: <message>` on stderr and exits 1. Usage errors keep
    /// ArgumentParser's message and exit status 64.
    public static func mainReportingDataErrors(_ arguments: [String]? = nil) -> Never {
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            Self.exit()
        } catch let error as FileError {
            exitWithDataError(error.description)
        } catch let error as RNNError {
            exitWithDataError(error.message)
        } catch {
            exit(withError: error)
        }
    }

    private static func exitWithDataError(_ message: String) -> Never {
        FileHandle.standardError.write(Data("rnnscope: \(message)\n".utf8))
        Self.exit(withError: ExitCode.failure)
    }
}
