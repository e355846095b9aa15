extension BoardState {
    /// The alerts pane's row under the cursor.
    var alertRow: AlertRows.Row? {
        alertRows.rows.indices.contains(alertCursor) ? alertRows.rows[alertCursor] : nil
    }

    /// Enter in the alerts pane: a group opens to show its alerts, or closes; the cursor stays on it.
    mutating func toggleAlertGroup() {
        guard case .group(let number, let expanded) = alertRow else { return }
        let key = alertRows.groups[number].key
        if expanded { expandedAlertGroups.remove(key) } else { expandedAlertGroups.insert(key) }
        alertRows = AlertRows(alerts, expanded: expandedAlertGroups)
    }
}
