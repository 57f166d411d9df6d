//! DevTools' `calculateObjectNames`: the class name (a string index) of every node. `hidden` →
//! `(system)`, `code` → `(compiled code)`, `closure` → `Function`, `regexp` → `RegExp`, objects and
//! natives by their name (`<div id=x>` → `<div>`, `Detached <li class=y>` → `Detached <li>`), anything
//! else `(type)`. Plain objects are then renamed by [`super::interfaces`].

use crate::snapshot::HeapSnapshot;
use crate::strings::PendingStrings;

/// The class name string index of every node.
pub fn calculate_class_names(snap: &HeapSnapshot, added: &mut PendingStrings) -> Vec<u32> {
    let n = snap.node_count();
    let system = added.intern(&snap.strings, "(system)");
    let code = added.intern(&snap.strings, "(compiled code)");
    let function = added.intern(&snap.strings, "Function");
    let regexp = added.intern(&snap.strings, "RegExp");
    let type_count = snap.types.node_type_names.len();
    let mut by_type: Vec<Option<u32>> = vec![None; type_count];
    let t = &snap.types;
    let mut classes = Vec::with_capacity(n);
    for o in 0..n {
        let ty = snap.node_type[o];
        let class = if ty == t.hidden {
            system
        } else if ty == t.object || ty == t.native {
            let name_index = snap.node_name[o];
            let name = snap.strings.get(name_index);
            if name.starts_with('<') {
                let short = match name.find(' ') {
                    Some(sp) => format!("{}>", &name[..sp]),
                    None => name.to_owned(),
                };
                added.intern(&snap.strings, &short)
            } else if let Some(tag) = name.strip_prefix("Detached <") {
                let short = match tag.find(' ') {
                    Some(sp) => format!("{}>", &name[..10 + sp]),
                    None => name.to_owned(),
                };
                added.intern(&snap.strings, &short)
            } else {
                name_index
            }
        } else if ty == t.code {
            code
        } else if ty == t.closure {
            function
        } else if ty == t.regexp {
            regexp
        } else {
            *by_type[ty as usize].get_or_insert_with(|| {
                let name = format!("({})", t.node_type_name(ty));
                added.intern(&snap.strings, &name)
            })
        };
        classes.push(class);
    }
    classes
}
