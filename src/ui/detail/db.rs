//! Detail of a DB instance (every attribute, each metric over the chosen window, its recent RDS
//! events) or of an Aurora cluster (its attributes, members and recent RDS events).
//!
//! Attributes RDS did not report show "—"; the ones that are risky when set a certain way
//! (public access, no backups, no deletion protection, a CA certificate about to expire) are
//! drawn in the warn or critical style so they stand out in a long list.

use ratatui::text::{Line, Span};

use super::{Attr, db_metrics, events, findings, gone, grid, heading};
use crate::cloud::model::replica_source;
use crate::cloud::model::{
    CaCertificate, DbCluster, DbInstance, DbMetric, DbRole, DbStatus, EventSource, ResourceKey, Timestamp, Window,
};
use crate::config::theme::Role;
use crate::judging::{Level, status_verdict};
use crate::runbook::readiness::Readiness;
use crate::ui::Scene;
use crate::ui::format::{DASH, date_time, fit_spans, level_role, opt, pad, yes_no};

/// The panel name and lines for a DB instance or cluster key.
pub fn lines(scene: Scene<'_>, key: &ResourceKey, width: u16) -> (String, Vec<Line<'static>>) {
    if let Some(db) = scene.state.instance(key) {
        // A window chosen with `w` is what the reader is looking at: its sparklines come first,
        // where a short terminal still shows them.
        let window = scene.state.fetched.pi_view.window;
        let metrics = db_metrics::windowed(scene, key, width);
        let (mut lines, after) = if window == Window::Hour { (Vec::new(), metrics) } else { (metrics, Vec::new()) };
        if !lines.is_empty() {
            lines.push(Line::raw(""));
        }
        lines.extend(grid(scene, &instance_attrs(scene, db), width));
        lines.extend(posture_lines(scene, key, width));
        if !after.is_empty() {
            lines.push(Line::raw(""));
            lines.extend(after);
        }
        lines.extend(events::lines(scene, key, EventSource::Instance, width));
        return (format!("{key} · last {}", window.label()), lines);
    }
    if let Some(cluster) = scene.state.cluster(key) {
        return (format!("{key} — Aurora cluster"), cluster_lines(scene, key, cluster, width));
    }
    (key.to_string(), gone(scene, &key.to_string()))
}

/// What the Fleet tab's bottom pane shows for a DB instance: the metric lines of this view and
/// its findings, so the pane and the panel never disagree.
pub fn pane_lines(scene: Scene<'_>, key: &ResourceKey, width: u16) -> (Vec<Line<'static>>, Vec<Line<'static>>) {
    let metrics = if scene.state.instance(key).is_some() {
        db_metrics::lines(scene, scene.state.db_series(key), width)
    } else {
        Vec::new()
    };
    let mut findings = posture_lines(scene, key, width);
    if findings.first().is_some_and(|l| l.width() == 0) {
        findings.remove(0);
    }
    (metrics, findings)
}

/// A blank line and the findings the Fleet row holds for `key` (nothing before rows exist).
fn posture_lines(scene: Scene<'_>, key: &ResourceKey, width: u16) -> Vec<Line<'static>> {
    let Some(row) = scene.state.rows.fleet.iter().find(|r| &r.facts.key == key) else { return Vec::new() };
    let mut lines = vec![Line::raw("")];
    if let Some(readiness) = &row.failover {
        lines.push(readiness_line(scene, readiness, width));
    }
    lines.extend(findings::lines(scene, &row.posture, width));
    lines
}

/// "Failover  ready: promote replica, its preconditions pass now", or not ready with the count of
/// failed preconditions; the finding below names them.
fn readiness_line(scene: Scene<'_>, r: &Readiness, width: u16) -> Line<'static> {
    let label = Span::styled(pad("Failover", 17), scene.style(Role::Muted));
    let (text, role) = if r.is_ready() {
        (format!("ready: {}, its preconditions pass now", r.runbook.label()), Role::Ok)
    } else {
        let n = r.failed.len();
        let what = if n == 1 { "precondition fails" } else { "preconditions fail" };
        (format!("NOT READY: {}, {n} {what} (below)", r.runbook.label()), Role::Warn)
    };
    fit_spans(vec![label, Span::styled(text, scene.style(role))], usize::from(width))
}

fn status_role(status: &DbStatus) -> Role {
    match status_verdict(status).level {
        Level::Ok => Role::Ok,
        level => level_role(level),
    }
}

/// "shop-prod-db" for a same-region source or replica, "shop-prod-db (us-east-1)" for one named
/// by ARN in another region: the ARN's tail is what a reader needs, and it would be cut.
fn replica_name(name: &str, own_region: &str) -> String {
    match replica_source(name, own_region) {
        (region, id) if region == own_region => id.to_owned(),
        (region, id) => format!("{id} ({region})"),
    }
}

fn role_text(role: &DbRole, region: &str) -> String {
    match role {
        DbRole::Primary => "primary".to_owned(),
        DbRole::Replica { source } => format!("replica of {}", replica_name(source, region)),
        DbRole::ClusterWriter { cluster } => format!("writer of cluster {cluster}"),
        DbRole::ClusterReader { cluster } => format!("reader of cluster {cluster}"),
    }
}

fn engine(engine: &str, version: Option<&String>) -> String {
    format!("{engine} {}", version.map_or(DASH, String::as_str))
}

/// A flag that is a risk when it has the value `risky`.
fn flag(label: &'static str, value: Option<bool>, risky: bool) -> Attr {
    let attr = Attr::new(label, yes_no(value));
    if value == Some(risky) { attr.role(Role::Warn) } else { attr }
}

fn retention(days: Option<u32>) -> Attr {
    match days {
        Some(0) => Attr::new("Backup retention", "0 days (backups off)").role(Role::Warn),
        Some(1) => Attr::new("Backup retention", "1 day"),
        Some(d) => Attr::new("Backup retention", format!("{d} days")),
        None => Attr::new("Backup retention", DASH),
    }
}

/// The regions automated backups are replicated to: "none" is a fact, "—" is not knowing.
fn backup_copies(regions: Option<&[String]>) -> Attr {
    match regions {
        Some([]) => Attr::new("Backup copies", "none"),
        Some(regions) => Attr::new("Backup copies", regions.join(", ")),
        None => Attr::new("Backup copies", DASH),
    }
}

/// When the CA certificate expires; warn inside 30 days, critical once expired.
fn certificate_expiry(now: Timestamp, ca: Option<&CaCertificate>) -> Attr {
    let Some(until) = ca.and_then(|ca| ca.valid_until) else { return Attr::new("CA expires", DASH) };
    let days = (until - now).num_days();
    let date = until.format("%Y-%m-%d");
    match days {
        d if d < 0 => Attr::new("CA expires", format!("{date} (EXPIRED)")).role(Role::Critical),
        d if d < 30 => Attr::new("CA expires", format!("{date} (in {d} days)")).role(Role::Warn),
        d => Attr::new("CA expires", format!("{date} (in {d} days)")),
    }
}

fn instance_attrs(scene: Scene<'_>, db: &DbInstance) -> Vec<Attr> {
    let replicas: Vec<String> = db.replicas.iter().map(|r| replica_name(r, &db.region)).collect();
    let replicas = if replicas.is_empty() { "none".to_owned() } else { replicas.join(", ") };
    vec![
        Attr::new("Identifier", db.id.clone()),
        Attr::new("Engine", engine(&db.engine, db.engine_version.as_ref())),
        Attr::opt("Class", db.class.clone()),
        Attr::new("Role", role_text(&db.role, &db.region)),
        Attr::new("Region", db.region.clone()),
        Attr::opt("AZ", db.az.clone()),
        Attr::opt("Standby AZ", db.secondary_az.clone()),
        Attr::new("Status", db.status.as_str()).role(status_role(&db.status)),
        Attr::new("Multi-AZ", yes_no(db.multi_az)),
        flag("Encrypted", db.storage_encrypted, false),
        Attr::opt("KMS key", db.kms_key_id.clone()),
        flag("Public access", db.publicly_accessible, true),
        retention(db.backup_retention_days),
        backup_copies(db.backup_replica_regions.as_deref()),
        flag("Del. protection", db.deletion_protection, false),
        Attr::new("Perf. Insights", yes_no(db.performance_insights)),
        Attr::opt("CA certificate", db.ca_certificate.as_ref().map(|ca| ca.id.clone())),
        certificate_expiry(scene.now, db.ca_certificate.as_ref()),
        Attr::opt("Master secret", db.master_secret_arn.clone()),
        Attr::opt("Storage", db.allocated_storage_gib.map(|g| format!("{g} GiB"))),
        Attr::new("Created", date_time(db.created)),
        Attr::opt("Resource id", db.resource_id.clone()),
        Attr::new("Replicas", replicas),
    ]
}

fn cluster_lines(scene: Scene<'_>, key: &ResourceKey, c: &DbCluster, width: u16) -> Vec<Line<'static>> {
    let writer =
        c.writer().map_or_else(|| Attr::new("Writer", "none").role(Role::Critical), |w| Attr::new("Writer", w));
    let attrs = vec![
        Attr::new("Identifier", c.id.clone()),
        Attr::new("Engine", engine(&c.engine, c.engine_version.as_ref())),
        Attr::new("Region", c.region.clone()),
        Attr::new("Status", c.status.as_str()).role(status_role(&c.status)),
        writer,
        Attr::new("Multi-AZ", yes_no(c.multi_az)),
        flag("Encrypted", c.storage_encrypted, false),
        Attr::opt("KMS key", c.kms_key_id.clone()),
        retention(c.backup_retention_days),
        flag("Del. protection", c.deletion_protection, false),
        Attr::opt("Master secret", c.master_secret_arn.clone()),
    ];
    let mut lines = grid(scene, &attrs, width);
    lines.extend(posture_lines(scene, key, width));
    lines.push(Line::raw(""));
    lines.push(heading(scene, &format!("Members ({})", c.members.len())));
    for member in &c.members {
        let member_key = ResourceKey::new(key.scope.clone(), member.instance_id.clone());
        let db = scene.state.instance(&member_key);
        let cpu = scene.state.db_series(&member_key).and_then(|s| s.latest(DbMetric::Cpu));
        let status = db.map_or_else(
            || Span::raw(pad(DASH, 14)),
            |d| Span::styled(pad(d.status.as_str(), 14), scene.style(status_role(&d.status))),
        );
        let spans = vec![
            Span::styled(pad(if member.is_writer { "writer" } else { "reader" }, 8), scene.style(Role::Accent)),
            Span::styled(pad(&member.instance_id, 24), scene.style(Role::Text)),
            status,
            Span::styled(format!("CPU {:>3}%  ", opt(cpu, 0)), scene.style(Role::Text)),
            Span::styled(pad(db.and_then(|d| d.az.as_deref()).unwrap_or(DASH), 12), scene.style(Role::Text)),
            Span::styled(db.and_then(|d| d.class.clone()).unwrap_or_else(|| DASH.to_owned()), scene.style(Role::Text)),
        ];
        lines.push(fit_spans(spans, usize::from(width)));
    }
    lines.extend(events::lines(scene, key, EventSource::Cluster, width));
    lines
}
