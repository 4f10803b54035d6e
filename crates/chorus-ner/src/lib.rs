//! Finds the names of people, organisations, places and other things in news text.
//!
//! The tagger is an averaged structured perceptron over BILOU labels (`labels`), reading rich
//! features of each word and its neighbours (`features`), word clusters and a gazetteer learned
//! from data (`lexicon`), decoded with Viterbi (`model`). It is trained by `chorus train-ner` on
//! CoNLL-2003 (`train`) and scored as conlleval does (`eval`). Text is split into tokens the way
//! the training data was (`tokenize`), each a byte span, so names come back exactly as written.

pub mod clusters;
pub mod eval;
pub mod features;
pub mod labels;
pub mod lexicon;
pub mod model;
mod tagger;
pub mod tokenize;
pub mod train;

pub use features::Word;
pub use labels::{Kind, Span};
pub use model::{Model, ModelError};
pub use tagger::Tagger;

/// The model that ships with Chorus (`model/ner.bin.gz`), loaded once.
pub fn builtin() -> Result<&'static Tagger, ModelError> {
    static MODEL: &[u8] = include_bytes!("../model/ner.bin.gz");
    static TAGGER: std::sync::OnceLock<Result<Tagger, String>> = std::sync::OnceLock::new();
    match TAGGER.get_or_init(|| Tagger::from_bytes(MODEL).map_err(|e| e.to_string())) {
        Ok(t) => Ok(t),
        Err(_) => Err(ModelError::NotAModel),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labels::spans_from_iob;
    use crate::train::{train, GoldDoc, GoldSentence, TrainOptions};

    /// A small made-up corpus: people "met" in places, organisations "hired" people.
    fn corpus() -> Vec<GoldDoc> {
        let people = [
            "Ilse Varga",
            "Tomas Brandt",
            "Mira Olsen",
            "Pavel Dunai",
            "Ana Ruiz",
            "Joe Kell",
        ];
        let places = ["Pell Island", "Marrow", "Kestrel Bay", "Oslo", "Lima"];
        let orgs = ["Gullwing Lines", "Harbor Bank", "Tern Air"];
        let mut docs = Vec::new();
        for (d, org) in orgs.iter().enumerate() {
            let mut sentences = Vec::new();
            for (i, p) in people.iter().enumerate() {
                let place = places[(i + d) % places.len()];
                let mut tokens: Vec<String> = Vec::new();
                let mut tags: Vec<String> = Vec::new();
                let mut add = |text: &str, kind: Option<&str>| {
                    for (k, w) in text.split(' ').enumerate() {
                        tokens.push(w.to_string());
                        tags.push(match kind {
                            Some(t) => format!("{}-{t}", if k == 0 { "B" } else { "I" }),
                            None => "O".into(),
                        });
                    }
                };
                add(p, Some("PER"));
                add("met officials in", None);
                add(place, Some("LOC"));
                add("after", None);
                add(org, Some("ORG"));
                add("hired him .", None);
                let refs: Vec<&str> = tags.iter().map(String::as_str).collect();
                sentences.push(GoldSentence {
                    words: tokens.iter().map(|t| Word::new(t)).collect(),
                    gold: spans_from_iob(&refs),
                });
            }
            docs.push(GoldDoc { sentences });
        }
        docs
    }

    fn options() -> TrainOptions {
        TrainOptions {
            max_epochs: 5,
            seed: 7,
            clusters: Default::default(),
            gazetteer: true,
            folds: 3,
            two_passes: true,
            history_epochs: 1,
            epochs: None,
        }
    }

    #[test]
    fn a_trained_model_tags_what_it_learned_and_survives_its_file() {
        let docs = corpus();
        let (model, best) = train(&docs[..2], &docs[2..], &options(), |_| {});
        assert!(best.dev.all.f1() > 0.9, "dev F1 {}", best.dev.all.f1());
        let mut file = Vec::new();
        model.write(&mut file).unwrap();
        let tagger = Tagger::from_bytes(&file).unwrap();
        let sentence = [
            "Mira",
            "Olsen",
            "met",
            "officials",
            "in",
            "Oslo",
            "after",
            "Tern",
            "Air",
            "hired",
            "him",
            ".",
        ];
        let names = &tagger.tag_document(&[sentence.to_vec()])[0];
        let found: Vec<(usize, usize, Kind)> =
            names.iter().map(|s| (s.start, s.end, s.kind)).collect();
        assert_eq!(
            found,
            [
                (0, 2, Kind::Person),
                (5, 6, Kind::Place),
                (7, 9, Kind::Organization)
            ]
        );
        // The same weights read from the file tag the same as the model in memory.
        assert_eq!(
            Tagger::from_model(model).tag_document(&[sentence.to_vec()])[0],
            *names
        );
    }

    #[test]
    fn bad_model_files_are_refused_with_a_reason() {
        assert!(matches!(
            Tagger::from_bytes(b"not gzip"),
            Err(ModelError::NotAModel)
        ));
        let (model, _) = train(
            &corpus()[..1],
            &[],
            &TrainOptions {
                max_epochs: 1,
                two_passes: false,
                ..options()
            },
            |_| {},
        );
        let mut file = Vec::new();
        model.write(&mut file).unwrap();
        let mut raw = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(file.as_slice()), &mut raw)
            .unwrap();
        // An older format version.
        raw[8..12].copy_from_slice(&1u32.to_le_bytes());
        let mut old = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut old, &raw).unwrap();
        assert!(matches!(
            Tagger::from_bytes(&old.finish().unwrap()),
            Err(ModelError::Version { found: 1, .. })
        ));
        // Cut short.
        let mut cut = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut cut, &raw[..raw.len() / 2]).unwrap();
        assert!(Tagger::from_bytes(&cut.finish().unwrap()).is_err());
    }

    #[test]
    fn the_shipped_model_loads_and_finds_news_names() {
        let tagger = builtin().expect("the built-in model");
        let text =
            "German Chancellor Angela Merkel met the head of the World Bank in Paris on Monday .";
        let words: Vec<&str> = text.split(' ').collect();
        let names = &tagger.tag_document(std::slice::from_ref(&words))[0];
        let found: Vec<(String, Kind)> = names
            .iter()
            .map(|s| (words[s.start..s.end].join(" "), s.kind))
            .collect();
        for expected in [
            ("Angela Merkel", Kind::Person),
            ("World Bank", Kind::Organization),
            ("Paris", Kind::Place),
        ] {
            assert!(
                found
                    .iter()
                    .any(|(n, k)| n == expected.0 && *k == expected.1),
                "{expected:?} not in {found:?}"
            );
        }
        assert!(tagger.tag_document(&[]).is_empty());
        assert!(tagger.tag_document(&[vec![]])[0].is_empty());
    }
}
