import Recurrent
@testable import ScopeCLI
import ScopeUI
import Testing

/// What the backend adds to a key from the screen's size: under 80×24 only q, ? and Esc act, and
/// `p` says so when the rows it asks for do not fit.
struct ScreenFitTests {
    @Test func sizesUnder80x24AreTooSmall() {
        #expect(ScreenFit.isTooSmall(width: 79, height: 24) && ScreenFit.isTooSmall(width: 80, height: 23))
        #expect(!ScreenFit.isTooSmall(width: 80, height: 24))
    }

    @Test func onATooSmallScreenOnlyQuitHelpAndEscapeAct() {
        var model = ScreenState.seedExample()
        model.screenIsTooSmall = true
        for action: Action in [.toggleBias, .toggleBidirectional, .toggleNonlinearity, .reseed, .addLayer, .step(1),
                               .togglePartsRows, .cycleCellKind, .toggleTimeline, .togglePlay] {
            let after = update(model, action)
            #expect(after.config == model.config && after.seed == model.seed && after.cursor == model.cursor, "\(action)")
            #expect(after.bodyView == model.bodyView && after.playing == model.playing && after.showsPartsRows == model.showsPartsRows)
        }
        #expect(update(model, .quit).quitRequested)
        #expect(update(model, .toggleHelp).showingHelp)
        var playing = model
        playing.playing = true
        #expect(!update(playing, .escape).playing)
        model.screenIsTooSmall = false
        #expect(update(model, .toggleBias).config.bias == false)
    }

    @Test func pSaysWhenThePartsRowsDoNotFit() throws {
        // Eight layers at 80×24: every pane is one row short of the parts.
        let config = try RNNConfig(inputSize: 1, hiddenSize: 10, numLayers: 8, batchFirst: true)
        var model = try ScreenState(rnn: RNN(config: config, seed: 0), seed: 0, input: ScreenState.exampleInput(for: config))
        model.showsPartsRows = true
        let status = try #require(ScreenFit.partsRowsStatus(model, width: 80, height: 24, depth: .trueColor))
        #expect(status == "the W_ih·x and W_hh·h rows do not fit on a 80×24 screen: a taller one shows them")
        model.showsPartsRows = false
        #expect(ScreenFit.partsRowsStatus(model, width: 80, height: 24, depth: .trueColor) == nil)
    }

    @Test func pIsSilentWhenThePartsRowsFit() {
        var model = ScreenState.seedExample()
        model.showsPartsRows = true
        #expect(ScreenFit.partsRowsStatus(model, width: 200, height: 100, depth: .trueColor) == nil)
        #expect(ScreenFit.partsRowsStatus(model, width: 60, height: 20, depth: .trueColor) == nil)   // too small: its own message
    }
}
