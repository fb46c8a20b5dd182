import CKernels
import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

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
    ///    leave each thread one (a trace that keeps only states projects it as the steps go);
    /// 2. the recurrence: the directions at once (each reads only its own h_{t-1}), and with
    ///    threads to spare each direction's step shared — by blocks of batch elements (each
    ///    element's recurrence is its own) while W_hh fits a core's L2, else by two column blocks
    ///    of hh per step, so that each core reads half of W_hh.
    /// The steps computed, and so every value kept, are those of the sequential `run`. Returns
    /// false, computing nothing, when nothing could run at once (one direction, one block of rows,
    /// one of elements, too few columns to share): the sequential run is then the faster.
    func runInParallel(threads: Int) -> Bool {
        let dirs = config.numDirections, rows = seqLen * batch, perDirection = max(1, threads / dirs)
        // A trace that keeps only states projects W_ih·x chunk by chunk into one buffer a cell, as
        // its steps need it: one task a cell then (with a helper for big products).
        // Sharing a step's columns pays once W_hh passes a core's L2: below it, an unbatched step is
        // over in about a microsecond and the two threads' meeting costs what the second core saves
        // (LSTM(32, 128) over 1500 steps: 2.61 ms on one thread, 2.76 on two; RNN(32, 512) long:
        // 35.4 → 19.0 ms).
        let bigWeights = config.gateRows * config.outputSize * MemoryLayout<Float>.size >= Trace.cachedWeightBytes
        let sharesColumns = perDirection > 1 && config.gateRows >= 2 * Int(RK_PANEL) && bigWeights
        let splitsBatch = !sharesColumns && !recomputesParts && batch > 1 && perDirection > 1
        let splitsRows = !recomputesParts && rows >= 128 && perDirection > 1
        // Nothing to run at once (the seed model, say): no arrays, no tasks.
        if dirs == 1, !sharesColumns, !splitsBatch, !splitsRows { return false }
        let rowBlocks = blocks(of: rows, into: perDirection, smallest: 64)
        let batchBlocks = splitsBatch ? blocks(of: batch, into: perDirection, smallest: 1) : [0..<batch]
        let helpers = sharesColumns ? 2 : 1    // threads per task in phase 2
        nonisolated(unsafe) let run = self   // the tasks below write disjoint memory (see `compute`)
        for layer in 0..<config.numLayers {
            applyDropout(below: layer)
            if !recomputesParts {
                DispatchQueue.concurrentPerform(iterations: dirs * rowBlocks.count) { task in
                    run.projectInput(layer: layer, direction: task % dirs, rows: rowBlocks[task / dirs])
                }
            }
            let before = stepsDone
            RunProgress.stepsDone.store(before, ordering: .relaxed)   // the tasks add to it from here
            let shared = (0..<dirs).map { _ in SharedSteps() }
            DispatchQueue.concurrentPerform(iterations: dirs * batchBlocks.count * helpers) { task in
                let direction = task % dirs, block = task / dirs / helpers, elements = batchBlocks[block]
                if helpers == 1 {
                    for k in 0..<run.seqLen {
                        run.compute(run.cellStep(layer: layer, direction: direction, k: k), rows: elements)
                        // The first block of each direction reports progress for its direction.
                        if block == 0, k & 63 == 63 { RunProgress.stepsDone.add(64, ordering: .relaxed) }
                    }
                } else if shared[direction].leader.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged {
                    // Whichever of a direction's two tasks starts first leads, so a helper never waits
                    // for a leader that has not started.
                    run.leadSharedSteps(layer: layer, direction: direction, signals: shared[direction])
                } else {
                    run.helpWithSharedSteps(layer: layer, direction: direction, signals: shared[direction])
                }
            }
            stepsDone = before + dirs * seqLen
            RunProgress.stepsDone.store(stepsDone, ordering: .relaxed)
        }
        return true
    }

    /// W_hh bytes up to which a direction's step is shared by batch blocks: a Zen 4/5 core's L2
    /// (1 MB); above it each core streams all of W_hh every step, and sharing the columns instead
    /// halves that (LSTM wide, N=64: 583–694 ms by columns against 652–685 by blocks, one run).
    static let cachedWeightBytes = 1 << 20

    /// hh's two column blocks: the first ends on a panel boundary near the middle.
    private var columnHalves: (Range<Int>, Range<Int>) {
        let panel = Int(RK_PANEL), middle = (config.gateRows / panel + 1) / 2 * panel
        return (0..<middle, middle..<config.gateRows)
    }

    /// One direction's steps, sharing each step's product with `helpWithSharedSteps`: publish that
    /// h_{t-1} is ready, compute the first column block, take the second too unless the helper
    /// already has (a helper that never gets a core costs nothing but time), wait for it, finish
    /// the step. Nothing here waits for a helper that has not started a block.
    private func leadSharedSteps(layer: Int, direction: Int, signals: SharedSteps) {
        let (first, second) = columnHalves, all = 0..<batch   // (rows given: the cell has begun)
        for k in 0..<seqLen {
            let s = cellStep(layer: layer, direction: direction, k: k)
            signals.ready.store(k + 1, ordering: .releasing)
            compute(s, rows: all, part: .product(first))
            if signals.claimed.compareExchange(expected: k, desired: k + 1, ordering: .acquiringAndReleasing).exchanged {
                compute(s, rows: all, part: .product(second))
            } else {
                signals.wait { signals.done.load(ordering: .acquiring) > k }
            }
            compute(s, rows: all, part: .rest)
            if k & 63 == 63 { RunProgress.stepsDone.add(64, ordering: .relaxed) }
        }
        signals.ready.store(SharedSteps.finished, ordering: .releasing)
    }

    /// The helper's side: for each step published, claim the second column block and compute it.
    private func helpWithSharedSteps(layer: Int, direction: Int, signals: SharedSteps) {
        let second = columnHalves.1
        var seen = 0
        while true {
            var ready = 0
            signals.wait { ready = signals.ready.load(ordering: .acquiring); return ready != seen }
            if ready == SharedSteps.finished { return }
            seen = ready
            let k = ready - 1
            if signals.claimed.compareExchange(expected: k, desired: k + 1, ordering: .acquiringAndReleasing).exchanged {
                compute(cellStep(layer: layer, direction: direction, k: k), rows: 0..<batch, part: .product(second))
                signals.done.store(k + 1, ordering: .releasing)
            }
        }
    }
}

/// What a direction's leader and helper share (`Trace.leadSharedSteps`): `ready` = k + 1 once step
/// k may start (`finished` at the end), `claimed` = k + 1 once someone took step k's second block,
/// `done` = k + 1 once the helper finished it.
final class SharedSteps: Sendable {
    static let finished = Int.max
    let ready = Atomic<Int>(0), claimed = Atomic<Int>(0), done = Atomic<Int>(0)
    /// Taken by the task that leads.
    let leader = Atomic<Bool>(false)

    /// Spins until `condition` holds, yielding the core now and then (the other thread may share it).
    func wait(until condition: () -> Bool) {
        var spins = 0
        while !condition() {
            spins += 1
            if spins == 2048 { spins = 0; sched_yield() }
        }
    }
}

/// `0..<count` cut into at most `parts` contiguous blocks of nearly equal size, none (but a lone
/// one) smaller than `smallest`.
func blocks(of count: Int, into parts: Int, smallest: Int) -> [Range<Int>] {
    let parts = max(1, min(parts, count / max(1, smallest)))
    return (0..<parts).map { p in (count * p / parts)..<(count * (p + 1) / parts) }
}
