//! The pattern groups editor of the Report view: one row a group (its name, its regular
//! expression over DevTools' class names, what the last report found for it), rows added and
//! removed, the presets restorable. Every edit is kept in local storage and asks for a new
//! report (see [`crate::report_groups`]); an invalid pattern is shown with the core's own error
//! from the report, and matches nothing.

use crate::app::state::{Action, AppState};
use crate::app::Ctx;
use crate::format;
use crate::report_groups;
use heapscope_core::report::groups::{GroupPattern, GroupRow, MAX_GROUPS};
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// What the last report says about a group, if it measured this very name and pattern.
fn measured<'a>(state: &'a AppState, g: &GroupPattern) -> Option<&'a GroupRow> {
    let data = state.report.shown.as_ref()?;
    data.report
        .groups
        .groups
        .iter()
        .find(|r| r.name == g.name && r.pattern == g.pattern)
}

fn set(ctx: &Ctx, groups: Vec<GroupPattern>) {
    ctx.dispatch.dispatch(Action::SetGroups(groups));
}

pub fn editor(state: &AppState, ctx: &Ctx) -> Html {
    let groups = state.groups.clone();
    let total = state.data.as_ref().map_or(0, |d| d.overview.total_size);
    let edit = |i: usize, field: &'static str| {
        let (ctx, groups) = (ctx.clone(), groups.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let mut g = (*groups).clone();
            if let Some(row) = g.get_mut(i) {
                let v = input.value();
                if field == "name" {
                    row.name = v;
                } else {
                    row.pattern = v;
                }
                set(&ctx, g);
            }
        })
    };
    let add = {
        let (ctx, groups) = (ctx.clone(), groups.clone());
        Callback::from(move |_| {
            let mut g = (*groups).clone();
            g.push(GroupPattern {
                name: format!("Group {}", g.len() + 1),
                pattern: String::new(),
            });
            set(&ctx, g);
        })
    };
    let restore = {
        let (ctx, groups) = (ctx.clone(), groups.clone());
        Callback::from(move |_| set(&ctx, report_groups::restore_presets(&groups)))
    };
    let pending = state.report.pending.is_some();
    html! {
        <section class="card groups-editor" data-testid="groups-editor" aria-label="Pattern groups">
            <h2>{ "Pattern groups" }</h2>
            <p class="muted small">{ "A group is every class whose DevTools name matches its regular expression (Rust regex syntax: ^Package matches names starting with Package). Changes are kept in this browser and measured at once; the same list works with heapscope report --groups FILE." }</p>
            <table class="plain groups">
                <thead><tr><th>{ "Name" }</th><th>{ "Pattern" }</th><th>{ "Measured" }</th><th></th></tr></thead>
                <tbody>
                    { for groups.iter().enumerate().map(|(i, g)| {
                        let status = match measured(state, g) {
                            _ if g.pattern.trim().is_empty() => html! { <span class="muted">{ "type a pattern" }</span> },
                            Some(r) if r.error.is_some() => html! {
                                <span class="bad" data-testid="group-error">{ format!("invalid pattern: {}", r.error.clone().unwrap_or_default()) }</span>
                            },
                            Some(r) if r.count == 0 => html! { <span class="muted" data-testid="group-status">{ "no objects match" }</span> },
                            Some(r) => html! {
                                <span data-testid="group-status" data-count={r.count.to_string()}>{ format!("{} objects, {} retained ({})",
                                    format::count(r.count), format::bytes(r.retained_size), format::percent(r.retained_size, total)) }</span>
                            },
                            None if pending => html! { <span class="muted">{ "measuring…" }</span> },
                            None => html! {},
                        };
                        let remove = {
                            let (ctx, groups) = (ctx.clone(), groups.clone());
                            Callback::from(move |_| {
                                let mut g = (*groups).clone();
                                if i < g.len() {
                                    g.remove(i);
                                }
                                set(&ctx, g);
                            })
                        };
                        let invalid = measured(state, g).is_some_and(|r| r.error.is_some());
                        html! {
                            <tr data-testid="group-row" data-name={g.name.clone()}>
                                <td><input class="filter" data-testid="group-name" aria-label="Group name" value={g.name.clone()} onchange={edit(i, "name")} /></td>
                                <td><input class={classes!("filter", "pattern", invalid.then_some("invalid"))} data-testid="group-pattern" aria-label="Pattern (regular expression)"
                                    aria-invalid={invalid.to_string()} spellcheck="false" value={g.pattern.clone()} onchange={edit(i, "pattern")} /></td>
                                <td class="status">{ status }</td>
                                <td><button class="button small" data-testid="group-remove" title="Remove this group" onclick={remove}>{ "Remove" }</button></td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            <div class="toolbar">
                <button class="button small" data-testid="group-add" disabled={groups.len() >= MAX_GROUPS} onclick={add}>{ "Add a group" }</button>
                <button class="button small" data-testid="groups-restore" disabled={report_groups::are_presets(&groups)} onclick={restore}
                    title="Bring back the preset groups as they ship (your own groups stay)">{ "Restore the presets" }</button>
            </div>
        </section>
    }
}
