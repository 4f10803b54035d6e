//! The server's handle on the SQLite store: one connection behind a mutex, used from blocking
//! threads, and a guard against the database file vanishing while the server runs.

use crate::error::ApiError;
use chorus_store::Store;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub struct Db {
    store: Mutex<Store>,
    /// The file and its identity (device, inode) when opened; `None` for an in-memory store.
    file: Option<(PathBuf, FileId)>,
}

type FileId = (u64, u64);

#[cfg(unix)]
fn file_id(path: &Path) -> Option<FileId> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn file_id(path: &Path) -> Option<FileId> {
    std::fs::metadata(path).ok().map(|_| (0, 0))
}

impl Db {
    pub fn open(path: &Path) -> anyhow::Result<Db> {
        let store = Store::open(path)
            .map_err(|e| anyhow::anyhow!("cannot open the database {}: {e}", path.display()))?;
        let id = file_id(path)
            .ok_or_else(|| anyhow::anyhow!("cannot read {} after opening it", path.display()))?;
        Ok(Db {
            store: Mutex::new(store),
            file: Some((path.to_path_buf(), id)),
        })
    }

    pub fn in_memory() -> anyhow::Result<Db> {
        Ok(Db {
            store: Mutex::new(Store::in_memory()?),
            file: None,
        })
    }

    /// Why the store cannot take writes, if it cannot: its file was deleted or replaced. SQLite
    /// would go on writing to the unlinked file, and everything written would vanish when the
    /// server stops, so the server refuses rather than acknowledge what it would lose.
    pub fn problem(&self) -> Option<String> {
        let (path, id) = self.file.as_ref()?;
        match file_id(path) {
            Some(now) if now == *id => None,
            Some(_) => Some(format!(
                "the database file {} was replaced while the server ran; restart chorus serve",
                path.display()
            )),
            None => Some(format!(
                "the database file {} was deleted while the server ran; restart chorus serve",
                path.display()
            )),
        }
    }

    /// Runs a read against the store.
    pub fn read<T>(
        &self,
        f: impl FnOnce(&Store) -> chorus_store::Result<T>,
    ) -> Result<T, ApiError> {
        let store = self.store.lock().unwrap_or_else(|p| p.into_inner());
        f(&store).map_err(ApiError::database)
    }

    /// Runs a write; refused (503) when the file is gone. Returns once SQLite has committed it.
    pub fn write<T>(
        &self,
        f: impl FnOnce(&mut Store) -> chorus_store::Result<T>,
    ) -> Result<T, ApiError> {
        if let Some(problem) = self.problem() {
            return Err(ApiError::unavailable(problem));
        }
        let mut store = self.store.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut store).map_err(ApiError::database)
    }
}
