//! The pattern groups a person edits in the Report view: how they are kept in the browser's local
//! storage (a JSON list, the same `[{"name", "pattern"}]` the CLI's `--groups FILE` reads), which
//! of them a report is asked for, and how the presets come back. Patterns are checked by the
//! worker (the core's `regex`), which marks an invalid one in its answer; nothing here panics on
//! bad text.

use heapscope_core::report::groups::{presets, GroupPattern, MAX_GROUPS};
use heapscope_core::report::ReportOptions;

/// The local-storage key of the groups.
pub const STORAGE_KEY: &str = "heapscope-report-groups";

/// The groups kept in local storage, or `None` when there are none or the text is not a list of
/// groups (the presets are used then).
pub fn from_storage(text: Option<&str>) -> Option<Vec<GroupPattern>> {
    let groups: Vec<GroupPattern> = serde_json::from_str(text?).ok()?;
    Some(groups.into_iter().take(MAX_GROUPS).collect())
}

/// The text kept in local storage.
pub fn to_storage(groups: &[GroupPattern]) -> String {
    serde_json::to_string(groups).unwrap_or_else(|_| "[]".into())
}

/// The options of the report the app asks for: the CLI's defaults (`--top 20 --threshold 10`),
/// with the groups that have a pattern (a row being written, with an empty pattern, would match
/// every class).
pub fn options(groups: &[GroupPattern]) -> ReportOptions {
    ReportOptions {
        groups: groups
            .iter()
            .filter(|g| !g.pattern.trim().is_empty())
            .take(MAX_GROUPS)
            .cloned()
            .collect(),
        ..ReportOptions::default()
    }
}

/// The presets as they ship, followed by the person's own groups (those not named like a
/// preset): an edited or removed preset comes back, nothing of one's own is lost.
pub fn restore_presets(groups: &[GroupPattern]) -> Vec<GroupPattern> {
    let mut out = presets();
    let own: Vec<GroupPattern> = groups
        .iter()
        .filter(|g| !out.iter().any(|p| p.name == g.name))
        .cloned()
        .collect();
    out.extend(own);
    out.truncate(MAX_GROUPS);
    out
}

/// Whether `groups` are exactly the presets.
pub fn are_presets(groups: &[GroupPattern]) -> bool {
    groups == presets().as_slice()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(name: &str, pattern: &str) -> GroupPattern {
        GroupPattern {
            name: name.into(),
            pattern: pattern.into(),
        }
    }

    #[test]
    fn storage_round_trips_and_junk_means_presets() {
        let groups = vec![g("Package entities", "^Package"), g("bad", "(")];
        let text = to_storage(&groups);
        assert_eq!(
            text,
            r#"[{"name":"Package entities","pattern":"^Package"},{"name":"bad","pattern":"("}]"#
        );
        assert_eq!(from_storage(Some(&text)), Some(groups));
        assert_eq!(from_storage(None), None);
        assert_eq!(from_storage(Some("not json")), None);
        assert_eq!(from_storage(Some(r#"{"name":"x"}"#)), None);
        // What the CLI's --groups reads is what is stored.
        assert!(heapscope_core::report::groups::parse_groups(&to_storage(&[g("a", "^A")])).is_ok());
    }

    #[test]
    fn a_group_without_a_pattern_is_not_asked_for() {
        let o = options(&[g("new", "  "), g("Mine", "^Mine$")]);
        assert_eq!(o.groups, vec![g("Mine", "^Mine$")]);
        assert_eq!((o.top, o.suspect_share), (20, 0.10), "the CLI's defaults");
        assert_eq!(options(&presets()), ReportOptions::default());
    }

    #[test]
    fn restoring_brings_edited_presets_back_and_keeps_own_groups() {
        let mut groups = presets();
        groups[0].pattern = "^Changed$".into();
        groups.remove(1);
        groups.push(g("Package entities", "^Package"));
        let restored = restore_presets(&groups);
        assert!(restored.starts_with(&presets()));
        assert_eq!(restored.last(), Some(&g("Package entities", "^Package")));
        assert_eq!(restored.len(), presets().len() + 1);
        assert!(are_presets(&restore_presets(&presets())));
        assert!(!are_presets(&restored));
    }

    #[test]
    fn at_most_max_groups_are_kept() {
        let many: Vec<GroupPattern> = (0..MAX_GROUPS + 10)
            .map(|i| g(&format!("g{i}"), "x"))
            .collect();
        assert_eq!(
            from_storage(Some(&to_storage(&many))).unwrap().len(),
            MAX_GROUPS
        );
        assert_eq!(options(&many).groups.len(), MAX_GROUPS);
        assert_eq!(restore_presets(&many).len(), MAX_GROUPS);
    }
}
