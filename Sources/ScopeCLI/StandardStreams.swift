import Foundation
import RecurrentIO

/// stdout and stderr written with plain POSIX `write` calls whose results are checked.
///
/// A command's output (a frame, a report, JSON) goes through `writeLine`, which throws when the
/// bytes cannot all be written — a full disk, `/dev/full`, a closed stdout — so the command fails
/// with one line on stderr and a non-zero status instead of exiting 0 with a truncated file.
/// Diagnostics go through `writeDiagnostic`, which never fails and never traps: a diagnostic that
/// cannot be written is lost, and the exit status still says what happened. (Foundation's
/// `FileHandle.write` traps on a failed write: that was the SIGILL of `2>/dev/full`.)
enum StandardStreams {
    /// Whether stdout was closed when the process started (`>&-`): writes to it then fail as
    /// they would on a closed descriptor, though /dev/null now holds the number.
    nonisolated(unsafe) private(set) static var stdoutWasClosed = false

    /// Puts /dev/null on descriptors 0, 1 and 2 when they are closed, so that no file the command
    /// opens later takes one of those numbers (and gets the frame or the report written into it).
    /// Call once, first thing.
    static func occupyClosedDescriptors() {
        for descriptor in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] where fcntl(descriptor, F_GETFD) == -1 && errno == EBADF {
            let opened = open("/dev/null", descriptor == STDIN_FILENO ? O_RDONLY : O_WRONLY)
            if opened >= 0, opened != descriptor {
                dup2(opened, descriptor)
                close(opened)
            }
            if descriptor == STDOUT_FILENO { stdoutWasClosed = true }
        }
    }

    /// Writes `text` to stdout whole. - Throws: `FileError` naming stdout and the system's reason.
    static func writeOut(_ text: String) throws {
        let failure = stdoutWasClosed ? EBADF : writeAll(Array(text.utf8), to: STDOUT_FILENO)
        guard failure == 0 else { throw FileError("stdout", "cannot write: \(String(cString: strerror(failure)))") }
    }

    /// Writes `text` to stderr as far as it can: never throws, never traps.
    static func writeError(_ text: String) { _ = writeAll(Array(text.utf8), to: STDERR_FILENO) }
}

/// `print` for a command's output: `line` and a line break on stdout, checked.
/// - Throws: `FileError` ("stdout: cannot write: No space left on device") when it cannot be written.
func writeLine(_ line: String) throws { try StandardStreams.writeOut(line + "\n") }

/// One diagnostic line on stderr (a warning, an error), which must never stop the program.
func writeDiagnostic(_ line: String) { StandardStreams.writeError(line + "\n") }
