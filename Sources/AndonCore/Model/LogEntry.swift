/// One thing the board saw that its log keeps (`log:`): a principle's status changing, an alert firing or
/// resolving, an acknowledgement, an escalation, a call, a source lost or back, a reload. Fields keep their order; their
/// values come from outside (label values, error messages) and are made inert when written (`EventLogFormat`).
public struct LogEntry: Sendable, Equatable {
    public struct Field: Sendable, Equatable {
        public var key: String
        public var value: String

        public init(_ key: String, _ value: String) {
            self.key = key
            self.value = value
        }
    }

    public var time: Double
    /// What happened: `start`, `status`, `alert`, `ack`, `escalation`, `call`, `source`, `reload`, `stop`.
    public var event: String
    public var fields: [Field]

    public init(time: Double, event: String, fields: [Field]) {
        self.time = time
        self.event = event
        self.fields = fields
    }
}
