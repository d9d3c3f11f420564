//! The top-level modules of `src/` import one another without a circle: a
//! module's dependencies never lead back to it. Read from the source the way
//! `crate::name` paths name a module (comments included, the unit tests at
//! the end of a file left out).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Module → the modules it names → the files (relative to `src/`) naming them.
type Graph = BTreeMap<String, BTreeMap<String, BTreeSet<String>>>;

fn rs_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read a source folder")
        .map(|e| e.expect("a folder entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rs_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn leading_ident(s: &str) -> &str {
    let s = s.trim_start();
    let end = s.find(|c: char| !is_ident(c)).unwrap_or(s.len());
    &s[..end]
}

/// The modules a source text names: `crate::name…` and every first name in
/// `crate::{a, b::c, …}`.
fn named(src: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for (at, _) in src.match_indices("crate::") {
        let rest = &src[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0;
            let mut item = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        names.insert(leading_ident(&item).to_string());
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                item.push(c);
            }
            names.insert(leading_ident(&item).to_string());
        } else {
            names.insert(leading_ident(rest).to_string());
        }
    }
    names.remove("");
    names
}

/// The graph of the top-level modules under `root` (a file `x.rs` and a
/// folder `x/` are the same module `x`; `lib.rs` and `main.rs` are not modules).
fn graph(root: &Path) -> Graph {
    let mut files: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    for entry in std::fs::read_dir(root).expect("read src") {
        let p = entry.expect("an entry").path();
        let file = p.file_name().unwrap().to_string_lossy().to_string();
        if file == "lib.rs" || file == "main.rs" {
            continue;
        }
        let module = file.strip_suffix(".rs").unwrap_or(&file).to_string();
        let list = files.entry(module).or_default();
        if p.is_dir() {
            rs_files(&p, list);
        } else if file.ends_with(".rs") {
            list.push(p);
        }
    }
    let modules: BTreeSet<String> = files.keys().cloned().collect();
    let mut g = Graph::new();
    for (module, paths) in &files {
        let deps = g.entry(module.clone()).or_default();
        for p in paths {
            let text = std::fs::read_to_string(p).expect("read a source file");
            let text = match text.find("#[cfg(test)]\nmod tests") {
                Some(i) => &text[..i],
                None => &text[..],
            };
            let rel = p.strip_prefix(root).unwrap().display().to_string();
            for name in named(text) {
                if name != *module && modules.contains(&name) {
                    deps.entry(name).or_default().insert(rel.clone());
                }
            }
        }
    }
    g
}

/// The circles: every set of two or more modules each reachable from the
/// others (Tarjan's strongly connected components).
fn circles(g: &Graph) -> Vec<Vec<String>> {
    struct Walk<'a> {
        g: &'a Graph,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        found: Vec<Vec<String>>,
    }
    impl<'a> Walk<'a> {
        fn visit(&mut self, v: &'a str) {
            let i = self.index.len();
            self.index.insert(v, i);
            self.low.insert(v, i);
            self.stack.push(v);
            self.on_stack.insert(v);
            let g = self.g;
            for w in g[v].keys() {
                let w = w.as_str();
                if !self.index.contains_key(w) {
                    self.visit(w);
                    let lw = self.low[w];
                    let lv = self.low.get_mut(v).unwrap();
                    *lv = (*lv).min(lw);
                } else if self.on_stack.contains(w) {
                    let iw = self.index[w];
                    let lv = self.low.get_mut(v).unwrap();
                    *lv = (*lv).min(iw);
                }
            }
            if self.low[v] == self.index[v] {
                let mut component = Vec::new();
                loop {
                    let w = self.stack.pop().unwrap();
                    self.on_stack.remove(w);
                    component.push(w.to_string());
                    if w == v {
                        break;
                    }
                }
                if component.len() > 1 {
                    component.sort();
                    self.found.push(component);
                }
            }
        }
    }
    let mut walk = Walk {
        g,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for v in g.keys() {
        if !walk.index.contains_key(v.as_str()) {
            walk.visit(v);
        }
    }
    walk.found
}

/// Each edge inside the circles with the files that make it.
fn explain(g: &Graph, found: &[Vec<String>]) -> String {
    let mut out = String::new();
    for circle in found {
        out.push_str(&format!("circle: {circle:?}\n"));
        for a in circle {
            for (b, files) in &g[a] {
                if circle.contains(b) {
                    out.push_str(&format!("  {a} -> {b}: {files:?}\n"));
                }
            }
        }
    }
    out
}

#[test]
fn the_top_level_modules_import_one_another_without_a_circle() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let g = graph(&root);
    for core in ["domain", "store", "ops", "app", "cli"] {
        assert!(g.contains_key(core), "{core} read: {:?}", g.keys());
    }
    assert!(
        g["cli"].contains_key("ops"),
        "the command line runs the operations"
    );
    let found = circles(&g);
    assert!(found.is_empty(), "{}", explain(&g, &found));
}

#[test]
fn the_reader_finds_names_and_circles() {
    let src =
        "use crate::{a::{x, y}, b, c::z};\n// crate::d in a comment\nfn f() { crate::e::g(); }\n\
               #[cfg(test)]\nmod tests { use crate::f; }";
    let text = &src[..src.find("#[cfg(test)]\nmod tests").unwrap()];
    let expected: BTreeSet<String> = ["a", "b", "c", "d", "e"].map(String::from).into();
    assert_eq!(named(text), expected);

    let edge = |deps: &[&str]| -> BTreeMap<String, BTreeSet<String>> {
        deps.iter()
            .map(|d| (d.to_string(), BTreeSet::from(["x.rs".to_string()])))
            .collect()
    };
    let mut g = Graph::new();
    g.insert("app".into(), edge(&["keymap", "store"]));
    g.insert("keymap".into(), edge(&["app"]));
    g.insert("store".into(), edge(&[]));
    assert_eq!(
        circles(&g),
        vec![vec!["app".to_string(), "keymap".to_string()]]
    );
    g.insert("keymap".into(), edge(&["store"]));
    assert!(circles(&g).is_empty());
}
