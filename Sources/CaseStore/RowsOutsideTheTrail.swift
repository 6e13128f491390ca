import Foundation

/// Rows of the derived tables that no case's trail accounts for, found by `verify` on both
/// backends (only the SQL differs): a row numbered below 1 (the cases the trails give are numbered
/// from 1, so judging them never reads it), a case's figures without the case, and an abuse
/// report's listed domain that its case does not name. Every process of the desk writes these
/// tables, so a row can be added by hand; the queue, the statistics and the grouping of reports
/// into incidents read them.
enum RowsOutsideTheTrail {
    /// At most this many of each kind are named.
    static let shown = 20

    /// The checks: a query listing (table, case number, domain or empty) for each.
    static func queries(textTable: String, textID: String, domainIsNamed: String) -> [String] {
        [
            "SELECT 'cases', id, '' FROM cases WHERE id < 1 ORDER BY id LIMIT \(shown)",
            "SELECT 'case_figures', id, '' FROM case_figures WHERE id < 1 ORDER BY id LIMIT \(shown)",
            "SELECT '\(textTable)', \(textID), '' FROM \(textTable) WHERE \(textID) < 1 ORDER BY \(textID) LIMIT \(shown)",
            """
            SELECT 'case_figures', f.id, '' FROM case_figures f WHERE f.id >= 1 AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = f.id)
            ORDER BY f.id LIMIT \(shown)
            """,
            """
            SELECT 'abuse_domains', d.case_id, d.domain FROM abuse_domains d LEFT JOIN cases c ON c.id = d.case_id
            WHERE c.id IS NULL OR c.kind <> 'abuse' OR NOT (\(domainIsNamed))
            ORDER BY d.case_id, d.domain LIMIT \(shown)
            """,
        ]
    }

    /// What verify says of a row found.
    static func problem(table: String, number: Int64, domain: String) -> String {
        if table == "abuse_domains" {
            return "abuse_domains: case \(number) is listed as naming \(domain), which its trail does not give it (added outside casedesk: import would group reports by it)"
        }
        if number < 1 {
            return "\(table): a row numbered \(number), below 1: no trail gives it (added outside casedesk)"
        }
        return "\(table): a row for case \(number), which has no case row: no trail gives it (added outside casedesk)"
    }
}
