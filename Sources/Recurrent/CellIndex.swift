/// One (layer, direction) recurrent cell of a stack — the unit PyTorch's `h_n`, `state_dict` and
/// execution order are counted in: cell `layer · dirs + direction`, suffix `l0`, `l0_reverse`, …
public struct CellIndex: Hashable, Sendable, CustomStringConvertible {
    public let layer: Int
    /// 0 forward, 1 reverse.
    public let direction: Int

    public init(layer: Int, direction: Int) {
        (self.layer, self.direction) = (layer, direction)
    }

    /// The cell at position `index` of `h_n` / `state_dict` order for a stack with `directions` directions.
    public init(index: Int, directions: Int) {
        self.init(layer: index / directions, direction: index % directions)
    }

    /// Its position in `h_n` and `state_dict` order: `layer · dirs + direction`.
    public func index(directions: Int) -> Int { layer * directions + direction }

    /// PyTorch's parameter-name suffix: `l0`, `l0_reverse`, `l1`, …
    public var suffix: String { "l\(layer)" + (direction == 1 ? "_reverse" : "") }

    /// `forward` or `reverse`.
    public var directionName: String { direction == 0 ? "forward" : "reverse" }

    /// `layer 0 · forward`, as pane titles say it.
    public var title: String { "layer \(layer) · \(directionName)" }

    public var description: String { "layer \(layer) \(directionName)" }

    /// The t this cell starts at: 0 forward, T − 1 reverse (where its previous state is h0).
    public func firstStep(seqLen: Int) -> Int { direction == 0 ? 0 : seqLen - 1 }

    /// The t this cell ends at: T − 1 forward, 0 reverse (the step h_n holds).
    public func lastStep(seqLen: Int) -> Int { direction == 0 ? seqLen - 1 : 0 }

    /// The t whose state the step at `t` reads: t − 1 forward, t + 1 reverse (outside 0..<T at the start).
    public func previousStep(_ t: Int) -> Int { direction == 0 ? t - 1 : t + 1 }
}
