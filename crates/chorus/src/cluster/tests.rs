use super::metrics::score;
use super::*;
use crate::ingest::ArticleMeta;

/// Three invented stories, three outlets each, worded differently.
const STORIES: [[&str; 3]; 3] = [
    [
        "A wildfire in the Carrow Valley forced the evacuation of about 2,000 residents on Tuesday as strong winds pushed the flames toward the town of Ashby.\nFirefighters said the blaze had burned 4,500 acres of dry forest.",
        "Residents of Ashby fled their homes as a fast-moving wildfire swept through the Carrow Valley, fire officials said.\nThe fire has scorched thousands of acres of forest and winds are expected to strengthen overnight.",
        "Evacuation orders were extended across the Carrow Valley on Wednesday, a day after the wildfire reached the outskirts of Ashby.\nCrews from three counties are fighting the blaze from the air and on the ground.",
    ],
    [
        "The Velmont city council voted on Monday to ban private cars from the old town centre from next spring.\nShop owners warned the ban would drive customers to the malls on the ring road.",
        "Cars will be banned from Velmont's historic old town centre after councillors approved the plan by 23 votes to 18.\nThe mayor said buses and bicycles would take their place in the narrow streets.",
        "Velmont's old town will become car-free next year under a council decision that divided the city.\nTraders fear fewer customers, while cycling groups welcomed the vote on the ban.",
    ],
    [
        "Harlow Rovers have signed the Norwegian striker Tomas Brevik on a four-year contract, the club announced on Friday.\nBrevik scored 19 goals in the league last season.",
        "Striker Tomas Brevik joined Harlow Rovers for an undisclosed fee, ending weeks of talks between the clubs.\nThe manager called the Norwegian forward the signing the squad needed.",
        "Tomas Brevik completed his move to Harlow Rovers, and the striker said he wanted to win trophies with his new club.\nRovers fans gathered outside the stadium to greet the Norwegian.",
    ],
];

fn article(text: &str) -> StreamArticle {
    StreamArticle {
        text: text.to_string(),
        ..Default::default()
    }
}

fn dated(text: &str, when: &str) -> StreamArticle {
    StreamArticle {
        text: text.into(),
        meta: ArticleMeta {
            published: Some(when.into()),
            ..Default::default()
        },
        ..Default::default()
    }
}

/// Closed stories of a run's events.
fn closed(events: &[ClusterEvent]) -> Vec<&StoryCluster> {
    events
        .iter()
        .filter_map(|e| match e {
            ClusterEvent::Closed(s) => Some(s),
            _ => None,
        })
        .collect()
}

/// Runs a stream; returns each article's final story (after merges) and all events.
fn run(
    opts: ClusterOptions,
    articles: Vec<StreamArticle>,
) -> (Vec<Option<u64>>, Vec<ClusterEvent>) {
    let mut c = Clusterer::new(opts);
    let mut events = Vec::new();
    for a in articles {
        events.extend(c.push(a));
    }
    events.extend(c.finish());
    let mut story_of: FxHashMap<u64, u64> = FxHashMap::default();
    let mut n = 0;
    for e in &events {
        match e {
            ClusterEvent::Assigned(a) => n = n.max(a.seq),
            ClusterEvent::Closed(s) => {
                for m in &s.articles {
                    story_of.insert(m.seq, s.story);
                }
            }
            ClusterEvent::Merged { .. } => {}
        }
    }
    (
        (1..=n).map(|seq| story_of.get(&seq).copied()).collect(),
        events,
    )
}

#[test]
fn interleaved_stories_are_recovered() {
    let (articles, gold) = interleaved();
    let (got, events) = run(ClusterOptions::default(), articles);
    let got: Vec<u64> = got.into_iter().map(|s| s.expect("clustered")).collect();
    let s = score(&gold, &got);
    assert_eq!(s.bcubed_f1, 1.0, "{got:?}");
    let closed: Vec<&StoryCluster> = events
        .iter()
        .filter_map(|e| match e {
            ClusterEvent::Closed(s) => Some(s),
            _ => None,
        })
        .collect();
    assert_eq!(closed.len(), 3);
    for c in closed {
        assert_eq!((c.size, c.distinct), (3, 3));
        assert!(!c.title.is_empty());
    }
}

#[test]
fn copies_are_members_marked_as_such_and_count_once() {
    let wire = STORIES[0][0];
    let edited = format!("{wire}\nThe cause of the fire is under investigation.");
    let articles = vec![
        article(wire),
        article(STORIES[0][1]),
        article(&wire.to_uppercase()),
        article(&edited),
    ];
    let (got, events) = run(ClusterOptions::default(), articles);
    assert!(got.iter().all(|s| *s == got[0]), "{got:?}");
    let assigned: Vec<&Assignment> = events
        .iter()
        .filter_map(|e| match e {
            ClusterEvent::Assigned(a) => Some(a),
            _ => None,
        })
        .collect();
    assert_eq!(assigned[2].duplicate_of, Some(1), "exact copy (case aside)");
    assert_eq!(assigned[3].duplicate_of, Some(1), "near copy");
    let Some(ClusterEvent::Closed(story)) = events.last() else {
        panic!("no story closed")
    };
    assert_eq!((story.size, story.distinct), (4, 2));
}

#[test]
fn a_copy_sent_without_end_keeps_memory_bounded() {
    let mut c = Clusterer::new(ClusterOptions::default());
    let n = MAX_LISTED + 5;
    for _ in 0..n {
        c.push(article(STORIES[1][0]));
    }
    assert_eq!(c.open_stories(), 1);
    let events = c.finish();
    let [ClusterEvent::Closed(story)] = events.as_slice() else {
        panic!("{events:?}")
    };
    assert_eq!((story.size, story.distinct), (n, 1));
    assert_eq!((story.articles.len(), story.omitted), (MAX_LISTED, 5));
}

#[test]
fn stories_close_after_the_window_in_articles_or_time() {
    let opts = ClusterOptions {
        window_articles: 300,
        ..Default::default()
    };
    let mut c = Clusterer::new(opts.clone());
    c.push(article(STORIES[0][0]));
    let filler = |i: usize| {
        article(&format!(
            "Unrelated item number {i} about xq{i}zz and yr{i}ww."
        ))
    };
    let mut closed_at = None;
    for i in 0..600 {
        let events = c.push(filler(i));
        if events
            .iter()
            .any(|e| matches!(e, ClusterEvent::Closed(s) if s.story == 1))
        {
            closed_at = Some(i + 2);
            break;
        }
    }
    let at = closed_at.expect("story 1 closed within the stream");
    // Checked on every article: it closes on the first one past the window.
    assert_eq!(at, 302);
    // The same story arriving again after it closed starts a new one.
    let events = c.push(article(STORIES[0][1]));
    assert!(matches!(&events[0], ClusterEvent::Assigned(a) if a.new_story));

    // By publication time: three days apart is past the window.
    let mut c = Clusterer::new(opts);
    c.push(dated(STORIES[2][0], "2026-11-01T09:00:00Z"));
    c.push(dated(STORIES[2][1], "2026-11-01T15:00:00Z"));
    // The first article past the window closes it, however slow the stream.
    let events = c.push(dated(
        "A note on xqzz, yrww and vvkk.",
        "2026-11-05T09:00:00Z",
    ));
    let story = events
        .iter()
        .find_map(|e| match e {
            ClusterEvent::Closed(s) if s.story == 1 => Some(s),
            _ => None,
        })
        .expect("closed by time");
    assert_eq!(story.size, 2);
    assert_eq!(
        story.first_published.as_deref(),
        Some("2026-11-01T09:00:00Z")
    );
    assert_eq!(
        story.last_published.as_deref(),
        Some("2026-11-01T15:00:00Z")
    );
}

#[test]
fn two_halves_of_one_story_merge_when_an_article_bridges_them() {
    // Two articles that share little start two stories; a third close to both joins them.
    let a = "The Velmont council voted to ban private cars from the old town centre from next spring. Shop owners protested at the town hall.";
    let b = "Cycling groups in Velmont welcomed plans for more bicycle lanes and new bus routes through the historic streets of the old town.";
    let bridge = "Velmont will ban private cars from the old town centre, and bicycles and buses will take over the historic streets, after the council voted on Monday.";
    let opts = ClusterOptions {
        threshold: 0.25,
        merge_threshold: 0.2,
        ..Default::default()
    };
    let (got, events) = run(opts, vec![article(a), article(b), article(bridge)]);
    let merged = events
        .iter()
        .any(|e| matches!(e, ClusterEvent::Merged { .. }));
    assert!(merged, "{events:?}");
    assert!(got.iter().all(|s| *s == got[0]), "{got:?}");
}

#[test]
fn articles_without_text_are_reported_not_clustered() {
    let (got, events) = run(
        ClusterOptions::default(),
        vec![
            article(""),
            article("   \n\n"),
            article("Subscribe now for unlimited access."),
            article(STORIES[0][0]),
        ],
    );
    assert_eq!(&got[..3], &[None, None, None]);
    assert!(got[3].is_some());
    assert!(matches!(&events[0], ClusterEvent::Assigned(a) if a.story.is_none()));
}

#[test]
fn bad_text_and_other_scripts_do_not_panic() {
    let texts = [
        "\u{0}\u{1}\u{fffd}\u{fffd}",
        "Поезд сошёл с рельсов под Самарой, пострадали 12 человек.",
        "東京で地震が発生し、交通機関が一時停止した。",
        "🔥🔥🔥 !!! ??? ...",
        &"deep ".repeat(100_000),
    ];
    let mut c = Clusterer::new(ClusterOptions::default());
    for t in texts {
        c.push(article(t));
    }
    c.push(article(texts[1]));
    let events = c.finish();
    // The Russian article and its copy are one story.
    let ru = events
        .iter()
        .find_map(|e| match e {
            ClusterEvent::Closed(s) if s.articles.iter().any(|m| m.seq == 2) => Some(s),
            _ => None,
        })
        .expect("Russian article clustered");
    assert_eq!((ru.size, ru.distinct), (2, 1));
}

/// Two articles of one story in other words: the terms alone keep them apart, alike embeddings
/// bring them together, and unlike ones keep them apart.
#[test]
fn embeddings_join_a_story_told_in_other_words() {
    let first = "Lawmakers in Drenmark approved a levy on sugary drinks late on Thursday.";
    let second = "A new tax on soda cleared the national parliament after a night session.";
    let with = |text: &str, e: Vec<f32>| StreamArticle {
        text: text.into(),
        embedding: Some(e),
        ..Default::default()
    };
    let (plain, _) = run(
        ClusterOptions::default(),
        vec![article(first), article(second)],
    );
    assert_ne!(plain[0], plain[1], "no shared terms, no embeddings: apart");
    // By default embeddings only add to shared terms; a caller may trust them more.
    let trusting = ClusterOptions {
        embedding_weight: 0.5,
        ..Default::default()
    };
    let alike = vec![
        with(first, vec![1.0, 0.2, 0.0]),
        with(second, vec![0.9, 0.25, 0.05]),
    ];
    let (joined, _) = run(trusting.clone(), alike.clone());
    assert_eq!(joined[0], joined[1], "alike embeddings join them");
    let unlike = vec![
        with(first, vec![1.0, 0.0, 0.0]),
        with(second, vec![0.0, 1.0, 0.0]),
    ];
    let (apart, _) = run(trusting, unlike);
    assert_ne!(apart[0], apart[1]);
    let no_weight = ClusterOptions {
        embedding_weight: 0.0,
        ..Default::default()
    };
    let (ignored, _) = run(no_weight, alike);
    assert_ne!(ignored[0], ignored[1], "weight 0: embeddings do not count");
}

/// Embeddings of the wrong length, all zeros, or missing on some articles change nothing and
/// break nothing.
#[test]
fn odd_embeddings_are_ignored() {
    let mut articles = Vec::new();
    let mut gold = Vec::new();
    for k in 0..3 {
        for (s, story) in STORIES.iter().enumerate() {
            let embedding = match (s + k) % 4 {
                0 => None,
                1 => Some(vec![0.0; 3]),
                2 => Some(vec![f32::NAN, 1.0]),
                _ => Some(vec![1.0; 5]),
            };
            articles.push(StreamArticle {
                text: story[k].into(),
                embedding,
                ..Default::default()
            });
            gold.push(s);
        }
    }
    let (got, _) = run(ClusterOptions::default(), articles);
    let got: Vec<u64> = got.into_iter().map(|s| s.expect("clustered")).collect();
    assert_eq!(score(&gold, &got).bcubed_f1, 1.0, "{got:?}");
}

#[test]
fn the_embedding_text_is_the_title_and_lead_without_furniture() {
    let body = "Subscribe now for unlimited access.\nThe council met on Monday.\nIt voted to close the pier.";
    let t = embedding_text(Some("Pier to close"), body);
    assert!(t.starts_with("Pier to close. The council met"), "{t}");
    assert!(!t.contains("Subscribe"));
    let long = "word ".repeat(10 * profile::EMBED_WORDS);
    let words = embedding_text(None, &long).split_whitespace().count();
    assert_eq!(words, profile::EMBED_WORDS);
}

/// Options under which no article joins a story at arrival: each starts its own.
fn no_joins() -> ClusterOptions {
    ClusterOptions {
        threshold: 0.99,
        merge_threshold: 0.99,
        ..Default::default()
    }
}

/// Round robin over the three stories: the articles and each one's story.
fn interleaved() -> (Vec<StreamArticle>, Vec<usize>) {
    let mut articles = Vec::new();
    let mut gold = Vec::new();
    for k in 0..3 {
        for (s, story) in STORIES.iter().enumerate() {
            articles.push(article(story[k]));
            gold.push(s);
        }
    }
    (articles, gold)
}

#[test]
fn relinking_rejoins_what_the_greedy_choice_split() {
    let (articles, gold) = interleaved();
    let off = ClusterOptions {
        relink_threshold: 0.0,
        ..no_joins()
    };
    let (alone, _) = run(off, articles.clone());
    let distinct: std::collections::HashSet<_> = alone.iter().collect();
    assert_eq!(distinct.len(), 9, "no joins, no re-linking: {alone:?}");
    let (got, events) = run(no_joins(), articles);
    let got: Vec<u64> = got.into_iter().map(|s| s.expect("clustered")).collect();
    assert_eq!(score(&gold, &got).bcubed_f1, 1.0, "{got:?}");
    let merges = events
        .iter()
        .filter(|e| matches!(e, ClusterEvent::Merged { .. }))
        .count();
    assert_eq!(merges, 6, "three stories of three from nine singletons");
}

#[test]
fn a_story_about_to_close_merges_into_an_open_one_of_the_same_story() {
    let opts = ClusterOptions {
        window_articles: 300,
        ..no_joins()
    };
    let mut c = Clusterer::new(opts);
    let filler = |i: usize| article(&format!("Item xq{i}zz yr{i}ww vt{i}kk."));
    let mut events = c.push(article(STORIES[2][0]));
    for i in 0..298 {
        events.extend(c.push(filler(i)));
    }
    events.extend(c.push(article(STORIES[2][1]))); // seq 300, a story of its own
    for i in 298..420 {
        events.extend(c.push(filler(i)));
    }
    // At seq 302 story 1 was past the window and seq 300's story was not: instead of closing
    // alone, story 1 merged with it and stayed open.
    assert!(
        events
            .iter()
            .any(|e| matches!(e, ClusterEvent::Merged { .. })),
        "no merge"
    );
    assert!(
        !events
            .iter()
            .any(|e| matches!(e, ClusterEvent::Closed(s) if s.articles.iter().any(|m| m.seq == 1))),
        "closed alone"
    );
    let events = c.finish();
    let story = events
        .iter()
        .find_map(|e| match e {
            ClusterEvent::Closed(s) if s.articles.iter().any(|m| m.seq == 1) => Some(s),
            _ => None,
        })
        .expect("closed at the end");
    let seqs: Vec<u64> = story.articles.iter().map(|m| m.seq).collect();
    assert_eq!(seqs, [1, 300]);
}

#[test]
fn an_article_with_one_or_two_content_words_is_placed_nowhere() {
    let (got, _) = run(
        ClusterOptions::default(),
        vec![
            article(STORIES[0][0]),
            article("Yes"),
            article("Wildfire, Ashby!"),
        ],
    );
    assert_eq!(&got[1..], &[None, None], "{got:?}");
}

#[test]
fn the_galloping_dot_product_matches_the_plain_one() {
    // Vectors of invented terms, sorted and distinct, of lengths from empty to a story's size,
    // with overlaps from none to all.
    let mut next = crate::xorshift::xorshift(0x2545_f491_4f6c_dd1d);
    for round in 0..300 {
        let universe = 1 + (next() % 2000) as u32;
        let vector = |n: u64, next: &mut dyn FnMut() -> u64| {
            let mut v: Vec<(u32, f32)> = (0..n)
                .map(|_| {
                    (
                        (next() % universe as u64) as u32,
                        (next() % 100) as f32 / 10.0,
                    )
                })
                .collect();
            v.sort_unstable_by_key(|&(t, _)| t);
            v.dedup_by_key(|&mut (t, _)| t);
            v
        };
        let n = next() % 100;
        let a = vector(n, &mut next);
        let n = next() % [10, 100, 1200][round % 3];
        let b = vector(n, &mut next);
        let plain: f32 = a
            .iter()
            .filter_map(|&(t, x)| {
                b.binary_search_by_key(&t, |&(u, _)| u)
                    .ok()
                    .map(|i| x * b[i].1)
            })
            .sum();
        for got in [sparse_dot(&a, &b), sparse_dot(&b, &a)] {
            assert!(
                (got - plain).abs() <= 1e-3 * plain.abs().max(1.0),
                "round {round}: {got} against {plain}"
            );
        }
    }
}

#[test]
fn batch_clustering_recovers_the_stories_the_stream_does() {
    let (mut articles, mut gold) = interleaved();
    articles.push(article("Read more."));
    gold.push(3);
    for linkage in [
        batch::Linkage::Single,
        batch::Linkage::Average,
        batch::Linkage::Complete,
    ] {
        let d = batch::cluster_batch(&articles, &ClusterOptions::default(), linkage).unwrap();
        let cut = d.cut(0.1);
        assert_eq!(cut[9], None, "no text, no story");
        let got: Vec<usize> = cut[..9].iter().map(|s| s.expect("clustered")).collect();
        assert_eq!(
            score(&gold[..9], &got).bcubed_f1,
            1.0,
            "{linkage:?}: {got:?}"
        );
        let apart = d.cut(1.01);
        assert_eq!(
            apart[..9].iter().collect::<FxHashSet<_>>().len(),
            9,
            "{linkage:?}: no two articles are that alike"
        );
    }
}

#[test]
fn batch_clustering_of_nothing_or_one_article_is_no_error() {
    let opts = ClusterOptions::default();
    let none = batch::cluster_batch(&[], &opts, batch::Linkage::Average).unwrap();
    assert!(none.cut(0.5).is_empty());
    let one = [article(STORIES[0][0]), article("")];
    let d = batch::cluster_batch(&one, &opts, batch::Linkage::Complete).unwrap();
    assert_eq!(d.cut(0.5), vec![Some(0), None]);
}

#[test]
fn batch_clustering_refuses_more_articles_than_it_can_pair() {
    let articles: Vec<StreamArticle> = (0..=batch::MAX_BATCH_ARTICLES)
        .map(|i| {
            article(&format!(
                "Article {i} about harbour cranes and container ships"
            ))
        })
        .collect();
    let err = batch::cluster_batch(
        &articles,
        &ClusterOptions::default(),
        batch::Linkage::Average,
    )
    .unwrap_err();
    assert!(err.to_string().contains("at most 5000"), "{err}");
}

/// One club's news over three weeks: a signing, a derby, a sacking. Each week is its own story.
const CLUB_WEEKS: [[&str; 3]; 3] = [
    [
        "Harlow Rovers signed the Norwegian striker Tomas Brevik on Monday, and manager Ellis Dalton said the club had chased him all summer.\nBrevik will wear the number nine shirt at Marsh Lane.",
        "Striker Tomas Brevik joined Harlow Rovers for a club record fee, manager Ellis Dalton confirmed at Marsh Lane.\nThe Norwegian signed a four-year contract.",
        "Rovers fans greeted Tomas Brevik at Marsh Lane after Harlow Rovers completed the signing of the Norwegian striker.\nDalton called him the signing the club needed.",
    ],
    [
        "Harlow Rovers beat Kingsmere Athletic 3-1 in the derby at Marsh Lane on Saturday, with Tomas Brevik scoring twice on his debut.\nManager Ellis Dalton praised the crowd.",
        "Two goals from Tomas Brevik gave Harlow Rovers the derby against Kingsmere Athletic, and Ellis Dalton said his striker had settled quickly.\nMarsh Lane was sold out.",
        "Kingsmere Athletic lost the derby 3-1 at Marsh Lane as Harlow Rovers' new striker Tomas Brevik scored twice.\nDalton's side move up to fourth.",
    ],
    [
        "Harlow Rovers sacked manager Ellis Dalton on Tuesday after a board meeting at Marsh Lane, weeks after he signed Tomas Brevik.\nThe club said a new manager would be named soon.",
        "Ellis Dalton was dismissed as Harlow Rovers manager, the club announced at Marsh Lane, despite the derby win led by striker Tomas Brevik.\nThe board cited a row over the budget.",
        "The Harlow Rovers board removed Ellis Dalton as manager after a dispute about the budget, and Brevik said the players were shocked.\nCoach Mia Torvald takes charge at Marsh Lane.",
    ],
];

#[test]
fn a_running_subject_weeks_apart_is_a_thread_of_stories() {
    let mut articles = Vec::new();
    let mut gold = Vec::new();
    for (w, week) in CLUB_WEEKS.iter().enumerate() {
        for (k, text) in week.iter().enumerate() {
            let when = format!("2026-10-{:02}T{:02}:00:00Z", 1 + 7 * w, 9 + 3 * k);
            articles.push(dated(text, &when));
            gold.push(w);
        }
    }
    let (got, events) = run(ClusterOptions::default(), articles);
    let got: Vec<u64> = got.into_iter().map(|s| s.expect("clustered")).collect();
    assert_eq!(score(&gold, &got).bcubed_f1, 1.0, "{got:?}");
    let stories = closed(&events);
    assert_eq!(stories.len(), 3);
    let week_of = |story: u64| gold[got.iter().position(|&g| g == story).unwrap()];
    // Each later week continues an earlier week of the thread; the first continues nothing.
    for s in &stories {
        match week_of(s.story) {
            0 => assert_eq!(s.continues, None),
            w => {
                let earlier = s.continues.expect("a later week continues the thread");
                assert!(week_of(earlier) < w, "{} continues {earlier}", s.story);
            }
        }
    }
    // A stream without the thread's earlier weeks links nothing.
    let opts = ClusterOptions::default();
    let (_, events) = run(opts, vec![dated(CLUB_WEEKS[0][0], "2026-10-01T09:00:00Z")]);
    assert!(closed(&events).iter().all(|s| s.continues.is_none()));
}

/// A small deterministic generator (a linear congruential one) for the property tests.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

fn timestamp(secs: i64) -> String {
    crate::dates::format_timestamp(secs)
}

#[test]
fn no_story_holds_a_silence_longer_than_its_window() {
    // Many streams of the invented stories, told again and again at random times over two
    // months, often out of order: whatever joins or merges, no story found holds two members
    // further apart than the window with nothing between them.
    let opts = ClusterOptions::default();
    let day0 = 1_790_000_000i64;
    for seed in 0..20 {
        let mut rng = Lcg(seed);
        let mut stream: Vec<(i64, StreamArticle)> = (0..60)
            .map(|_| {
                let (s, k) = (rng.next(3) as usize, rng.next(3) as usize);
                let t = day0 + rng.next(60 * 86_400) as i64;
                (t, dated(STORIES[s][k], &timestamp(t)))
            })
            .collect();
        stream.sort_by_key(|(t, _)| *t);
        // A fifth of the articles arrive late, moved some way down the stream.
        for i in 0..stream.len() {
            if rng.next(5) == 0 {
                let j = (i + rng.next(8) as usize).min(stream.len() - 1);
                stream.swap(i, j);
            }
        }
        let times: Vec<i64> = stream.iter().map(|(t, _)| *t).collect();
        let (_, events) = run(opts.clone(), stream.into_iter().map(|(_, a)| a).collect());
        for s in closed(&events) {
            let mut t: Vec<i64> = s
                .articles
                .iter()
                .map(|m| times[m.seq as usize - 1])
                .collect();
            t.sort_unstable();
            let silence = t.windows(2).map(|w| w[1] - w[0]).max().unwrap_or(0);
            assert!(
                silence <= opts.window_secs,
                "seed {seed}: story {} holds a silence of {} h",
                s.story,
                silence / 3600
            );
        }
    }
}

#[test]
fn a_slow_stream_closes_stories_as_time_passes() {
    // Four articles of unrelated stories, five days apart: each story closes when the next
    // article shows the window has passed, not at the end of the stream.
    let mut c = Clusterer::new(ClusterOptions::default());
    let day0 = 1_790_000_000i64;
    let mut closed_during = 0;
    for (i, s) in STORIES.iter().chain([&CLUB_WEEKS[0]]).enumerate() {
        let events = c.push(dated(s[0], &timestamp(day0 + i as i64 * 5 * 86_400)));
        closed_during += closed(&events).len();
        assert_eq!(c.open_stories(), 1, "only the latest story is open");
    }
    assert_eq!(closed_during, 3);
    assert_eq!(closed(&c.finish()).len(), 1);
}

#[test]
fn shuffling_arrival_within_a_day_changes_nothing_here() {
    // Two invented stories told on one day and the third the next; any order within each day
    // gives the same stories.
    let day0 = 1_790_000_000i64;
    let mut base = Vec::new();
    for (s, story) in STORIES.iter().enumerate() {
        for text in story {
            base.push((s as i64 / 2, s, text));
        }
    }
    base.sort_by_key(|&(day, s, _)| (day, s));
    for seed in 0..10 {
        let mut rng = Lcg(seed);
        let mut order = base.clone();
        let mut i = 0;
        while i < order.len() {
            let j = i + order[i..].iter().take_while(|x| x.0 == order[i].0).count();
            for k in (i + 1..j).rev() {
                let m = i + rng.next((k - i + 1) as u64) as usize;
                order.swap(k, m);
            }
            i = j;
        }
        let gold: Vec<usize> = order.iter().map(|x| x.1).collect();
        let articles = order
            .iter()
            .enumerate()
            .map(|(n, &(day, _, text))| {
                dated(text, &timestamp(day0 + day * 86_400 + n as i64 * 60))
            })
            .collect();
        let (got, _) = run(ClusterOptions::default(), articles);
        let got: Vec<u64> = got.into_iter().map(|s| s.expect("clustered")).collect();
        assert_eq!(score(&gold, &got).bcubed_f1, 1.0, "seed {seed}: {got:?}");
    }
}

#[test]
fn an_article_published_long_before_a_story_does_not_join_it() {
    // The same words, but published nine days before the story began (a late crawl of an
    // older report): it is not this story's news.
    let articles = vec![
        dated(STORIES[1][0], "2026-11-10T09:00:00Z"),
        dated(STORIES[1][1], "2026-11-10T12:00:00Z"),
        dated(STORIES[1][2], "2026-11-01T12:00:00Z"),
    ];
    let (got, _) = run(ClusterOptions::default(), articles);
    assert_eq!(got[0], got[1]);
    assert_ne!(got[0], got[2]);
}
