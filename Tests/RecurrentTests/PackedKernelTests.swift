import Testing
import CKernels
import Foundation
@testable import Recurrent

/// CKernels against double-precision references, on every build this CPU can run (the portable
/// one always): the packed product `C = A·Bᵀ + bias` for awkward shapes and strides, and the
/// cells' elementwise steps. (The fixture suites check the engine on the default build; run them
/// with `RNNSCOPE_KERNEL=avx2|portable` for the others.)
@Suite struct PackedKernelTests {
    static let paths: [rk_path] = [RK_PORTABLE, RK_AVX2, RK_AVX512].filter { rk_path_available($0) != 0 }
    static let vectorPaths = paths.filter { $0 != RK_PORTABLE }

    /// (m, n, k) for the product: every combination of the awkward sizes, plus shapes that cross
    /// the kernels' row chunks, K blocks and (past 1024 columns) column blocks.
    static let shapes: [(Int, Int, Int)] = {
        var list: [(Int, Int, Int)] = []
        for m in [0, 1, 2, 7, 32, 33] { for n in [1, 7, 8, 31, 32, 33, 100] { for k in [0, 1, 5, 64, 300] { list.append((m, n, k)) } } }
        return list + [(200, 70, 600), (1, 100, 600), (13, 64, 257), (14, 1025, 300), (3, 1600, 40)]
    }()

    @Test(arguments: paths) func productMatchesDoubleReference(path: rk_path) {
        var random = Generator(seed: 7)
        for (m, n, k) in Self.shapes { for withBias in [false, true] {
            let lda = k + 3, ldb = k + 2, ldc = n + 5, sentinel: Float = 777
            let a = random.values(m * lda), b = random.values(n * ldb), bias = withBias ? random.values(n) : nil
            var packed = [Float](repeating: .nan, count: rk_packed_count(n, k))
            packed.withUnsafeMutableBufferPointer { rk_pack(n, k, b, ldb, $0.baseAddress) }
            var c = [Float](repeating: sentinel, count: (m + 1) * ldc)   // one spare row after C
            packed.withUnsafeBufferPointer { p in
                c.withUnsafeMutableBufferPointer { rk_gemm(path, m, n, k, a, lda, p.baseAddress, bias, $0.baseAddress, ldc) }
            }
            var worst = 0.0, touched = false
            for i in 0...m { for j in 0..<ldc {
                let value = c[i * ldc + j]
                guard i < m, j < n else { touched = touched || value != sentinel; continue }
                var sum = Double(bias?[j] ?? 0), scale = abs(sum)
                for p in 0..<k {
                    let term = Double(a[i * lda + p]) * Double(b[j * ldb + p])
                    sum += term
                    scale += abs(term)
                }
                worst = max(worst, abs(Double(value) - sum) / max(scale, 1e-30))
            } }
            #expect(worst <= 1e-5, "path \(path.rawValue) m=\(m) n=\(n) k=\(k) bias=\(withBias): relative error \(worst)")
            #expect(!touched, "path \(path.rawValue) m=\(m) n=\(n) k=\(k): wrote outside C")
        } }
    }

    @Test(arguments: vectorPaths) func lstmStepMatchesDoubleReference(path: rk_path) {
        var random = Generator(seed: 11)
        for hidden in [1, 7, 8, 16, 17, 33, 100] { for inPlace in [false, true] {
            let ih = random.values(4 * hidden, scale: 6), hh = random.values(4 * hidden, scale: 6)
            let cPrev = random.values(hidden, scale: 3)
            var gates = [Float](repeating: 777, count: 4 * hidden + 16), h = [Float](repeating: 777, count: hidden + 16)
            var c = inPlace ? cPrev + [Float](repeating: 777, count: 16) : [Float](repeating: 777, count: hidden + 16)
            if inPlace {
                #expect(rk_lstm_row(path, hidden, ih, hh, c, &gates, &c, &h) == 1)
            } else {
                #expect(rk_lstm_row(path, hidden, ih, hh, cPrev, &gates, &c, &h) == 1)
            }
            for j in 0..<hidden {
                let pre = (0..<4).map { Double(ih[$0 * hidden + j]) + Double(hh[$0 * hidden + j]) }
                let (i, f, g, o) = (sigmoid(pre[0]), sigmoid(pre[1]), Foundation.tanh(pre[2]), sigmoid(pre[3]))
                let cNew = f * Double(cPrev[j]) + i * g
                for (q, expected) in [i, f, g, o].enumerated() { #expect(abs(Double(gates[q * hidden + j]) - expected) <= 1e-6) }
                #expect(abs(Double(c[j]) - cNew) <= 1e-5)
                #expect(abs(Double(h[j]) - o * Foundation.tanh(cNew)) <= 1e-6)
            }
            #expect(gates[(4 * hidden)...].allSatisfy { $0 == 777 } && c[hidden...].allSatisfy { $0 == 777 }
                    && h[hidden...].allSatisfy { $0 == 777 }, "path \(path.rawValue) hidden \(hidden): wrote past the row")
        } }
    }

    @Test(arguments: vectorPaths) func gruAndElmanStepsMatchDoubleReference(path: rk_path) {
        var random = Generator(seed: 13)
        for hidden in [1, 7, 8, 16, 17, 33, 100] {
            let ih = random.values(3 * hidden, scale: 6), hh = random.values(3 * hidden, scale: 6)
            let hPrev = random.values(hidden)
            var gates = [Float](repeating: 777, count: 3 * hidden + 16), h = [Float](repeating: 777, count: hidden + 16)
            #expect(rk_gru_row(path, hidden, ih, hh, hPrev, &gates, &h) == 1)
            for j in 0..<hidden {
                let r = sigmoid(Double(ih[j]) + Double(hh[j])), z = sigmoid(Double(ih[hidden + j]) + Double(hh[hidden + j]))
                let n = Foundation.tanh(Double(ih[2 * hidden + j]) + r * Double(hh[2 * hidden + j]))
                for (q, expected) in [r, z, n].enumerated() { #expect(abs(Double(gates[q * hidden + j]) - expected) <= 1e-6) }
                #expect(abs(Double(h[j]) - ((Double(hPrev[j]) - n) * z + n)) <= 1e-6)
            }
            var out = [Float](repeating: 777, count: hidden + 16)
            #expect(rk_tanh_sum(path, hidden, ih, hh, &out) == 1)
            for j in 0..<hidden { #expect(abs(Double(out[j]) - Foundation.tanh(Double(ih[j]) + Double(hh[j]))) <= 1e-6) }
            #expect(gates[(3 * hidden)...].allSatisfy { $0 == 777 } && h[hidden...].allSatisfy { $0 == 777 }
                    && out[hidden...].allSatisfy { $0 == 777 }, "path \(path.rawValue) hidden \(hidden): wrote past the row")
        }
        var out: [Float] = [0]
        _ = rk_tanh_sum(path, 1, [Float.nan], [0], &out)
        #expect(out[0].isNaN)
    }

    @Test func portableCellStepsAreTheSwiftCode() {
        var out: [Float] = [0]
        #expect(rk_tanh_sum(RK_PORTABLE, 1, [1], [0], &out) == 0)
    }
}

private func sigmoid(_ x: Double) -> Double { 1 / (1 + Foundation.exp(-x)) }

/// A small deterministic generator of floats in ±scale.
private struct Generator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func values(_ count: Int, scale: Float = 1) -> [Float] {
        (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (Float(state >> 40) / Float(1 << 24) * 2 - 1) * scale
        }
    }
}
