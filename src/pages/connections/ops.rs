//! Connection operations as every screen runs them: the new status shown at once, busy flags,
//! rollback on refusal (or, when the connection changed elsewhere, its current state), bulk runs with their report, notices and embed events. The caller patches
//! its rows from the connections the server answers with instead of fetching them again.

use std::collections::{HashMap, HashSet};

use leptos::prelude::*;
use madconnect_model::{Connection, ConnectionStatus, StatusAction};

use super::bulk::{BulkAction, BulkRun, Outcome};
use crate::api::{self, connections::ConnectionOp};
use crate::components::use_notify;
use crate::embed::EmbedEvent;
use crate::i18n::{t, tf};
use crate::session::use_session;

/// A connection an operation is about to change: who it is and the status it shows now.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub id: String,
    pub name: String,
    pub before: ConnectionStatus,
}

impl Target {
    /// `c` as shown, whose status may already be an optimistic one.
    pub fn shown(c: &Connection, status: ConnectionStatus) -> Self {
        Target { id: c.id.clone(), name: c.name.clone(), before: status }
    }
}

/// Optimistic statuses and busy flags, by connection id: the bookkeeping of every operation.
#[derive(Debug, Clone, Copy)]
pub struct Bookkeeping {
    pub optimistic: RwSignal<HashMap<String, ConnectionStatus>>,
    pub busy: RwSignal<HashSet<String>>,
}

/// What [`Bookkeeping::begin`] remembers, to roll back and to report.
#[derive(Debug, Clone, PartialEq)]
pub struct Begun {
    previous: Option<ConnectionStatus>,
    pub after: ConnectionStatus,
}

impl Bookkeeping {
    pub fn new() -> Self {
        Bookkeeping { optimistic: RwSignal::new(HashMap::new()), busy: RwSignal::new(HashSet::new()) }
    }

    /// Shows `op`'s result on `t` at once and marks it busy; refuses what the status rules forbid.
    pub fn begin(&self, t: &Target, op: ConnectionOp) -> Result<Begun, String> {
        let after = op.after(&t.before)?;
        let previous = self.optimistic.with_untracked(|o| o.get(&t.id).cloned());
        self.optimistic.update(|o| {
            o.insert(t.id.clone(), after.clone());
        });
        self.busy.update(|b| {
            b.insert(t.id.clone());
        });
        Ok(Begun { previous, after })
    }

    /// The server refused or could not be reached: the status shown before comes back.
    pub fn fail(&self, id: &str, begun: Begun) {
        self.busy.update(|b| {
            b.remove(id);
        });
        self.optimistic.update(|o| match begun.previous {
            Some(p) => {
                o.insert(id.to_string(), p);
            }
            None => {
                o.remove(id);
            }
        });
    }

    /// The server answered with the connection: its status is shown until the row is patched.
    pub fn answered(&self, c: &Connection) {
        self.busy.update(|b| {
            b.remove(&c.id);
        });
        self.optimistic.update(|o| {
            o.insert(c.id.clone(), c.status.clone());
        });
    }

    /// The rows now carry the server's answers: their own status is the one to show again.
    pub fn patched(&self, done: &[Connection]) {
        self.optimistic.update(|o| {
            for c in done {
                o.remove(&c.id);
            }
        });
    }

    /// The status to show for the connection `id` whose row says `row` (tracked).
    pub fn status(&self, id: &str, row: &ConnectionStatus) -> ConnectionStatus {
        self.optimistic.with(|o| o.get(id).cloned()).unwrap_or_else(|| row.clone())
    }

    /// Whether a request about `id` is in flight (tracked).
    pub fn is_busy(&self, id: &str) -> bool {
        self.busy.with(|b| b.contains(id))
    }
}

impl Default for Bookkeeping {
    fn default() -> Self {
        Self::new()
    }
}

/// What the hook's action is asked to do.
enum Request {
    /// One operation, reported with a notice.
    One(Target, ConnectionOp),
    /// The pending items of the current bulk run, reported in the run.
    Bulk,
}

#[derive(Clone, Copy)]
pub struct UseConnectionOpsReturn {
    pub book: Bookkeeping,
    /// The last bulk run and its per-connection report.
    pub bulk: RwSignal<Option<BulkRun>>,
    action: Action<Request, ()>,
}

impl UseConnectionOpsReturn {
    /// Runs `op` on `t`, with a notice of the outcome.
    pub fn run(&self, t: Target, op: ConnectionOp) {
        self.action.dispatch_local(Request::One(t, op));
    }

    /// Plans a bulk run over `targets` (skipping what the rules forbid) and sends it.
    pub fn run_bulk(&self, action: BulkAction, targets: &[Target]) {
        self.bulk.set(Some(BulkRun::plan(action, targets.iter().map(|t| (t.id.as_str(), t.name.as_str(), &t.before)))));
        self.action.dispatch_local(Request::Bulk);
    }

    /// Sends the failures of the last bulk run again; its successes stay done.
    pub fn retry_failed(&self) {
        self.bulk.update(|r| {
            if let Some(r) = r {
                r.retry_failed();
            }
        });
        self.action.dispatch_local(Request::Bulk);
    }
}

/// Connection operations for one screen. `on_done(op, connections)` gets the server's answers once
/// a request (one operation, or a whole bulk run) is over, to patch the screen's rows.
pub fn use_connection_ops(on_done: Callback<(ConnectionOp, Vec<Connection>)>) -> UseConnectionOpsReturn {
    let session = use_session();
    let notify = use_notify();
    let book = Bookkeeping::new();
    let bulk = RwSignal::new(None::<BulkRun>);
    let action = Action::new_local(move |request: &Request| {
        // What to send is read now: a bulk run's pending items at the moment it is sent.
        let (op, targets, one) = match request {
            Request::One(t, op) => (*op, vec![t.clone()], true),
            Request::Bulk => bulk.with_untracked(|r| match r {
                Some(r) => (
                    r.action.op(),
                    r.items
                        .iter()
                        .filter(|i| i.outcome == Outcome::Pending)
                        .map(|i| Target { id: i.id.clone(), name: i.name.clone(), before: i.before.clone() })
                        .collect(),
                    false,
                ),
                None => (ConnectionOp::Delete, Vec::new(), false),
            }),
        };
        let client = session.client();
        let restorable = session.capabilities_untracked().restore();
        async move {
            let mut done = Vec::new();
            for t in targets {
                let begun = match book.begin(&t, op) {
                    Ok(b) => b,
                    Err(why) => {
                        let why = super::bulk::refusal_text(op, &t.before).unwrap_or(why);
                        if one {
                            notify.error(tf("{name}: {reason}", &[("name", &t.name), ("reason", &why)]));
                        }
                        record(bulk, one, &t.id, Err(why));
                        continue;
                    }
                };
                match api::connections::apply(&client, &t.id, op).await {
                    Ok(c) => {
                        book.answered(&c);
                        crate::embed::emit(EmbedEvent::for_connection_op(&t.id, &t.name, op, &t.before, &begun.after));
                        if one {
                            notify.success(success_message(&t.name, op, restorable));
                        }
                        record(bulk, one, &t.id, Ok(()));
                        done.push(c);
                    }
                    Err(e) if e.is_conflict() => {
                        // Changed elsewhere: show what the server has now, not what we had.
                        match api::connections::get(&client, &t.id).await {
                            Ok(current) => {
                                book.answered(&current);
                                let why = changed_elsewhere_message(&t.name, op, &current.status);
                                if one {
                                    notify.error(why.clone());
                                }
                                record(bulk, one, &t.id, Err(why));
                                done.push(current);
                            }
                            Err(_) => {
                                book.fail(&t.id, begun);
                                if one {
                                    notify.error(could_not(op, &t.name, &e.to_string()));
                                }
                                record(bulk, one, &t.id, Err(e.to_string()));
                            }
                        }
                    }
                    Err(e) => {
                        book.fail(&t.id, begun);
                        if one {
                            notify.error(could_not(op, &t.name, &e.to_string()));
                        }
                        record(bulk, one, &t.id, Err(e.to_string()));
                    }
                }
            }
            if !done.is_empty() {
                on_done.run((op, done.clone()));
                book.patched(&done);
            }
        }
    });
    UseConnectionOpsReturn { book, bulk, action }
}

fn record(bulk: RwSignal<Option<BulkRun>>, one: bool, id: &str, result: Result<(), String>) {
    if !one {
        bulk.update(|r| {
            if let Some(r) = r {
                r.record(id, result);
            }
        });
    }
}

/// The notice for an operation refused because the connection changed elsewhere (409); the row
/// now shows `now`, the server's status.
pub fn changed_elsewhere_message(name: &str, op: ConnectionOp, now: &ConnectionStatus) -> String {
    let label = crate::components::status_badge::status_label(now);
    let args = [("name", name), ("status", label.as_str())];
    match op {
        ConnectionOp::Status(StatusAction::Activate) => tf(
            "Could not activate \u{201c}{name}\u{201d}: it was changed elsewhere and is now {status}. It shows its current status; try again if you still want to.",
            &args,
        ),
        ConnectionOp::Status(StatusAction::Enable) => tf(
            "Could not enable \u{201c}{name}\u{201d}: it was changed elsewhere and is now {status}. It shows its current status; try again if you still want to.",
            &args,
        ),
        ConnectionOp::Status(StatusAction::Disable) => tf(
            "Could not disable \u{201c}{name}\u{201d}: it was changed elsewhere and is now {status}. It shows its current status; try again if you still want to.",
            &args,
        ),
        ConnectionOp::Status(StatusAction::Restore) => tf(
            "Could not restore \u{201c}{name}\u{201d}: it was changed elsewhere and is now {status}. It shows its current status; try again if you still want to.",
            &args,
        ),
        ConnectionOp::Delete => tf(
            "Could not delete \u{201c}{name}\u{201d}: it was changed elsewhere and is now {status}. It shows its current status; try again if you still want to.",
            &args,
        ),
    }
}

/// The notice for an operation on the connection `name` that failed with `error`.
fn could_not(op: ConnectionOp, name: &str, error: &str) -> String {
    let args = [("name", name), ("error", error)];
    match op {
        ConnectionOp::Status(StatusAction::Activate) => tf("Could not activate \u{201c}{name}\u{201d}: {error}", &args),
        ConnectionOp::Status(StatusAction::Enable) => tf("Could not enable \u{201c}{name}\u{201d}: {error}", &args),
        ConnectionOp::Status(StatusAction::Disable) => tf("Could not disable \u{201c}{name}\u{201d}: {error}", &args),
        ConnectionOp::Status(StatusAction::Restore) => tf("Could not restore \u{201c}{name}\u{201d}: {error}", &args),
        ConnectionOp::Delete => tf("Could not delete \u{201c}{name}\u{201d}: {error}", &args),
    }
}

/// The notice for a successful operation on the connection `name`; `restorable` where the API
/// has Recently deleted.
pub fn success_message(name: &str, op: ConnectionOp, restorable: bool) -> String {
    let args = [("name", name)];
    match op {
        ConnectionOp::Status(StatusAction::Activate) => tf("\u{201c}{name}\u{201d} is active.", &args),
        ConnectionOp::Status(StatusAction::Enable) => tf("\u{201c}{name}\u{201d} is enabled.", &args),
        ConnectionOp::Status(StatusAction::Disable) => tf("\u{201c}{name}\u{201d} is disabled.", &args),
        ConnectionOp::Status(StatusAction::Restore) => tf("\u{201c}{name}\u{201d} is restored. It is disabled until you enable it.", &args),
        ConnectionOp::Delete if restorable => {
            tf("\u{201c}{name}\u{201d} was deleted. Restore it from Recently deleted within 30 days.", &args)
        }
        ConnectionOp::Delete => tf("\u{201c}{name}\u{201d} was deleted.", &args),
    }
}

/// What the delete confirmation warns of, for one connection or `many`.
pub fn delete_warning(many: bool, restorable: bool) -> String {
    match (many, restorable) {
        (false, true) => {
            t("It stops moving data at once. You can restore it from Recently deleted for 30 days; after that it is removed for good.")
        }
        (true, true) => t(
            "They stop moving data at once. You can restore them from Recently deleted for 30 days; after that they are removed for good.",
        ),
        (false, false) => t("It stops moving data at once and cannot be brought back."),
        (true, false) => t("They stop moving data at once and cannot be brought back."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ConnectionStatus::*;

    fn target(id: &str, before: ConnectionStatus) -> Target {
        Target { id: id.into(), name: id.to_uppercase(), before }
    }

    fn answer(id: &str, status: ConnectionStatus) -> Connection {
        Connection {
            account_id: "acc".into(),
            created_time: 0,
            deleted: status == Deleted,
            dest: Default::default(),
            editable: true,
            enabled: status.is_enabled(),
            env: String::new(),
            id: id.into(),
            monthly_volume: 0,
            name: id.to_uppercase(),
            src: Default::default(),
            status,
            total_volume: 0,
            updated_time: 1,
            used_volume: 0,
            deleted_time: None,
            src_connection_config: None,
            dest_connection_config: None,
        }
    }

    #[test]
    fn an_operation_shows_its_result_at_once_and_marks_the_row_busy() {
        let _owner = Owner::new();
        _owner.set();
        let book = Bookkeeping::new();
        let begun = book.begin(&target("a", Active), ConnectionOp::Status(StatusAction::Disable)).unwrap();
        assert_eq!(begun.after, Disabled);
        assert_eq!(book.status("a", &Active), Disabled);
        assert!(book.is_busy("a"));
        assert!(!book.is_busy("b"));
        assert_eq!(book.status("b", &Broken), Broken, "other rows show their own status");
    }

    #[test]
    fn a_refusal_by_the_rules_changes_nothing() {
        let _owner = Owner::new();
        _owner.set();
        let book = Bookkeeping::new();
        assert!(book.begin(&target("a", Disabled), ConnectionOp::Status(StatusAction::Disable)).is_err());
        assert_eq!(book.begin(&target("a", Deleted), ConnectionOp::Delete), Err("Already deleted".to_string()));
        assert_eq!(book.status("a", &Disabled), Disabled);
        assert!(!book.is_busy("a"));
    }

    #[test]
    fn a_failure_rolls_back_to_what_was_shown_before() {
        let _owner = Owner::new();
        _owner.set();
        let book = Bookkeeping::new();
        let first = book.begin(&target("a", Active), ConnectionOp::Status(StatusAction::Disable)).unwrap();
        book.fail("a", first);
        assert_eq!(book.status("a", &Active), Active);
        assert!(!book.is_busy("a"));

        // A second operation on a row still showing an answer rolls back to that answer.
        book.answered(&answer("a", Disabled));
        let second = book.begin(&target("a", Disabled), ConnectionOp::Delete).unwrap();
        assert_eq!(book.status("a", &Active), Deleted);
        book.fail("a", second);
        assert_eq!(book.status("a", &Active), Disabled);
    }

    #[test]
    fn the_server_answer_is_shown_until_the_row_is_patched_with_it() {
        let _owner = Owner::new();
        _owner.set();
        let book = Bookkeeping::new();
        let t = target("a", Deleted);
        book.begin(&t, ConnectionOp::Status(StatusAction::Restore)).unwrap();
        book.answered(&answer("a", Disabled));
        assert!(!book.is_busy("a"));
        assert_eq!(book.status("a", &Deleted), Disabled, "the row still holds the old status");
        book.patched(&[answer("a", Disabled)]);
        assert_eq!(book.status("a", &Offline), Offline, "the patched row speaks for itself again");
    }

    #[test]
    fn status_reads_are_tracked_so_rows_follow_the_bookkeeping() {
        let _owner = Owner::new();
        _owner.set();
        let book = Bookkeeping::new();
        let shown = Memo::new(move |_| book.status("a", &Active));
        let busy = Memo::new(move |_| book.is_busy("a"));
        assert_eq!(shown.get_untracked(), Active);
        book.begin(&target("a", Active), ConnectionOp::Delete).unwrap();
        assert_eq!(shown.get_untracked(), Deleted);
        assert!(busy.get_untracked());
    }

    #[test]
    fn a_conflict_says_what_the_connection_is_now() {
        let m = changed_elsewhere_message("X", ConnectionOp::Status(StatusAction::Disable), &Deleted);
        assert!(m.starts_with("Could not disable \u{201c}X\u{201d}: it was changed elsewhere and is now Deleted."), "{m}");
    }

    #[test]
    fn messages_name_the_connection_and_the_operation() {
        assert_eq!(success_message("X", ConnectionOp::Status(StatusAction::Disable), true), "\u{201c}X\u{201d} is disabled.");
        assert!(success_message("X", ConnectionOp::Delete, true).contains("Restore it from Recently deleted"));
        assert!(!success_message("X", ConnectionOp::Delete, false).contains("Restore"), "no restore promised where the API has none");
        assert!(!delete_warning(true, false).contains("restore") && delete_warning(false, true).contains("restore it"));
        assert_eq!(ConnectionOp::Delete.verb(), "delete");
        assert_eq!(ConnectionOp::Status(StatusAction::Enable).verb(), "enable");
    }
}
