import AndonCore
import Foundation

/// Reads the on-call schedule a configuration names: a rotation as it is written, a calendar from its file or
/// URL. A schedule that cannot be read is a failure that says why (78 for a file or its content, 69 for a URL
/// that does not answer), never an empty schedule.
public enum OnCallLoader {
    /// The schedule of `config`, nil when it names none.
    public static func load(_ config: Config, pool: ClientPool, environment: [String: String])
        async throws(LaunchFailure) -> OnCallSchedule?
    {
        guard let oncall = config.oncall else { return nil }
        let text: String
        let shown: String
        switch oncall {
        case .rotation(let people, let every, let from):
            return OnCallSchedule(rotation: .init(people: people, every: every, from: from))
        case .calendarFile(let path):
            do {
                text = try ConfigLoader.text(of: path, what: "calendar")
            } catch {
                throw LaunchFailure("\(error)", status: ConfigError.exitCode)
            }
            shown = path
        case .calendarURL(let url):
            text = try await fetch(url, shown: TextSanitizer.inert(url, limit: 120), pool: pool)
            shown = TextSanitizer.inert(url, limit: 120)
        case .calendarURLFrom(let variable):
            guard let url = environment[variable], !url.isEmpty else {
                throw LaunchFailure(
                    "oncall.calendar_url_env: $\(variable) is not set (it holds the calendar's address)",
                    status: ConfigError.exitCode)
            }
            text = try await fetch(url, shown: "the calendar in $\(variable)", pool: pool)
            shown = "the calendar in $\(variable)"
        }
        do {
            let events = try ICalendar.events(text)
            for zone in Set(events.compactMap(\.zoneName)) where TimeZone(identifier: zone) == nil {
                throw ICalendar.Problem(
                    line: 0, reason: "an unknown time zone, TZID=\(TextSanitizer.inert(zone, limit: 40))")
            }
            return OnCallSchedule(events: events, offsets: offsets(utc: config.utc))
        } catch {
            throw LaunchFailure("\(shown): \(error)", status: ConfigError.exitCode)
        }
    }

    /// The schedule of `config` as a board holds it: read, or the reason it cannot be; nil when there is none.
    public static func board(_ config: Config, pool: ClientPool, environment: [String: String]) async -> OnCallLoad? {
        do {
            return try await load(config, pool: pool, environment: environment).map { .schedule($0) }
        } catch {
            return .problem(error.message)
        }
    }

    /// Zone offsets from the system's time zone data; the board's own zone is UTC with `timezone: UTC`.
    public static func offsets(utc: Bool) -> OnCallSchedule.Offsets {
        { zone, time in
            let date = Date(timeIntervalSince1970: time)
            guard let zone else { return utc ? 0 : TimeZone.current.secondsFromGMT(for: date) }
            return TimeZone(identifier: zone)?.secondsFromGMT(for: date) ?? 0
        }
    }

    static func fetch(_ url: String, shown: String, pool: ClientPool) async throws(LaunchFailure) -> String {
        var endpoint = PrometheusConfig()
        endpoint.url = url
        let answer = await pool.client(endpoint).send([HTTPRequest(path: "")])[0]
        switch answer {
        case .success(let response) where response.status == 200:
            guard let text = String(bytes: response.body, encoding: .utf8) else {
                throw LaunchFailure("\(shown): the calendar is not UTF-8 text", status: ConfigError.exitCode)
            }
            return text
        case .success(let response):
            throw LaunchFailure("\(shown): HTTP \(response.status)", status: LaunchFailure.unavailable)
        case .failure(let error):
            throw LaunchFailure("\(shown): \(error)", status: LaunchFailure.unavailable)
        }
    }
}

extension ICalendar.VEvent {
    /// The time zone its start names, if any.
    var zoneName: String? {
        if case .named(let name) = start.zone { return name }
        return nil
    }
}
