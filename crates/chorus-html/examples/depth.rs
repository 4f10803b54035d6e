fn main() {
    for p in std::env::args().skip(1) {
        let out = std::process::Command::new("zcat").arg(&p).output().unwrap().stdout;
        let text = String::from_utf8_lossy(&out);
        let dom = chorus_html::dom::parse(&text);
        let mut hist = std::collections::BTreeMap::new();
        let mut maxd = 0; let mut at = 0;
        for i in 0..dom.nodes.len() { let d = dom.depth(i); if d > maxd { maxd = d; at = i; } }
        let mut chain = vec![]; let mut cur = Some(at);
        while let Some(c) = cur { if let Some(n) = dom.name(c) { *hist.entry(n.to_string()).or_insert(0) += 1; } chain.push(c); cur = dom.nodes[c].parent; }
        println!("{} max depth {} nodes {} chain {:?}", p, maxd, dom.nodes.len(), hist);
    }
}
