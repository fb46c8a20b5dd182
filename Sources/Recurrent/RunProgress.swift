import Synchronization

/// How far the run being computed has come, for a screen that shows progress while another thread
/// computes (`Trace.run` keeps it up to date; one run at a time is what a screen computes).
public enum RunProgress {
    static let stepsDone = Atomic<Int>(0)
    static let stepsTotal = Atomic<Int>(0)

    /// The fraction of the current run's cell steps computed, or nil when no run is under way.
    public static var fraction: Double? {
        let total = stepsTotal.load(ordering: .relaxed)
        return total > 0 ? Double(stepsDone.load(ordering: .relaxed)) / Double(total) : nil
    }
}

