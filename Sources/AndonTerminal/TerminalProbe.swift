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

    /// The width for one-shot output: the terminal's, else `COLUMNS` (set by `watch`), else `fallback`.
    public static func outputWidth(environment: [String: String], fallback: Int = 100) -> Int {
        if isatty(STDOUT_FILENO) == 1 {
            let columns = Int(cnc_terminal_columns(STDOUT_FILENO))
            if columns > 0 { return columns }
        }
        if let columns = environment["COLUMNS"].flatMap(Int.init), columns > 0 { return columns }
        return fallback
    }

    /// How many colours one-shot output may use: 0 unless `mode` is `always`, or `auto` with standard output a
    /// terminal, `NO_COLOR` unset or empty and `TERM` not dumb; then 256 or 16 from `TERM` and `COLORTERM`.
    public static func outputColors(mode: ColorMode, environment: [String: String]) -> Int {
        let term = environment["TERM"] ?? ""
        switch mode {
        case .never: return 0
        case .auto:
            guard isatty(STDOUT_FILENO) == 1, (environment["NO_COLOR"] ?? "").isEmpty, !term.isEmpty, term != "dumb"
            else { return 0 }
        case .always: break
        }
        let colorterm = environment["COLORTERM"] ?? ""
        if colorterm == "truecolor" || colorterm == "24bit" { return 1 << 24 }
        if term.contains("256color") { return 256 }
        return 16
    }

    public enum ColorMode: String, Sendable, CaseIterable {
        case auto, always, never
    }
}
