//! Who may do what: a person's roles in the roster decide it.

/// The roles a roster entry can hold.
pub const LOBBY: &str = "lobby";
pub const TELLER: &str = "teller";
pub const HEAD: &str = "head";

/// Something a person may or may not do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Permission<'a> {
    /// Register walk-ins, call, serve; refer a client at the counter.
    Serve,
    /// Divert a client and run the queue.
    RunQueue,
    /// Work a line's pane: accept, record outcomes, refer on.
    WorkLine(&'a str),
    /// Work a prospect owned by `owner`.
    WorkProspect { owner: &'a str },
    /// Reassign prospects, see everyone's, edit the roster.
    Head,
}

/// Whether someone with `roles` (and code `me`) may do it. `line_role` maps a
/// line's code to the role of its managers (from the catalog).
pub fn allowed(
    roles: &[String],
    me: &str,
    p: Permission,
    line_role: impl Fn(&str) -> Option<String>,
) -> bool {
    let has = |r: &str| roles.iter().any(|x| x == r);
    if has(HEAD) {
        return true;
    }
    match p {
        Permission::Serve => has(TELLER) || has(LOBBY),
        Permission::RunQueue => has(LOBBY),
        Permission::WorkLine(line) => line_role(line).is_some_and(|r| has(&r)),
        Permission::WorkProspect { owner } => owner == me,
        Permission::Head => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles(r: &[&str]) -> Vec<String> {
        r.iter().map(|s| s.to_string()).collect()
    }

    fn line_role(line: &str) -> Option<String> {
        match line {
            "wealth" => Some("wealth".into()),
            "credit" => Some("credit".into()),
            _ => None,
        }
    }

    #[test]
    fn each_role_does_its_own_work() {
        let teller = roles(&["teller"]);
        let lobby = roles(&["lobby"]);
        let wealth = roles(&["wealth"]);
        let head = roles(&["head"]);
        let ok = |r: &Vec<String>, me: &str, p| allowed(r, me, p, line_role);
        assert!(ok(&teller, "T01", Permission::Serve));
        assert!(!ok(&teller, "T01", Permission::RunQueue));
        assert!(!ok(&teller, "T01", Permission::WorkLine("wealth")));
        assert!(
            !ok(&teller, "T01", Permission::Head),
            "a teller cannot reassign"
        );
        assert!(ok(&lobby, "L01", Permission::RunQueue));
        assert!(ok(&lobby, "L01", Permission::Serve));
        assert!(ok(&wealth, "W01", Permission::WorkLine("wealth")));
        assert!(!ok(&wealth, "W01", Permission::WorkLine("credit")));
        assert!(!ok(&wealth, "W01", Permission::Serve));
        assert!(ok(
            &wealth,
            "W01",
            Permission::WorkProspect { owner: "W01" }
        ));
        assert!(!ok(
            &wealth,
            "W01",
            Permission::WorkProspect { owner: "C01" }
        ));
        for p in [
            Permission::Serve,
            Permission::RunQueue,
            Permission::WorkLine("credit"),
            Permission::WorkProspect { owner: "W01" },
            Permission::Head,
        ] {
            assert!(ok(&head, "H01", p), "the branch head may {p:?}");
        }
    }
}
