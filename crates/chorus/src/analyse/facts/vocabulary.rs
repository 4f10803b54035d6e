//! The words a number's reading rests on: who is counted, the events that say what a count of
//! people is, the words between a number and its noun, and the words that rule a number out.

use super::word_class::{class_of, WordClass};

/// Counted nouns for which the event (killed, injured, …) decides what is counted.
pub(super) const PEOPLE: &[&str] = &[
    "people",
    "persons",
    "person",
    "passengers",
    "civilians",
    "soldiers",
    "children",
    "students",
    "workers",
    "residents",
    "migrants",
    "victims",
    "officers",
    "troops",
    "crew",
    "members",
    "protesters",
    "fighters",
    "militants",
    "patients",
    "adults",
    "men",
    "women",
    "others",
    "americans",
    "citizens",
    "refugees",
    "police",
    "firefighters",
    "miners",
    "tourists",
    "pilgrims",
    "employees",
    "inmates",
    "prisoners",
    "hostages",
    "staff",
];

/// Events that say what a count of people is, and words that stand for them.
pub(super) const EVENTS: &[(&str, &[&str])] = &[
    (
        "killed",
        &[
            "killed",
            "dead",
            "died",
            "deaths",
            "death",
            "dies",
            "die",
            "killing",
            "fatalities",
            "lives",
        ],
    ),
    (
        "injured",
        &[
            "injured", "wounded", "hurt", "injuries", "injuring", "wounding",
        ],
    ),
    ("missing", &["missing", "unaccounted"]),
    (
        "arrested",
        &["arrested", "detained", "arrests", "detentions", "custody"],
    ),
    ("rescued", &["rescued", "saved"]),
    (
        "evacuated",
        &["evacuated", "evacuations", "fled", "displaced"],
    ),
    ("treated", &["treated", "hospitalized", "hospitalised"]),
];

pub(super) fn event_of(w: &str) -> Option<&'static str> {
    let w = w.to_ascii_lowercase();
    EVENTS
        .iter()
        .find(|(_, words)| words.contains(&w.as_str()))
        .map(|(e, _)| *e)
}

/// Words between a number and what it counts ("four alleged killers").
pub(super) const ADJECTIVES: &[&str] = &[
    "alleged",
    "additional",
    "confirmed",
    "suspected",
    "known",
    "reported",
    "armed",
    "young",
    "old",
    "small",
    "large",
    "major",
    "local",
    "foreign",
    "american",
    "british",
    "chinese",
    "former",
    "senior",
    "separate",
    "different",
    "unarmed",
    "innocent",
    "fellow",
    "full",
    "further",
    "total",
    "consecutive",
    "straight",
    "previous",
    "recent",
    "big",
    "key",
];

/// A larger unit, a smaller one (as `stem_key` reads them) and how many of the smaller make
/// one larger: "4 feet 8 inches" is one value.
pub(super) const COMPOUND_UNITS: &[(&str, &str, f64)] = &[
    ("year", "month", 12.0),
    ("week", "day", 7.0),
    ("day", "hour", 24.0),
    ("hour", "minute", 60.0),
    ("minute", "second", 60.0),
    ("feet", "inche", 12.0),
    ("foot", "inche", 12.0),
    ("pound", "ounce", 16.0),
    ("meter", "centimeter", 100.0),
    ("metre", "centimetre", 100.0),
];

/// A singular common noun that is no unit: what a plural before it names a kind of ("the mega
/// millions jackpot", "the four paws mission"), since a count takes a plural.
pub(super) fn singular_noun(w: &str) -> bool {
    class_of(w) == Some(WordClass::Noun) && !is_unit(w) && !looks_plural(w)
}

/// A word that reads as a plural by its form alone ("checkers", not "glass").
pub(super) fn looks_plural(w: &str) -> bool {
    w.ends_with('s') && !w.ends_with("ss")
}

/// A unit of measure or time, written singular before what it measures ("a 10 foot wall", "a 3
/// year sentence"), or a person.
pub(super) fn is_unit(w: &str) -> bool {
    const UNITS: &[&str] = &[
        "mile",
        "meter",
        "metre",
        "kilometer",
        "kilometre",
        "foot",
        "inch",
        "yard",
        "pound",
        "ton",
        "tonne",
        "acre",
        "gallon",
        "liter",
        "litre",
        "ounce",
        "gram",
        "kilogram",
        "degree",
        "point",
        "percent",
        "lb",
        "kg",
        "km",
        "mph",
        "cent",
        "dollar",
        "euro",
        "person",
        "man",
        "woman",
        "child",
        "member",
        "game",
        "round",
        "inning",
        "lap",
        "hole",
        "storey",
        "story",
        "step",
        "time",
        "page",
        "cm",
        "mm",
        "m",
        "kph",
        "kmh",
        "km/h",
        "staff",
        "personnel",
        "cattle",
        "sheep",
        "fish",
        "deer",
        "aircraft",
        "series",
        "species",
        "min",
        "sec",
        "hr",
        "pence",
        "penny",
        "cwt",
        "head",
    ];
    let key = stem_key(w);
    UNITS.contains(&w)
        || PEOPLE.contains(&w)
        || TIME_UNITS.contains(&key.as_str())
        || UNITS.contains(&key.as_str())
}

/// The kinds of street only a street's name ends with.
pub(super) const ROAD_WORDS: &[&str] = &[
    "rd",
    "road",
    "st",
    "street",
    "ave",
    "avenue",
    "blvd",
    "boulevard",
    "drive",
    "dr",
    "lane",
    "ln",
    "hwy",
    "pkwy",
];

/// Kinds of street that other phrases end with too ("the supreme court", "first place"): an
/// address only after a capitalised name ("50 Old Colony Court").
pub(super) const MORE_STREET_WORDS: &[&str] = &[
    "court", "ct", "place", "pl", "highway", "parkway", "terrace",
];

/// Words after "9 mm" that make it a calibre.
pub(super) const CALIBRE_NEXT: &[&str] = &[
    "pistol",
    "handgun",
    "gun",
    "rifle",
    "round",
    "rounds",
    "ammunition",
    "bullet",
    "bullets",
    "shell",
    "shells",
    "semi-automatic",
    "semiautomatic",
    "weapon",
    "cartridge",
    "cartridges",
];

/// Words between "of" and the counted noun ("of the vote", "of his own money").
pub(super) const DETERMINERS: &[&str] = &[
    "the", "a", "an", "his", "her", "its", "their", "our", "my", "your", "own", "all", "these",
    "those", "this", "that",
];

/// Units of time: durations are often about different things ("three years ago", "every three
/// years"), so their mentions link only in sentences that share half their words.
pub(super) const TIME_UNITS: &[&str] = &[
    "second", "minute", "hour", "day", "week", "month", "year", "decade", "century",
];

/// Words before a number that make it the number of a thing in a series, not a count: "game 3
/// of the World Series", "type 2 diabetes", "Chapter 11", "Route 66".
pub(super) const NUMBERED: &[&str] = &[
    "game",
    "round",
    "episode",
    "chapter",
    "stage",
    "season",
    "level",
    "grade",
    "section",
    "article",
    "room",
    "gate",
    "flight",
    "route",
    "page",
    "platform",
    "step",
    "phase",
    "act",
    "volume",
    "vol",
    "part",
    "type",
    "class",
    "category",
    "size",
    "track",
    "exit",
    "interstate",
    "highway",
    "district",
    "ward",
    "precinct",
    "apartment",
    "suite",
    "unit",
];

/// Words after a number that are not what it counts.
pub(super) const NOT_COUNTED: &[&str] = &[
    "a", "an", "the", "of", "and", "or", "to", "in", "on", "at", "by", "for", "from", "with", "is",
    "are", "was", "were", "be", "been", "has", "have", "had", "that", "this", "said", "says",
    "times", "per", "more", "other", "others", "about", "than", "as", "who", "which", "p.m", "a.m",
    "pm", "am", "new", "percent", "per cent", "am.", "its", "their", "his", "her",
    // "the 5500 block of East 84th Street" is an address.
    "block",
];

/// The class of a word after a number: the learned table, else the modifier list, else its
/// form (a hyphenated word or an adjective ending a modifier, "-ly" an adverb), else a noun (an
/// unknown word after a number is most often what it counts).
pub(super) fn counted_class(w: &str) -> WordClass {
    if ADJECTIVES.contains(&w) {
        return WordClass::Modifier;
    }
    const MODIFIER_ENDINGS: &[&str] = &[
        "ed", "est", "most", "ous", "ful", "less", "ive", "able", "ible", "y",
    ];
    class_of(w).unwrap_or(if w.ends_with("ly") {
        WordClass::Other
    } else if w.contains('-') || MODIFIER_ENDINGS.iter().any(|e| w.ends_with(e)) {
        // Compound adjectives ("hard-line", "baton-wielding") and adjective endings.
        WordClass::Modifier
    } else {
        WordClass::Noun
    })
}

/// A crude singular for keys: "passengers" and "passenger" count the same thing.
pub(super) fn stem_key(noun: &str) -> String {
    let n = noun.trim_end_matches("'s");
    if let Some(b) = n.strip_suffix("ies") {
        format!("{b}y")
    } else if n.ends_with("ss") {
        n.to_string()
    } else {
        n.strip_suffix('s').unwrap_or(n).to_string()
    }
}

/// The currency a sign set apart from its number stands for.
pub(super) fn sign_currency(w: &str) -> Option<&'static str> {
    match w {
        "$" | "US$" => Some("$"),
        "£" => Some("£"),
        "€" => Some("€"),
        _ => None,
    }
}

/// The currency a word after a number names ("euros", "dollars"). Not "pounds", which weighs
/// as often as it pays, nor "cents", a price's unit ("1.75 cents a gallon").
pub(super) fn currency_word(w: &str) -> Option<&'static str> {
    match w {
        "euro" | "euros" => Some("€"),
        "dollar" | "dollars" => Some("$"),
        "yen" => Some("yen"),
        "yuan" => Some("yuan"),
        "rupees" => Some("rupees"),
        "rand" => Some("rand"),
        "pesos" => Some("pesos"),
        "rubles" | "roubles" => Some("rubles"),
        _ => None,
    }
}

/// A day named in a date ("$1,000 of merchandise Saturday"), never part of what is counted:
/// a day's name written out, or a day relative to today.
pub(super) fn is_day_word(w: &str) -> bool {
    (w.len() > 3 && crate::dates::weekday(w).is_some())
        || matches!(w, "today" | "yesterday" | "tomorrow" | "tonight")
}
