import AndonCore
import Foundation

/// A terminal that also writes every screen it draws to an asciicast v2 file (`andon --record FILE`): the board is
/// drawn as always, and the recording plays in `asciinema play`. The file is written as the board runs, a line
/// per changed screen, so a board that is killed leaves a recording of what it showed until then.
public final class RecordingTerminal: TerminalPort {
    let inner: any TerminalPort
    let file: FileHandle
    var cast: Asciicast
    let clock: @Sendable () -> Double

    /// Wraps `inner`, recording into `path` (created or truncated) in `theme`'s colours.
    public init(
        _ inner: any TerminalPort, path: String, theme: Theme, title: String,
        clock: @escaping @Sendable () -> Double = EffectRunner.wallClock
    ) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let file = FileHandle(forWritingAtPath: path)
        else {
            inner.stop()
            throw RecordingError(description: "cannot write the recording \(TextSanitizer.inert(path, limit: 200))")
        }
        self.inner = inner
        self.file = file
        self.clock = clock
        cast = Asciicast(size: inner.size, theme: theme, start: clock())
        file.write(Data(cast.header(title: title).utf8))
    }

    public struct RecordingError: Error, CustomStringConvertible {
        public var description: String
    }

    public var size: Size { inner.size }
    public var waker: any TerminalWaker { inner.waker }

    public func draw(_ grid: Grid) {
        inner.draw(grid)
        if let event = cast.frame(grid, at: clock()) { file.write(Data(event.utf8)) }
    }

    public func bell() {
        inner.bell()
        // The bell is part of what the board did: in the recording too.
        file.write(
            Data(
                (JSONValue.array([.number(max(0, clock() - cast.start)), .string("o"), .string("\u{07}")]).serialized()
                    + "\n").utf8))
    }

    public func read() -> TerminalInput? { inner.read() }
    public func wait(milliseconds: Int32) { inner.wait(milliseconds: milliseconds) }
    public func suspend() -> Size? { inner.suspend() }

    public func use(_ theme: Theme) {
        inner.use(theme)
        cast.use(theme)
    }

    public func stop() {
        inner.stop()
        try? file.close()
    }
}
