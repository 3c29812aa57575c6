//! The statements and wait events Performance Insights shows for each kind of workload.
//!
//! Shares are each statement's slice of the instance's normal load; they are perturbed per
//! instance so two instances with the same workload do not look cloned.

use super::noise::mix;
use super::spec::Workload;

/// One statement of a workload and the wait it mostly spends its time in.
#[derive(Debug, Clone, Copy)]
pub(super) struct Statement {
    pub sql: &'static str,
    pub share: f64,
    pub wait: &'static str,
}

const fn st(sql: &'static str, share: f64, wait: &'static str) -> Statement {
    Statement { sql, share, wait }
}

/// The sequential scan the slow-query scenario introduces.
pub(super) const SLOW_STATEMENT: Statement =
    st("SELECT * FROM orders WHERE lower(customer_email) = $1 ORDER BY created_at DESC", 0.0, "IO:DataFileRead");
/// Of the slow statement's load, how much waits on reads (the rest is CPU).
pub(super) const SLOW_READ_SHARE: f64 = 0.7;

const POSTGRES_WAITS: &[(&str, f64)] = &[
    ("CPU", 0.42),
    ("Client:ClientRead", 0.18),
    ("IO:DataFileRead", 0.17),
    ("Lock:transactionid", 0.09),
    ("IO:WALWrite", 0.08),
    ("LWLock:BufferMapping", 0.06),
];

const AURORA_WAITS: &[(&str, f64)] = &[
    ("CPU", 0.45),
    ("IO:DataFileRead", 0.16),
    ("IO:XactSync", 0.14),
    ("Client:ClientRead", 0.12),
    ("LWLock:BufferMapping", 0.07),
    ("Lock:transactionid", 0.06),
];

const MYSQL_WAITS: &[(&str, f64)] = &[
    ("CPU", 0.40),
    ("io/table/sql/handler", 0.20),
    ("io/socket/sql/client_connection", 0.15),
    ("synch/mutex/innodb/buf_pool_mutex", 0.10),
    ("io/file/innodb/innodb_log_file", 0.09),
    ("synch/cond/innodb/row_lock_wait", 0.06),
];

const OLTP: &[Statement] = &[
    st(
        "SELECT s.user_id, s.cart_id, s.expires_at FROM sessions s WHERE s.token = $1 AND s.expires_at > now()",
        0.16,
        "CPU",
    ),
    st(
        "INSERT INTO orders (customer_id, cart_id, total_cents, currency, status, created_at) VALUES ($1, $2, $3, $4, $5, now()) RETURNING id",
        0.14,
        "IO:WALWrite",
    ),
    st(
        "INSERT INTO cart_items (cart_id, sku, quantity, price_cents) VALUES ($1, $2, $3, $4) ON CONFLICT (cart_id, sku) DO UPDATE SET quantity = cart_items.quantity + EXCLUDED.quantity, updated_at = now()",
        0.12,
        "Lock:transactionid",
    ),
    st(
        "SELECT o.id, o.status, o.total_cents, o.created_at FROM orders o WHERE o.customer_id = $1 ORDER BY o.created_at DESC LIMIT $2",
        0.11,
        "CPU",
    ),
    st(
        "UPDATE inventory SET reserved = reserved + $1, updated_at = now() WHERE sku = $2 AND available - reserved >= $1",
        0.10,
        "Lock:transactionid",
    ),
    st(
        "SELECT p.id, p.name, p.price_cents FROM products p WHERE p.name ILIKE $1 AND p.active ORDER BY p.popularity DESC LIMIT $2",
        0.08,
        "IO:DataFileRead",
    ),
    st("SELECT c.id, c.email, c.default_address_id FROM customers c WHERE c.id = $1", 0.07, "CPU"),
    st("UPDATE sessions SET last_seen_at = now() WHERE token = $1", 0.06, "Client:ClientRead"),
    st("COMMIT", 0.05, "IO:WALWrite"),
    st(
        "DELETE FROM carts WHERE updated_at < now() - interval '30 days' AND checked_out_at IS NULL",
        0.03,
        "IO:DataFileRead",
    ),
];

const REPORTING: &[Statement] = &[
    st(
        "SELECT date_trunc('hour', o.created_at) AS hour, count(*), sum(o.total_cents) FROM orders o WHERE o.created_at >= $1 GROUP BY 1 ORDER BY 1",
        0.22,
        "IO:DataFileRead",
    ),
    st(
        "SELECT p.category_id, sum(oi.quantity * oi.price_cents) AS revenue FROM order_items oi JOIN products p ON p.id = oi.product_id WHERE oi.created_at BETWEEN $1 AND $2 GROUP BY p.category_id ORDER BY revenue DESC",
        0.19,
        "IO:DataFileRead",
    ),
    st(
        "WITH cohort AS (SELECT customer_id, min(created_at) AS first_order FROM orders GROUP BY customer_id) SELECT date_trunc('month', first_order), count(*) FROM cohort GROUP BY 1 ORDER BY 1",
        0.14,
        "IO:DataFileRead",
    ),
    st(
        "SELECT c.id, c.email, count(o.id) AS orders, max(o.created_at) FROM customers c LEFT JOIN orders o ON o.customer_id = c.id GROUP BY c.id, c.email HAVING count(o.id) > $1",
        0.12,
        "CPU",
    ),
    st("COPY (SELECT * FROM order_items WHERE created_at >= $1) TO STDOUT WITH CSV HEADER", 0.09, "Client:ClientRead"),
    st("SELECT status, count(*) FROM orders WHERE created_at > now() - interval '1 day' GROUP BY status", 0.08, "CPU"),
    st(
        "SELECT sku, available, reserved FROM inventory WHERE available - reserved < $1 ORDER BY available - reserved",
        0.06,
        "CPU",
    ),
    st(
        "SELECT r.order_id, r.amount_cents, r.reason FROM refunds r WHERE r.created_at >= $1 ORDER BY r.amount_cents DESC LIMIT $2",
        0.05,
        "IO:DataFileRead",
    ),
];

const CATALOG: &[Statement] = &[
    st(
        "SELECT p.id, p.name, ts_rank(p.search_vector, q) AS rank FROM products p, plainto_tsquery('english', $1) q WHERE p.search_vector @@ q ORDER BY rank DESC LIMIT $2",
        0.24,
        "CPU",
    ),
    st(
        "SELECT id, name, price_cents, image_url FROM products WHERE category_id = $1 AND active ORDER BY popularity DESC LIMIT $2 OFFSET $3",
        0.16,
        "IO:DataFileRead",
    ),
    st("SELECT v.id, v.sku, v.attributes FROM product_variants v WHERE v.product_id = ANY($1)", 0.12, "CPU"),
    st(
        "SELECT price_cents, currency FROM prices WHERE product_id = $1 AND region = $2 AND valid_from <= now() ORDER BY valid_from DESC LIMIT 1",
        0.10,
        "CPU",
    ),
    st(
        "SELECT p.id, p.name FROM products p WHERE p.name ILIKE $1 || '%' AND p.active LIMIT $2",
        0.09,
        "IO:DataFileRead",
    ),
    st("INSERT INTO product_views (product_id, session_id, viewed_at) VALUES ($1, $2, now())", 0.08, "IO:XactSync"),
    st("UPDATE products SET popularity = popularity + $1 WHERE id = $2", 0.06, "IO:XactSync"),
    st("SELECT c.id, c.name, c.parent_id FROM categories c WHERE c.path <@ $1", 0.04, "LWLock:BufferMapping"),
];

const MYSQL: &[Statement] = &[
    st(
        "SELECT id, payload FROM jobs WHERE queue = ? AND status = 'pending' ORDER BY priority DESC LIMIT ? FOR UPDATE SKIP LOCKED",
        0.20,
        "synch/cond/innodb/row_lock_wait",
    ),
    st("UPDATE jobs SET status = ?, updated_at = NOW() WHERE id = ?", 0.15, "io/file/innodb/innodb_log_file"),
    st(
        "INSERT INTO events (account_id, kind, payload, created_at) VALUES (?, ?, ?, NOW())",
        0.14,
        "io/file/innodb/innodb_log_file",
    ),
    st("SELECT * FROM accounts WHERE id = ?", 0.12, "CPU"),
    st("SELECT COUNT(*) FROM events WHERE account_id = ? AND created_at > ?", 0.10, "io/table/sql/handler"),
    st("SELECT a.id, a.name, p.plan FROM accounts a JOIN plans p ON p.id = a.plan_id WHERE a.id IN (?)", 0.08, "CPU"),
    st("DELETE FROM sessions WHERE expires_at < NOW() LIMIT ?", 0.05, "synch/mutex/innodb/buf_pool_mutex"),
    st("COMMIT", 0.04, "io/socket/sql/client_connection"),
];

pub(super) fn is_aurora(engine: &str) -> bool {
    engine.starts_with("aurora")
}

pub(super) fn is_postgres(engine: &str) -> bool {
    engine.contains("postgres")
}

/// The wait events an engine reports, with their share of normal load.
pub(super) fn waits(engine: &str) -> &'static [(&'static str, f64)] {
    if is_aurora(engine) && is_postgres(engine) {
        AURORA_WAITS
    } else if is_postgres(engine) {
        POSTGRES_WAITS
    } else {
        MYSQL_WAITS
    }
}

/// The statements a workload runs on an engine.
pub(super) fn statements(workload: Workload, engine: &str) -> &'static [Statement] {
    match workload {
        _ if !is_postgres(engine) => MYSQL,
        Workload::Reporting => REPORTING,
        Workload::Catalog => CATALOG,
        Workload::Oltp | Workload::Generic => OLTP,
    }
}

/// A digest id shaped like Performance Insights' `db.sql_tokenized.id`.
pub(super) fn digest(sql: &str) -> String {
    let k = super::noise::key_of(sql);
    format!("{:016X}{:016X}{:08X}", mix(k), mix(k ^ 1), mix(k ^ 2) >> 32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogues_fit_their_engines() {
        let used = [
            (Workload::Oltp, "postgres"),
            (Workload::Reporting, "postgres"),
            (Workload::Catalog, "aurora-postgresql"),
            (Workload::Generic, "postgres"),
            (Workload::Generic, "mysql"),
            (Workload::Generic, "mariadb"),
        ];
        for (workload, engine) in used {
            let events: Vec<&str> = waits(engine).iter().map(|(e, _)| *e).collect();
            for statement in statements(workload, engine) {
                assert!(events.contains(&statement.wait), "{} on {engine}", statement.sql);
            }
        }
        assert_eq!(digest("COMMIT").len(), 40);
    }
}
