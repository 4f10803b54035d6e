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
    /// The write-ahead log's identity once SQLite has made it: while the server holds the
    /// database open SQLite never removes it, so its vanishing means someone deleted it — and
    /// every committed write not yet checkpointed with it.
    wal: Mutex<Option<FileId>>,
    /// The last write that failed, and when: `/health` reports it until a write succeeds.
    failed_write: Mutex<Option<(std::time::Instant, String)>>,
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

/// SQLite's write-ahead log beside a database file.
fn wal_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_os_string();
    name.push("-wal");
    PathBuf::from(name)
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
            wal: Mutex::new(file_id(&wal_path(path))),
            failed_write: Mutex::new(None),
        })
    }

    pub fn in_memory() -> anyhow::Result<Db> {
        Ok(Db {
            store: Mutex::new(Store::in_memory()?),
            file: None,
            wal: Mutex::new(None),
            failed_write: Mutex::new(None),
        })
    }

    /// Why the store cannot take writes, if it cannot: its file was deleted or replaced. SQLite
    /// would go on writing to the unlinked file, and everything written would vanish when the
    /// server stops, so the server refuses rather than acknowledge what it would lose.
    pub fn problem(&self) -> Option<String> {
        let (path, id) = self.file.as_ref()?;
        match file_id(path) {
            Some(now) if now == *id => {}
            Some(_) => {
                return Some(format!(
                    "the database file {} was replaced while the server ran; restart chorus serve",
                    path.display()
                ))
            }
            None => {
                return Some(format!(
                    "the database file {} was deleted while the server ran; restart chorus serve",
                    path.display()
                ))
            }
        }
        let wal = *self.wal.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(seen) = wal {
            if file_id(&wal_path(path)) != Some(seen) {
                return Some(format!(
                    "the database's write-ahead log {} was deleted or replaced while the server ran; \
                     restart chorus serve (writes since the last checkpoint may be lost)",
                    wal_path(path).display()
                ));
            }
        }
        None
    }

    /// A write that failed lately (and has not been followed by one that succeeded).
    pub fn failing_writes(&self) -> Option<String> {
        let failed = self.failed_write.lock().unwrap_or_else(|p| p.into_inner());
        failed
            .as_ref()
            .map(|(when, why)| format!("a write failed {} s ago: {why}", when.elapsed().as_secs()))
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
        let result = f(&mut store).map_err(ApiError::database);
        drop(store);
        let mut failed = self.failed_write.lock().unwrap_or_else(|p| p.into_inner());
        match &result {
            Ok(_) => {
                *failed = None;
                // The log exists once something was written: remember which file it is.
                if let Some((path, _)) = &self.file {
                    let mut wal = self.wal.lock().unwrap_or_else(|p| p.into_inner());
                    if wal.is_none() {
                        *wal = file_id(&wal_path(path));
                    }
                }
            }
            Err(e) => *failed = Some((std::time::Instant::now(), e.message.clone())),
        }
        result
    }
}
