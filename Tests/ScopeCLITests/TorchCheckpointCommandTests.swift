import Foundation
import Testing

/// `torch.save`'d state dicts on the command line: shown and run like safetensors, refused in one line.
struct TorchCheckpointCommandTests {
    let fixture = CommandRunner.fixture

    @Test func inspectShowsAPtFileAsItShowsItsSafetensorsTwin() throws {
        let runner = try CommandRunner()
        let pt = try runner.run(["inspect", fixture("torch/f16.pt")])
        let twin = try runner.run(["inspect", fixture("f16.safetensors")])
        #expect(pt.status == 0 && pt.stderr.isEmpty)
        #expect(pt.stdout.contains("\nmodel       RNN(1, 10, num_layers=2)\n"))
        #expect(tensorRows(ofInspect: pt.stdout).allSatisfy { $0.contains("  F16  min ") })
        let withoutFileLine = { (output: String) in output.split(separator: "\n").dropFirst() }
        #expect(withoutFileLine(pt.stdout) == withoutFileLine(twin.stdout))
    }

    @Test func inspectListsTheTensorsBesideTheRNN() throws {
        let result = try CommandRunner().run(["inspect", fixture("torch/nested.pt")])
        #expect(result.status == 0)
        #expect(result.stdout.contains("\nprefix      encoder.rnn.\nmodel       RNN(2, 3)\n"))
        #expect(result.stdout.split(separator: "\n").filter { $0.hasSuffix("(not part of the RNN)") }.count == 4)
    }

    @Test(arguments: [
        ("whole_model.pt", "a pickled 'torch.nn.modules.rnn.RNN', which is not read (only tensors are, and no pickled code is run) "
            + "— save model.state_dict() instead of the whole model"),
        ("legacy.pt", "a legacy torch.save file (torch < 1.6 or _use_new_zipfile_serialization=False), which is not read "
            + "— save it again with a current torch.save, or with safetensors.torch.save_file"),
    ])
    func anUnreadableCheckpointIsOneLineAndExitOne(file: String, problem: String) throws {
        let runner = try CommandRunner()
        let path = fixture("torch/" + file)
        let forward = try runner.run(["forward", "--weights", path, "--input", fixture("seed_sine_input.npy"),
                                      "--batch-first", "--output", "out.safetensors"])
        #expect(forward == .init(status: 1, stdout: "", stderr: "rnnscope: \(path): \(problem)\n"))
        #expect(try runner.files() == [])
        #expect(try runner.run(["inspect", path]) == .init(status: 1, stdout: "", stderr: "rnnscope: \(path): \(problem)\n"))
        let render = try runner.run(["render", "--weights", path, "--width", "100", "--height", "30"])
        #expect(render == .init(status: 1, stdout: "", stderr: "rnnscope: \(path): \(problem)\n"))
    }
}
