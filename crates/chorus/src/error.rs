//! Errors of the core library.

use std::fmt;

#[derive(Debug, Clone, PartialEq)]
pub enum ChorusError {
    /// No article with any text, or nothing left after cleaning; names the input.
    EmptyInput(String),
    /// A JSON line that does not parse.
    BadJson {
        source: String,
        line: usize,
        message: String,
    },
    /// An option value that makes no sense (zero budget, unknown method).
    BadOption(String),
}

impl fmt::Display for ChorusError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChorusError::EmptyInput(what) => write!(
                f,
                "no article text in {what}: the input is empty or all boilerplate"
            ),
            ChorusError::BadJson {
                source,
                line,
                message,
            } => write!(f, "{source}: line {line}: not a story in JSON: {message}"),
            ChorusError::BadOption(m) => write!(f, "{m}"),
        }
    }
}

impl std::error::Error for ChorusError {}
