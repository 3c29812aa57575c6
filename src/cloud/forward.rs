//! Test inventories that change one or two answers of another inventory: `forward!` writes
//! the methods they pass through unchanged, so each test's wrapper says only what it alters.

/// Inside an `impl Inventory for Wrapper`, forwards the named methods to `self.$field`.
macro_rules! forward {
    ($field:ident => $($method:ident),+ $(,)?) => {
        $( $crate::cloud::forward::forward!(@one $field $method); )+
    };
    (@one $f:ident label) => {
        fn label(&self) -> String { self.$f.label() }
    };
    (@one $f:ident scopes) => {
        fn scopes(&self) -> Vec<$crate::cloud::model::Scope> { self.$f.scopes() }
    };
    (@one $f:ident clock) => {
        fn clock(&self) -> std::sync::Arc<dyn $crate::cloud::Clock> { self.$f.clock() }
    };
    (@one $f:ident db_fleet) => {
        fn db_fleet<'a>(&'a self, scope: &'a $crate::cloud::model::Scope)
            -> $crate::cloud::CloudFuture<'a, $crate::cloud::model::DbFleet> { self.$f.db_fleet(scope) }
    };
    (@one $f:ident metrics) => {
        fn metrics<'a>(&'a self, scope: &'a $crate::cloud::model::Scope, targets: &'a $crate::cloud::model::MetricTargets)
            -> $crate::cloud::CloudFuture<'a, $crate::cloud::model::Metrics> { self.$f.metrics(scope, targets) }
    };
    (@one $f:ident db_history) => {
        fn db_history<'a>(&'a self, instance: &'a $crate::cloud::model::ResourceKey, window: $crate::cloud::model::Window)
            -> $crate::cloud::CloudFuture<'a, $crate::cloud::model::DbSeries> { self.$f.db_history(instance, window) }
    };
    (@one $f:ident alarms) => {
        fn alarms<'a>(&'a self, scope: &'a $crate::cloud::model::Scope)
            -> $crate::cloud::CloudFuture<'a, Vec<$crate::cloud::model::Alarm>> { self.$f.alarms(scope) }
    };
    (@one $f:ident scaling_groups) => {
        fn scaling_groups<'a>(&'a self, scope: &'a $crate::cloud::model::Scope)
            -> $crate::cloud::CloudFuture<'a, Vec<$crate::cloud::model::ScalingGroup>> { self.$f.scaling_groups(scope) }
    };
    (@one $f:ident db_events) => {
        fn db_events<'a>(&'a self, scope: &'a $crate::cloud::model::Scope)
            -> $crate::cloud::CloudFuture<'a, Vec<$crate::cloud::model::DbEvent>> { self.$f.db_events(scope) }
    };
    (@one $f:ident performance) => {
        fn performance<'a>(&'a self, query: &'a $crate::cloud::model::PiQuery)
            -> $crate::cloud::CloudFuture<'a, $crate::cloud::model::Performance> { self.$f.performance(query) }
    };
    (@one $f:ident blocking) => {
        fn blocking<'a>(&'a self, query: &'a $crate::cloud::model::PiQuery)
            -> $crate::cloud::CloudFuture<'a, $crate::cloud::model::Blocking> { self.$f.blocking(query) }
    };
    (@one $f:ident sql_detail) => {
        fn sql_detail<'a>(&'a self, query: &'a $crate::cloud::model::PiQuery, sql_id: &'a str)
            -> $crate::cloud::CloudFuture<'a, $crate::cloud::model::SqlDetail> { self.$f.sql_detail(query, sql_id) }
    };
    (@one $f:ident analysis_reports) => {
        fn analysis_reports<'a>(&'a self, instance: &'a $crate::cloud::model::ResourceKey)
            -> $crate::cloud::CloudFuture<'a, Vec<$crate::cloud::model::ReportSummary>> { self.$f.analysis_reports(instance) }
    };
    (@one $f:ident analysis_report) => {
        fn analysis_report<'a>(&'a self, instance: &'a $crate::cloud::model::ResourceKey, id: &'a str)
            -> $crate::cloud::CloudFuture<'a, $crate::cloud::model::AnalysisReport> { self.$f.analysis_report(instance, id) }
    };
    (@one $f:ident db_snapshot) => {
        fn db_snapshot<'a>(&'a self, snapshot: &'a $crate::cloud::model::ResourceKey, kind: $crate::cloud::model::SnapshotKind)
            -> $crate::cloud::CloudFuture<'a, $crate::cloud::model::DbSnapshot> { self.$f.db_snapshot(snapshot, kind) }
    };
    (@one $f:ident alarm_history) => {
        fn alarm_history<'a>(&'a self, alarm: &'a $crate::cloud::model::ResourceKey)
            -> $crate::cloud::CloudFuture<'a, Vec<$crate::cloud::model::AlarmHistoryItem>> { self.$f.alarm_history(alarm) }
    };
}

pub(crate) use forward;
