//! The side effects of comparison over time, derived from the state like the app's others: ask for
//! the Allocation view the first time it is shown (for a snapshot recorded with allocation
//! tracking), and show each CPU profile once it is read.

use super::compare_state::CompareAction;
use super::state::{Action, AppState};
use super::Ctx;
use crate::compare_protocol::CompareRequest;
use crate::route::{Route, View};
use yew::prelude::*;

#[hook]
pub fn use_compare_effects(state: &AppState, ctx: &Ctx) {
    {
        let traced = state.data.as_ref().is_some_and(|d| d.allocation_traces);
        let wanted =
            state.route.view == View::Allocations && traced && !state.compare.allocations_asked;
        let ctx = ctx.clone();
        use_effect_with((wanted, state.loaded_job()), move |(wanted, job)| {
            if *wanted && job.is_some() {
                ctx.dispatch
                    .dispatch(Action::Compare(CompareAction::AllocationsAsked));
                ctx.client
                    .compare(|job, req| CompareRequest::Allocations { job, req }, None);
            }
        });
    }
    {
        let ctx = ctx.clone();
        let route = state.route.clone();
        use_effect_with(state.compare.profiles_read, move |read| {
            if *read > 0 && route.view != View::Profile {
                ctx.navigate(&Route {
                    view: View::Profile,
                    selected: None,
                    query: String::new(),
                });
            }
        });
    }
}
