//! Entity kinds and the BILOU labels the tagger predicts: B(egin), I(nside), L(ast), U(nit) per
//! kind, and O. BILOU rather than BIO because the last token of a name gets its own weights
//! (Ratinov & Roth 2009 measured it better on CoNLL-2003); gold data in IOB2 converts losslessly.

/// The kinds of name the tagger knows, as in CoNLL-2003.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Person,
    Organization,
    Place,
    /// Events, works, products, nationalities ("Russian"): CoNLL's MISC.
    Misc,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Person, Kind::Organization, Kind::Place, Kind::Misc];

    /// The CoNLL tag suffix.
    pub fn conll(self) -> &'static str {
        match self {
            Kind::Person => "PER",
            Kind::Organization => "ORG",
            Kind::Place => "LOC",
            Kind::Misc => "MISC",
        }
    }

    /// The kind's place in `Kind::ALL` (0 person, 1 organisation, 2 place, 3 misc).
    pub fn index(self) -> usize {
        self as usize
    }

    pub fn from_conll(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.conll() == s)
    }
}

/// Number of labels: O, then B, I, L, U for each kind.
pub const LABELS: usize = 1 + 4 * Kind::ALL.len();

/// Position of a token inside a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Begin,
    Inside,
    Last,
    Unit,
}

/// A label index: 0 is O.
pub type Label = u8;

pub fn label(kind: Kind, part: Part) -> Label {
    let k = kind.index() as u8;
    1 + 4 * k
        + match part {
            Part::Begin => 0,
            Part::Inside => 1,
            Part::Last => 2,
            Part::Unit => 3,
        }
}

pub fn kind_part(l: Label) -> Option<(Kind, Part)> {
    if l == 0 || l as usize >= LABELS {
        return None;
    }
    let k = Kind::ALL[((l - 1) / 4) as usize];
    let p = match (l - 1) % 4 {
        0 => Part::Begin,
        1 => Part::Inside,
        2 => Part::Last,
        _ => Part::Unit,
    };
    Some((k, p))
}

/// Whether label `b` may follow label `a` (`None`: the sentence start).
pub fn may_follow(a: Option<Label>, b: Label) -> bool {
    let open = a.and_then(kind_part).and_then(|(k, p)| match p {
        Part::Begin | Part::Inside => Some(k),
        _ => None,
    });
    match (open, kind_part(b)) {
        (Some(k), Some((kb, Part::Inside | Part::Last))) => k == kb,
        (Some(_), _) => false,
        (None, Some((_, Part::Inside | Part::Last))) => false,
        (None, _) => true,
    }
}

/// Whether a sentence may end on label `a`.
pub fn may_end(a: Label) -> bool {
    !matches!(kind_part(a), Some((_, Part::Begin | Part::Inside)))
}

/// A name: tokens `start..end` of a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
}

/// The names in a label sequence. A sequence that breaks the BILOU grammar (possible only in
/// hand-made input) is read leniently: a name ends wherever the next label cannot continue it.
pub fn spans(labels: &[Label]) -> Vec<Span> {
    let mut out = Vec::new();
    let mut open: Option<(usize, Kind)> = None;
    for (i, &l) in labels.iter().enumerate() {
        let kp = kind_part(l);
        if let Some((start, k)) = open {
            match kp {
                Some((kb, Part::Inside)) if kb == k => continue,
                Some((kb, Part::Last)) if kb == k => {
                    out.push(Span {
                        start,
                        end: i + 1,
                        kind: k,
                    });
                    open = None;
                    continue;
                }
                _ => {
                    out.push(Span {
                        start,
                        end: i,
                        kind: k,
                    });
                    open = None;
                }
            }
        }
        match kp {
            Some((k, Part::Unit | Part::Last)) => out.push(Span {
                start: i,
                end: i + 1,
                kind: k,
            }),
            Some((k, Part::Begin | Part::Inside)) => open = Some((i, k)),
            None => {}
        }
    }
    if let Some((start, k)) = open {
        out.push(Span {
            start,
            end: labels.len(),
            kind: k,
        });
    }
    out
}

/// BILOU labels of a sentence from its names.
pub fn from_spans(len: usize, spans: &[Span]) -> Vec<Label> {
    let mut labels = vec![0; len];
    for s in spans {
        if s.end - s.start == 1 {
            labels[s.start] = label(s.kind, Part::Unit);
            continue;
        }
        labels[s.start] = label(s.kind, Part::Begin);
        for l in &mut labels[s.start + 1..s.end - 1] {
            *l = label(s.kind, Part::Inside);
        }
        labels[s.end - 1] = label(s.kind, Part::Last);
    }
    labels
}

/// Names from IOB2 tags ("B-PER", "I-PER", "O"); an I- tag without a B- opens a name (IOB1).
pub fn spans_from_iob(tags: &[&str]) -> Vec<Span> {
    let mut out = Vec::new();
    let mut open: Option<(usize, Kind)> = None;
    for (i, t) in tags.iter().enumerate() {
        let (prefix, kind) = match t.split_once('-') {
            Some((p, k)) => (p, Kind::from_conll(k)),
            None => ("O", None),
        };
        let continues = prefix == "I" && open.is_some_and(|(_, k)| Some(k) == kind);
        if continues {
            continue;
        }
        if let Some((start, k)) = open.take() {
            out.push(Span {
                start,
                end: i,
                kind: k,
            });
        }
        if let Some(k) = kind {
            open = Some((i, k));
        }
    }
    if let Some((start, k)) = open {
        out.push(Span {
            start,
            end: tags.len(),
            kind: k,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iob_to_bilou_and_back() {
        let tags = [
            "B-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-ORG", "O", "I-MISC",
        ];
        let spans = spans_from_iob(&tags);
        assert_eq!(spans.len(), 5);
        assert_eq!(
            (spans[0].start, spans[0].end, spans[0].kind),
            (0, 2, Kind::Person)
        );
        assert_eq!(
            (spans[2].start, spans[2].end),
            (4, 5),
            "B after B starts a new name"
        );
        assert_eq!(
            (spans[3].start, spans[3].end, spans[3].kind),
            (5, 6, Kind::Organization)
        );
        let labels = from_spans(tags.len(), &spans);
        assert_eq!(self::spans(&labels), spans);
        for w in labels.windows(2) {
            assert!(may_follow(Some(w[0]), w[1]), "{w:?}");
        }
        assert!(may_end(*labels.last().unwrap()));
    }

    #[test]
    fn the_grammar_refuses_what_cannot_be() {
        let b = label(Kind::Person, Part::Begin);
        let l_org = label(Kind::Organization, Part::Last);
        let l_per = label(Kind::Person, Part::Last);
        assert!(!may_follow(None, l_per));
        assert!(!may_follow(Some(b), l_org));
        assert!(!may_follow(Some(b), 0));
        assert!(may_follow(Some(b), l_per));
        assert!(!may_end(b));
        for (i, k) in Kind::ALL.into_iter().enumerate() {
            assert_eq!(k.index(), i);
        }
        for l in 0..LABELS as u8 {
            if l > 0 {
                assert_eq!(label(kind_part(l).unwrap().0, kind_part(l).unwrap().1), l);
            }
        }
    }
}
