//! Ordering: the chosen candidates in reading order. News puts the main event first, so the
//! most central chosen sentence that opens a source comes first, then candidates follow their place in their sources (relative position, earliest
//! member), then source order; ties keep the story order of their representatives. A sentence
//! that opens with a dangling word follows the predecessor it was chosen with, and the parts of
//! a quotation stand together in their order.

use crate::select::SelectionInput;

pub fn order(input: &SelectionInput, chosen: &[usize]) -> Vec<usize> {
    let mut v: Vec<usize> = chosen.to_vec();
    let key = |ci: usize| {
        let g = input.candidates[ci].group;
        // The earliest relative position at which any source reports it.
        let pos = g
            .members
            .iter()
            .map(|&m| input.features.sentences[m].position)
            .fold(f32::INFINITY, f32::min);
        ((pos * 1000.0) as u32, input.sentences[g.rep].source, g.rep)
    };
    v.sort_by_key(|&ci| key(ci));
    let opener = input.most_central_lead(chosen.iter().copied());
    if let Some(at) = opener.and_then(|o| v.iter().position(|&x| x == o)) {
        let opener = v.remove(at);
        v.insert(0, opener);
    }
    // A sentence and what it needs stand together, in reading order, where the first of
    // them stands.
    for ci in chosen {
        let needs = &input.candidates[*ci].needs;
        if needs.is_empty() {
            continue;
        }
        let mut block: Vec<usize> = v
            .iter()
            .copied()
            .filter(|x| x == ci || needs.contains(x))
            .collect();
        let Some(at) = v.iter().position(|x| block.contains(x)) else {
            continue;
        };
        v.retain(|x| !block.contains(x));
        block.sort_by_key(|&x| input.candidates[x].rep);
        v.splice(at..at, block);
    }
    v
}
