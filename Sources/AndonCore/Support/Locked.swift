import Glibc

/// A value behind a pthread mutex, for state shared between threads (the terminal thread and the event loop, the
/// signal thread and its receiver). `Synchronization.Mutex` would do the same, but the thread sanitizer cannot see
/// its futex and atomics in the uninstrumented standard library on Linux and reported hand-overs under it as races
/// (CI, sessions 5 and 6); pthread mutexes it intercepts.
public final class Locked<Value: Sendable>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value  // guarded by `mutex`

    public init(_ value: Value) {
        self.value = value
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
