//! Bulk actions on selected connections: which ones to send (by the model's status rules), what
//! happened to each, and which to retry (only the failures).

use crate::api::connections::ConnectionOp;
use crate::i18n::intl::number;
use crate::i18n::{t, tf, tp};
use madconnect_model::{ConnectionStatus, StatusAction};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BulkAction {
    Enable,
    Disable,
    Delete,
    /// From Recently deleted: bring the selected connections back (disabled).
    Restore,
}

impl BulkAction {
    pub fn label(self) -> String {
        match self {
            BulkAction::Enable => t("Enable"),
            BulkAction::Disable => t("Disable"),
            BulkAction::Delete => t("Delete"),
            BulkAction::Restore => t("Restore"),
        }
    }

    /// Past tense for the report: "disabled".
    pub fn done(self) -> String {
        match self {
            BulkAction::Enable => t("enabled"),
            BulkAction::Disable => t("disabled"),
            BulkAction::Delete => t("deleted"),
            BulkAction::Restore => t("restored"),
        }
    }

    pub fn op(self) -> ConnectionOp {
        match self {
            BulkAction::Enable => ConnectionOp::Status(StatusAction::Enable),
            BulkAction::Disable => ConnectionOp::Status(StatusAction::Disable),
            BulkAction::Restore => ConnectionOp::Status(StatusAction::Restore),
            BulkAction::Delete => ConnectionOp::Delete,
        }
    }

    /// Why this action does not apply to a connection in `status`, by the model's rules.
    pub fn refusal(self, status: &ConnectionStatus) -> Option<String> {
        refusal_text(self.op(), status)
    }

    /// The status a connection shows once this action succeeded.
    pub fn result_status(self, status: &ConnectionStatus) -> ConnectionStatus {
        self.op().after(status).unwrap_or_else(|_| status.clone())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Sent (or about to be), no answer yet.
    Pending,
    Succeeded,
    /// The server refused it or the request failed; the message says why.
    Failed(String),
    /// Not sent: the status rules do not allow it (e.g. enabling an active connection).
    Skipped(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkItem {
    pub id: String,
    pub name: String,
    /// The status before the action, to roll back to on failure.
    pub before: ConnectionStatus,
    pub outcome: Outcome,
}

/// One bulk run and its per-connection report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkRun {
    pub action: BulkAction,
    pub items: Vec<BulkItem>,
}

impl BulkRun {
    /// Plans a run over the selected rows `(id, name, status)`: allowed ones are pending, others
    /// skipped with the reason.
    pub fn plan<'a>(action: BulkAction, rows: impl IntoIterator<Item = (&'a str, &'a str, &'a ConnectionStatus)>) -> BulkRun {
        let items = rows
            .into_iter()
            .map(|(id, name, status)| BulkItem {
                id: id.to_string(),
                name: name.to_string(),
                before: status.clone(),
                outcome: match action.refusal(status) {
                    Some(why) => Outcome::Skipped(why),
                    None => Outcome::Pending,
                },
            })
            .collect();
        BulkRun { action, items }
    }

    /// The ids to send now.
    pub fn pending_ids(&self) -> Vec<String> {
        self.items.iter().filter(|i| i.outcome == Outcome::Pending).map(|i| i.id.clone()).collect()
    }

    pub fn record(&mut self, id: &str, result: Result<(), String>) {
        if let Some(item) = self.items.iter_mut().find(|i| i.id == id) {
            item.outcome = match result {
                Ok(()) => Outcome::Succeeded,
                Err(e) => Outcome::Failed(e),
            };
        }
    }

    pub fn failed(&self) -> impl Iterator<Item = &BulkItem> {
        self.items.iter().filter(|i| matches!(i.outcome, Outcome::Failed(_)))
    }

    /// Puts only the failures back to pending and returns their ids; successes stay done.
    pub fn retry_failed(&mut self) -> Vec<String> {
        let mut ids = Vec::new();
        for item in self.items.iter_mut() {
            if matches!(item.outcome, Outcome::Failed(_)) {
                item.outcome = Outcome::Pending;
                ids.push(item.id.clone());
            }
        }
        ids
    }

    pub fn is_finished(&self) -> bool {
        !self.items.iter().any(|i| i.outcome == Outcome::Pending)
    }

    fn count(&self, f: impl Fn(&Outcome) -> bool) -> usize {
        self.items.iter().filter(|i| f(&i.outcome)).count()
    }

    /// One sentence for the report's heading and the live region:
    /// "3 connections disabled." / "2 of 3 disabled, 1 failed." / "Disabling 3 connections…".
    pub fn summary(&self) -> String {
        let ok = self.count(|o| *o == Outcome::Succeeded);
        let failed = self.count(|o| matches!(o, Outcome::Failed(_)));
        let skipped = self.count(|o| matches!(o, Outcome::Skipped(_)));
        let pending = self.count(|o| *o == Outcome::Pending);
        let tried = ok + failed + pending;
        let mut s = if pending > 0 {
            let n = tried as u64;
            match self.action {
                BulkAction::Enable => tp("Enabling {count} connection…", "Enabling {count} connections…", n, &[]),
                BulkAction::Disable => tp("Disabling {count} connection…", "Disabling {count} connections…", n, &[]),
                BulkAction::Delete => tp("Deleting {count} connection…", "Deleting {count} connections…", n, &[]),
                BulkAction::Restore => tp("Restoring {count} connection…", "Restoring {count} connections…", n, &[]),
            }
        } else if failed == 0 {
            let n = ok as u64;
            match self.action {
                BulkAction::Enable => tp("{count} connection enabled.", "{count} connections enabled.", n, &[]),
                BulkAction::Disable => tp("{count} connection disabled.", "{count} connections disabled.", n, &[]),
                BulkAction::Delete => tp("{count} connection deleted.", "{count} connections deleted.", n, &[]),
                BulkAction::Restore => tp("{count} connection restored.", "{count} connections restored.", n, &[]),
            }
        } else {
            let (n, ok, failed) = (tried as u64, number(ok as f64), number(failed as f64));
            let args = [("ok", ok.as_str()), ("failed", failed.as_str())];
            match self.action {
                BulkAction::Enable => {
                    tp("{ok} of {count} enabled, {failed} failed.", "{ok} of {count} enabled, {failed} failed.", n, &args)
                }
                BulkAction::Disable => {
                    tp("{ok} of {count} disabled, {failed} failed.", "{ok} of {count} disabled, {failed} failed.", n, &args)
                }
                BulkAction::Delete => {
                    tp("{ok} of {count} deleted, {failed} failed.", "{ok} of {count} deleted, {failed} failed.", n, &args)
                }
                BulkAction::Restore => {
                    tp("{ok} of {count} restored, {failed} failed.", "{ok} of {count} restored, {failed} failed.", n, &args)
                }
            }
        };
        if skipped > 0 {
            s.push(' ');
            s.push_str(&tp("{count} skipped.", "{count} skipped.", skipped as u64, &[]));
        }
        s
    }
}

/// Why `op` does not apply to a connection in `status`, by the model's rules (`ConnectionOp::after`),
/// as a person reads it; `None` when it applies.
pub fn refusal_text(op: ConnectionOp, status: &ConnectionStatus) -> Option<String> {
    op.after(status).err()?;
    // English reads the API's own word ("disabled"); other languages their status label.
    let shown = match crate::i18n::locale() {
        crate::i18n::Locale::En => status.as_str().to_string(),
        _ => crate::components::status_badge::status_label(status),
    };
    let args = [("status", shown.as_str())];
    Some(match op {
        ConnectionOp::Delete => t("Already deleted"),
        ConnectionOp::Status(StatusAction::Activate) => {
            tf("Cannot activate a connection that is {status}: only In-progress connections can be activated", &args)
        }
        ConnectionOp::Status(StatusAction::Enable) => {
            tf("Cannot enable a connection that is {status}: only disabled connections can be enabled", &args)
        }
        ConnectionOp::Status(StatusAction::Disable) => {
            tf("Cannot disable a connection that is {status}: only active, broken, offline connections can be disabled", &args)
        }
        ConnectionOp::Status(StatusAction::Restore) => {
            tf("Cannot restore a connection that is {status}: only deleted connections can be restored", &args)
        }
    })
}

/// The names a confirmation lists: at most `cap` of them, and how many more there are.
pub fn capped_names(names: &[String], cap: usize) -> (&[String], usize) {
    let shown = names.len().min(cap);
    (&names[..shown], names.len() - shown)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_confirmation_names_five_and_counts_the_rest() {
        let names: Vec<String> = (1..=12).map(|n| format!("C{n}")).collect();
        let (shown, more) = super::capped_names(&names, 5);
        assert_eq!(shown, &names[..5]);
        assert_eq!(more, 7);
        assert_eq!(super::capped_names(&names[..3], 5), (&names[..3], 0));
    }

    use super::*;
    use ConnectionStatus::*;

    fn rows() -> Vec<(String, String, ConnectionStatus)> {
        vec![
            ("a".into(), "Alpha".into(), Active),
            ("b".into(), "Beta".into(), Broken),
            ("c".into(), "Gamma".into(), Disabled),
            ("d".into(), "Delta".into(), Offline),
        ]
    }

    fn plan(action: BulkAction) -> BulkRun {
        let r = rows();
        BulkRun::plan(action, r.iter().map(|(i, n, s)| (i.as_str(), n.as_str(), s)))
    }

    #[test]
    fn plan_skips_what_the_status_rules_forbid() {
        let run = plan(BulkAction::Disable);
        assert_eq!(run.pending_ids(), vec!["a", "b", "d"]);
        let Outcome::Skipped(why) = &run.items[2].outcome else { panic!("Gamma should be skipped") };
        assert!(why.contains("only active, broken, offline"), "{why}");
        assert_eq!(plan(BulkAction::Enable).pending_ids(), vec!["c"]);
        assert_eq!(plan(BulkAction::Delete).pending_ids(), vec!["a", "b", "c", "d"]);
    }

    #[test]
    fn report_counts_each_connection_and_retry_sends_only_failures() {
        let mut run = plan(BulkAction::Disable);
        assert_eq!(run.summary(), "Disabling 3 connections… 1 skipped.");
        run.record("a", Ok(()));
        run.record("b", Err("Server unavailable".into()));
        run.record("d", Ok(()));
        assert!(run.is_finished());
        assert_eq!(run.summary(), "2 of 3 disabled, 1 failed. 1 skipped.");
        assert_eq!(run.failed().map(|i| i.name.as_str()).collect::<Vec<_>>(), vec!["Beta"]);

        assert_eq!(run.retry_failed(), vec!["b"]);
        assert_eq!(run.pending_ids(), vec!["b"]);
        assert_eq!(run.items[0].outcome, Outcome::Succeeded, "a success is not retried");
        run.record("b", Ok(()));
        assert_eq!(run.summary(), "3 connections disabled. 1 skipped.");
        assert!(run.retry_failed().is_empty());
    }

    #[test]
    fn restore_applies_only_to_deleted_connections_and_brings_them_back_disabled() {
        assert_eq!(BulkAction::Restore.result_status(&Deleted), Disabled);
        assert!(BulkAction::Restore.refusal(&Deleted).is_none());
        assert!(BulkAction::Restore.refusal(&Active).is_some());
        assert_eq!(BulkAction::Restore.done(), "restored");
    }

    #[test]
    fn result_status_follows_the_model() {
        assert_eq!(BulkAction::Disable.result_status(&Broken), Disabled);
        assert_eq!(BulkAction::Enable.result_status(&Disabled), Active);
        assert_eq!(BulkAction::Delete.result_status(&Active), Deleted);
        assert_eq!(BulkAction::Delete.refusal(&Deleted).as_deref(), Some("Already deleted"));
    }

    #[test]
    fn singular_summary() {
        let r = [("a".to_string(), "Alpha".to_string(), Disabled)];
        let mut run = BulkRun::plan(BulkAction::Enable, r.iter().map(|(i, n, s)| (i.as_str(), n.as_str(), s)));
        run.record("a", Ok(()));
        assert_eq!(run.summary(), "1 connection enabled.");
    }
}
