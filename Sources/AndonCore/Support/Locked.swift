import Foundation

/// A value behind a lock, for state shared between threads (the terminal thread and the event loop, the signal
/// thread and its receiver, libcurl's queue and its callers): the one lock style of the package.
/// `Synchronization.Mutex` would do the same, but the thread sanitizer cannot see its futex and atomics in the
/// uninstrumented standard library on Linux and reported hand-overs under it as races (docs/DECISIONS.md);
/// `NSLock` is a pthread mutex, which it intercepts.
public final class Locked<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value  // guarded by `lock`

    public init(_ value: Value) { self.value = value }

    public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
