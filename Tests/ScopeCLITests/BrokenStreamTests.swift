import Foundation
import Testing

/// Output that cannot be written is an error, never a silent exit 0 with a truncated file; a
/// diagnostic that cannot be written is lost, never a trap. Each command runs under `sh` with its
/// stdout or stderr on `/dev/full` (every write fails with ENOSPC) or closed (`>&-`, EBADF).
struct BrokenStreamTests {
    /// Runs `rnnscope ARGUMENTS` with the shell redirections `redirections` (e.g. `>/dev/full`);
    /// whatever streams are left open are captured.
    static func run(_ arguments: [String], _ redirections: String) throws -> CommandRunner.Result {
        let runner = try CommandRunner()
        defer { try? FileManager.default.removeItem(at: runner.directory) }
        let process = runner.process(["-c", "exec \"$0\" \"$@\" \(redirections)", CommandRunner.executable.path] + arguments)
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        let out = Pipe(), err = Pipe()
        (process.standardOutput, process.standardError) = (out, err)
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile(), stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return .init(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                     stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Every command that prints a result (and succeeds when stdout works).
    static let printing: [[String]] = [
        ["render", "--t", "5"],
        ["inspect", CommandRunner.fixture("seed_sine.safetensors")],
        ["inspect", CommandRunner.fixture("seed_sine.safetensors"), "--json"],
        ["inspect", CommandRunner.fixture("sine.csv"), "--json"],
        ["bench", "--json", "--input-size", "2", "--hidden-size", "4", "--num-layers", "1", "--seq-len", "2", "--batch", "1", "--repeat", "1"],
        ["init", "--input-size", "2", "--hidden-size", "3", "--output", "w.safetensors"],
        ["forward", "--weights", CommandRunner.fixture("seed_sine.safetensors"), "--input", CommandRunner.fixture("seed_sine_input.npy"),
         "--output", "out.npz"],
    ]

    @Test(arguments: printing)
    func aFullStdoutIsAOneLineErrorAndAFailure(_ arguments: [String]) throws {
        let result = try Self.run(arguments, ">/dev/full")
        #expect(result.status == 1, "\(arguments)")
        #expect(result.stderr == "rnnscope: stdout: cannot write: No space left on device\n", "\(arguments)")
    }

    @Test(arguments: printing)
    func aClosedStdoutIsAOneLineErrorAndAFailure(_ arguments: [String]) throws {
        let result = try Self.run(arguments, ">&-")
        #expect(result.status == 1, "\(arguments)")
        #expect(result.stderr == "rnnscope: stdout: cannot write: Bad file descriptor\n", "\(arguments)")
    }

    @Test(arguments: [">/dev/null 2>/dev/full", ">/dev/null 2>&-"])
    func aBrokenStderrNeverTraps(_ redirections: String) throws {
        // A run that succeeds still succeeds; refusals keep their statuses (64 usage, 1 bad data).
        #expect(try Self.run(["render", "--t", "5"], redirections).status == 0)
        #expect(try Self.run(["render", "--bogus"], redirections).status == 64)
        #expect(try Self.run(["render", "--input", "missing.npy"], redirections).status == 1)
        #expect(try Self.run(["forward", "--input", "missing.npy", "--output", "o.npy"], redirections).status == 1)
    }

    @Test func aClosedStderrDoesNotCaptureOutputFiles() throws {
        // With 2 closed, a file opened later would take descriptor 2 and get the diagnostics.
        let result = try Self.run(["render", "--t", "5"], "2>&-")
        #expect(result.status == 0 && result.stdout.contains("rnnscope"))
    }
}
