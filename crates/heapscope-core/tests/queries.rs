//! The queries the app and the CLI ask of an analysis, on real snapshots: retaining paths explain
//! known leaks, class instances add up to their class, search by name and by `@id`.

mod common;

use common::{analyse, fixture_bytes};

#[test]
fn retaining_path_of_a_leaky_object_goes_through_leaky_array_to_global() {
    let a = analyse(&fixture_bytes("tiny"));
    let leaky = a
        .classes()
        .iter()
        .find(|c| c.name == "Leaky")
        .expect("Leaky class");
    assert_eq!(leaky.count, 1000);
    let (instances, total) = a.class_instances(leaky.index, 0, 5);
    assert_eq!(total, 1000);
    let path = a.retaining_path(instances[0].ordinal);
    assert!(!path.is_empty());
    let names: Vec<&str> = path.iter().map(|l| l.edge_name.as_str()).collect();
    assert!(names.contains(&"leakyArray"), "{names:?}");
    assert_eq!(
        path.iter()
            .find(|l| l.edge_name == "leakyArray")
            .unwrap()
            .retainer
            .name,
        "global"
    );
    // Each retainer is closer to the user roots than the object it holds.
    let mut distance = instances[0].distance;
    for link in &path {
        assert!(
            link.retainer.distance < distance || link.retainer.ordinal == a.root_ordinal(),
            "{path:?}"
        );
        distance = link.retainer.distance;
    }
    assert_eq!(a.retaining_path(a.root_ordinal()), vec![]);
}

#[test]
fn session_leak_is_explained_by_the_session_cache() {
    let a = analyse(&fixture_bytes("leak-after"));
    let session = a
        .classes()
        .iter()
        .find(|c| c.name == "Session")
        .expect("Session class");
    assert_eq!(session.count, 21_000);
    let (largest, _) = a.class_instances(session.index, 0, 1);
    let path = a.retaining_path(largest[0].ordinal);
    assert!(
        path.iter()
            .any(|l| l.retainer.name == "Map" || l.edge_name == "sessionCache"),
        "{path:?}"
    );
}

#[test]
fn class_instances_are_sorted_and_add_up_to_the_class() {
    let a = analyse(&fixture_bytes("leak-before"));
    for class in a.classes().iter().take(10) {
        let (rows, total) = a.class_instances(class.index, 0, usize::MAX);
        assert_eq!(total as u64, class.count, "{}", class.name);
        assert_eq!(
            rows.iter().map(|r| r.self_size).sum::<u64>(),
            class.shallow_size,
            "{}",
            class.name
        );
        assert!(rows
            .windows(2)
            .all(|w| w[0].retained_size >= w[1].retained_size));
        let (page, _) = a.class_instances(class.index, 1, 2);
        assert_eq!(page, rows[1..rows.len().min(3)].to_vec());
    }
}

#[test]
fn search_finds_by_id_and_by_name() {
    let a = analyse(&fixture_bytes("tiny"));
    let top = &a.top_retained(2)[1];
    let by_id = a.search(&format!("@{}", top.id), 10);
    assert_eq!(by_id, vec![top.clone()]);
    assert_eq!(a.find_by_id(top.id), Some(top.ordinal));
    assert!(a.search("@999999999999", 10).is_empty());
    let leaky = a.search("leaky", 2000);
    assert!(
        leaky.iter().filter(|r| r.name == "Leaky").count() >= 1000,
        "{}",
        leaky.len()
    );
    assert!(leaky
        .windows(2)
        .all(|w| w[0].retained_size >= w[1].retained_size));
    assert!(a.search("", 10).is_empty());
}

#[test]
fn overview_categories_add_up_to_the_total() {
    let a = analyse(&fixture_bytes("chromium-detached"));
    let o = a.overview();
    assert_eq!(
        o.categories.iter().map(|c| c.size).sum::<u64>(),
        o.total_size
    );
    assert!((o.categories.iter().map(|c| c.percent).sum::<f64>() - 100.0).abs() < 1e-6);
    assert_eq!(o.detached.count, 4651);
}

#[test]
fn hostile_strings_stay_data() {
    // Names are returned verbatim (the UI renders them as text); display names are capped.
    let a = analyse(&fixture_bytes("tiny"));
    let big = a
        .top_retained(50)
        .into_iter()
        .find(|r| r.node_type == "string")
        .expect("a large string");
    assert!(big.name.chars().count() <= heapscope_core::MAX_DISPLAY_NAME_CHARS + 1);
}

#[test]
fn ordinals_past_the_last_node_answer_nothing_instead_of_panicking() {
    let a = analyse(&fixture_bytes("tiny"));
    let past = a.node_count() as u32;
    assert_eq!(a.node(past), None);
    assert!(a.retaining_path(past).is_empty());
    assert!(a.retaining_path(u32::MAX).is_empty());
    assert_eq!(a.display_name(u32::MAX), "");
    assert_eq!(a.class_instances(u32::MAX, 0, 10), (vec![], 0));
}

#[test]
fn the_early_overview_already_has_the_final_figures() {
    for name in ["tiny", "chromium-detached"] {
        let snapshot = common::parse_chunked(&fixture_bytes(name), 1 << 20).unwrap();
        let mut early = None;
        let a = heapscope_core::Analysis::with_overview(snapshot, &mut |_| {}, &mut |o| {
            early = Some(o.clone())
        });
        let mut early = early.expect("the overview is handed out before the analysis ends");
        assert_eq!(early.class_count, 0, "classes are not known yet");
        early.class_count = a.overview().class_count;
        assert_eq!(early, a.overview(), "{name}");
    }
}

#[test]
fn the_early_class_rows_are_the_final_rows_but_for_the_retained_sizes() {
    for name in ["tiny", "chromium-detached"] {
        let snapshot = common::parse_chunked(&fixture_bytes(name), 1 << 20).unwrap();
        let mut early: Option<Vec<heapscope_core::ClassRow>> = None;
        let a = heapscope_core::Analysis::with_early_results(
            snapshot,
            &mut |_| {},
            &mut |_| {},
            Some(&mut |rows| early = Some(rows.to_vec())),
        );
        let early = early.expect("the classes are handed out before the analysis ends");
        assert!(early.iter().all(|r| r.retained_size == 0), "{name}");
        assert!(
            early
                .windows(2)
                .all(|w| w[0].shallow_size >= w[1].shallow_size),
            "{name}: largest shallow size first"
        );
        let mut final_rows = a.classes().to_vec();
        assert!(final_rows.iter().any(|r| r.retained_size > 0));
        final_rows.iter_mut().for_each(|r| r.retained_size = 0);
        final_rows.sort_by_key(|r| r.index);
        let mut early = early;
        early.sort_by_key(|r| r.index);
        assert_eq!(early, final_rows, "{name}");
    }
}

#[test]
fn search_counts_every_match_and_takes_an_id_without_the_at_sign() {
    let a = analyse(&fixture_bytes("tiny"));
    let (rows, total) = a.search_counted("leaky", 10);
    assert_eq!(rows.len(), 10);
    let (all, all_total) = a.search_counted("leaky", usize::MAX);
    assert_eq!(total, all_total);
    assert_eq!(all.len(), total);
    assert!(total >= 1000, "1000 Leaky objects and more: {total}");
    assert_eq!(rows, all[..10].to_vec());
    let top = &a.top_retained(3)[2];
    assert_eq!(
        a.search_counted(&top.id.to_string(), 5),
        (vec![top.clone()], 1)
    );
    assert_eq!(
        a.search_counted(&format!(" @{} ", top.id), 5),
        (vec![top.clone()], 1)
    );
    assert_eq!(a.search_counted("@999999999", 5), (vec![], 0));
    // The Leaky class row of the Summary is the class of a Leaky object.
    let leaky = a.classes().iter().find(|c| c.name == "Leaky").unwrap();
    let (inst, _) = a.class_instances(leaky.index, 0, 1);
    assert_eq!(a.class_of(inst[0].ordinal), Some(leaky.index));
    assert_eq!(a.class_of(u32::MAX), None);
}
