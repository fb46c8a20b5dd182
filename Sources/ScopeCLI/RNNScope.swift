import ArgumentParser
import Recurrent

/// `rnnscope`: the root command. The terminal visualizer by default, plus headless subcommands.
public struct RNNScope: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "rnnscope",
        abstract: "Step through a torch.nn.RNN, LSTM or GRU one timestep at a time.",
        subcommands: [View.self, Render.self, TourCommand.self, MatchCommand.self, ForwardCommand.self, InitCommand.self, InspectCommand.self,
                      BenchCommand.self],
        defaultSubcommand: View.self)

    public init() {}
}
