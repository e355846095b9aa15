import AndonCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// After `seconds`, unless disarmed first, runs `report` and ends the process with the status it returns.
/// Exactly one of the two reports: whichever of the watchdog and the finished command claims the output first.
public struct Watchdog: Sendable {
    private let claim: Claim

    final class Claim: Sendable {
        private let taken = Locked(false)

        /// True for the first caller only.
        func take() -> Bool {
            taken.withLock { taken in
                defer { taken = true }
                return !taken
            }
        }
    }

    public init(seconds: Double, _ report: @escaping @Sendable () -> Int32) {
        let claim = Claim()
        self.claim = claim
        Task.detached {
            guard (try? await Task.sleep(for: .milliseconds(Int(seconds * 1000)))) != nil, claim.take() else { return }
            exit(report())
        }
    }

    /// Disarms the watchdog: when its time comes it finds the output claimed and does nothing. (Its task is not
    /// cancelled: the process ends long before the task would wake, and waking it only to throw its cancellation
    /// was work on the way to every exit.) When it has already fired, it is printing its report and ending the
    /// process: the caller must print nothing, and waits here for the end.
    public func cancel() async {
        guard claim.take() else {
            while true { try? await Task.sleep(for: .seconds(60)) }
        }
    }
}
