//! The URL hash as the single source of truth for what is shown: `#summary`, `#largest/@1234`,
//! `#search/@1234?q=Foo`, `#object/@1234` (any object with its Retainers and Containment). Writing the hash adds a history entry, so back and forward walk through
//! views and selections; the page re-reads the hash on `hashchange`.

/// The views, named as in DevTools.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum View {
    #[default]
    Overview,
    /// The analysis report: what fills the heap and why, with charts and exports.
    Report,
    Summary,
    Largest,
    /// DevTools' Containment view: the root's references, level by level.
    Containment,
    Dominators,
    Detached,
    Search,
    /// DevTools' Comparison of a base snapshot with the open one, and the owners that grew.
    Comparison,
    /// Three-snapshot leak detection (MemLab's), the open snapshot as the final one.
    Leaks,
    /// DevTools' Allocation view (snapshots recorded with allocation tracking).
    Allocations,
    /// A CPU profile dropped next to the open snapshot, function by function.
    Profile,
    /// One object: its Retainers and Containment side by side.
    Object,
}

impl View {
    /// The views with a tab, in tab order (an object is opened from a link, not a tab).
    pub const TABS: [View; 12] = [
        View::Overview,
        View::Report,
        View::Summary,
        View::Largest,
        View::Containment,
        View::Dominators,
        View::Detached,
        View::Search,
        View::Comparison,
        View::Leaks,
        View::Allocations,
        View::Profile,
    ];

    /// The hash segment.
    pub fn slug(self) -> &'static str {
        match self {
            View::Overview => "overview",
            View::Report => "report",
            View::Summary => "summary",
            View::Largest => "largest",
            View::Containment => "containment",
            View::Dominators => "dominators",
            View::Detached => "detached",
            View::Search => "search",
            View::Comparison => "comparison",
            View::Leaks => "leaks",
            View::Allocations => "allocations",
            View::Profile => "profile",
            View::Object => "object",
        }
    }

    /// The tab label.
    pub fn title(self) -> &'static str {
        match self {
            View::Overview => "Overview",
            View::Report => "Report",
            View::Summary => "Summary",
            View::Largest => "Largest objects",
            View::Containment => "Containment",
            View::Dominators => "Dominator tree",
            View::Detached => "Detached",
            View::Search => "Search",
            View::Comparison => "Comparison",
            View::Leaks => "Leaks",
            View::Allocations => "Allocations",
            View::Profile => "CPU profile",
            View::Object => "Object",
        }
    }

    fn from_slug(slug: &str) -> Option<View> {
        View::TABS
            .into_iter()
            .chain([View::Object])
            .find(|v| v.slug() == slug)
    }
}

/// A view, the selected object (by V8 id) and the search query.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Route {
    pub view: View,
    pub selected: Option<u64>,
    pub query: String,
}

impl Route {
    /// Parses `location.hash` (with or without the leading `#`); anything unknown means Overview.
    pub fn parse(hash: &str) -> Route {
        let hash = hash.strip_prefix('#').unwrap_or(hash);
        let (path, query) = match hash.split_once("?q=") {
            Some((p, q)) => (p, decode(q)),
            None => (hash, String::new()),
        };
        let mut parts = path.split('/');
        let view = View::from_slug(parts.next().unwrap_or("")).unwrap_or_default();
        let selected = parts
            .next()
            .and_then(|s| s.strip_prefix('@'))
            .and_then(|s| s.parse().ok());
        Route {
            view,
            selected,
            query,
        }
    }

    /// Whether this route shows more than the Overview, so a link to it means something.
    pub fn is_deep(&self) -> bool {
        *self != Route::default()
    }

    /// The hash for this route, with the leading `#`.
    pub fn to_hash(&self) -> String {
        let mut h = format!("#{}", self.view.slug());
        if let Some(id) = self.selected {
            h.push_str(&format!("/@{id}"));
        }
        if !self.query.is_empty() {
            h.push_str("?q=");
            h.push_str(&encode(&self.query));
        }
        h
    }
}

/// Percent-encodes everything but unreserved ASCII (so any dump string round-trips through the hash).
fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_or_unknown_hash_is_the_overview() {
        assert_eq!(Route::parse(""), Route::default());
        assert_eq!(Route::parse("#nonsense/@x"), Route::default());
    }

    #[test]
    fn routes_round_trip_through_the_hash() {
        let r = Route {
            view: View::Search,
            selected: Some(98765),
            query: "Foo Bar/%?q=é".into(),
        };
        assert_eq!(Route::parse(&r.to_hash()), r);
        let r = Route {
            view: View::Largest,
            selected: Some(7),
            query: String::new(),
        };
        assert_eq!(r.to_hash(), "#largest/@7");
        assert_eq!(Route::parse("#largest/@7"), r);
    }

    #[test]
    fn an_object_link_selects_it() {
        let r = Route::parse("#object/@7965");
        assert_eq!(r.view, View::Object);
        assert_eq!(r.selected, Some(7965));
        assert!(r.is_deep());
        assert!(!Route::parse("#overview").is_deep());
        assert_eq!(Route::parse("#dominators").view, View::Dominators);
        assert_eq!(Route::parse("#report").view, View::Report);
        for v in [
            View::Comparison,
            View::Leaks,
            View::Allocations,
            View::Profile,
        ] {
            assert_eq!(Route::parse(&format!("#{}/@9", v.slug())).view, v);
        }
    }
}
