//! The Chorus store: articles, the stories they form and the briefs written of them, in one
//! SQLite file (WAL journal, so readers such as `chorus serve` never block the writer).
//!
//! A story is written in one transaction with all its articles and its brief: after
//! [`Store::add_story`] returns, the story survives a crash of the process.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use std::path::Path;

pub use rusqlite::Error;
pub type Result<T> = rusqlite::Result<T>;

/// Version of the schema below, kept in SQLite's `user_version`.
const SCHEMA_VERSION: i64 = 1;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS articles (
    id INTEGER PRIMARY KEY,
    ext_id TEXT,
    title TEXT,
    outlet TEXT,
    url TEXT,
    published TEXT,
    -- NULL for a copy: its text is its original's.
    text TEXT,
    added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE TABLE IF NOT EXISTS stories (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    size INTEGER NOT NULL,
    distinct_sources INTEGER NOT NULL,
    first_published TEXT,
    last_published TEXT,
    -- Where the story came from: 'cluster' (a stream) or 'api' (articles handed in together).
    origin TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE TABLE IF NOT EXISTS story_articles (
    story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    duplicate_of INTEGER REFERENCES articles(id) ON DELETE SET NULL,
    similarity REAL,
    PRIMARY KEY (story_id, article_id)
);
CREATE TABLE IF NOT EXISTS briefs (
    id INTEGER PRIMARY KEY,
    story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    method TEXT NOT NULL,
    brief TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX IF NOT EXISTS story_articles_by_article ON story_articles(article_id);
CREATE INDEX IF NOT EXISTS briefs_by_story ON briefs(story_id);
";

/// An article to store with its story.
#[derive(Debug, Clone, Default)]
pub struct NewArticle<'a> {
    pub ext_id: Option<&'a str>,
    pub title: Option<&'a str>,
    pub outlet: Option<&'a str>,
    pub url: Option<&'a str>,
    pub published: Option<&'a str>,
    /// `None` for a copy whose text is not kept.
    pub text: Option<&'a str>,
    /// The article (an index into the same story's list) this one copies.
    pub duplicate_of: Option<usize>,
    pub similarity: Option<f32>,
}

/// A story to store: its articles in order, and optionally its brief (JSON).
#[derive(Debug, Clone, Default)]
pub struct NewStory<'a> {
    pub title: &'a str,
    pub first_published: Option<&'a str>,
    pub last_published: Option<&'a str>,
    pub origin: &'a str,
    pub articles: Vec<NewArticle<'a>>,
    /// (method, brief as JSON).
    pub brief: Option<(&'a str, &'a str)>,
}

/// A stored story, as listed.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StoryRow {
    pub id: i64,
    pub title: String,
    pub size: i64,
    pub distinct_sources: i64,
    pub first_published: Option<String>,
    pub last_published: Option<String>,
    pub origin: String,
    pub created_at: String,
    pub has_brief: bool,
}

/// A stored article of a story.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ArticleRow {
    pub id: i64,
    pub ext_id: Option<String>,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    pub text: Option<String>,
    pub duplicate_of: Option<i64>,
    pub similarity: Option<f64>,
}

const STORY_COLUMNS: &str = "SELECT s.id, s.title, s.size, s.distinct_sources, s.first_published,
        s.last_published, s.origin, s.created_at,
        EXISTS (SELECT 1 FROM briefs b WHERE b.story_id = s.id)
    FROM stories s";

fn story_row(r: &rusqlite::Row) -> Result<StoryRow> {
    Ok(StoryRow {
        id: r.get(0)?,
        title: r.get(1)?,
        size: r.get(2)?,
        distinct_sources: r.get(3)?,
        first_published: r.get(4)?,
        last_published: r.get(5)?,
        origin: r.get(6)?,
        created_at: r.get(7)?,
        has_brief: r.get(8)?,
    })
}

pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens (creating if needed) the store at `path`.
    pub fn open(path: &Path) -> Result<Store> {
        Store::setup(Connection::open(path)?)
    }

    /// A store in memory, for tests and one-off runs.
    pub fn in_memory() -> Result<Store> {
        Store::setup(Connection::open_in_memory()?)
    }

    fn setup(conn: Connection) -> Result<Store> {
        // WAL: readers never block the writer; NORMAL sync is durable across process crashes
        // (only a power loss may drop the last transactions).
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version > SCHEMA_VERSION {
            return Err(Error::InvalidParameterName(format!(
                "the store has schema version {version}, newer than this chorus ({SCHEMA_VERSION})"
            )));
        }
        conn.execute_batch(SCHEMA)?;
        conn.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        Ok(Store { conn })
    }

    /// Stores a story, its articles and its brief in one transaction; returns the story's id.
    pub fn add_story(&mut self, story: &NewStory) -> Result<i64> {
        let tx = self.conn.transaction()?;
        let distinct = story
            .articles
            .iter()
            .filter(|a| a.duplicate_of.is_none())
            .count();
        tx.execute(
            "INSERT INTO stories (title, size, distinct_sources, first_published, last_published, origin)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                story.title,
                story.articles.len() as i64,
                distinct as i64,
                story.first_published,
                story.last_published,
                story.origin
            ],
        )?;
        let story_id = tx.last_insert_rowid();
        let mut ids: Vec<i64> = Vec::with_capacity(story.articles.len());
        {
            let mut insert_article = tx.prepare_cached(
                "INSERT INTO articles (ext_id, title, outlet, url, published, text)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            let mut link = tx.prepare_cached(
                "INSERT INTO story_articles (story_id, article_id, position, duplicate_of, similarity)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for (position, a) in story.articles.iter().enumerate() {
                insert_article.execute(params![
                    a.ext_id,
                    a.title,
                    a.outlet,
                    a.url,
                    a.published,
                    a.text
                ])?;
                let id = tx.last_insert_rowid();
                ids.push(id);
                // A copy points at an earlier article of the same story.
                let original = a.duplicate_of.and_then(|i| ids.get(i).copied());
                link.execute(params![
                    story_id,
                    id,
                    position as i64,
                    original,
                    a.similarity
                ])?;
            }
        }
        if let Some((method, json)) = story.brief {
            tx.execute(
                "INSERT INTO briefs (story_id, method, brief) VALUES (?1, ?2, ?3)",
                params![story_id, method, json],
            )?;
        }
        tx.commit()?;
        Ok(story_id)
    }

    /// Stories, newest first.
    pub fn list_stories(&self, limit: usize, offset: usize) -> Result<Vec<StoryRow>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{STORY_COLUMNS} ORDER BY s.id DESC LIMIT ?1 OFFSET ?2"
        ))?;
        let rows = stmt.query_map(params![limit as i64, offset as i64], story_row)?;
        rows.collect()
    }

    /// One story, if it exists.
    pub fn story(&self, story_id: i64) -> Result<Option<StoryRow>> {
        self.conn
            .query_row(
                &format!("{STORY_COLUMNS} WHERE s.id = ?1"),
                params![story_id],
                story_row,
            )
            .optional()
    }

    /// Bytes the stored data takes: the database's pages less its free ones (a deleted story's
    /// pages are reused, though the file does not shrink).
    pub fn used_bytes(&self) -> Result<u64> {
        let pragma = |name: &str| -> Result<i64> {
            self.conn
                .query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))
        };
        let pages = pragma("page_count")? - pragma("freelist_count")?;
        Ok(u64::try_from(pages.max(0) * pragma("page_size")?).unwrap_or(0))
    }

    /// The oldest story's id, if there is one.
    pub fn oldest_story(&self) -> Result<Option<i64>> {
        self.conn
            .query_row("SELECT min(id) FROM stories", [], |r| r.get(0))
    }

    /// Number of stories stored.
    pub fn count_stories(&self) -> Result<i64> {
        self.conn
            .query_row("SELECT count(*) FROM stories", [], |r| r.get(0))
    }

    /// A story's articles, in order; empty if there is no such story.
    pub fn story_articles(&self, story_id: i64) -> Result<Vec<ArticleRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.id, a.ext_id, a.title, a.outlet, a.url, a.published, a.text,
                    sa.duplicate_of, sa.similarity
             FROM story_articles sa JOIN articles a ON a.id = sa.article_id
             WHERE sa.story_id = ?1 ORDER BY sa.position",
        )?;
        let rows = stmt.query_map(params![story_id], |r| {
            Ok(ArticleRow {
                id: r.get(0)?,
                ext_id: r.get(1)?,
                title: r.get(2)?,
                outlet: r.get(3)?,
                url: r.get(4)?,
                published: r.get(5)?,
                text: r.get(6)?,
                duplicate_of: r.get(7)?,
                similarity: r.get(8)?,
            })
        })?;
        rows.collect()
    }

    /// The latest brief of a story (JSON), if any.
    pub fn brief_of(&self, story_id: i64) -> Result<Option<String>> {
        self.conn
            .query_row(
                "SELECT brief FROM briefs WHERE story_id = ?1 ORDER BY id DESC LIMIT 1",
                params![story_id],
                |r| r.get(0),
            )
            .optional()
    }

    /// Deletes a story, its briefs and the articles no other story holds; false if none.
    /// Gives a story a new title; false when there is no such story.
    pub fn set_title(&mut self, story_id: i64, title: &str) -> Result<bool> {
        Ok(self.conn.execute(
            "UPDATE stories SET title = ?2 WHERE id = ?1",
            params![story_id, title],
        )? > 0)
    }

    pub fn delete_story(&mut self, story_id: i64) -> Result<bool> {
        let tx = self.conn.transaction()?;
        let articles: Vec<i64> = {
            let mut stmt =
                tx.prepare("SELECT article_id FROM story_articles WHERE story_id = ?1")?;
            let ids = stmt.query_map(params![story_id], |r| r.get(0))?;
            ids.collect::<Result<_>>()?
        };
        let deleted = tx.execute("DELETE FROM stories WHERE id = ?1", params![story_id])? > 0;
        for id in articles {
            tx.execute(
                "DELETE FROM articles WHERE id = ?1
                 AND NOT EXISTS (SELECT 1 FROM story_articles WHERE article_id = ?1)",
                params![id],
            )?;
        }
        tx.commit()?;
        Ok(deleted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn story<'a>(title: &'a str, texts: &'a [&'a str]) -> NewStory<'a> {
        NewStory {
            title,
            origin: "cluster",
            articles: texts
                .iter()
                .enumerate()
                .map(|(i, t)| NewArticle {
                    ext_id: Some(["a", "b", "c"][i % 3]),
                    outlet: Some("Outlet"),
                    text: Some(t),
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn stories_round_trip_newest_first() {
        let mut s = Store::in_memory().unwrap();
        let first = s
            .add_story(&story("Bridge reopens", &["one", "two"]))
            .unwrap();
        let mut second = story("Fire spreads", &["three", "four"]);
        second.articles[1].duplicate_of = Some(0);
        second.articles[1].text = None;
        second.brief = Some(("ilp", "{\"summary\": []}"));
        let second = s.add_story(&second).unwrap();
        let list = s.list_stories(10, 0).unwrap();
        assert_eq!(
            list.iter().map(|r| r.id).collect::<Vec<_>>(),
            vec![second, first]
        );
        assert_eq!(
            (list[0].size, list[0].distinct_sources, list[0].has_brief),
            (2, 1, true)
        );
        assert!(!list[1].has_brief);
        assert_eq!(s.list_stories(1, 1).unwrap()[0].id, first, "pagination");
        let articles = s.story_articles(second).unwrap();
        assert_eq!(articles[0].text.as_deref(), Some("three"));
        assert_eq!(articles[1].duplicate_of, Some(articles[0].id));
        assert_eq!(
            s.brief_of(second).unwrap().as_deref(),
            Some("{\"summary\": []}")
        );
        assert_eq!(s.brief_of(first).unwrap(), None);
        assert_eq!(s.count_stories().unwrap(), 2);
        assert_eq!(s.story(first).unwrap().unwrap().title, "Bridge reopens");
        assert_eq!(s.story(second + 1).unwrap(), None);
    }

    #[test]
    fn delete_removes_the_story_its_brief_and_its_articles() {
        let mut s = Store::in_memory().unwrap();
        let mut st = story("Bridge reopens", &["one", "two"]);
        st.brief = Some(("ilp", "{}"));
        let id = s.add_story(&st).unwrap();
        assert!(s.delete_story(id).unwrap());
        assert!(!s.delete_story(id).unwrap(), "already gone");
        assert!(s.story_articles(id).unwrap().is_empty());
        assert_eq!(s.brief_of(id).unwrap(), None);
        let n: i64 = s
            .conn
            .query_row("SELECT count(*) FROM articles", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 0);
    }

    #[test]
    fn a_store_on_disk_keeps_what_was_added() {
        let dir = std::env::temp_dir().join(format!("chorus-store-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("chorus.db");
        let id = {
            let mut s = Store::open(&path).unwrap();
            s.add_story(&story("Bridge reopens", &["one"])).unwrap()
        };
        let s = Store::open(&path).unwrap();
        assert_eq!(s.list_stories(10, 0).unwrap()[0].id, id);
        assert_eq!(
            s.story_articles(id).unwrap()[0].text.as_deref(),
            Some("one")
        );
        drop(s);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_file_that_is_not_a_database_is_an_error() {
        let dir = std::env::temp_dir().join(format!("chorus-store-bad-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("junk.db");
        std::fs::write(&path, vec![0x5a; 8192]).unwrap();
        assert!(Store::open(&path).is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
