import Recurrent

/// The guided tour of the study notes (`rnnscope tour`, `render --tour K`): six stops, one per
/// section of the notes, each a live model with a caption in English or Korean. ← → go between
/// stops, Esc explores freely from where a stop is. Every shape, index and message in a caption is
/// read off the stop's own model and the engine — never typed — so the tour cannot contradict PyTorch.

/// The captions' language: English, or Korean (the notes' own; `--lang ko` or a `ko` locale).
public enum TourLanguage: String, CaseIterable, Sendable {
    case en, ko

    /// Korean for a `ko` locale (`LANG=ko_KR.UTF-8`), else English.
    public static func fromLocale(_ environment: [String: String]) -> TourLanguage {
        let locale = environment["LC_ALL"].flatMap { $0.isEmpty ? nil : $0 } ?? environment["LANG"] ?? ""
        return locale.hasPrefix("ko") ? .ko : .en
    }
}

/// Where the tour is: stop 1…6 and the language.
public struct TourState: Equatable, Sendable {
    public let stop: Int
    public let language: TourLanguage
    public static let stops = 6
}

/// A stop's caption: a title, the text, and the keys to try.
public struct TourCaption: Equatable, Sendable {
    public let title: String
    public let text: String
    public let keys: String
}

extension ScreenState {
    /// Stop `stop` (1…6) of the tour in `language`: its model, opened where the stop looks.
    public static func tour(stop: Int, language: TourLanguage) -> ScreenState {
        let stop = min(max(1, stop), TourState.stops)
        var state: ScreenState
        switch stop {
        case 2:   // the notes' nn.RNN(10, 20, 2) on randn(5, 3, 10) with h0 randn(2, 3, 20)
            let config = try! RNNConfig(inputSize: 10, hiddenSize: 20, numLayers: 2)
            state = try! ScreenState(rnn: RNN(config: config, seed: 0), seed: 0, input: Tensor.standardNormal([5, 3, 10], seed: 0),
                                     h0: Tensor.standardNormal([2, 3, 20], seed: 1))
        default:
            state = ScreenState.seedExample()
        }
        switch stop {
        case 3: state = update(update(state, .step(1)), .selectUnit(0))
        case 4: state = update(state, .toggleOutputHighlight)
        case 5: state = update(update(state, .toggleExecutionOrder), .step(5))
        case 6: state = update(update(state, .toggleBidirectional), .toggleOutputHighlight)
        default: break
        }
        state.status = nil
        state.tour = TourState(stop: stop, language: language)
        return state
    }

    /// The caption of the stop this state is at (nil outside the tour), with its numbers.
    public var tourCaption: TourCaption? {
        guard let tour else { return nil }
        let ko = tour.language == .ko, n = "\(tour.stop)/\(TourState.stops)"
        let shape = { (s: [Int]) in "torch.Size([" + s.map(String.init).joined(separator: ", ") + "])" }
        let output = geometry.outputShape(config), hN = geometry.hNShape(config)
        let move = ko ? "← → 정류장 · Esc 자유롭게" : "← → stops · Esc explore"
        switch tour.stop {
        case 1:
            return TourCaption(
                title: ko ? "\(n) 여덟 개의 파라미터" : "\(n) The eight parameters",
                text: "nn.RNN(input_size, hidden_size, num_layers=1, nonlinearity='tanh', bias=True, batch_first=False, "
                    + "dropout=0.0, bidirectional=False). "
                    + (ko ? "맨 위 줄은 이 모델의 repr이며, PyTorch 기본값과 다른 인자만 보여 줍니다: \(config.pytorchRepr). "
                        + "하나를 바꾸고, 무엇이 바뀌고 무엇이 그대로인지 보세요."
                        : "The top line is this model's repr, which lists only the arguments that differ from the defaults: "
                        + "\(config.pytorchRepr). Change one; watch what changes and what stays."),
                keys: (ko ? "b + - n B f d: 인자 바꾸기 · " : "b + - n B f d: change an argument · ") + move)
        case 2:
            let sine = ScreenState.seedExample(), sineConfig = sine.config
            let sineOut = sine.geometry.outputShape(sineConfig), sineHN = sine.geometry.hNShape(sineConfig)
            let first = "rnn = nn.RNN(10, 20, 2); input = torch.randn(5, 3, 10); h0 = torch.randn(2, 3, 20): "
                + "output \(shape(output)), hn \(shape(hN))"
            let second = "\(sineConfig.pytorchRepr) / sine \(shapeText(sine.input.shape)): Output \(shape(sineOut)), "
                + "Hidden State \(shape(sineHN))"
            return TourCaption(
                title: ko ? "\(n) 노트의 두 예제" : "\(n) The notes' two examples",
                text: ko ? "\(first) — 지금 화면의 모델(난수는 시드로 만든 값). 다른 예제는 1번 정류장의 모델: \(second)."
                    : "\(first) — on screen now (seeded, not torch's numbers). Stop 1's model is the other: \(second).",
                keys: (ko ? "[ ] 배치 원소 · ↑↓ 층 · PgDn 시점 · " : "[ ] batch element · ↑↓ layer · PgDn steps t · ") + move)
        case 3:
            let weights = rnn.cells[0].weightHH.shape
            return TourCaption(
                title: ko ? "\(n) 직접 짠 RNN에서 고칠 세 가지" : "\(n) What the hand-written RNN gets wrong",
                text: ko ? "실제 셀: h_t = tanh(W_ih·x_t + b_ih + W_hh·h_t-1 + b_hh) — 아래 테두리에 이번 단계의 계산이 숫자로 나옵니다. "
                    + "① W_h는 은닉 상태를 은닉 상태로 보내므로 nn.Linear(input_size, hidden_size)가 아니라 (H, H) = W_hh \(shapeText(weights))입니다. "
                    + "② 은닉 상태는 첫 단계를 포함해 매 단계 저장합니다(t=0은 h0를 읽고, None이면 0). ③ hs[:, t, :]에는 H가 아니라 새 상태 h를 넣습니다."
                    : "The real cell: h_t = tanh(W_ih·x_t + b_ih + W_hh·h_t-1 + b_hh) — the bottom border writes this step out. "
                    + "1) W_h maps hidden to hidden: (H, H) = W_hh \(shapeText(weights)), not nn.Linear(input_size, hidden_size). "
                    + "2) The state is kept at every step, the first included (t=0 reads h0, zeros when None). 3) hs[:, t, :] gets h, the new state, not H.",
                keys: (ko ? "PgDn/Home 시점 · p W_ih·x, W_hh·h 행 · " : "PgDn/Home move t · p the W_ih·x, W_hh·h rows · ") + move)
        case 4:
            let layout = geometry.layout == .batchFirst ? "(N, T, D)" : geometry.layout == .batched ? "(T, N, D)" : "(T, D)"
            return TourCaption(
                title: ko ? "\(n) input, h, output의 형상" : "\(n) The shapes of input, h and output",
                text: ko ? "input: 배치 없음 (T, D), (T, N, D), batch_first면 (N, T, D) — 여기서는 \(shapeText(input.shape)) = \(layout). "
                    + "h0와 h_n: batch_first와 상관없이 (num_layers·dirs, N, H) = \(shapeText(hN)). output: \(shapeText(output)) — 마지막 층만 담으므로 "
                    + "num_layers는 곱하지 않습니다. h에는 무엇이 있나? 층·방향마다 하나씩, 각자의 마지막 단계 상태입니다(o가 표시)."
                    : "input: (T, D) unbatched, (T, N, D), or (N, T, D) with batch_first — here \(shapeText(input.shape)) = \(layout). "
                    + "h0 and h_n: (num_layers·dirs, N, H) = \(shapeText(hN)), whatever batch_first says. output: \(shapeText(output)) — the last "
                    + "layer only, so no num_layers factor. What does h hold? One state per layer and direction: each one's last step (marked).",
                keys: (ko ? "f batch_first · o output/h_n · b 양방향 · " : "f batch_first · o output/h_n · b bidirectional · ") + move)
        case 5:
            let total = trace.totalSteps
            return TourCaption(
                title: ko ? "\(n) 셀 한 단계, 또는 시퀀스 전체" : "\(n) One cell step, or the whole sequence",
                text: ko ? "T는 입력에서 정해지며(여기서는 \(trace.seqLen)) 직접 주는 것은 input_size뿐입니다. nn.RNN은 노트의 TimeRNN입니다: 셀 하나(RNN_Base)를 "
                    + "T번 적용합니다 — PyTorch의 순서대로 0층 t=0…\(trace.seqLen - 1), 그다음 1층, 모두 \(total) 셀 단계. 아직 계산되지 않은 셀은 비어 있고, "
                    + "PgDn은 10단계 더, End는 전부 계산합니다."
                    : "T comes from the input (here \(trace.seqLen)); you give only input_size. nn.RNN is the notes' TimeRNN: one cell, RNN_Base, "
                    + "applied T times — in PyTorch's order, layer 0 t=0…\(trace.seqLen - 1), then layer 1: \(total) cell steps. Cells not "
                    + "computed yet are blank; PgDn computes ten more, End all.",
                keys: (ko ? "PgDn 10단계 · End 전부 · Home 처음 · " : "PgDn ten steps · End all · Home none · ") + move)
        default:
            let reverse = CellIndex(layer: config.numLayers - 1, direction: 1).index(directions: config.numDirections)
            let atZero = outputIndex(t: "0", direction: 1), atEnd = outputIndex(t: "\(trace.seqLen - 1)", direction: 1)
            let failure = ScreenState.notesLastCellFailure
            return TourCaption(
                title: ko ? "\(n) nn.RNN은 왜 두 개를 반환할까" : "\(n) Why nn.RNN returns two things",
                text: ko ? "output = 마지막 층의 모든 시점 h_t; h_n = 모든 층의 마지막 시점 h_t — 역방향의 마지막은 t=0이므로 \(stateIndex(reverse))은 "
                    + "\(atEnd)이 아니라 \(atZero)입니다. 노트의 마지막 셀, h0가 (2, 3, 20)인 nn.RNN(10, 20)은 PyTorch에서 실패합니다: \(failure)"
                    : "output = the last layer's h_t at every t; h_n = every layer's h_t at its last step — for the reverse direction that is t=0, "
                    + "so \(stateIndex(reverse)) is \(atZero), not \(atEnd). The notes' last cell, nn.RNN(10, 20) with h0 of (2, 3, 20), "
                    + "fails in PyTorch: \(failure)",
                keys: (ko ? "o output/h_n · Tab 방향 · " : "o output/h_n · Tab direction · ") + move)
        }
    }

    /// What the engine (in PyTorch's words) says to the notes' last cell:
    /// `nn.RNN(10, 20)(torch.randn(5, 3, 10), torch.randn(2, 3, 20))`.
    static var notesLastCellFailure: String {
        let rnn = RNN(config: try! RNNConfig(inputSize: 10, hiddenSize: 20), seed: 0)
        do {
            _ = try rnn.checkInput(Tensor(zeros: [5, 3, 10]), h0: Tensor(zeros: [2, 3, 20]))
            return "(it runs)"
        } catch let error as RNNError {
            return "\(error.kind.rawValue): \(error.message)"
        } catch {
            return "\(error)"
        }
    }
}
