import Recurrent
import Testing
@testable import ScopeUI

/// The guided tour: six stops, ← → between them, Esc explores from where a stop is; every caption's
/// numbers come from its own model and the engine; Korean lines fit the terminal as wcwidth counts.
@Suite struct TourTests {
    @Test func arrowsGoBetweenStopsAndEscapeExploresFromThere() {
        var state = ScreenState.tour(stop: 1, language: .en)
        var seen = [state.tour!.stop]
        for _ in 0..<6 { state = update(state, .step(1)); seen.append(state.tour!.stop) }
        #expect(seen == [1, 2, 3, 4, 5, 6, 6] && state.status == "stop 6 is the last: Esc explores from here")
        state = update(update(state, .step(-1)), .step(-1))
        #expect(state.tour?.stop == 4 && state.highlightsOutput)
        let free = update(state, .escape)
        #expect(free.tour == nil && free.highlightsOutput && free.config == state.config)
        #expect(update(free, .step(1)).cursor == 1)   // ← → step t again
        #expect(update(ScreenState.tour(stop: 2, language: .ko), .step(-1)).tour == TourState(stop: 1, language: .ko))
    }

    @Test func captionsCarryTheEnginesShapesAndWords() throws {
        let two = ScreenState.tour(stop: 2, language: .en)
        #expect(two.config.pytorchRepr == "RNN(10, 20, num_layers=2)" && two.input.shape == [5, 3, 10] && two.h0?.shape == [2, 3, 20])
        let (output, hN, _) = try two.rnn.forward(two.input, h0: two.h0)
        let caption = try #require(two.tourCaption)
        #expect(caption.text.contains("output torch.Size(\(output.shape)), hn torch.Size(\(hN.shape))"))
        let six = try #require(ScreenState.tour(stop: 6, language: .en).tourCaption)
        var failure = ""
        do { _ = try RNN(config: RNNConfig(inputSize: 10, hiddenSize: 20), seed: 0).forward(Tensor(zeros: [5, 3, 10]), h0: Tensor(zeros: [2, 3, 20])) }
        catch let error as RNNError { failure = error.message }
        #expect(!failure.isEmpty && six.text.contains("RuntimeError: " + failure))
        #expect(six.text.contains("h_n[3, 0] is output[0, 0, 10:20], not output[0, 19, 10:20]"))
        let five = ScreenState.tour(stop: 5, language: .en)
        #expect(five.mode == .exec && five.tourCaption!.text.contains("\(five.trace.totalSteps) cell steps"))
    }

    @Test(arguments: Array(1...TourState.stops))
    func everyLineFitsTheTerminalInBothLanguages(stop: Int) {
        for language in TourLanguage.allCases {
            for (width, height) in [(80, 24), (100, 30), (160, 45)] {
                let frame = renderFrame(ScreenState.tour(stop: stop, language: language), width: width, height: height, depth: .none)
                for y in 0..<height {
                    #expect(displayWidth(frame.text(row: y)) == width, "stop \(stop) \(language) \(width)×\(height) row \(y)")
                }
                let caption = ScreenState.tour(stop: stop, language: language).tourCaption!
                #expect(frame.text.contains(String(caption.title.prefix(12))))
            }
        }
        let ko = ScreenState.tour(stop: stop, language: .ko).tourCaption!
        #expect(ko.text.unicodeScalars.contains { displayWidth($0) == 2 })   // Korean, double width
    }

    @Test func wideGlyphsTakeTwoColumnsAndOverwritingHalfBlanksTheOther() {
        var buffer = Buffer(width: 10, height: 1)
        let end = buffer.put("가a나", x: 1, y: 0)
        #expect(end == 6 && buffer.text(row: 0) == " 가a나    " && displayWidth(buffer.text(row: 0)) == 10)
        buffer[2, 0] = ScreenCell("x")   // the tail of 가
        #expect(buffer.text(row: 0) == "  xa나    " && displayWidth(buffer.text(row: 0)) == 10)
        buffer.put("다", x: 9, y: 0)   // no room for both columns: a space instead
        #expect(displayWidth(buffer.text(row: 0)) == 10 && buffer.text(row: 0).hasSuffix(" "))
        #expect(wrapped("가나다 라마 바", width: 6) == ["가나다", "라마", "바"])
        #expect(TourLanguage.fromLocale(["LANG": "ko_KR.UTF-8"]) == .ko && TourLanguage.fromLocale(["LANG": "C.UTF-8"]) == .en)
    }
}
