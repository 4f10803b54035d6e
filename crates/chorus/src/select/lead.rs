//! Lead: first sentences first, taking turns over the sources (round robin).

use super::{Budget, SelectionInput, Selector, REDUNDANT};

pub struct Lead;

impl Selector for Lead {
    fn name(&self) -> &'static str {
        "lead"
    }

    fn select(&self, input: &SelectionInput, budget: Budget) -> Vec<usize> {
        // Each source's candidates in the order its sentences come.
        let n = input.features.n_sources;
        let mut queues: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n + 1];
        for (ci, c) in input.candidates.iter().enumerate() {
            for &m in &c.group.members {
                let s = &input.sentences[m];
                queues[s.source].push((s.index, ci));
            }
        }
        for q in &mut queues {
            q.sort_unstable();
            q.dedup_by_key(|x| x.1);
        }
        let mut cursor = vec![0usize; n + 1];
        let mut chosen: Vec<usize> = Vec::new();
        let mut words = 0;
        loop {
            let mut progressed = false;
            for src in 1..=n {
                while cursor[src] < queues[src].len() {
                    let ci = queues[src][cursor[src]].1;
                    cursor[src] += 1;
                    let c = &input.candidates[ci];
                    let skip = !input.standalone(ci)
                        || chosen.contains(&ci)
                        || chosen.iter().any(|&j| {
                            c.feat.tfidf.dot(&input.candidates[j].feat.tfidf) > REDUNDANT
                        });
                    if skip {
                        continue;
                    }
                    if budget.fits(words, chosen.len(), c.words()) {
                        words += c.words();
                        chosen.push(ci);
                        progressed = true;
                        break;
                    }
                }
            }
            if !progressed {
                break;
            }
        }
        chosen
    }
}
