import Foundation
import Recurrent
import ScopeUI

/// `rnnscope bench --ui`: what one key press costs on screen. Steps the cursor through the mid
/// model (`RNN(64, 256, num_layers=2, bidirectional=True)`, T=256, N=32) and times, per frame,
/// update + render + quantise + diff — everything but the terminal write.
struct UIBench {
    let width: Int, height: Int, frames: Int, depth: ColorDepth

    struct Result {
        let firstFrameMs: Double     // the default view: model, trace and first frame, in this process
        let medianUs: Double, minUs: Double, maxUs: Double
        let changedShare: Double     // cells a cursor step rewrites ÷ cells of a full redraw (median)
    }

    func run() throws -> Result {
        let clock = ContinuousClock()
        let firstFrame = clock.measure {
            _ = renderFrame(ScreenState.seedExample(), width: width, height: height, depth: depth).quantised(to: depth)
        }

        let config = try RNNConfig(inputSize: 64, hiddenSize: 256, numLayers: 2, bidirectional: true)
        let (seqLen, batch) = (256, 32)
        var generator = SystemRandomNumberGenerator()
        let input = Tensor(shape: [seqLen, batch, 64],
                           data: (0..<(seqLen * batch * 64)).map { _ in Float.random(in: -1...1, using: &generator) })
        var model = try ScreenState(rnn: RNN(config: config, seed: 0), seed: 0, input: input)
        var shown = renderFrame(model, width: width, height: height, depth: depth).quantised(to: depth)
        var times: [Double] = [], shares: [Double] = []
        for frame in 0..<frames {
            var changed = 0
            let elapsed = clock.measure {
                model = update(model, frame % seqLen == seqLen - 1 ? .jumpToStart : .step(1))
                let next = renderFrame(model, width: width, height: height, depth: depth).quantised(to: depth)
                changed = diff(shown, next).reduce(0) { $0 + $1.cells.count }
                shown = next
            }
            times.append(milliseconds(elapsed) * 1000)
            shares.append(Double(changed) / Double(width * height))
        }
        let stats = BenchStats(milliseconds: times, flops: 0)
        return Result(firstFrameMs: milliseconds(firstFrame), medianUs: stats.median, minUs: stats.min,
                      maxUs: stats.max, changedShare: median(shares))
    }
}

/// A duration in milliseconds.
func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1e3 + Double(duration.components.attoseconds) * 1e-15
}

/// The middle value (mean of the two middle values for an even count).
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted(), mid = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}
