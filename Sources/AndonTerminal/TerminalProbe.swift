import CNCursesW
import Glibc

/// Whether this process can run a full-screen board, and if not, why (said before anything is drawn).
public enum TerminalProbe {
    public enum Verdict: Equatable, Sendable {
        case usable(term: String)
        case unusable(String)
    }

    /// Checks that standard input and output are terminals and that `TERM` names a capable terminfo entry,
    /// without initialising the screen.
    public static func check(environment: [String: String]) -> Verdict {
        guard isatty(STDOUT_FILENO) == 1 else {
            return .unusable("standard output is not a terminal")
        }
        guard isatty(STDIN_FILENO) == 1 else {
            return .unusable("standard input is not a terminal")
        }
        guard let term = environment["TERM"], !term.isEmpty else {
            return .unusable("TERM is not set")
        }
        if term == "dumb" { return .unusable("TERM=dumb cannot draw a full-screen board") }
        var error: Int32 = 0
        guard setupterm(term, STDOUT_FILENO, &error) == OK else {
            return .unusable("no terminfo entry for TERM=\(term)")
        }
        // Cursor addressing is the least the board needs.
        let cup = tigetstr("cup")
        let canAddress = cup != nil && Int(bitPattern: cup) != -1
        cnc_free_curterm()
        return canAddress ? .usable(term: term) : .unusable("TERM=\(term) cannot move the cursor")
    }
}
