import Testing

/// Every refusal is one line on stderr (`rnnscope: …`) and a non-zero exit — usage errors included,
/// without ArgumentParser's usage block — and negative numbers reach the range checks.
struct OneLineErrorTests {
    private func expectOneLine(_ arguments: [String], status: Int32 = 64, says message: String) throws {
        let result = try CommandRunner().run(arguments)
        #expect(result == .init(status: status, stdout: "", stderr: "rnnscope: \(message)\n"), "\(arguments)")
    }

    @Test func outOfRangeValuesAreOneLine() throws {
        try expectOneLine(["render", "--t", "20"], says: "--t must be in 0..<20 (the sequence has T=20)")
        try expectOneLine(["render", "--t", "-1"], says: "--t must be in 0..<20 (the sequence has T=20)")
        try expectOneLine(["render", "--unit", "-1"], says: "--unit must be in 0..<10 (hidden_size)")
        try expectOneLine(["render", "--mode", "exec", "--step", "-1"], says: "--step must be in 0...40 (L·dirs·T cell steps)")
        try expectOneLine(["render", "--width", "-5"], says: "--width and --height must be positive")
    }

    @Test func parseErrorsAreOneLine() throws {
        try expectOneLine(["render", "--bogus"], says: "Unknown option '--bogus'. Did you mean '--body'?")
        try expectOneLine(["forward", "--input", "x.npy"], says: "Missing expected argument '--output <output>'")
    }

    @Test func benchRefusesAnEmptyRunInsteadOfTrapping() throws {
        try expectOneLine(["bench", "--ui", "--frames", "0"], says: "--frames must be at least 1")
        try expectOneLine(["bench", "--ui", "--width", "0", "--frames", "1"], says: "--width and --height must be positive")
        try expectOneLine(["bench", "--repeat", "-2"], says: "--repeat must be at least 1")
    }

    @Test func helpIsStillHelp() throws {
        let result = try CommandRunner().run(["render", "--help"])
        #expect(result.status == 0 && result.stdout.contains("USAGE: rnnscope render") && result.stderr.isEmpty)
    }
}
