import Dispatch
import Synchronization

/// How many threads the engine computes a run with (`rnnscope --threads`; 1, the default, computes
/// everything on the calling thread). Results do not depend on it beyond the rounding of a
/// matrix product over fewer rows.
public enum ComputeThreads {
    private static let value = Atomic<Int>(1)

    public static var count: Int {
        get { value.load(ordering: .relaxed) }
        set { value.store(max(1, newValue), ordering: .relaxed) }
    }
}

extension Trace {
    /// Computes the whole run on `threads` threads, layer by layer, in two phases per layer:
    /// 1. `W_ih·x + b_ih` of every direction, the layer's `T·N` rows cut into as many blocks as
    ///    leave each thread one;
    /// 2. the recurrence: the directions at once (each reads only its own h_{t-1}), and each
    ///    direction's batch cut into blocks of elements (each element's recurrence is its own).
    /// A unidirectional batch of one has a single recurrence and runs on one thread in phase 2.
    /// The steps computed, and so every value kept, are those of the sequential `run`.
    func runInParallel(threads: Int) {
        let dirs = config.numDirections, rows = seqLen * batch
        let rowBlocks = blocks(of: rows, into: max(1, threads / dirs), smallest: 64)
        let batchBlocks = blocks(of: batch, into: max(1, threads / dirs), smallest: 1)
        nonisolated(unsafe) let run = self   // the tasks below write disjoint memory (see `compute`)
        for layer in 0..<config.numLayers {
            applyDropout(below: layer)
            DispatchQueue.concurrentPerform(iterations: dirs * rowBlocks.count) { task in
                run.projectInput(layer: layer, direction: task % dirs, rows: rowBlocks[task / dirs])
            }
            let before = stepsDone
            DispatchQueue.concurrentPerform(iterations: dirs * batchBlocks.count) { task in
                let direction = task % dirs, block = task / dirs, elements = batchBlocks[block]
                for k in 0..<run.seqLen {
                    run.compute(CellStep(layer: layer, direction: direction, t: direction == 0 ? k : run.seqLen - 1 - k),
                                rows: elements)
                    // The first block of each direction reports progress for its direction.
                    if block == 0, k & 63 == 63 { RunProgress.stepsDone.add(64, ordering: .relaxed) }
                }
            }
            stepsDone = before + dirs * seqLen
            RunProgress.stepsDone.store(stepsDone, ordering: .relaxed)
        }
    }
}

/// `0..<count` cut into at most `parts` contiguous blocks of nearly equal size, none (but a lone
/// one) smaller than `smallest`.
func blocks(of count: Int, into parts: Int, smallest: Int) -> [Range<Int>] {
    let parts = max(1, min(parts, count / max(1, smallest)))
    return (0..<parts).map { p in (count * p / parts)..<(count * (p + 1) / parts) }
}
