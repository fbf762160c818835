//! What can go wrong with a search index, and which of it means the index is damaged.

use thiserror::Error;

/// An index could not be built, opened, brought up to date or searched.
#[derive(Debug, Error)]
pub enum IndexError {
    /// tantivy's own error.
    #[error(transparent)]
    Tantivy(#[from] tantivy::TantivyError),
    /// The index's last commit does not say which reports it holds.
    #[error("the index does not say which reports it holds: {0}")]
    NoManifest(String),
    /// Fewer (or more) documents than the last commit wrote: a segment was lost.
    #[error("{found} sections indexed, {expected} expected")]
    WrongCount { found: u64, expected: u64 },
    /// Files whose checksums do not match their contents.
    #[error("damaged index files: {}", .0.join(", "))]
    DamagedFiles(Vec<String>),
    /// tantivy panicked on damaged data (caught, never a crash).
    #[error("{what} failed on damaged data: {message}")]
    Panicked { what: &'static str, message: String },
    /// The list of the reports indexed could not be written.
    #[error("the list of indexed reports cannot be written: {0}")]
    Manifest(String),
}

impl IndexError {
    /// Whether the index on disk is damaged (and so is rebuilt), as opposed to being in
    /// use by another process or asked something it cannot do.
    pub fn is_damage(&self) -> bool {
        use tantivy::TantivyError as E;
        match self {
            IndexError::Tantivy(error) => matches!(
                error,
                E::DataCorruption(_)
                    | E::IoError(_)
                    | E::OpenReadError(_)
                    | E::OpenDirectoryError(_)
                    | E::InternalError(_)
                    | E::FieldNotFound(_)
                    | E::SchemaError(_)
                    | E::IncompatibleIndex(_)
                    | E::DeserializeError(_)
            ),
            IndexError::NoManifest(_)
            | IndexError::WrongCount { .. }
            | IndexError::DamagedFiles(_)
            | IndexError::Panicked { .. } => true,
            IndexError::Manifest(_) => false,
        }
    }

    /// Whether another process holds the index's write lock.
    pub fn is_locked(&self) -> bool {
        matches!(
            self,
            IndexError::Tantivy(tantivy::TantivyError::LockFailure(..))
        )
    }
}

/// The result of an index operation.
pub type IndexResult<T> = Result<T, IndexError>;

#[cfg(test)]
mod tests {
    use super::*;

    // What a rebuild mends is damage; a lock held by another process is not.
    #[test]
    fn damage_is_told_from_a_lock() {
        let damaged = [
            IndexError::NoManifest("x".into()),
            IndexError::WrongCount {
                found: 1,
                expected: 2,
            },
            IndexError::DamagedFiles(vec!["a.idx".into()]),
            IndexError::Panicked {
                what: "searching the index",
                message: "x".into(),
            },
            IndexError::Tantivy(tantivy::TantivyError::DataCorruption(
                tantivy::error::DataCorruption::comment_only("x"),
            )),
        ];
        for error in &damaged {
            assert!(error.is_damage(), "{error}");
            assert!(!error.is_locked(), "{error}");
        }
        let locked = IndexError::Tantivy(tantivy::TantivyError::LockFailure(
            tantivy::directory::error::LockError::LockBusy,
            None,
        ));
        assert!(locked.is_locked() && !locked.is_damage());
        assert_eq!(
            IndexError::WrongCount {
                found: 1,
                expected: 2
            }
            .to_string(),
            "1 sections indexed, 2 expected"
        );
    }
}
