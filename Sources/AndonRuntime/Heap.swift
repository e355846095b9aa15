import AndonCore
import Glibc

/// The C library's heap, as a board that holds a storm of alerts needs it: few arenas (the answers are decoded on
/// the concurrency pool's threads, each of which would otherwise keep an arena of its own, with its freed blocks),
/// and the freed memory of a large answer given back to the system once it is applied, so that the resident size
/// stays where the alerts held put it instead of creeping up refresh after refresh. glibc's `mallopt` and
/// `malloc_trim` are looked up by name: the Swift overlay does not import `malloc.h`, and another C library simply
/// lacks them.
enum Heap {
    private typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
    private typealias MallocTrim = @convention(c) (Int) -> Int32

    private static func symbol<T>(_ name: String, as type: T.Type) -> T? {
        guard let pointer = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }
        return unsafeBitCast(pointer, to: type)
    }

    /// At most two arenas (glibc's `M_ARENA_MAX`), set before the pool's threads allocate.
    static func limitArenas() {
        _ = symbol("mallopt", as: Mallopt.self)?(-8, 2)
    }

    /// The alerts of answers large enough for their memory to be given back once applied.
    static let largeAnswer = 2_000

    /// Gives the heap's free pages back to the system after answers with many alerts were applied (their JSON,
    /// and the alerts they replaced, freed).
    static func giveBack(after events: [Event]) {
        var alerts = 0
        for event in events {
            if case .refreshed(let data) = event, case .success(let list) = data.evaluation.alerts {
                alerts += list.count
            }
        }
        guard alerts >= largeAnswer else { return }
        _ = symbol("malloc_trim", as: MallocTrim.self)?(0)
    }
}
