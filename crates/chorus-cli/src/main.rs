mod split_eval;
use std::path::PathBuf;
fn main() -> anyhow::Result<()> {
    let dir = PathBuf::from("../shared/data/sentence_boundaries");
    let g = split_eval::eval_gum(&dir.join("gum_wikinews_sentences.jsonl"))?;
    for m in &g.misses { println!("{m}"); }
    println!("all P {:.4} R {:.4} F1 {:.4}", g.all.precision(), g.all.recall(), g.all.f1());
    println!("inside P {:.4} R {:.4} F1 {:.4}", g.inside.precision(), g.inside.recall(), g.inside.f1());
    let r = split_eval::eval_golden(&dir.join("pysbd_golden_rules_en.jsonl"))?;
    for f in &r.failures { println!("{f}"); }
    println!("golden {}/{}", r.passed, r.total);
    Ok(())
}
